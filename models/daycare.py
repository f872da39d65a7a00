"""Elderly day care (日间照料): enrolment, the daily board, visits and statistics.

Entities:

* :class:`Enrolment` — one per resident (unique): enrolment date, care level on
  the five-level ability scale, service weekdays, diet/allergies and health
  notes (sensitive: only the elder's own record shows them). The current
  ``status`` is kept in sync with :class:`StatusChange` rows (the history) in
  the same transaction.
* :class:`Contact` — emergency contacts and people authorised to collect the
  elder (one row, two flags: a daughter is usually both). Never deleted while
  a visit may name them: removed contacts are marked inactive.
* :class:`Visit` — one per enrolment and date (a unique constraint backs the
  "second check-in" refusal even when two PCs check in at once): check-in and
  check-out as naive local datetimes, who collected the elder (a contact, or
  a typed name marked ``unlisted_collector``).
* :class:`Correction` — every change to a visit made after the fact (a past
  day, an undone check-in, a paper sheet typed in): what, why, who and when.

Rules raise :class:`~models.core.errors.LinliError` subclasses with a message for
the clerk before anything is written. This module never imports Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    extract,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from i18n import N_, _, format_date, format_time, parse_month  # noqa: F401 - part of this module's API
from models.core.base import Base, now_local
from models.core.errors import LinliError, NeedsConfirmation, NotFound, ValidationFailed
from models.residents.entities import Resident
from models.residents.names import InvalidNameError, PhoneError, normalise_name, normalise_phone
from models.residents.registry import ResidentHit, age_on, search_residents
from models.safety.security import require

# --- labels -------------------------------------------------------------------------

#: The five-level ability scale used in China (老年人能力评估), mildest first.
CARE_LEVELS: tuple[str, ...] = ("intact", "mild", "moderate", "severe", "total")
CARE_LEVEL_LABELS: dict[str, str] = {
    "intact": N_("Intact ability"),  # 能力完好
    "mild": N_("Mild disability"),  # 轻度失能
    "moderate": N_("Moderate disability"),  # 中度失能
    "severe": N_("Severe disability"),  # 重度失能
    "total": N_("Complete disability"),  # 完全失能
}

STATUSES: tuple[str, ...] = ("active", "paused", "left", "deceased")
STATUS_LABELS: dict[str, str] = {
    "active": N_("Active"),
    "paused": N_("Paused"),
    "left": N_("Left"),
    "deceased": N_("Deceased"),
}

#: ISO weekdays (1 = Monday).
WEEKDAY_LABELS: dict[int, str] = {
    1: N_("Mon"),
    2: N_("Tue"),
    3: N_("Wed"),
    4: N_("Thu"),
    5: N_("Fri"),
    6: N_("Sat"),
    7: N_("Sun"),
}

#: Below this age enrolment asks for confirmation (day care is for elders).
ELDER_AGE = 60

#: A visit's reason when it was typed in from a paper attendance sheet.
PAPER_SHEET_REASON = N_("Entered from the paper attendance sheet")


# --- entities -------------------------------------------------------------------------


class Enrolment(Base):
    """A resident enrolled in day care (one row per resident, status kept in history)."""

    __tablename__ = "daycare_enrolment"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), unique=True)
    enrolled_on: Mapped[dt.date] = mapped_column(Date)
    care_level: Mapped[str] = mapped_column(String(10))
    #: ISO weekday digits, e.g. "12345" for Monday to Friday.
    service_days: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(10), default="active")
    status_since: Mapped[dt.date] = mapped_column(Date)
    diet: Mapped[str] = mapped_column(Text, default="")
    allergies: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    medications: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    resident: Mapped[Resident] = relationship(lazy="joined")
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="enrolment", order_by="(StatusChange.effective_on, StatusChange.id)"
    )
    contacts: Mapped[list[Contact]] = relationship(back_populates="enrolment", order_by="Contact.position")

    __table_args__ = (Index("ix_daycare_enrolment_status", "status"),)

    def __repr__(self) -> str:
        return f"<Enrolment id={self.id} resident={self.resident_id} status={self.status}>"


class StatusChange(Base):
    """One step of an enrolment's status history (the first is "active" on enrolment)."""

    __tablename__ = "daycare_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("daycare_enrolment.id"))
    status: Mapped[str] = mapped_column(String(10))
    effective_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    enrolment: Mapped[Enrolment] = relationship(back_populates="history")

    __table_args__ = (Index("ix_daycare_status_change_enrolment_id_effective_on", "enrolment_id", "effective_on"),)

    def __repr__(self) -> str:
        return f"<StatusChange id={self.id} enrolment={self.enrolment_id} {self.status}>"


class Contact(Base):
    """An emergency contact and/or a person authorised to collect the elder."""

    __tablename__ = "daycare_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("daycare_enrolment.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(50))
    relation: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    may_collect: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    enrolment: Mapped[Enrolment] = relationship(back_populates="contacts")

    __table_args__ = (Index("ix_daycare_contact_enrolment_id", "enrolment_id"),)

    def __repr__(self) -> str:
        return f"<Contact id={self.id} enrolment={self.enrolment_id}>"


class Visit(Base):
    """One day at the centre: check-in, check-out and who collected the elder."""

    __tablename__ = "daycare_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("daycare_enrolment.id"))
    visit_date: Mapped[dt.date] = mapped_column(Date)
    check_in: Mapped[dt.datetime] = mapped_column(DateTime)
    check_out: Mapped[dt.datetime | None] = mapped_column(DateTime)
    collector_id: Mapped[int | None] = mapped_column(ForeignKey("daycare_contact.id"))
    collected_by: Mapped[str] = mapped_column(String(50), default="")
    unlisted_collector: Mapped[bool] = mapped_column(Boolean, default=False)
    corrected: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    __table_args__ = (
        UniqueConstraint("enrolment_id", "visit_date"),
        Index("ix_daycare_visit_visit_date", "visit_date"),
    )

    def __repr__(self) -> str:
        return f"<Visit id={self.id} enrolment={self.enrolment_id} {self.visit_date}>"


class Correction(Base):
    """A change to a visit after the fact: what it was, what it became, why, who, when."""

    __tablename__ = "daycare_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("daycare_enrolment.id"))
    visit_date: Mapped[dt.date] = mapped_column(Date)
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text)
    corrected_by: Mapped[str] = mapped_column(String(40), default="")
    corrected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    __table_args__ = (Index("ix_daycare_correction_enrolment_id_visit_date", "enrolment_id", "visit_date"),)

    def __repr__(self) -> str:
        return f"<Correction id={self.id} enrolment={self.enrolment_id} {self.visit_date}>"


# --- refusals the UI acts on ---------------------------------------------------------


class NotEnrolled(LinliError):
    """The resident is not enrolled in day care (the UI offers to enrol them)."""

    def __init__(self, message: str, resident_id: int):
        super().__init__(message)
        self.resident_id = resident_id


class NotActive(LinliError):
    """The elder's enrolment is paused, left or deceased on that day."""

    def __init__(self, message: str, enrolment_id: int, status: str):
        super().__init__(message)
        self.enrolment_id = enrolment_id
        self.status = status


# --- enrolment --------------------------------------------------------------------------


@dataclass
class ContactInput:
    """A contact as typed in the enrolment form. ``id`` is set for an existing one."""

    name: str = ""
    relation: str = ""
    phone: str = ""
    emergency: bool = True
    may_collect: bool = True
    id: int | None = None


@dataclass
class EnrolmentInput:
    """What the enrolment form holds (raw, not yet validated)."""

    resident_id: int | None = None
    enrolled_on: dt.date | None = None
    care_level: str = "intact"
    service_days: frozenset[int] = field(default_factory=lambda: frozenset({1, 2, 3, 4, 5}))
    diet: str = ""
    allergies: str = ""
    conditions: str = ""
    medications: str = ""
    contacts: list[ContactInput] = field(default_factory=list)

    @classmethod
    def from_enrolment(cls, e: Enrolment) -> EnrolmentInput:
        return cls(
            resident_id=e.resident_id,
            enrolled_on=e.enrolled_on,
            care_level=e.care_level,
            service_days=frozenset(int(d) for d in e.service_days),
            diet=e.diet,
            allergies=e.allergies,
            conditions=e.conditions,
            medications=e.medications,
            contacts=[
                ContactInput(c.name, c.relation, c.phone or "", c.emergency, c.may_collect, c.id)
                for c in e.contacts
                if c.active
            ],
        )


def _validate_contacts(contacts: Sequence[ContactInput], errors: dict[str, str]) -> list[dict]:
    clean: list[dict] = []
    for i, c in enumerate(contacts, start=1):
        if not (c.name or "").strip() and not (c.phone or "").strip() and not (c.relation or "").strip():
            continue  # an empty row of the form
        row: dict = {"id": c.id, "emergency": bool(c.emergency), "may_collect": bool(c.may_collect)}
        try:
            row["name"] = normalise_name(c.name)
        except InvalidNameError as exc:
            errors.setdefault(f"contact_{i}", _("Contact {n}: {problem}").format(n=i, problem=exc))
            continue
        row["relation"] = " ".join((c.relation or "").split())[:20]
        row["phone"] = None
        if (c.phone or "").strip():
            try:
                row["phone"] = normalise_phone(c.phone)
            except PhoneError as exc:
                errors.setdefault(f"contact_{i}", _("Contact {n}: {problem}").format(n=i, problem=exc))
                continue
        elif c.emergency:
            errors.setdefault(
                f"contact_{i}", _("Contact {n}: an emergency contact needs a phone number.").format(n=i)
            )
            continue
        if not row["emergency"] and not row["may_collect"]:
            errors.setdefault(
                f"contact_{i}",
                _("Contact {n}: mark the person as an emergency contact, a collector or both.").format(n=i),
            )
            continue
        clean.append(row)
    if not any(r["emergency"] for r in clean) and "contacts" not in errors:
        errors["contacts"] = _("At least one emergency contact (name, relation, phone) is required.")
    return clean


def validate_enrolment(session: Session, data: EnrolmentInput, *, today: dt.date) -> tuple[dict, list[dict], list[str]]:
    """Check the form; return (enrolment values, contact rows, warnings).

    Raises:
        ValidationFailed: field → message for every field that is wrong.
    """
    errors: dict[str, str] = {}
    warnings: list[str] = []
    resident = session.get(Resident, data.resident_id) if data.resident_id is not None else None
    if resident is None:
        errors["resident"] = _("Choose the resident to enrol, or add a new one.")
    elif resident.archived:
        errors["resident"] = _("{name} is archived in the registry: restore the record first.").format(
            name=resident.name
        )
    if data.enrolled_on is None:
        errors["enrolled_on"] = _("Enter the enrolment date.")
    elif data.enrolled_on > today + dt.timedelta(days=31):
        errors["enrolled_on"] = _("The enrolment date is more than a month ahead.")
    if data.care_level not in CARE_LEVELS:
        errors["care_level"] = _("Choose the care level.")
    days = sorted(set(data.service_days))
    if not days:
        errors["service_days"] = _("Choose at least one service day.")
    elif any(d not in WEEKDAY_LABELS for d in days):
        errors["service_days"] = _("Service days are weekdays 1 (Monday) to 7 (Sunday).")
    contacts = _validate_contacts(data.contacts, errors)
    if errors:
        raise ValidationFailed(errors)
    assert resident is not None and data.enrolled_on is not None
    if resident.birth_date is not None:
        age = age_on(resident.birth_date, data.enrolled_on)
        if age < ELDER_AGE:
            warnings.append(
                _("{name} is {age}, younger than {limit}. Enrol in day care anyway?").format(
                    name=resident.name, age=age, limit=ELDER_AGE
                )
            )
    clean = {
        "resident_id": resident.id,
        "enrolled_on": data.enrolled_on,
        "care_level": data.care_level,
        "service_days": "".join(str(d) for d in days),
        "diet": (data.diet or "").strip(),
        "allergies": (data.allergies or "").strip(),
        "conditions": (data.conditions or "").strip(),
        "medications": (data.medications or "").strip(),
    }
    return clean, contacts, warnings


def _apply_contacts(enrolment: Enrolment, rows: list[dict]) -> None:
    existing = {c.id: c for c in enrolment.contacts}
    kept: set[int] = set()
    for position, row in enumerate(rows):
        contact = existing.get(row["id"]) if row["id"] is not None else None
        if contact is None:
            contact = Contact()
            enrolment.contacts.append(contact)
        else:
            kept.add(contact.id)
        contact.position = position
        contact.active = True
        for key in ("name", "relation", "phone", "emergency", "may_collect"):
            setattr(contact, key, row[key])
    for cid, contact in existing.items():
        if cid not in kept:
            contact.active = False  # a visit may name them: never deleted


def enrol(
    session: Session,
    data: EnrolmentInput,
    *,
    confirmed: bool = False,
    today: dt.date | None = None,
    by: str = "",
) -> Enrolment:
    """Enrol a resident in day care (or re-enrol one who had left).

    Raises:
        ValidationFailed: a field is wrong, or the resident is already enrolled.
        NeedsConfirmation: the resident is younger than 60.
    """
    require("daycare.write")
    today = today or dt.date.today()
    clean, contacts, warnings = validate_enrolment(session, data, today=today)
    existing = session.scalar(select(Enrolment).where(Enrolment.resident_id == clean["resident_id"]))
    if existing is not None and existing.status in ("active", "paused"):
        raise ValidationFailed(
            {"resident": _("{name} is already enrolled in day care ({status}).").format(
                name=existing.resident.name, status=_(STATUS_LABELS[existing.status]).lower()
            )}
        )
    if existing is not None and existing.status == "deceased":
        raise ValidationFailed({"resident": _("{name} is recorded as deceased.").format(name=existing.resident.name)})
    if warnings and not confirmed:
        raise NeedsConfirmation(warnings)
    if existing is None:
        enrolment = Enrolment(status="active", status_since=clean["enrolled_on"], **clean)
        session.add(enrolment)
        reason = ""
    else:  # re-enrolment after leaving: the same row, the history goes on
        enrolment = existing
        if clean["enrolled_on"] < enrolment.status_since:
            raise ValidationFailed(
                {"enrolled_on": _("{name} left on {date}; re-enrol on or after that day.").format(
                    name=enrolment.resident.name, date=format_date(enrolment.status_since)
                )}
            )
        for key, value in clean.items():
            setattr(enrolment, key, value)
        enrolment.status, enrolment.status_since = "active", clean["enrolled_on"]
        reason = _("Enrolled again")
    enrolment.history.append(
        StatusChange(status="active", effective_on=clean["enrolled_on"], reason=reason, recorded_by=by)
    )
    _apply_contacts(enrolment, contacts)
    session.flush()
    return enrolment


def get_enrolment(session: Session, enrolment_id: int) -> Enrolment:
    require("daycare.read")
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise NotFound(_("No day-care enrolment with number {id}.").format(id=enrolment_id))
    return enrolment


def enrolment_of(session: Session, resident_id: int) -> Enrolment | None:
    """The resident's enrolment (whatever its status), or None."""
    return session.scalar(select(Enrolment).where(Enrolment.resident_id == resident_id))


def update_enrolment(
    session: Session, enrolment_id: int, data: EnrolmentInput, *, today: dt.date | None = None
) -> Enrolment:
    """Change an enrolment's details and contacts (the status has its own call).

    Raises:
        ValidationFailed: a field is wrong.
    """
    require("daycare.write")
    today = today or dt.date.today()
    enrolment = get_enrolment(session, enrolment_id)
    data.resident_id = enrolment.resident_id
    clean, contacts, _warnings = validate_enrolment(session, data, today=today)
    first = enrolment.history[0].effective_on if enrolment.history else clean["enrolled_on"]
    for key, value in clean.items():
        setattr(enrolment, key, value)
    if enrolment.history and len(enrolment.history) == 1 and first != clean["enrolled_on"]:
        enrolment.history[0].effective_on = clean["enrolled_on"]
        enrolment.status_since = clean["enrolled_on"]
    _apply_contacts(enrolment, contacts)
    session.flush()
    return enrolment


def set_status(
    session: Session,
    enrolment_id: int,
    status: str,
    *,
    effective_on: dt.date,
    reason: str = "",
    by: str = "",
    today: dt.date | None = None,
) -> Enrolment:
    """Change the status (active / paused / left / deceased) from a date; history is kept.

    Raises:
        ValidationFailed: unknown or unchanged status, a date out of order,
            a missing reason, or a change after "deceased".
    """
    require("daycare.write")
    today = today or dt.date.today()
    enrolment = get_enrolment(session, enrolment_id)
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    latest = enrolment.history[-1] if enrolment.history else None
    if status not in STATUSES:
        errors["status"] = _("Choose active, paused, left or deceased.")
    elif enrolment.status == "deceased":
        errors["status"] = _("{name} is recorded as deceased; the status cannot change.").format(
            name=enrolment.resident.name
        )
    elif status == enrolment.status:
        errors["status"] = _("The status is already {status}.").format(status=_(STATUS_LABELS[status]).lower())
    if effective_on > today:
        errors["effective_on"] = _("A status change takes effect today or earlier.")
    elif latest is not None and effective_on < latest.effective_on:
        errors["effective_on"] = _("The last change took effect on {date}; a new one cannot be earlier.").format(
            date=format_date(latest.effective_on)
        )
    if status in ("paused", "left", "deceased") and not reason:
        errors["reason"] = _("Give the reason for the change.")
    if errors:
        raise ValidationFailed(errors)
    enrolment.history.append(StatusChange(status=status, effective_on=effective_on, reason=reason, recorded_by=by))
    enrolment.status, enrolment.status_since = status, effective_on
    session.flush()
    return enrolment


def status_on(enrolment: Enrolment, day: dt.date) -> str | None:
    """The status in force on a day (None before enrolment), from the history."""
    current = None
    for change in enrolment.history:
        if change.effective_on <= day:
            current = change.status
    return current


def _status_on_sql(day: dt.date):  # type: ignore[no-untyped-def]
    """A correlated subquery: the enrolment's status in force on ``day`` (portable SQL)."""
    return (
        select(StatusChange.status)
        .where(StatusChange.enrolment_id == Enrolment.id, StatusChange.effective_on <= day)
        .order_by(StatusChange.effective_on.desc(), StatusChange.id.desc())
        .limit(1)
        .correlate(Enrolment)
        .scalar_subquery()
    )


def _serves_on(day: dt.date):  # type: ignore[no-untyped-def]
    return Enrolment.service_days.contains(str(day.isoweekday()))


# --- searching for the check-in box -----------------------------------------------------------


def enrolled_ids():  # type: ignore[no-untyped-def]
    """Residents enrolled now (active or paused), as a subquery for ``where=``."""
    return select(Enrolment.resident_id).where(Enrolment.status.in_(("active", "paused")))


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


# --- check-in, check-out, corrections -------------------------------------------------------------


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


def _describe(visit: Visit | None) -> str:
    """A visit in a few characters for the correction log: ``08:30-16:45 王芳``."""
    if visit is None:
        return "-"
    out = f"{visit.check_out:%H:%M}" if visit.check_out else "?"
    return f"{visit.check_in:%H:%M}-{out} {visit.collected_by}".strip()


def correct_visit(
    session: Session,
    enrolment_id: int,
    day: dt.date,
    *,
    check_in_time: dt.time | None,
    check_out_time: dt.time | None = None,
    collector_id: int | None = None,
    collector_name: str = "",
    reason: str,
    by: str = "",
) -> Visit | None:
    """Set a day's visit after the fact (a past day, a mistake, a paper sheet), with a reason.

    ``check_in_time=None`` removes the visit (the elder did not come). The
    change is recorded in :class:`Correction` (before, after, reason, who, when).

    Raises:
        ValidationFailed: no reason, a check-out without or before the
            check-in, or no collector for a check-out.
        NotActive: adding a visit on a day the enrolment was not active.
    """
    require("daycare.write")
    enrolment = get_enrolment(session, enrolment_id)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Give the reason for the correction.")
    if check_out_time is not None and check_in_time is None:
        errors["check_out"] = _("A check-out needs a check-in time.")
    elif check_out_time is not None and check_in_time is not None and check_out_time < check_in_time:
        errors["check_out"] = _("The check-out ({out}) is before the check-in ({in_}).").format(
            out=check_out_time.strftime("%H:%M"), in_=check_in_time.strftime("%H:%M")
        )
    if errors:
        raise ValidationFailed(errors)
    visit = _visit(session, enrolment.id, day)
    before = _describe(visit)
    if check_in_time is None:
        if visit is None:
            raise ValidationFailed({"check_in": _("There is no visit on that day to remove.")})
        session.delete(visit)
        result = None
    else:
        if visit is None:
            _enrolment_for_visit(session, enrolment.resident_id, day)
            visit = Visit(enrolment_id=enrolment.id, visit_date=day, check_in=dt.datetime.combine(day, check_in_time))
            session.add(visit)
        visit.check_in = dt.datetime.combine(day, check_in_time)
        if check_out_time is None:
            visit.check_out, visit.collector_id, visit.collected_by, visit.unlisted_collector = None, None, "", False
        else:
            visit.collector_id, visit.collected_by, visit.unlisted_collector = _collector(
                session, enrolment, collector_id, collector_name
            )
            visit.check_out = dt.datetime.combine(day, check_out_time)
        visit.corrected = True
        result = visit
    after = _describe(result)
    if before != after:
        session.add(Correction(enrolment_id=enrolment.id, visit_date=day, before=before, after=after, reason=reason, corrected_by=by))
    session.flush()
    return result


@dataclass
class SheetEntry:
    """One line of a filled paper attendance sheet as the clerk types it in."""

    enrolment_id: int
    present: bool
    check_in: dt.time | None = None
    check_out: dt.time | None = None
    collected_by: str = ""


def enter_paper_sheet(session: Session, day: dt.date, entries: Iterable[SheetEntry], *, by: str = "") -> int:
    """Record a filled paper sheet for a day; returns how many visits changed.

    A present elder needs an arrival time; a departure needs who collected
    them. Lines that match what is stored already are left alone, and a
    check-in made on the PC is not undone by an unticked line.

    Raises:
        ValidationFailed: ``line_<enrolment id>`` → what is wrong on that line.
    """
    require("daycare.write")
    errors: dict[str, str] = {}
    plans: list[tuple[SheetEntry, str]] = []
    for entry in entries:
        enrolment = get_enrolment(session, entry.enrolment_id)
        name = enrolment.resident.name
        visit = _visit(session, entry.enrolment_id, day)
        if not entry.present:
            if visit is not None and not visit.corrected and visit.check_in.date() == day:
                # Checked in on the PC before it went down: the sheet does not undo that.
                continue
            if visit is not None:
                plans.append((entry, name))
            continue
        if entry.check_in is None:
            errors[f"line_{entry.enrolment_id}"] = _("{name}: enter the arrival time.").format(name=name)
            continue
        if entry.check_out is not None and entry.check_out < entry.check_in:
            errors[f"line_{entry.enrolment_id}"] = _("{name}: the departure is before the arrival.").format(name=name)
            continue
        if entry.check_out is not None and not entry.collected_by.strip():
            errors[f"line_{entry.enrolment_id}"] = _("{name}: who collected them?").format(name=name)
            continue
        plans.append((entry, name))
    if errors:
        raise ValidationFailed(errors)
    changed = 0
    reason = _(PAPER_SHEET_REASON)
    for entry, _name in plans:
        visit = _visit(session, entry.enrolment_id, day)
        if entry.present and visit is not None:
            same_out = (visit.check_out.time() if visit.check_out else None) == entry.check_out
            if visit.check_in.time() == entry.check_in and same_out and (
                entry.check_out is None or visit.collected_by == entry.collected_by.strip()
            ):
                continue
        correct_visit(
            session,
            entry.enrolment_id,
            day,
            check_in_time=entry.check_in if entry.present else None,
            check_out_time=entry.check_out if entry.present else None,
            collector_name=entry.collected_by,
            reason=reason,
            by=by,
        )
        changed += 1
    return changed


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


@dataclass(frozen=True)
class CollectorChoice:
    id: int
    name: str
    relation: str
    phone: str


def collectors(session: Session, resident_id: int) -> list[CollectorChoice]:
    """The people authorised to collect an elder, in the form's order."""
    stmt = (
        select(Contact.id, Contact.name, Contact.relation, Contact.phone)
        .join(Enrolment, Enrolment.id == Contact.enrolment_id)
        .where(Enrolment.resident_id == resident_id, Contact.active == true(), Contact.may_collect == true())
        .order_by(Contact.position, Contact.id)
    )
    return [CollectorChoice(r.id, r.name, r.relation, r.phone or "") for r in session.execute(stmt)]


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


# --- attendance sheet -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    enrolment_id: int
    name: str
    care_level: str
    #: what is stored already (a partial day before the PC went down)
    check_in: dt.datetime | None = None
    check_out: dt.datetime | None = None
    collected_by: str = ""


@dataclass(frozen=True)
class SheetDay:
    day: dt.date
    lines: list[SheetLine]


def attendance_sheet(session: Session, days: Sequence[dt.date]) -> list[SheetDay]:
    """The expected elders of each day (and anyone already checked in), for the paper sheet."""
    require("daycare.read")
    out = []
    for day in days:
        b = board(session, day)
        rows = sorted(b.waiting + b.inside + b.left, key=lambda r: (r.name,))
        rows = [r for r in b.expected] + [r for r in rows if not r.expected]
        out.append(
            SheetDay(
                day,
                [SheetLine(r.enrolment_id, r.name, r.care_level, r.check_in, r.check_out, r.collected_by) for r in rows],
            )
        )
    return out


def week_days(iso_week: str) -> list[dt.date]:
    """``2026-W47`` → its seven dates (Monday first).

    Raises:
        ValueError: a translated message when the text is not an ISO week.
    """
    try:
        year_text, week_text = iso_week.strip().upper().split("-W")
        monday = dt.date.fromisocalendar(int(year_text), int(week_text), 1)
    except ValueError:
        raise ValueError(_("Not a week: {text} (write it as 2026-W47).").format(text=iso_week)) from None
    return [monday + dt.timedelta(days=i) for i in range(7)]


# --- monthly statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElderMonth:
    enrolment_id: int
    name: str
    care_level: str
    days: int


@dataclass
class MonthStats:
    """A month's attendance: per elder, per day, total and the daily average.

    The average is over the days the centre had at least one visit (open
    days), so closed Sundays and holidays do not dilute it.
    """

    year: int
    month: int
    per_elder: list[ElderMonth]
    per_day: dict[dt.date, int]
    #: elder × day: enrolment id → dates attended (for the .xlsx grid)
    grid: dict[int, set[dt.date]]

    @property
    def total(self) -> int:
        return sum(self.per_day.values())

    @property
    def open_days(self) -> int:
        return sum(1 for n in self.per_day.values() if n)

    @property
    def average(self) -> float:
        return self.total / self.open_days if self.open_days else 0.0

    @property
    def days_in_month(self) -> list[dt.date]:
        first = dt.date(self.year, self.month, 1)
        nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return [first + dt.timedelta(days=i) for i in range((nxt - first).days)]


def month_stats(session: Session, year: int, month: int, *, with_grid: bool = False) -> MonthStats:
    """Attendance for a month, counted in SQL (GROUP BY), one row per elder who came."""
    require("daycare.read")
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    in_month = and_(Visit.visit_date >= first, Visit.visit_date < nxt)
    days = func.count(Visit.id).label("days")
    per_elder_stmt = (
        select(Enrolment.id, Resident.name, Enrolment.care_level, days)
        .join(Enrolment, Enrolment.id == Visit.enrolment_id)
        .join(Resident, Resident.id == Enrolment.resident_id)
        .where(in_month)
        .group_by(Enrolment.id, Resident.name, Resident.name_pinyin, Enrolment.care_level)
        .order_by(Resident.name_pinyin, Enrolment.id)
    )
    per_elder = [ElderMonth(r.id, r.name, r.care_level, r.days) for r in session.execute(per_elder_stmt)]
    per_day_stmt = (
        select(Visit.visit_date, func.count(Visit.id)).where(in_month).group_by(Visit.visit_date).order_by(Visit.visit_date)
    )
    per_day = {d: n for d, n in session.execute(per_day_stmt)}
    grid: dict[int, set[dt.date]] = {}
    if with_grid:
        for eid, d in session.execute(select(Visit.enrolment_id, Visit.visit_date).where(in_month)):
            grid.setdefault(eid, set()).add(d)
    return MonthStats(year=year, month=month, per_elder=per_elder, per_day=per_day, grid=grid)


# --- the elder's own record ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    status: str
    effective_on: dt.date
    reason: str


def history(session: Session, enrolment_id: int) -> list[HistoryLine]:
    require("daycare.read")
    enrolment = get_enrolment(session, enrolment_id)
    return [HistoryLine(h.status, h.effective_on, h.reason) for h in enrolment.history]


def enrolled_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.status == "active")) or 0


__all__ = [
    "checked_in_resident_ids",
    "CARE_LEVELS",
    "CARE_LEVEL_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "WEEKDAY_LABELS",
    "Board",
    "BoardRow",
    "ContactInput",
    "Contact",
    "Correction",
    "Enrolment",
    "EnrolmentInput",
    "MonthStats",
    "NotActive",
    "NotEnrolled",
    "SheetEntry",
    "StatusChange",
    "Visit",
    "attendance_sheet",
    "birthdays",
    "board",
    "check_in",
    "check_out",
    "collectors",
    "correct_visit",
    "enrol",
    "enrolment_of",
    "enter_paper_sheet",
    "month_stats",
    "parse_month",
    "search_for_checkin",
    "set_status",
    "still_in",
    "update_enrolment",
    "week_days",
]


# --- demo data --------------------------------------------------------------------------------------

_RELATIONS = ("女儿", "儿子", "儿媳", "女婿", "孙女", "孙子", "老伴", "保姆", "邻居")
_DIETS = ("", "", "", "低盐", "低糖", "软食", "清真", "素食")
_ALLERGIES = ("", "", "", "", "青霉素", "海鲜", "花生")
_CONDITIONS = ("", "高血压", "糖尿病", "冠心病", "高血压、糖尿病", "轻度认知障碍", "关节炎")


def fill_demo(session: Session, *, seed: int, today: dt.date, elders: int = 60, months: int = 3) -> dict[str, int]:
    """Enrol about ``elders`` demo residents aged 60+ and add ~``months`` of visits before today.

    Enrolments go through :func:`enrol` and :func:`set_status`; the visits are
    bulk-inserted (thousands of rows), built so that every rule holds (one per
    day, on service days while active, check-out after check-in, collected by
    a listed person — now and then an unlisted one).
    """
    import random

    from sqlalchemy import insert

    from models.demo import MOBILE_PREFIXES, SURNAMES

    rng = random.Random(seed + 1)
    start = today - dt.timedelta(days=months * 30)
    candidates = list(
        session.execute(
            select(Resident.id, Resident.name, Resident.birth_date)
            .where(Resident.archived == false(), Resident.birth_date.is_not(None))
            .order_by(Resident.id)
        )
    )
    candidates = [r for r in candidates if age_on(r.birth_date, today) >= ELDER_AGE]
    rng.shuffle(candidates)
    chosen = sorted(candidates[:elders], key=lambda r: r.id)
    counts = {"daycare_enrolments": 0, "daycare_visits": 0}
    plans: list[tuple[Enrolment, list[int], float]] = []
    for r in chosen:
        surname = r.name[0]
        contacts = []
        for k in range(rng.choice((1, 2, 2, 3))):
            relation = rng.choice(_RELATIONS)
            given = rng.choice("芳军丽强红伟静敏磊燕")
            contact_name = (surname if relation in ("儿子", "孙女", "孙子", "女儿") else rng.choice(SURNAMES)) + given
            contacts.append(
                ContactInput(
                    name=contact_name,
                    relation=relation,
                    phone=rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}",
                    emergency=(emergency := k == 0 or rng.random() < 0.4),
                    may_collect=not emergency or relation != "邻居" or rng.random() < 0.5,
                )
            )
        days = (1, 2, 3, 4, 5) if rng.random() < 0.7 else tuple(sorted(rng.sample(range(1, 7), rng.choice((2, 3, 4)))))
        enrolled_on = start - dt.timedelta(days=rng.randrange(0, 400)) if rng.random() < 0.8 else start + dt.timedelta(
            days=rng.randrange(0, months * 30)
        )
        enrolment = enrol(
            session,
            EnrolmentInput(
                resident_id=r.id,
                enrolled_on=enrolled_on,
                care_level=rng.choice(("intact", "intact", "mild", "mild", "moderate", "severe", "total")),
                service_days=frozenset(days),
                diet=rng.choice(_DIETS),
                allergies=rng.choice(_ALLERGIES),
                conditions=rng.choice(_CONDITIONS),
                medications=rng.choice(("", "", "降压药（早）", "二甲双胍（午饭后）")),
                contacts=contacts,
            ),
            confirmed=True,
            today=today,
        )
        counts["daycare_enrolments"] += 1
        plans.append((enrolment, list(days), rng.uniform(0.7, 0.95)))
    # A few status changes: two paused a fortnight ago, one left last month.
    for enrolment, _days, _p in plans[:2]:
        when = max(enrolment.enrolled_on, today - dt.timedelta(days=14))
        set_status(session, enrolment.id, "paused", effective_on=when, reason="住院", today=today)
    if len(plans) > 2:
        enrolment = plans[2][0]
        when = max(enrolment.enrolled_on, today - dt.timedelta(days=40))
        set_status(session, enrolment.id, "left", effective_on=when, reason="搬去子女家", today=today)
    session.flush()
    rows: list[dict] = []
    for enrolment, days, presence in plans:
        listed = [c for c in enrolment.contacts if c.may_collect]
        day = max(start, enrolment.enrolled_on)
        while day < today:
            if day.isoweekday() in days and status_on(enrolment, day) == "active" and rng.random() < presence:
                check_in_at = dt.datetime.combine(day, dt.time(7, 50)) + dt.timedelta(minutes=rng.randrange(0, 80))
                check_out_at = dt.datetime.combine(day, dt.time(15, 30)) + dt.timedelta(minutes=rng.randrange(0, 120))
                unlisted = not listed or rng.random() < 0.03
                contact = None if unlisted else rng.choice(listed)
                rows.append(
                    dict(
                        enrolment_id=enrolment.id,
                        visit_date=day,
                        check_in=check_in_at,
                        check_out=check_out_at,
                        collector_id=contact.id if contact else None,
                        collected_by=contact.name if contact else rng.choice(SURNAMES) + "师傅",
                        unlisted_collector=unlisted,
                        corrected=False,
                        created_at=check_in_at,
                        updated_at=check_out_at,
                    )
                )
            day += dt.timedelta(days=1)
    if rows:
        session.execute(insert(Visit), rows)
    counts["daycare_visits"] = len(rows)
    return counts
