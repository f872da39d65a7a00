"""Day care's vocabulary and tables: labels, the entities, the refusals the UI acts on.

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
* :class:`NotEnrolled`, :class:`NotActive` — check-in refusals that carry what
  the UI needs to offer enrolment or resuming.
"""

from __future__ import annotations

import datetime as dt

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from i18n import N_
from models.core.base import Base, now_local
from models.core.errors import LinliError
from models.residents.entities import Resident

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
