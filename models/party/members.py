"""Members and the organisation tree: validation, writes, reminders, service.

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

import calendar
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, case, distinct, false, func, select
from sqlalchemy.orm import Session

from i18n import N_, _, ngettext
from models.core.errors import LinliError, NeedsConfirmation, NotFound, ValidationFailed
from models.party.entities import (
    DUES_CATEGORIES,
    FLOW_DIRECTIONS,
    MEMBER_TYPES,
    STANDINGS,
    STATUSES,
    PartyMember,
    PartyMemberStatus,
    PartyOrg,
    ServiceRecord,
)
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


# --- the organisation tree ------------------------------------------------------


@dataclass
class OrgNode:
    """A node of the tree as the UI shows it."""

    id: int
    kind: str
    name: str
    parent_id: int | None
    leader_resident_id: int | None
    leader: str  # the leader's name (from the registry, or as typed)
    members: int
    children: list[OrgNode] = field(default_factory=list)
    archived: bool = False


_CHILD_KIND = {None: "committee", "committee": "branch", "branch": "group"}


def save_org(
    session: Session,
    *,
    name: str,
    parent_id: int | None = None,
    org_id: int | None = None,
    leader_resident_id: int | None = None,
    leader_name: str = "",
) -> PartyOrg:
    """Add or rename a node; the kind follows from the parent (committee → branch → group).

    Raises:
        ValidationFailed: no name, a name too long or taken under the same parent,
            a group under a group, a leader who is not in the registry.
    """
    require("party.write")
    errors: dict[str, str] = {}
    clean = " ".join((name or "").split())
    org = session.get(PartyOrg, org_id) if org_id is not None else None
    if org_id is not None and org is None:
        raise NotFound(_("No organisation with number {id}.").format(id=org_id))
    if org is not None:
        parent_id = org.parent_id
    parent = session.get(PartyOrg, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        raise NotFound(_("No organisation with number {id}.").format(id=parent_id))
    parent_kind = parent.kind if parent is not None else None
    kind = org.kind if org is not None else _CHILD_KIND.get(parent_kind)
    if kind is None:
        errors["parent"] = _("A Party group has no sub-organisations.")
    if not clean:
        errors["name"] = _("Enter the name.")
    elif len(clean) > 80:
        errors["name"] = _("At most {max} characters.").format(max=80)
    else:
        same = select(PartyOrg.id).where(
            PartyOrg.name == clean,
            PartyOrg.parent_id.is_(None) if parent_id is None else PartyOrg.parent_id == parent_id,
        )
        if org_id is not None:
            same = same.where(PartyOrg.id != org_id)
        if session.scalar(same) is not None:
            errors["name"] = _("“{name}” already exists here.").format(name=clean)
    if leader_resident_id is not None and session.get(Resident, leader_resident_id) is None:
        errors["leader"] = _("No resident with number {id}.").format(id=leader_resident_id)
    leader_clean = " ".join((leader_name or "").split())
    if len(leader_clean) > 50:
        errors["leader"] = _("At most {max} characters.").format(max=50)
    if errors:
        raise ValidationFailed(errors)
    if org is None:
        position = session.scalar(
            select(func.count()).select_from(PartyOrg).where(
                PartyOrg.parent_id.is_(None) if parent_id is None else PartyOrg.parent_id == parent_id
            )
        )
        org = PartyOrg(kind=kind, parent=parent, position=position or 0)
        session.add(org)
    org.name = clean
    org.leader_resident_id = leader_resident_id
    org.leader_name = "" if leader_resident_id is not None else leader_clean
    session.flush()
    return org


def set_org_archived(session: Session, org_id: int, archived: bool) -> PartyOrg:
    """Archive (or restore) a node; nothing is deleted.

    Raises:
        LinliError: archiving a node that active members or sub-organisations
            still belong to; restoring a node whose parent is archived.
    """
    require("party.write")
    org = session.get(PartyOrg, org_id)
    if org is None:
        raise NotFound(_("No organisation with number {id}.").format(id=org_id))
    if not archived and org.parent is not None and org.parent.archived:
        raise LinliError(
            _("“{parent}” is archived: restore it before “{name}”.").format(parent=org.parent.name, name=org.name)
        )
    if archived:
        live = [c.name for c in org.children if not c.archived]
        if live:
            raise LinliError(
                _("“{name}” still has sub-organisations ({names}): archive them first.").format(
                    name=org.name, names="、".join(live)
                )
            )
        count = session.scalar(
            select(func.count()).select_from(PartyMember).where(
                PartyMember.status == "active",
                (PartyMember.branch_id == org_id) | (PartyMember.group_id == org_id),
            )
        )
        if count:
            raise LinliError(
                ngettext(
                    "“{name}” still has {count} active member; move them first.",
                    "“{name}” still has {count} active members; move them first.",
                    count,
                ).format(name=org.name, count=count)
            )
    org.archived = archived
    session.flush()
    return org


def org_tree(session: Session, *, include_archived: bool = False) -> list[OrgNode]:
    """The whole tree (roots are committees), with each node's active member count."""
    require("party.read")
    stmt = (
        select(PartyOrg, Resident.name)
        .outerjoin(Resident, Resident.id == PartyOrg.leader_resident_id)
        .order_by(PartyOrg.position, PartyOrg.id)
    )
    if not include_archived:
        stmt = stmt.where(PartyOrg.archived == false())
    active = PartyMember.status == "active"
    by_branch = dict(
        session.execute(select(PartyMember.branch_id, func.count()).where(active).group_by(PartyMember.branch_id)).all()
    )
    by_group = dict(
        session.execute(
            select(PartyMember.group_id, func.count())
            .where(active, PartyMember.group_id.is_not(None))
            .group_by(PartyMember.group_id)
        ).all()
    )
    nodes: dict[int, OrgNode] = {}
    order: list[OrgNode] = []
    for org, leader in session.execute(stmt):
        node = OrgNode(
            id=org.id,
            kind=org.kind,
            name=org.name,
            parent_id=org.parent_id,
            leader_resident_id=org.leader_resident_id,
            leader=leader or org.leader_name,
            members=by_branch.get(org.id, 0) if org.kind == "branch" else by_group.get(org.id, 0),
            archived=org.archived,
        )
        nodes[org.id] = node
        order.append(node)
    roots: list[OrgNode] = []
    for node in order:
        parent = nodes.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)
    for root in roots:
        if root.kind == "committee":
            root.members = sum(c.members for c in root.children)
    return roots


def branches(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every active branch, in tree order."""
    stmt = (
        select(PartyOrg.id, PartyOrg.name)
        .where(PartyOrg.kind == "branch", PartyOrg.archived == false())
        .order_by(PartyOrg.position, PartyOrg.id)
    )
    return [(r.id, r.name) for r in session.execute(stmt)]


def groups_of(session: Session, branch_id: int) -> list[tuple[int, str]]:
    stmt = (
        select(PartyOrg.id, PartyOrg.name)
        .where(PartyOrg.parent_id == branch_id, PartyOrg.kind == "group", PartyOrg.archived == false())
        .order_by(PartyOrg.position, PartyOrg.id)
    )
    return [(r.id, r.name) for r in session.execute(stmt)]


# --- members ----------------------------------------------------------------------


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


# --- reminders -------------------------------------------------------------------


@dataclass(frozen=True)
class ProbationReminder:
    member_id: int
    name: str
    joined_on: dt.date
    year_ends: dt.date
    days_left: int  # negative: overdue


def probation_reminders(
    session: Session, today: dt.date | None = None, *, within_days: int = PROBATION_REMINDER_DAYS
) -> list[ProbationReminder]:
    """Active probationary members whose year ends within ``within_days`` (or has ended)."""
    require("party.read")
    today = today or dt.date.today()
    latest_join = add_years(today + dt.timedelta(days=within_days), -1)
    stmt = (
        select(PartyMember.id, Resident.name, PartyMember.joined_on)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .where(
            PartyMember.status == "active",
            PartyMember.standing == "probationary",
            PartyMember.joined_on <= latest_join,
        )
        .order_by(PartyMember.joined_on, Resident.name_pinyin)
    )
    out = []
    for row in session.execute(stmt):
        ends = add_years(row.joined_on, 1)
        out.append(ProbationReminder(row.id, row.name, row.joined_on, ends, (ends - today).days))
    return out


@dataclass(frozen=True)
class PoliticalBirthday:
    member_id: int
    name: str
    joined_on: dt.date
    years: int


def political_birthdays(session: Session, year: int, month: int) -> list[PoliticalBirthday]:
    """Active members who joined in ``month`` of an earlier year (入党纪念日), by day."""
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    stmt = (
        select(PartyMember.id, Resident.name, PartyMember.joined_on)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .where(PartyMember.status == "active", PartyMember.joined_on <= last)
    )
    out = [
        PoliticalBirthday(r.id, r.name, r.joined_on, year - r.joined_on.year)
        for r in session.execute(stmt)
        if r.joined_on.month == month and r.joined_on.year < year
    ]
    out.sort(key=lambda b: (b.joined_on.day, -b.years, b.name))
    return out


# --- service of reporting-in members ----------------------------------------------------


def add_service(
    session: Session,
    member_id: int,
    served_on: dt.date,
    minutes: int,
    *,
    person_times: int = 1,
    description: str = "",
    today: dt.date | None = None,
) -> ServiceRecord:
    """Record service by a reporting-in member.

    Raises:
        ValidationFailed: not a reporting-in member, a date in the future,
            no time, an implausible duration.
    """
    require("party.write")
    today = today or dt.date.today()
    member = get_member(session, member_id)
    errors: dict[str, str] = {}
    if member.member_type != "reporting_in":
        errors["member"] = _("Service is recorded for members reporting in.")
    if served_on > today:
        errors["served_on"] = _("The service date is in the future.")
    if not isinstance(minutes, int) or minutes <= 0:
        errors["minutes"] = _("Enter the time served.")
    elif minutes > 24 * 60:
        errors["minutes"] = _("More than 24 hours in one day: split it into several entries.")
    if not isinstance(person_times, int) or person_times < 1:
        errors["person_times"] = _("Person-times is at least 1.")
    desc = " ".join((description or "").split())
    if len(desc) > 200:
        errors["description"] = _("At most {max} characters.").format(max=200)
    if errors:
        raise ValidationFailed(errors)
    record = ServiceRecord(
        member_id=member_id, served_on=served_on, minutes=minutes, person_times=person_times, description=desc
    )
    session.add(record)
    session.flush()
    return record


@dataclass(frozen=True)
class ServiceSummary:
    """Service of reporting-in members in a period, and the reporting-in rate."""

    start: dt.date
    end: dt.date
    reporting_in: int  # active reporting-in members (reported in by the end)
    served: int  # of those, how many served at least once in the period
    minutes: int
    person_times: int

    @property
    def rate(self) -> float:
        """served ÷ reporting_in (0 when nobody reports in)."""
        return self.served / self.reporting_in if self.reporting_in else 0.0

    @property
    def hours(self) -> float:
        return self.minutes / 60


def service_summary(session: Session, start: dt.date, end: dt.date) -> ServiceSummary:
    """Hours, person-times and the rate for ``start``..``end`` (inclusive), in SQL."""
    require("party.read")
    eligible = and_(
        PartyMember.member_type == "reporting_in",
        PartyMember.status == "active",
        PartyMember.reported_on <= end,
    )
    total = session.scalar(select(func.count()).select_from(PartyMember).where(eligible)) or 0
    in_period = and_(ServiceRecord.served_on >= start, ServiceRecord.served_on <= end)
    row = session.execute(
        select(
            func.count(distinct(case((eligible, ServiceRecord.member_id)))),
            func.coalesce(func.sum(ServiceRecord.minutes), 0),
            func.coalesce(func.sum(ServiceRecord.person_times), 0),
        )
        .select_from(ServiceRecord)
        .join(PartyMember, PartyMember.id == ServiceRecord.member_id)
        .where(in_period)
    ).one()
    return ServiceSummary(start, end, total, row[0], int(row[1]), int(row[2]))


@dataclass(frozen=True)
class ServiceLine:
    member_id: int
    name: str
    service_post: str
    times: int
    minutes: int
    person_times: int


def service_by_member(session: Session, start: dt.date, end: dt.date) -> list[ServiceLine]:
    """Every active reporting-in member with their service in the period (zero included)."""
    sub = (
        select(
            ServiceRecord.member_id.label("mid"),
            func.count().label("times"),
            func.sum(ServiceRecord.minutes).label("minutes"),
            func.sum(ServiceRecord.person_times).label("pt"),
        )
        .where(ServiceRecord.served_on >= start, ServiceRecord.served_on <= end)
        .group_by(ServiceRecord.member_id)
        .subquery()
    )
    stmt = (
        select(PartyMember.id, Resident.name, PartyMember.service_post, sub.c.times, sub.c.minutes, sub.c.pt)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .outerjoin(sub, sub.c.mid == PartyMember.id)
        .where(PartyMember.member_type == "reporting_in", PartyMember.status == "active")
        .order_by(Resident.name_pinyin)
    )
    return [
        ServiceLine(r.id, r.name, r.service_post, r.times or 0, int(r.minutes or 0), int(r.pt or 0))
        for r in session.execute(stmt)
    ]
