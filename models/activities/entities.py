"""The activities' tables (rooms, series, activities, bookings, overrides), the
refusal a booking rule raises, and fetching one activity or booking by number.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from i18n import _
from models.core.base import Base, now_local
from models.core.errors import LinliError, NotFound
from models.residents.entities import Resident


class ActivityRoom(Base):
    """A room (or place) activities are held in, with its capacity."""

    __tablename__ = "activity_room"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    capacity: Mapped[int] = mapped_column(Integer)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<ActivityRoom id={self.id}>"


class ActivitySeries(Base):
    """A repeating series created in one step; its sessions are ordinary activities."""

    __tablename__ = "activity_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    interval_days: Mapped[int] = mapped_column(Integer, default=7)
    sessions: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    activities: Mapped[list[Activity]] = relationship(back_populates="series")

    def __repr__(self) -> str:
        return f"<ActivitySeries id={self.id}>"


class Activity(Base):
    """One activity (or one session of a series)."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(20), default="other")
    description: Mapped[str] = mapped_column(Text, default="")
    room_id: Mapped[int] = mapped_column(ForeignKey("activity_room.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    signup_opens_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    signup_deadline: Mapped[dt.datetime | None] = mapped_column(DateTime)
    target_group: Mapped[str] = mapped_column(String(12), default="everyone")
    organiser: Mapped[str] = mapped_column(String(100), default="")
    contact: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(12), default="open")
    series_id: Mapped[int | None] = mapped_column(ForeignKey("activity_series.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    room: Mapped[ActivityRoom] = relationship()
    series: Mapped[ActivitySeries | None] = relationship(back_populates="activities")

    __table_args__ = (
        Index("ix_activity_starts_at", "starts_at"),
        Index("ix_activity_room_starts", "room_id", "starts_at"),
        Index("ix_activity_status_starts", "status", "starts_at"),
        Index("ix_activity_series_id", "series_id"),
    )

    def __repr__(self) -> str:
        return f"<Activity id={self.id}>"


class ActivityBooking(Base):
    """A booking of one or more seats by a resident or a walk-in."""

    __tablename__ = "activity_booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id"))
    #: A walk-in's typed name and phone (empty once registered as a resident).
    walkin_name: Mapped[str | None] = mapped_column(String(50))
    walkin_phone: Mapped[str | None] = mapped_column(String(20))
    seats: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12))
    booked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    promoted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    attended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(String(200), default="")

    activity: Mapped[Activity] = relationship()
    resident: Mapped[Resident | None] = relationship()
    overrides: Mapped[list[BookingOverride]] = relationship(
        back_populates="booking", cascade="all, delete-orphan", order_by="BookingOverride.id"
    )

    __table_args__ = (
        Index("ix_activity_booking_activity_status", "activity_id", "status"),
        Index("ix_activity_booking_activity_resident", "activity_id", "resident_id"),
        Index("ix_activity_booking_resident", "resident_id", "booked_at"),
    )

    def __repr__(self) -> str:  # never the name or phone
        return f"<ActivityBooking id={self.id} status={self.status}>"


class BookingOverride(Base):
    """A rule the clerk overrode for a booking, with the reason (kept for audit)."""

    __tablename__ = "activity_booking_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("activity_booking.id"))
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    booking: Mapped[ActivityBooking] = relationship(back_populates="overrides")

    __table_args__ = (Index("ix_activity_booking_override_booking_id", "booking_id"),)


class BookingRefused(LinliError):
    """A booking the rules refuse. ``kind`` says which rule; ``overridable`` whether
    the clerk may repeat it with an override (``deadline`` or a target-group reason).
    """

    def __init__(self, kind: str, message: str, *, overridable: bool = False):
        self.kind = kind
        self.overridable = overridable
        super().__init__(message)


def get_activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound(_("No activity with number {id}.").format(id=activity_id))
    return activity


def get_booking(session: Session, booking_id: int) -> ActivityBooking:
    booking = session.get(ActivityBooking, booking_id)
    if booking is None:
        raise NotFound(_("No booking with number {id}.").format(id=booking_id))
    return booking
