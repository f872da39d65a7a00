"""Enrolment and status: the form's input, its validation, enrolling, the status history.

Also the questions asked of one enrolment: who may collect the elder
(:func:`collectors`), the status on a day (:func:`status_on` and its SQL twin
for the board), the elder's own history, and how many are enrolled.

"Who did it" (``recorded_by`` of a status change) is the logged-in account
(:func:`models.safety.security.current_actor`) unless ``by`` says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from i18n import _, format_date
from models.core.errors import NeedsConfirmation, NotFound, ValidationFailed
from models.daycare.entities import (
    CARE_LEVELS,
    ELDER_AGE,
    STATUS_LABELS,
    STATUSES,
    WEEKDAY_LABELS,
    Contact,
    Enrolment,
    StatusChange,
)
from models.residents.entities import Resident
from models.residents.names import InvalidNameError, PhoneError, normalise_name, normalise_phone
from models.residents.registry import age_on
from models.safety.security import current_actor, require

# --- who did it --------------------------------------------------------------------------


def actor_name(by: str | None = None) -> str:
    """Who is recorded as having made a change: ``by`` when given, else the
    logged-in account's user name (:func:`~models.safety.security.current_actor`;
    ``system`` for headless commands and the demo)."""
    return (current_actor().username if by is None else by)[:40]


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
    by: str | None = None,
) -> Enrolment:
    """Enrol a resident in day care (or re-enrol one who had left).

    ``by`` names who did it; by default the logged-in account (:func:`actor_name`).

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
        StatusChange(status="active", effective_on=clean["enrolled_on"], reason=reason, recorded_by=actor_name(by))
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
    by: str | None = None,
    today: dt.date | None = None,
) -> Enrolment:
    """Change the status (active / paused / left / deceased) from a date; history is kept.

    ``by`` names who did it; by default the logged-in account (:func:`actor_name`).

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
    enrolment.history.append(StatusChange(status=status, effective_on=effective_on, reason=reason, recorded_by=actor_name(by)))
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




def enrolled_ids():  # type: ignore[no-untyped-def]
    """Residents enrolled now (active or paused), as a subquery for ``where=``."""
    return select(Enrolment.resident_id).where(Enrolment.status.in_(("active", "paused")))


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
