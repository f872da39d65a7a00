"""Party members: validation, the record and its status history; the labels of the roster.

The organisation tree is :mod:`models.party.orgs`, the reminders
:mod:`models.party.reminders`, members reporting in :mod:`models.party.service`.

Rules (each refusal says what is wrong and on which field):

* a member is a resident (one record per resident) whose birth date is known;
  joining (入党) at 18 or older;
* full membership (转正) is normally one year after joining: another date is
  accepted only after confirmation (:class:`NeedsConfirmation`);
* a probationary member has no full-membership date; a full member has one;
* the group belongs to the member's branch;
* a floating member names the direction and the other organisation; a
  reporting-in member has a reporting date;
* status changes (transferred out with destination, deceased) are dated and
  kept in :class:`PartyMemberStatus` history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.core.errors import NeedsConfirmation, NotFound, ValidationFailed
from models.party.entities import (
    DUES_CATEGORIES,
    FLOW_DIRECTIONS,
    MEMBER_TYPES,
    STANDINGS,
    STATUSES,
    PartyMember,
    PartyMemberStatus,
    PartyOrg,
)

# The tree moved to models.party.orgs; its names stay importable from here (demo data, reports' tests).
from models.party.orgs import OrgNode, branches, groups_of, org_tree, save_org, set_org_archived  # noqa: E402, F401
from models.residents.entities import Resident
from models.safety.security import require

#: The 56 recognised ethnic groups, in the order of the national standard (GB 3304).
ETHNICITIES: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)

EDUCATION_LABELS: dict[str, str] = {
    "primary": N_("Primary school"),
    "junior": N_("Junior middle school"),
    "senior": N_("Senior middle school"),
    "vocational": N_("Vocational school"),
    "college": N_("College"),
    "bachelor": N_("Bachelor"),
    "master": N_("Master"),
    "doctor": N_("Doctorate"),
}
ORG_KIND_LABELS: dict[str, str] = {"committee": N_("Committee"), "branch": N_("Branch"), "group": N_("Group")}
STANDING_LABELS: dict[str, str] = {"full": N_("Full"), "probationary": N_("Probationary")}
MEMBER_TYPE_LABELS: dict[str, str] = {
    "registered": N_("Registered here"),
    "reporting_in": N_("Reporting in"),
    "floating": N_("Floating"),
    "retired": N_("Retired"),
}
FLOW_LABELS: dict[str, str] = {"inflow": N_("Inflow"), "outflow": N_("Outflow")}
STATUS_LABELS: dict[str, str] = {
    "active": N_("Active"),
    "transferred_out": N_("Transferred out"),
    "deceased": N_("Deceased"),
}
DUES_CATEGORY_LABELS: dict[str, str] = {
    "employed": N_("Employed"),
    "retired": N_("Retired"),
    "student": N_("Student"),
    "unemployed": N_("Unemployed"),
    "minimum_allowance": N_("Minimum allowance"),
}

MIN_JOINING_AGE = 18
PROBATION_REMINDER_DAYS = 30


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February → 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass
class MemberInput:
    """What the member form (or an imported row) holds, not yet validated."""

    resident_id: int | None = None
    ethnicity: str = "汉族"
    native_place: str = ""
    education: str = ""
    joined_on: dt.date | None = None
    full_on: dt.date | None = None
    standing: str = "full"
    branch_id: int | None = None
    group_id: int | None = None
    post: str = ""
    work_unit: str = ""
    member_type: str = "registered"
    flow_direction: str | None = None
    other_org: str = ""
    service_post: str = ""
    skills: str = ""
    reported_on: dt.date | None = None
    dues_category: str = "employed"
    dues_base_fen: int = 0

    @classmethod
    def from_member(cls, m: PartyMember) -> MemberInput:
        return cls(**{f: getattr(m, f) for f in cls.__dataclass_fields__})


_TEXT_LIMITS = {
    "native_place": 60,
    "post": 40,
    "work_unit": 100,
    "other_org": 100,
    "service_post": 80,
    "skills": 200,
}


def validate_member(
    session: Session, data: MemberInput, *, member_id: int | None = None, today: dt.date | None = None
) -> tuple[dict, list[str]]:
    """Check every field; return the values to store and the warnings to confirm.

    Raises:
        ValidationFailed: field → message for every field that is wrong.
    """
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    warnings: list[str] = []
    clean: dict = {}
    resident = session.get(Resident, data.resident_id) if data.resident_id is not None else None
    if resident is None:
        errors["resident"] = _("Choose the resident this member is.")
    else:
        clean["resident_id"] = resident.id
        other = session.scalar(
            select(PartyMember.id).where(PartyMember.resident_id == resident.id, PartyMember.id != (member_id or 0))
        )
        if other is not None:
            errors["resident"] = _("{name} is already on the roster.").format(name=resident.name)
    clean["ethnicity"] = (data.ethnicity or "").strip()
    if clean["ethnicity"] not in ETHNICITIES:
        errors["ethnicity"] = _("Choose one of the 56 recognised ethnic groups.")
    if data.education and data.education not in EDUCATION_LABELS:
        errors["education"] = _("Unknown education level.")
    clean["education"] = data.education or ""
    for key, limit in _TEXT_LIMITS.items():
        value = " ".join((getattr(data, key) or "").split())
        if len(value) > limit:
            errors[key] = _("At most {max} characters.").format(max=limit)
        clean[key] = value

    joined = data.joined_on
    if joined is None:
        errors["joined_on"] = _("Enter the date of joining the Party.")
    elif joined > today:
        errors["joined_on"] = _("The date of joining is in the future.")
    elif resident is not None:
        if resident.birth_date is None:
            errors["joined_on"] = _(
                "{name}'s birth date is not recorded: add it (or the ID number) to the resident first."
            ).format(name=resident.name)
        elif age_on(resident.birth_date, joined) < MIN_JOINING_AGE:
            errors["joined_on"] = _(
                "Joining at {age}: a member joins at {min} or older (born {birth})."
            ).format(age=age_on(resident.birth_date, joined), min=MIN_JOINING_AGE, birth=resident.birth_date.isoformat())
    clean["joined_on"] = joined

    standing = data.standing
    if standing not in STANDINGS:
        errors["standing"] = _("Choose full or probationary.")
    full_on = data.full_on
    if standing == "probationary" and full_on is not None:
        errors["full_on"] = _("A probationary member has no date of full membership yet.")
    elif standing == "full":
        if full_on is None:
            errors["full_on"] = _("Enter the date of full membership.")
        elif full_on > today:
            errors["full_on"] = _("The date of full membership is in the future.")
        elif joined is not None and full_on <= joined:
            errors["full_on"] = _("Full membership comes after joining ({date}).").format(date=joined.isoformat())
        elif joined is not None and full_on != add_years(joined, 1):
            warnings.append(
                _(
                    "Full membership is normally one year after joining ({expected}); {date} was entered. "
                    "Keep it (e.g. an extended probation)?"
                ).format(expected=add_years(joined, 1).isoformat(), date=full_on.isoformat())
            )
    if standing == "probationary" and joined is not None and add_years(joined, 2) < today:
        errors["standing"] = _(
            "The probation of a member who joined on {date} ended long ago: record the full membership."
        ).format(date=joined.isoformat())
    clean["standing"] = standing
    clean["full_on"] = full_on if standing == "full" else None

    branch = session.get(PartyOrg, data.branch_id) if data.branch_id is not None else None
    if branch is None or branch.kind != "branch":
        errors["branch_id"] = _("Choose the member's branch.")
    clean["branch_id"] = data.branch_id
    clean["group_id"] = data.group_id
    if data.group_id is not None:
        group = session.get(PartyOrg, data.group_id)
        if group is None or group.kind != "group" or group.parent_id != data.branch_id:
            errors["group_id"] = _("The group must belong to the member's branch.")

    mtype = data.member_type
    if mtype not in MEMBER_TYPES:
        errors["member_type"] = _("Choose the member type.")
    clean["member_type"] = mtype
    clean["flow_direction"] = None
    if mtype == "floating":
        if data.flow_direction not in FLOW_DIRECTIONS:
            errors["flow_direction"] = _("A floating member flows in or out: choose which.")
        if not clean["other_org"]:
            errors["other_org"] = _("Name the other Party organisation of a floating member.")
        clean["flow_direction"] = data.flow_direction
    clean["reported_on"] = data.reported_on
    if mtype == "reporting_in":
        if data.reported_on is None:
            errors["reported_on"] = _("Enter the date the member reported in.")
        elif data.reported_on > today:
            errors["reported_on"] = _("The reporting date is in the future.")
        if not clean["work_unit"]:
            errors["work_unit"] = _("Enter the work unit of a member reporting in.")
    else:
        clean["service_post"] = clean["service_post"] if mtype == "reporting_in" else ""

    if data.dues_category not in DUES_CATEGORIES:
        errors["dues_category"] = _("Choose the dues category.")
    clean["dues_category"] = data.dues_category
    if not isinstance(data.dues_base_fen, int) or data.dues_base_fen < 0:
        errors["dues_base_fen"] = _("The monthly base is an amount of zero or more.")
    elif data.dues_base_fen > 100_000_000:
        errors["dues_base_fen"] = _("The monthly base looks too large.")
    clean["dues_base_fen"] = data.dues_base_fen if isinstance(data.dues_base_fen, int) else 0
    if errors:
        raise ValidationFailed(errors)
    return clean, warnings


def create_member(
    session: Session, data: MemberInput, *, confirmed: bool = False, today: dt.date | None = None
) -> PartyMember:
    """Validate and add a member (active from the joining date).

    Raises:
        ValidationFailed: a field is wrong.
        NeedsConfirmation: the full-membership date is not one year after joining.
    """
    require("party.write")
    clean, warnings = validate_member(session, data, today=today)
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    member = PartyMember(**clean, status="active", status_on=clean["joined_on"])
    member.history.append(PartyMemberStatus(status="active", since=clean["joined_on"]))
    session.add(member)
    session.flush()
    return member


def is_party_member(session: Session, resident_id: int) -> bool:
    """Whether the resident is on the roster now (an active member: not transferred out
    or deceased) — the activities' "Party members only" rule asks this."""
    stmt = select(func.count()).select_from(PartyMember).where(
        PartyMember.resident_id == resident_id, PartyMember.status == "active"
    )
    return bool(session.scalar(stmt))


def get_member(session: Session, member_id: int) -> PartyMember:
    require("party.read")
    member = session.get(PartyMember, member_id)
    if member is None:
        raise NotFound(_("No Party member with number {id}.").format(id=member_id))
    return member


def update_member(
    session: Session, member_id: int, data: MemberInput, *, confirmed: bool = False, today: dt.date | None = None
) -> PartyMember:
    """Validate and change a member; same refusals as :func:`create_member`."""
    require("party.write")
    member = get_member(session, member_id)
    clean, warnings = validate_member(session, data, member_id=member_id, today=today)
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    for key, value in clean.items():
        setattr(member, key, value)
    session.flush()
    return member


def change_status(
    session: Session,
    member_id: int,
    status: str,
    since: dt.date | None,
    *,
    destination: str = "",
    today: dt.date | None = None,
) -> PartyMember:
    """Record a status change (kept in the history).

    A member transferred out may come back (``active`` again, e.g. transferred
    back in); a deceased member's status no longer changes.

    Raises:
        ValidationFailed: unknown status, no date, a date in the future, before
            joining or before the last change, a transfer without destination,
            the same status again, any change after death.
    """
    require("party.write")
    today = today or dt.date.today()
    member = get_member(session, member_id)
    errors: dict[str, str] = {}
    dest = " ".join((destination or "").split())
    if status not in STATUSES:
        errors["status"] = _("Unknown status.")
    if since is None:
        errors["status_on"] = _("Enter the date of the change.")
    elif since > today:
        errors["status_on"] = _("The date is in the future.")
    elif since < member.joined_on:
        errors["status_on"] = _("The date is before the member joined ({date}).").format(date=member.joined_on.isoformat())
    elif member.status_on is not None and since < member.status_on:
        errors["status_on"] = _("The date is before the last change of status ({date}).").format(
            date=member.status_on.isoformat()
        )
    if member.status == "deceased":
        errors["status"] = _("The member is recorded as deceased; the status cannot change.")
    elif status == member.status and status != "active":
        errors["status"] = _("The member is already {status}.").format(status=_(STATUS_LABELS[status]).lower())
    if status == "transferred_out" and not dest:
        errors["destination"] = _("Name the organisation the member transferred to.")
    if len(dest) > 100:
        errors["destination"] = _("At most {max} characters.").format(max=100)
    if status == member.status and status == "active":
        errors["status"] = _("The member is already active.")
    if errors:
        raise ValidationFailed(errors)
    member.status, member.status_on = status, since
    member.destination = dest if status == "transferred_out" else ""
    member.history.append(PartyMemberStatus(status=status, since=since, destination=member.destination))
    session.flush()
    return member


@dataclass(frozen=True)
class StatusEntry:
    """One line of a member's status history."""

    status: str
    since: dt.date
    destination: str
    recorded_at: dt.datetime


def status_history(session: Session, member_id: int) -> list[StatusEntry]:
    """A member's status changes, oldest first (as recorded, never rewritten)."""
    member = get_member(session, member_id)
    return [StatusEntry(h.status, h.since, h.destination, h.recorded_at) for h in member.history]


# --- who is who (for the desk's quick-find) ------------------------------------------------


@dataclass(frozen=True)
class MemberRef:
    """A member as a quick-find chose them: the roster number and the name."""

    member_id: int
    resident_id: int
    name: str


def find_member(session: Session, resident_id: int) -> MemberRef | None:
    """The resident's record on the roster, whatever its status (None: not on the roster)."""
    require("party.read")
    row = session.execute(
        select(PartyMember.id, Resident.name)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .where(PartyMember.resident_id == resident_id)
    ).first()
    return None if row is None else MemberRef(row.id, resident_id, row.name)


@dataclass(frozen=True)
class MemberStatus:
    """A member's status now and its history, as the status dialog shows them."""

    member_id: int
    name: str
    status: str
    status_on: dt.date | None
    destination: str
    history: list[StatusEntry]


def member_status(session: Session, member_id: int) -> MemberStatus:
    """The member's name, status now (since when, where to) and status history.

    Raises:
        PermissionDenied: the role may not read the Party roster.
        NotFound: no such member.
    """
    member = get_member(session, member_id)  # require("party.read")
    name = session.scalar(select(Resident.name).where(Resident.id == member.resident_id)) or ""
    return MemberStatus(member.id, name, member.status, member.status_on, member.destination or "",
                        status_history(session, member_id))
