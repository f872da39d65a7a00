"""The desk's day: the check-in search, check-in, check-out, the board and the month's birthdays.

Also :func:`checked_in_resident_ids`, the function the meals desk calls to
offer the day's day-care elders first at lunch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.lists import format_list
from sqlalchemy import and_, case, extract, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from i18n import _, current_language, format_date, format_time
from models.core.base import now_local
from models.core.errors import LinliError, NotFound, ValidationFailed
from models.daycare.enrolment import (
    _serves_on,
    _status_on_sql,
    enrolled_ids,
    enrolment_of,
    status_on,
)
from models.daycare.entities import (
    STATUS_LABELS,
    WEEKDAY_LABELS,
    Contact,
    Enrolment,
    NotActive,
    NotEnrolled,
    Visit,
)
from models.residents.entities import Resident
from models.residents.names import InvalidNameError, normalise_name
from models.residents.registry import ResidentHit, search_residents
from models.safety.security import require

# --- searching for the check-in box -----------------------------------------------------------


def search_for_checkin(session: Session, text: str, *, today: dt.date | None = None, limit: int = 20) -> list[ResidentHit]:
    """The check-in box's search: enrolled elders first; anyone else only if none match.

    A resident who exists but is not enrolled is still found (when no enrolled
    elder matches), so that choosing them gives the clear refusal with the
    offer to enrol rather than a silent "no match".
    """
    hits = search_residents(session, text, where=Resident.id.in_(enrolled_ids()), today=today, limit=limit)
    if hits:
        return hits
    return search_residents(session, text, today=today, limit=limit)


# --- check-in, check-out -------------------------------------------------------------


def _enrolment_for_visit(session: Session, resident_id: int, day: dt.date) -> Enrolment:
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise NotFound(_("No resident with number {id}.").format(id=resident_id))
    enrolment = enrolment_of(session, resident_id)
    if enrolment is None or status_on(enrolment, day) is None:
        raise NotEnrolled(
            _("{name} is not enrolled in day care.").format(name=resident.name), resident_id
        )
    status = status_on(enrolment, day)
    if status != "active":
        raise NotActive(
            _("{name}'s day care is {status} (since {date}).").format(
                name=resident.name,
                status=_(STATUS_LABELS[status]).lower(),
                date=format_date(enrolment.status_since),
            ),
            enrolment.id,
            status,
        )
    return enrolment


def checked_in_resident_ids(session: Session, day: dt.date) -> list[int]:
    """The residents checked in to day care on ``day`` (whether or not checked out yet):
    the meals desk offers them first at lunch (models.meals ``diner_search_order``)."""
    stmt = (
        select(Enrolment.resident_id)
        .join(Visit, Visit.enrolment_id == Enrolment.id)
        .where(Visit.visit_date == day)
        .distinct()
    )
    return [int(r) for r in session.scalars(stmt)]


def _visit(session: Session, enrolment_id: int, day: dt.date) -> Visit | None:
    return session.scalar(select(Visit).where(Visit.enrolment_id == enrolment_id, Visit.visit_date == day))


def check_in(session: Session, resident_id: int, *, at: dt.datetime | None = None) -> Visit:
    """Check an enrolled, active elder in (at ``at``, default now).

    Raises:
        NotEnrolled: the resident is not enrolled (offer to enrol).
        NotActive: the enrolment is paused, left or deceased.
        LinliError: already checked in that day.
    """
    require("daycare.checkin")
    at = at or now_local()
    day = at.date()
    enrolment = _enrolment_for_visit(session, resident_id, day)
    name = enrolment.resident.name
    existing = _visit(session, enrolment.id, day)
    if existing is not None:
        raise LinliError(
            _("{name} was already checked in at {time} on {date}.").format(
                name=name, time=format_time(existing.check_in), date=format_date(day)
            )
        )
    visit = Visit(enrolment_id=enrolment.id, visit_date=day, check_in=at)
    session.add(visit)
    try:
        session.flush()
    except IntegrityError:  # another PC checked the elder in a moment ago
        raise LinliError(
            _("{name} was already checked in on {date} (at another desk).").format(name=name, date=format_date(day))
        ) from None
    return visit


def serves_on(enrolment: Enrolment, day: dt.date) -> bool:
    """Whether ``day`` is one of the elder's service days (the board expects them then)."""
    return str(day.isoweekday()) in (enrolment.service_days or "")


def off_service_day_note(session: Session, visit: Visit) -> str:
    """A short note when the visit's day is not one of the elder's service days, else "".

    Such a check-in is kept (an elder may come on another day); the board then
    counts them in but not among the expected, and the clerk is told why.
    """
    enrolment = session.get(Enrolment, visit.enrolment_id)
    if enrolment is None or serves_on(enrolment, visit.visit_date):
        return ""
    days = format_list([_(WEEKDAY_LABELS[int(d)]) for d in sorted(enrolment.service_days) if d.isdigit()],
                       locale=current_language())
    return _("{day} is not one of {name}'s service days ({days}): checked in all the same, "
             "not counted among the expected.").format(
        day=_(WEEKDAY_LABELS[visit.visit_date.isoweekday()]), name=enrolment.resident.name, days=days)


def _collector(session: Session, enrolment: Enrolment, collector_id: int | None, name: str) -> tuple[int | None, str, bool]:
    """(contact id, name, unlisted) for a check-out."""
    if collector_id is not None:
        contact = session.get(Contact, collector_id)
        if contact is None or contact.enrolment_id != enrolment.id or not contact.active or not contact.may_collect:
            raise ValidationFailed({"collector": _("That person is not on the list of authorised collectors.")})
        return contact.id, contact.name, False
    typed = " ".join((name or "").split())
    if not typed:
        raise ValidationFailed({"collector": _("Who is collecting {name}? Choose or type the person.").format(
            name=enrolment.resident.name
        )})
    try:
        typed = normalise_name(typed)
    except InvalidNameError as exc:
        raise ValidationFailed({"collector": str(exc)}) from None
    for contact in enrolment.contacts:  # a typed name that is on the list counts as listed
        if contact.active and contact.may_collect and contact.name == typed:
            return contact.id, contact.name, False
    return None, typed, True


def check_out(
    session: Session,
    resident_id: int,
    *,
    at: dt.datetime | None = None,
    collector_id: int | None = None,
    collector_name: str = "",
) -> Visit:
    """Check an elder out; who collected them is an authorised contact or a typed (unlisted) name.

    Raises:
        NotEnrolled: the resident is not enrolled.
        LinliError: not checked in that day, already checked out, or a time before the check-in.
        ValidationFailed: no collector given, or a contact who may not collect.
    """
    require("daycare.checkin")
    at = at or now_local()
    day = at.date()
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise NotFound(_("No resident with number {id}.").format(id=resident_id))
    enrolment = enrolment_of(session, resident_id)
    if enrolment is None:
        raise NotEnrolled(_("{name} is not enrolled in day care.").format(name=resident.name), resident_id)
    visit = _visit(session, enrolment.id, day)
    if visit is None:
        raise LinliError(
            _("{name} was not checked in on {date}: check in first.").format(name=resident.name, date=format_date(day))
        )
    if visit.check_out is not None:
        raise LinliError(
            _("{name} was already checked out at {time}.").format(name=resident.name, time=format_time(visit.check_out))
        )
    if at.replace(second=0) < visit.check_in.replace(second=0):  # clerks work in minutes
        raise LinliError(
            _("{name} checked in at {time}: the check-out cannot be earlier.").format(
                name=resident.name, time=format_time(visit.check_in)
            )
        )
    visit.collector_id, visit.collected_by, visit.unlisted_collector = _collector(
        session, enrolment, collector_id, collector_name
    )
    visit.check_out = at
    session.flush()
    return visit


# --- the board --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    """One elder on the board (no health notes: the board is seen by anyone at the desk)."""

    enrolment_id: int
    resident_id: int
    name: str
    care_level: str
    expected: bool
    check_in: dt.datetime | None = None
    check_out: dt.datetime | None = None
    collected_by: str = ""
    unlisted_collector: bool = False
    corrected: bool = False


@dataclass
class Board:
    """The board for a day: who is expected, in, left and absent."""

    day: dt.date
    expected: list[BoardRow]
    waiting: list[BoardRow]  # expected, not arrived (absent once the day is over)
    inside: list[BoardRow]
    left: list[BoardRow]

    @property
    def absent(self) -> list[BoardRow]:
        return self.waiting

    @property
    def counts(self) -> dict[str, int]:
        return {
            "expected": len(self.expected),
            "arrived": len(self.inside) + len(self.left),
            "in": len(self.inside),
            "left": len(self.left),
            "absent": len(self.waiting),
        }

    @property
    def unlisted(self) -> list[BoardRow]:
        return [r for r in self.left if r.unlisted_collector]


def board(session: Session, day: dt.date) -> Board:
    """Everyone expected on ``day`` (active that day, a service day) and everyone who came.

    One query: enrolments left-joined with that day's visits.
    """
    require("daycare.board")
    # The current status answers for any day since the last change; only an
    # earlier day needs the history (CASE evaluates the subquery lazily).
    status = case((Enrolment.status_since <= day, Enrolment.status), else_=_status_on_sql(day))
    expected_expr = and_(status == "active", _serves_on(day))
    stmt = (
        select(
            Enrolment.id,
            Enrolment.resident_id,
            Resident.name,
            Resident.name_pinyin,
            Enrolment.care_level,
            expected_expr.label("expected"),
            Visit.check_in,
            Visit.check_out,
            Visit.collected_by,
            Visit.unlisted_collector,
            Visit.corrected,
        )
        .join(Resident, Resident.id == Enrolment.resident_id)
        .outerjoin(Visit, and_(Visit.enrolment_id == Enrolment.id, Visit.visit_date == day))
        .where(or_(Visit.id.is_not(None), expected_expr))
        .order_by(Resident.name_pinyin, Enrolment.id)
    )
    expected: list[BoardRow] = []
    waiting: list[BoardRow] = []
    inside: list[BoardRow] = []
    left: list[BoardRow] = []
    for r in session.execute(stmt):
        row = BoardRow(
            enrolment_id=r.id,
            resident_id=r.resident_id,
            name=r.name,
            care_level=r.care_level,
            expected=bool(r.expected),
            check_in=r.check_in,
            check_out=r.check_out,
            collected_by=r.collected_by or "",
            unlisted_collector=bool(r.unlisted_collector),
            corrected=bool(r.corrected),
        )
        if row.expected:
            expected.append(row)
        if row.check_in is None:
            waiting.append(row)
        elif row.check_out is None:
            inside.append(row)
        else:
            left.append(row)
    inside.sort(key=lambda r: r.check_in)  # type: ignore[arg-type, return-value]
    left.sort(key=lambda r: r.check_out)  # type: ignore[arg-type, return-value]
    return Board(day=day, expected=expected, waiting=waiting, inside=inside, left=left)


def still_in(session: Session, day: dt.date) -> list[BoardRow]:
    """Closing time: elders checked in and not yet out."""
    return board(session, day).inside


# --- birthdays -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Birthday:
    resident_id: int
    name: str
    birth_date: dt.date
    age: int  # the age reached on this year's birthday


def birthdays(session: Session, year: int, month: int) -> list[Birthday]:
    """Enrolled elders (active or paused) whose birthday falls in the month, by day."""
    require("daycare.read")
    stmt = (
        select(Resident.id, Resident.name, Resident.birth_date)
        .join(Enrolment, Enrolment.resident_id == Resident.id)
        .where(
            Enrolment.status.in_(("active", "paused")),
            Resident.birth_date.is_not(None),
            extract("month", Resident.birth_date) == month,
        )
    )
    out = [Birthday(r.id, r.name, r.birth_date, year - r.birth_date.year) for r in session.execute(stmt)]
    out.sort(key=lambda b: (b.birth_date.day, b.name))
    return out
