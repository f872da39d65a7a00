"""Resident activities (活动预约): rooms, the catalogue, bookings, waitlist, attendance.

The rules live here, free of Qt, and are tested with plain pytest:

* **Rooms** are data (议事厅, 活动室, 调解室 …), each with its capacity; an
  activity's seats may not exceed its room's.
* **Room clashes**: two activities that are not cancelled may not hold the same
  room at overlapping times; the refusal names the other activity.
* **Series**: "every Saturday 9:00–11:00 for eight weeks" is created in one
  step; each session is then an ordinary activity that may be edited alone.
* **Bookings**: a resident (foreign key) or a walk-in (typed name and phone,
  registered as a resident in one step). A booking holds one or more seats.
  The capacity check and the insert happen in the caller's ``db.write()``
  transaction (``BEGIN IMMEDIATE`` on SQLite), so two copies of the app on one
  database can never both take the last seat: the second waits for the lock,
  then sees the seat taken and lands on the waitlist.
* **Waitlist**: in order of booking; cancelling a confirmed booking (or raising
  the capacity) promotes, in that order, every waitlisted booking that fits the
  free seats, and returns whom to call.
* **Refusals** (:class:`BookingRefused`): an activity that is cancelled, done
  or still a draft; outside the sign-up window or after it is closed (the
  clerk may override, recorded); the same person twice; a person outside the
  target group (override with a reason, recorded).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import (
    Boolean,
    ColumnElement,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    case,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from i18n import N_, _, current_language, ngettext
from models.core.base import Base, now_local
from models.core.errors import LinliError, NotFound, ValidationFailed
from models.core.listing import ListColumn
from models.residents.entities import Resident
from models.residents.names import InvalidNameError, PhoneError, normalise_name, normalise_phone
from models.residents.registry import ResidentInput, age_on, create_resident
from models.safety.security import require


@functools.lru_cache(maxsize=64)
def _date_pattern(language: str, style: str):  # type: ignore[no-untyped-def]
    from babel import Locale
    from babel.dates import parse_pattern

    locale = Locale.parse(language)
    text = locale.date_formats[style] if style in ("full", "long", "medium", "short") else style
    return parse_pattern(text), locale


def format_date(value: dt.date, style: str = "long") -> str:
    """The same text as ``i18n.format_date``, with the locale's pattern parsed once
    (Babel parses it on every call: ~0.5 ms, and a list page shows hundreds)."""
    pattern, locale = _date_pattern(current_language(), style)
    return pattern.apply(value, locale)


def format_time(value: dt.datetime | dt.time) -> str:
    """A clock time, ``HH:mm`` (as ``i18n.format_time``'s short style)."""
    return value.strftime("%H:%M")


# --- labels ---------------------------------------------------------------------------

STATUSES: tuple[str, ...] = ("draft", "open", "closed", "cancelled", "done")
STATUS_LABELS: dict[str, str] = {
    "draft": N_("Draft"),
    "open": N_("Open"),
    "closed": N_("Sign-up closed"),
    "cancelled": N_("Cancelled"),
    "done": N_("Done"),
}

TARGET_GROUPS: tuple[str, ...] = ("everyone", "elders", "children", "party")
TARGET_LABELS: dict[str, str] = {
    "everyone": N_("Everyone"),
    "elders": N_("Elders 60+"),
    "children": N_("Children with a guardian"),
    "party": N_("Party members only"),
}

CATEGORIES: tuple[str, ...] = (
    "clinic",
    "legal",
    "culture",
    "games",
    "children",
    "film",
    "market",
    "camp",
    "themed",
    "talk",
    "other",
)
CATEGORY_LABELS: dict[str, str] = {
    "clinic": N_("Free clinic"),
    "legal": N_("Legal aid"),
    "culture": N_("Calligraphy and arts"),
    "games": N_("Chess and cards"),
    "children": N_("4:30 school"),
    "film": N_("Outdoor film"),
    "market": N_("Flea market"),
    "camp": N_("Summer camp"),
    "themed": N_("Monthly themed event"),
    "talk": N_("Talk or class"),
    "other": N_("Other"),
}

BOOKING_STATUSES: tuple[str, ...] = ("confirmed", "waitlisted", "cancelled", "attended", "no_show")
BOOKING_LABELS: dict[str, str] = {
    "confirmed": N_("Confirmed"),
    "waitlisted": N_("Waitlisted"),
    "cancelled": N_("Cancelled"),
    "attended": N_("Attended"),
    "no_show": N_("No-show"),
}
#: Booking statuses that hold seats.
SEATED: tuple[str, ...] = ("confirmed", "attended", "no_show")
#: Booking statuses that count as "booked" for the duplicate rule.
ACTIVE: tuple[str, ...] = ("confirmed", "waitlisted", "attended", "no_show")

OVERRIDE_LABELS: dict[str, str] = {
    "deadline": N_("Sign-up window overridden"),
    "target_group": N_("Target group overridden"),
}

ELDER_AGE = 60
#: A "children with a guardian" booking holds at least this many seats.
CHILD_GUARDIAN_SEATS = 2
MAX_SEATS_PER_BOOKING = 6
MAX_SERIES_SESSIONS = 52
MAX_ROOM_CAPACITY = 1000


# --- entities -------------------------------------------------------------------------


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


# --- errors ---------------------------------------------------------------------------


class BookingRefused(LinliError):
    """A booking the rules refuse. ``kind`` says which rule; ``overridable`` whether
    the clerk may repeat it with an override (``deadline`` or a target-group reason).
    """

    def __init__(self, kind: str, message: str, *, overridable: bool = False):
        self.kind = kind
        self.overridable = overridable
        super().__init__(message)


# --- rooms ----------------------------------------------------------------------------

#: The rooms a new database starts with (the migration seeds them).
DEFAULT_ROOMS: tuple[tuple[str, int], ...] = (
    ("议事厅", 40),
    ("活动室", 30),
    ("调解室", 8),
    ("多功能厅", 80),
    ("户外广场", 200),
)


def list_rooms(session: Session, *, include_archived: bool = False) -> list[ActivityRoom]:
    stmt = select(ActivityRoom).order_by(ActivityRoom.id)
    if not include_archived:
        stmt = stmt.where(ActivityRoom.archived == false())
    return list(session.scalars(stmt))


def get_room(session: Session, room_id: int) -> ActivityRoom:
    room = session.get(ActivityRoom, room_id)
    if room is None:
        raise NotFound(_("Room {id} was not found.").format(id=room_id))
    return room


def coming_in_room(session: Session, room_id: int, *, now: dt.datetime | None = None) -> list[Activity]:
    """The room's activities that are not over, cancelled or done, biggest first."""
    now = now or now_local()
    return list(session.scalars(
        select(Activity)
        .where(Activity.room_id == room_id, Activity.status.in_(("draft", "open", "closed")), Activity.ends_at >= now)
        .order_by(Activity.capacity.desc(), Activity.starts_at, Activity.id)
    ))


def _named(activities: Sequence[Activity], limit: int = 3) -> str:
    """"书法班 (Saturday, 21 November 2026, 09:00)", …, "and 4 more"."""
    parts = [_("{title} ({date}, {start})").format(
        title=a.title, date=format_date(a.starts_at.date(), "full"), start=format_time(a.starts_at))
        for a in activities[:limit]]
    if len(activities) > limit:
        parts.append(_("and {n} more").format(n=len(activities) - limit))
    return "; ".join(parts)


def save_room(session: Session, name: str, capacity: int, room_id: int | None = None, *,
              now: dt.datetime | None = None) -> ActivityRoom:
    """Add a room (``room_id`` None) or rename it / change its capacity.

    A capacity below the seats of a coming activity in the room (not over,
    not cancelled or done) is refused, naming that activity; past activities
    keep the seats they were held with.

    Raises:
        ValidationFailed: ``name`` (empty, too long, taken) or ``capacity``.
        NotFound: no room ``room_id``.
        PermissionDenied: the actor may not change the programme (``activities.write``).
    """
    require("activities.write")
    room = get_room(session, room_id) if room_id is not None else None
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Enter the room's name.")
    elif len(name) > 40:
        errors["name"] = _("At most {max} characters.").format(max=40)
    else:
        other = session.scalar(select(ActivityRoom).where(ActivityRoom.name == name, ActivityRoom.id != (room_id or -1)))
        if other is not None:
            errors["name"] = _("A room named {name} exists already.").format(name=name)
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        errors["capacity"] = _("A room holds at least one person.")
    elif capacity > MAX_ROOM_CAPACITY:
        errors["capacity"] = _("At most {max} people.").format(max=MAX_ROOM_CAPACITY)
    elif room is not None:
        too_big = [a for a in coming_in_room(session, room.id, now=now) if a.capacity > capacity]
        if too_big:
            errors["capacity"] = _(
                "{room} cannot hold fewer than {seats} people: {activities} has {seats} seats. "
                "Lower its seats or move it to another room first."
            ).format(room=room.name, seats=too_big[0].capacity, activities=_named(too_big[:1]))
    if errors:
        raise ValidationFailed(errors)
    if room is None:
        room = ActivityRoom(name=name, capacity=capacity, archived=False)
        session.add(room)
    else:
        room.name, room.capacity = name, capacity
    session.flush()
    return room


def retire_room(session: Session, room_id: int, *, now: dt.datetime | None = None) -> ActivityRoom:
    """Retire a room: it is no longer offered for new activities; past ones keep it.

    Raises:
        LinliError: coming activities (not cancelled or done) still use the room; named.
    """
    require("activities.write")
    room = get_room(session, room_id)
    coming = coming_in_room(session, room.id, now=now)
    if coming:
        coming.sort(key=lambda a: (a.starts_at, a.id))
        raise LinliError(ngettext(
            "{room} cannot be retired: {n} coming activity is held there — {activities}. "
            "Move or cancel it first.",
            "{room} cannot be retired: {n} coming activities are held there — {activities}. "
            "Move or cancel them first.",
            len(coming),
        ).format(room=room.name, n=len(coming), activities=_named(coming)))
    room.archived = True
    session.flush()
    return room


def reinstate_room(session: Session, room_id: int) -> ActivityRoom:
    """Offer a retired room again."""
    require("activities.write")
    room = get_room(session, room_id)
    room.archived = False
    session.flush()
    return room


# --- activities -----------------------------------------------------------------------


@dataclass
class ActivityInput:
    """What the activity editor holds (raw; validated by :func:`validate_activity`)."""

    title: str = ""
    category: str = "other"
    description: str = ""
    room_id: int | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    capacity: int = 20
    signup_opens_at: dt.datetime | None = None
    signup_deadline: dt.datetime | None = None
    target_group: str = "everyone"
    organiser: str = ""
    contact: str = ""
    status: str = "open"

    @classmethod
    def from_activity(cls, a: Activity) -> ActivityInput:
        return cls(
            title=a.title, category=a.category, description=a.description, room_id=a.room_id,
            starts_at=a.starts_at, ends_at=a.ends_at, capacity=a.capacity,
            signup_opens_at=a.signup_opens_at, signup_deadline=a.signup_deadline,
            target_group=a.target_group, organiser=a.organiser, contact=a.contact, status=a.status,
        )


@dataclass(frozen=True)
class Clash:
    """Another activity holding the same room at an overlapping time."""

    activity_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime

    def describe(self) -> str:
        return _("{title} ({date} {start}–{end})").format(
            title=self.title, date=format_date(self.starts_at.date(), "medium"),
            start=format_time(self.starts_at), end=format_time(self.ends_at),
        )


def find_clashes(
    session: Session, room_id: int | None, starts_at: dt.datetime | None, ends_at: dt.datetime | None,
    *, exclude_id: int | None = None,
) -> list[Clash]:
    """Activities (not cancelled) in the room whose time overlaps [starts_at, ends_at)."""
    if room_id is None or starts_at is None or ends_at is None or ends_at <= starts_at:
        return []
    stmt = select(Activity.id, Activity.title, Activity.starts_at, Activity.ends_at).where(
        Activity.room_id == room_id,
        Activity.status != "cancelled",
        Activity.starts_at < ends_at,
        Activity.ends_at > starts_at,
        # The index on (room_id, starts_at) bounds the scan: no activity lasts a week.
        Activity.starts_at > starts_at - dt.timedelta(days=7),
    )
    if exclude_id is not None:
        stmt = stmt.where(Activity.id != exclude_id)
    return [Clash(r.id, r.title, r.starts_at, r.ends_at) for r in session.execute(stmt.order_by(Activity.starts_at))]


def clash_message(clashes: Sequence[Clash]) -> str:
    return _("The room is taken at that time by {other}.").format(
        other="; ".join(c.describe() for c in clashes[:3])
    )


def validate_activity(session: Session, data: ActivityInput, *, exclude_id: int | None = None,
                      check_clash: bool = True) -> dict:
    """Check every field; return the values to store. Raises ValidationFailed."""
    errors: dict[str, str] = {}
    clean: dict = {}
    title = " ".join((data.title or "").split())
    if not title:
        errors["title"] = _("Enter the activity's title.")
    elif len(title) > 100:
        errors["title"] = _("At most {max} characters.").format(max=100)
    clean["title"] = title
    if data.category not in CATEGORIES:
        errors["category"] = _("Choose a category.")
    clean["category"] = data.category
    clean["description"] = (data.description or "").strip()
    room = session.get(ActivityRoom, data.room_id) if data.room_id is not None else None
    if room is None:
        errors["room_id"] = _("Choose a room.")
    elif room.archived:
        stored = session.get(Activity, exclude_id) if exclude_id is not None else None
        if stored is None or stored.room_id != room.id:
            errors["room_id"] = _("{room} is retired; choose another room.").format(room=room.name)
    clean["room_id"] = data.room_id
    if data.starts_at is None:
        errors["starts_at"] = _("Enter when it starts.")
    if data.ends_at is None:
        errors["ends_at"] = _("Enter when it ends.")
    elif data.starts_at is not None and data.ends_at <= data.starts_at:
        errors["ends_at"] = _("It must end after it starts.")
    elif data.starts_at is not None and data.ends_at - data.starts_at > dt.timedelta(days=1):
        errors["ends_at"] = _("An activity lasts at most a day; make a series for more days.")
    clean["starts_at"], clean["ends_at"] = data.starts_at, data.ends_at
    if not isinstance(data.capacity, int) or data.capacity < 1:
        errors["capacity"] = _("An activity has at least one seat.")
    elif room is not None and data.capacity > room.capacity:
        errors["capacity"] = _("{room} holds {max} people; the activity cannot have {seats} seats.").format(
            room=room.name, max=room.capacity, seats=data.capacity
        )
    clean["capacity"] = data.capacity
    clean["signup_opens_at"], clean["signup_deadline"] = data.signup_opens_at, data.signup_deadline
    if data.signup_deadline is not None and data.ends_at is not None and data.signup_deadline > data.ends_at:
        errors["signup_deadline"] = _("The sign-up deadline is after the activity ends.")
    if (data.signup_opens_at is not None and data.signup_deadline is not None
            and data.signup_opens_at >= data.signup_deadline):
        errors["signup_opens_at"] = _("Sign-up must open before its deadline.")
    if data.target_group not in TARGET_GROUPS:
        errors["target_group"] = _("Choose who the activity is for.")
    clean["target_group"] = data.target_group
    for key, limit in (("organiser", 100), ("contact", 100)):
        value = " ".join((getattr(data, key) or "").split())
        if len(value) > limit:
            errors[key] = _("At most {max} characters.").format(max=limit)
        clean[key] = value
    if data.status not in STATUSES:
        errors["status"] = _("Unknown status.")
    clean["status"] = data.status
    times_ok = not {"room_id", "starts_at", "ends_at"} & set(errors)
    if check_clash and times_ok and clean["status"] != "cancelled":
        clashes = find_clashes(session, data.room_id, data.starts_at, data.ends_at, exclude_id=exclude_id)
        if clashes:
            errors["room_id"] = clash_message(clashes)
    if errors:
        raise ValidationFailed(errors)
    return clean


def get_activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound(_("No activity with number {id}.").format(id=activity_id))
    return activity


def create_activity(session: Session, data: ActivityInput) -> Activity:
    """Validate and add an activity (in the caller's transaction)."""
    require("activities.write")
    activity = Activity(**validate_activity(session, data))
    session.add(activity)
    session.flush()
    return activity


@dataclass(frozen=True)
class Promoted:
    """A waitlisted booking moved up: whom the clerk should call."""

    booking_id: int
    name: str
    phone: str
    seats: int


def update_activity(session: Session, activity_id: int, data: ActivityInput) -> list[Promoted]:
    """Change an activity. Raising the seats promotes the waitlist (whom to call is
    returned); lowering them below the seats already booked is refused."""
    require("activities.write")
    activity = get_activity(session, activity_id)
    clean = validate_activity(session, data, exclude_id=activity_id)
    taken = seats_taken(session, activity_id)
    if clean["capacity"] < taken:
        raise ValidationFailed({"capacity": _("{taken} seats are booked already; cancel bookings first.").format(taken=taken)})
    for key, value in clean.items():
        setattr(activity, key, value)
    session.flush()
    if activity.status in ("open", "closed"):
        return promote_waitlist(session, activity_id)
    return []


def create_series(session: Session, data: ActivityInput, *, sessions: int, interval_days: int = 7) -> list[Activity]:
    """Create ``sessions`` activities, ``interval_days`` apart, in one step.

    Sign-up opening and deadline move with each session. Every session is checked
    for room clashes first; the refusal lists each clashing date.
    """
    require("activities.write")
    if not 2 <= sessions <= MAX_SERIES_SESSIONS:
        raise ValidationFailed({"sessions": _("A series has 2 to {max} sessions.").format(max=MAX_SERIES_SESSIONS)})
    if interval_days < 1:
        raise ValidationFailed({"sessions": _("Sessions are at least a day apart.")})
    clean = validate_activity(session, data, check_clash=False)
    step = dt.timedelta(days=interval_days)
    planned = []
    problems = []
    for k in range(sessions):
        shift = step * k
        values = dict(clean)
        for key in ("starts_at", "ends_at", "signup_opens_at", "signup_deadline"):
            if values[key] is not None:
                values[key] = values[key] + shift
        clashes = find_clashes(session, values["room_id"], values["starts_at"], values["ends_at"])
        if clashes:
            problems.append(clashes[0])
        planned.append(values)
    if problems:
        raise ValidationFailed({"room_id": clash_message(problems)})
    series = ActivitySeries(title=clean["title"], interval_days=interval_days, sessions=sessions)
    session.add(series)
    activities = [Activity(series=series, **values) for values in planned]
    session.add_all(activities)
    session.flush()
    return activities


def set_activity_status(session: Session, activity_id: int, status: str) -> list[Promoted]:
    """Change only the status. Cancelling returns everyone booked (to be told)."""
    require("activities.write")
    if status not in STATUSES:
        raise ValidationFailed({"status": _("Unknown status.")})
    activity = get_activity(session, activity_id)
    if status in ("open", "closed", "draft") and activity.status == "cancelled" and activity.room.archived:
        raise ValidationFailed({"room_id": _("{room} is retired; choose another room.").format(room=activity.room.name)})
    if status in ("open", "closed", "draft") and activity.status == "cancelled":
        clashes = find_clashes(session, activity.room_id, activity.starts_at, activity.ends_at, exclude_id=activity_id)
        if clashes:
            raise ValidationFailed({"room_id": clash_message(clashes)})
    activity.status = status
    session.flush()
    if status == "cancelled":
        rows = session.scalars(
            select(ActivityBooking).where(
                ActivityBooking.activity_id == activity_id, ActivityBooking.status.in_(("confirmed", "waitlisted"))
            ).order_by(ActivityBooking.id)
        )
        return [_promoted(b) for b in rows]
    return []


# --- seats ----------------------------------------------------------------------------


def seats_taken(session: Session, activity_id: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(ActivityBooking.seats), 0)).where(
                ActivityBooking.activity_id == activity_id, ActivityBooking.status.in_(SEATED)
            )
        )
        or 0
    )


def seats_left(session: Session, activity_id: int) -> int:
    activity = get_activity(session, activity_id)
    return max(0, activity.capacity - seats_taken(session, activity_id))


def _seat_sums(session: Session, activity_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """activity id → (seats taken, bookings waiting) in one grouped query."""
    if not activity_ids:
        return {}
    seated = func.sum(case((ActivityBooking.status.in_(SEATED), ActivityBooking.seats), else_=0))
    waiting = func.sum(case((ActivityBooking.status == "waitlisted", 1), else_=0))
    stmt = (
        select(ActivityBooking.activity_id, seated, waiting)
        .where(ActivityBooking.activity_id.in_(list(activity_ids)), ActivityBooking.status != "cancelled")
        .group_by(ActivityBooking.activity_id)
    )
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in session.execute(stmt)}


# --- the Party roster (built in parallel) --------------------------------------------


def party_membership(session: Session, resident_id: int) -> str:
    """"yes", "no" or "unknown": is the resident a Party member on the roster?

    The Party roster is another job's module (``models.party``), built in
    parallel. This is the one place that asks it: a module-level function
    ``is_party_member(session, resident_id)`` if it offers one, else a
    ``PartyMember`` entity with a ``resident_id`` column (and, if it has one,
    ``status == "active"``). While neither can be
    imported the answer is "unknown", which the booking rules treat like "not
    on the roster": refused, and the clerk may override with a reason.
    """
    try:
        party = importlib.import_module("models.party")
    except ImportError:
        return "unknown"
    check = getattr(party, "is_party_member", None)
    try:
        if callable(check):
            return "yes" if check(session, resident_id) else "no"
        member = getattr(party, "PartyMember", None)
        column = getattr(member, "resident_id", None)
        if column is None:
            return "unknown"
        stmt = select(func.count()).select_from(member).where(column == resident_id)
        status = getattr(member, "status", None)
        if status is not None:  # transferred out or deceased: no longer on the roster
            stmt = stmt.where(status == "active")
        found = session.scalar(stmt)
        return "yes" if found else "no"
    except Exception:  # noqa: BLE001 - another job's API we cannot see: say "unknown"
        return "unknown"


# --- bookings -------------------------------------------------------------------------


@dataclass
class BookingRequest:
    """Who wants how many seats for which activity, and the clerk's overrides."""

    activity_id: int
    resident_id: int | None = None
    walkin_name: str = ""
    walkin_phone: str = ""
    seats: int = 1
    override_deadline: bool = False
    override_reason: str = ""  # a target-group override needs a reason
    note: str = ""


@dataclass(frozen=True)
class BookingResult:
    booking_id: int
    status: str  # "confirmed" or "waitlisted"
    waitlist_position: int | None
    seats_left: int
    overrides: tuple[str, ...] = ()

    def describe(self, name: str, title: str) -> str:
        if self.status == "waitlisted":
            return _("{name}: waitlisted for {title} (position {pos}).").format(
                name=name, title=title, pos=self.waitlist_position
            )
        return _("{name}: booked for {title}. {left} seats left.").format(name=name, title=title, left=self.seats_left)


def _check_window(activity: Activity, now: dt.datetime) -> BookingRefused | None:
    if activity.status == "cancelled":
        return BookingRefused("cancelled", _("{title} is cancelled; nobody can sign up.").format(title=activity.title))
    if activity.status == "done":
        return BookingRefused("done", _("{title} is over.").format(title=activity.title))
    if activity.status == "draft":
        return BookingRefused("draft", _("{title} is still a draft: open it for sign-up first.").format(title=activity.title))
    if now >= activity.ends_at:
        return BookingRefused("done", _("{title} is over.").format(title=activity.title))
    if activity.status == "closed":
        return BookingRefused("deadline", _("Sign-up for {title} is closed.").format(title=activity.title), overridable=True)
    if activity.signup_opens_at is not None and now < activity.signup_opens_at:
        return BookingRefused(
            "deadline",
            _("Sign-up for {title} opens on {date} at {time}.").format(
                title=activity.title, date=format_date(activity.signup_opens_at.date(), "medium"),
                time=format_time(activity.signup_opens_at)),
            overridable=True,
        )
    deadline = activity.signup_deadline or activity.starts_at
    if now > deadline:
        return BookingRefused(
            "deadline",
            _("The sign-up deadline for {title} was {date} at {time}.").format(
                title=activity.title, date=format_date(deadline.date(), "medium"), time=format_time(deadline)),
            overridable=True,
        )
    return None


def _check_target(session: Session, activity: Activity, resident: Resident | None, seats: int) -> BookingRefused | None:
    group = activity.target_group
    who = resident.name if resident is not None else _("A walk-in")
    if group == "elders":
        if resident is None or resident.birth_date is None:
            return BookingRefused("target_group", _("{title} is for elders 60+; {name}'s age is not on file.").format(
                title=activity.title, name=who), overridable=True)
        age = age_on(resident.birth_date, activity.starts_at.date())
        if age < ELDER_AGE:
            return BookingRefused("target_group", _("{title} is for elders 60+; {name} is {age}.").format(
                title=activity.title, name=who, age=age), overridable=True)
    elif group == "children":
        if seats < CHILD_GUARDIAN_SEATS:
            return BookingRefused("target_group", _(
                "{title} is for children with a guardian: book at least {n} seats (the child and the guardian)."
            ).format(title=activity.title, n=CHILD_GUARDIAN_SEATS), overridable=True)
    elif group == "party":
        answer = party_membership(session, resident.id) if resident is not None else "no"
        if answer == "unknown":
            return BookingRefused("target_group", _(
                "{title} is for Party members; the Party roster cannot be checked for {name}."
            ).format(title=activity.title, name=who), overridable=True)
        if answer == "no":
            return BookingRefused("target_group", _("{title} is for Party members; {name} is not on the roster.").format(
                title=activity.title, name=who), overridable=True)
    return None


def _duplicate(session: Session, activity_id: int, resident_id: int | None, phone: str | None) -> ActivityBooking | None:
    stmt = select(ActivityBooking).where(ActivityBooking.activity_id == activity_id, ActivityBooking.status.in_(ACTIVE))
    if resident_id is not None:
        stmt = stmt.where(ActivityBooking.resident_id == resident_id)
    elif phone:
        stmt = stmt.where(ActivityBooking.walkin_phone == phone)
    else:
        return None
    return session.scalars(stmt.limit(1)).first()


def waitlist_position(session: Session, booking: ActivityBooking) -> int | None:
    if booking.status != "waitlisted":
        return None
    ahead = session.scalar(
        select(func.count()).select_from(ActivityBooking).where(
            ActivityBooking.activity_id == booking.activity_id,
            ActivityBooking.status == "waitlisted",
            ActivityBooking.id < booking.id,
        )
    )
    return int(ahead or 0) + 1


def book(session: Session, request: BookingRequest, *, now: dt.datetime | None = None) -> BookingResult:
    """Book seats, or put the booking on the waitlist when they are not free.

    Call inside ``with db.write() as session:`` — the seat count and the insert
    are then one transaction that holds the write lock (``BEGIN IMMEDIATE``).

    Raises:
        ValidationFailed: seats, walk-in name or phone are wrong.
        BookingRefused: a rule refuses the booking (see ``kind``/``overridable``).
        NotFound: no such activity or resident.
    """
    require("activities.book")
    now = now or now_local()
    activity = get_activity(session, request.activity_id)
    errors: dict[str, str] = {}
    if not isinstance(request.seats, int) or not 1 <= request.seats <= MAX_SEATS_PER_BOOKING:
        errors["seats"] = _("A booking holds 1 to {max} seats.").format(max=MAX_SEATS_PER_BOOKING)
    elif request.seats > activity.capacity:
        errors["seats"] = _("{title} has only {n} seats in all.").format(title=activity.title, n=activity.capacity)
    resident: Resident | None = None
    walkin_name = walkin_phone = None
    if request.resident_id is not None:
        resident = session.get(Resident, request.resident_id)
        if resident is None:
            raise NotFound(_("No resident with number {id}.").format(id=request.resident_id))
        if resident.archived:
            errors["resident"] = _("{name} is archived; restore the record first.").format(name=resident.name)
    else:
        try:
            walkin_name = normalise_name(request.walkin_name)
        except InvalidNameError as exc:
            errors["walkin_name"] = str(exc)
        try:
            walkin_phone = normalise_phone(request.walkin_phone)
        except PhoneError as exc:
            errors["walkin_phone"] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    who = resident.name if resident is not None else walkin_name
    same = _duplicate(session, activity.id, request.resident_id, walkin_phone)
    if same is not None:
        raise BookingRefused("duplicate", _("{name} is already booked for {title} ({status}).").format(
            name=who, title=activity.title, status=_(BOOKING_LABELS[same.status]).lower()))
    overrides: list[BookingOverride] = []
    refusal = _check_window(activity, now)
    if refusal is not None:
        if not (refusal.overridable and request.override_deadline):
            raise refusal
        overrides.append(BookingOverride(kind="deadline", reason=str(refusal), created_at=now))
    refusal = _check_target(session, activity, resident, request.seats)
    if refusal is not None:
        reason = " ".join((request.override_reason or "").split())
        if not reason:
            raise refusal
        overrides.append(BookingOverride(kind="target_group", reason=reason[:200], created_at=now))
    taken = seats_taken(session, activity.id)
    free = activity.capacity - taken
    # The same rule as promotion: whoever fits the free seats gets them (a
    # waitlisted booking that would fit has already been moved up).
    status = "confirmed" if request.seats <= free else "waitlisted"
    booking = ActivityBooking(
        activity=activity, resident=resident, walkin_name=walkin_name, walkin_phone=walkin_phone,
        seats=request.seats, status=status, booked_at=now, note=(request.note or "").strip()[:200],
        overrides=overrides,
    )
    session.add(booking)
    session.flush()
    left = max(0, free - (request.seats if status == "confirmed" else 0))
    return BookingResult(
        booking_id=booking.id, status=status, waitlist_position=waitlist_position(session, booking),
        seats_left=left, overrides=tuple(o.kind for o in overrides),
    )


def _person(booking: ActivityBooking) -> tuple[str, str]:
    if booking.resident is not None:
        return booking.resident.name, booking.resident.phone or ""
    return booking.walkin_name or "", booking.walkin_phone or ""


def _promoted(booking: ActivityBooking) -> Promoted:
    name, phone = _person(booking)
    return Promoted(booking.id, name, phone, booking.seats)


def promote_waitlist(session: Session, activity_id: int, *, now: dt.datetime | None = None) -> list[Promoted]:
    """Move waitlisted bookings up, in order, while they fit the free seats.

    A booking that does not fit (too many seats) keeps its place; a later, smaller
    one may move past it. Returns whom the clerk should call.
    """
    activity = get_activity(session, activity_id)
    free = activity.capacity - seats_taken(session, activity_id)
    out: list[Promoted] = []
    if free <= 0:
        return out
    waiting = session.scalars(
        select(ActivityBooking).where(
            ActivityBooking.activity_id == activity_id, ActivityBooking.status == "waitlisted"
        ).order_by(ActivityBooking.id)
    )
    for booking in waiting:
        if booking.seats <= free:
            booking.status = "confirmed"
            booking.promoted_at = now or now_local()
            free -= booking.seats
            out.append(_promoted(booking))
            if free <= 0:
                break
    session.flush()
    return out


def get_booking(session: Session, booking_id: int) -> ActivityBooking:
    booking = session.get(ActivityBooking, booking_id)
    if booking is None:
        raise NotFound(_("No booking with number {id}.").format(id=booking_id))
    return booking


def cancel_booking(session: Session, booking_id: int, *, now: dt.datetime | None = None) -> list[Promoted]:
    """Cancel a booking; a confirmed one frees its seats for the waitlist.

    Returns the waitlisted bookings moved up (whom to call).
    """
    require("activities.book")
    booking = get_booking(session, booking_id)
    if booking.status not in ("confirmed", "waitlisted"):
        raise LinliError(_("Only a confirmed or waitlisted booking can be cancelled; this one is {status}.").format(
            status=_(BOOKING_LABELS[booking.status]).lower()))
    was_seated = booking.status == "confirmed"
    booking.status = "cancelled"
    booking.cancelled_at = now or now_local()
    session.flush()
    if was_seated and booking.activity.status in ("open", "closed"):
        return promote_waitlist(session, booking.activity_id, now=now)
    return []


def set_attended(session: Session, booking_id: int, attended: bool, *, now: dt.datetime | None = None) -> ActivityBooking:
    """Tick (or untick) a confirmed booking as attended; untick makes it confirmed again."""
    require("activities.attendance")
    booking = get_booking(session, booking_id)
    if booking.status in ("cancelled", "waitlisted"):
        raise LinliError(_("A {status} booking cannot be marked as attended.").format(
            status=_(BOOKING_LABELS[booking.status]).lower()))
    booking.status = "attended" if attended else "confirmed"
    booking.attended_at = (now or now_local()) if attended else None
    session.flush()
    return booking


def check_in(session: Session, activity_id: int, resident_id: int, *, now: dt.datetime | None = None) -> ActivityBooking:
    """Attendance by quick-find: the resident's booking for the activity is ticked."""
    require("activities.attendance")
    booking = session.scalars(
        select(ActivityBooking).where(
            ActivityBooking.activity_id == activity_id,
            ActivityBooking.resident_id == resident_id,
            ActivityBooking.status.in_(ACTIVE),
        )
    ).first()
    if booking is None:
        resident = session.get(Resident, resident_id)
        raise LinliError(_("{name} has no booking for this activity.").format(name=resident.name if resident else resident_id))
    return set_attended(session, booking.id, True, now=now)


def mark_no_shows(session: Session, activity_id: int) -> int:
    """Confirmed bookings not ticked become no-shows; the activity is done. Returns how many."""
    require("activities.attendance")
    activity = get_activity(session, activity_id)
    rows = list(session.scalars(
        select(ActivityBooking).where(ActivityBooking.activity_id == activity_id, ActivityBooking.status == "confirmed")
    ))
    for b in rows:
        b.status = "no_show"
    if activity.status in ("open", "closed"):
        activity.status = "done"
    session.flush()
    return len(rows)


def register_walkin(session: Session, booking_id: int, *, confirmed: bool = False,
                    today: dt.date | None = None) -> Resident:
    """Register a walk-in as a resident (name and phone) and link the booking.

    Raises NeedsConfirmation when a resident with the same name and phone exists.
    """
    require("activities.book")
    booking = get_booking(session, booking_id)
    if booking.resident_id is not None:
        raise LinliError(_("This booking already belongs to a registered resident."))
    resident = create_resident(
        session, ResidentInput(name=booking.walkin_name or "", phone=booking.walkin_phone or ""),
        confirmed=confirmed, today=today,
    )
    booking.resident = resident
    booking.walkin_name = booking.walkin_phone = None
    session.flush()
    return resident


# --- what the screens show ------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    """An activity as the desk, the week view and the notices show it (no personal data)."""

    id: int
    title: str
    category: str
    room: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    taken: int
    waiting: int
    target_group: str
    status: str
    organiser: str = ""
    contact: str = ""
    description: str = ""
    signup_opens_at: dt.datetime | None = None
    signup_deadline: dt.datetime | None = None
    series_id: int | None = None

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.taken)

    def when(self) -> str:
        return _("{date} {start}–{end}").format(
            date=format_date(self.starts_at.date(), "medium"), start=format_time(self.starts_at), end=format_time(self.ends_at))


def _rows_for(session: Session, conditions: Sequence[ColumnElement[bool]], limit: int | None = None) -> list[ActivityRow]:
    stmt = (
        select(Activity, ActivityRoom.name)
        .join(ActivityRoom, ActivityRoom.id == Activity.room_id)
        .where(and_(true(), *conditions))
        .order_by(Activity.starts_at, Activity.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    found = list(session.execute(stmt))
    sums = _seat_sums(session, [a.id for a, _r in found])
    out = []
    for a, room in found:
        taken, waiting = sums.get(a.id, (0, 0))
        out.append(ActivityRow(
            id=a.id, title=a.title, category=a.category, room=room, starts_at=a.starts_at, ends_at=a.ends_at,
            capacity=a.capacity, taken=taken, waiting=waiting, target_group=a.target_group, status=a.status,
            organiser=a.organiser, contact=a.contact, description=a.description,
            signup_opens_at=a.signup_opens_at, signup_deadline=a.signup_deadline, series_id=a.series_id,
        ))
    return out


def activity_row(session: Session, activity_id: int) -> ActivityRow:
    rows = _rows_for(session, [Activity.id == activity_id])
    if not rows:
        raise NotFound(_("No activity with number {id}.").format(id=activity_id))
    return rows[0]


def desk_window(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """This weekend and next week: from today to the end of next week's Sunday."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    return dt.datetime.combine(today, dt.time()), dt.datetime.combine(sunday + dt.timedelta(days=8), dt.time())


def desk_activities(session: Session, now: dt.datetime | None = None) -> list[ActivityRow]:
    """The weekend sign-up desk: open activities not yet over, from now to the end
    of next week, with seats left."""
    now = now or now_local()
    _start, end = desk_window(now.date())
    return _rows_for(session, [Activity.status == "open", Activity.starts_at < end, Activity.ends_at > now])


def week_activities(session: Session, monday: dt.date) -> list[ActivityRow]:
    """The week from ``monday``: every activity but drafts' cancelled ones are shown too."""
    start = dt.datetime.combine(monday, dt.time())
    return _rows_for(session, [Activity.starts_at >= start, Activity.starts_at < start + dt.timedelta(days=7)])


@dataclass(frozen=True)
class BookingRow:
    id: int
    resident_id: int | None
    name: str
    phone: str
    seats: int
    status: str
    booked_at: dt.datetime
    waitlist_position: int | None
    walkin: bool
    overrides: tuple[str, ...] = ()


def activity_bookings(session: Session, activity_id: int, *, include_cancelled: bool = True) -> list[BookingRow]:
    """The bookings of one activity: seated first, then the waitlist in order, then cancelled."""
    stmt = (
        select(ActivityBooking, Resident.name, Resident.phone)
        .outerjoin(Resident, Resident.id == ActivityBooking.resident_id)
        .where(ActivityBooking.activity_id == activity_id)
    )
    if not include_cancelled:
        stmt = stmt.where(ActivityBooking.status != "cancelled")
    order = case(
        (ActivityBooking.status.in_(SEATED), 0), (ActivityBooking.status == "waitlisted", 1), else_=2
    )
    stmt = stmt.order_by(order, ActivityBooking.id)
    overrides: dict[int, list[str]] = {}
    for bid, kind in session.execute(
        select(BookingOverride.booking_id, BookingOverride.kind)
        .join(ActivityBooking, ActivityBooking.id == BookingOverride.booking_id)
        .where(ActivityBooking.activity_id == activity_id)
    ):
        overrides.setdefault(bid, []).append(kind)
    out, pos = [], 0
    for b, rname, rphone in session.execute(stmt):
        if b.status == "waitlisted":
            pos += 1
        out.append(BookingRow(
            id=b.id, resident_id=b.resident_id,
            name=rname if b.resident_id is not None else (b.walkin_name or ""),
            phone=(rphone if b.resident_id is not None else b.walkin_phone) or "",
            seats=b.seats, status=b.status, booked_at=b.booked_at,
            waitlist_position=pos if b.status == "waitlisted" else None,
            walkin=b.resident_id is None, overrides=tuple(overrides.get(b.id, ())),
        ))
    return out


@dataclass(frozen=True)
class HistoryRow:
    booking_id: int
    activity_id: int
    title: str
    starts_at: dt.datetime
    seats: int
    status: str


@dataclass(frozen=True)
class ResidentHistory:
    rows: list[HistoryRow]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def attended(self) -> int:
        return self.counts.get("attended", 0)

    @property
    def no_shows(self) -> int:
        return self.counts.get("no_show", 0)


def resident_history(session: Session, resident_id: int) -> ResidentHistory:
    """A resident's bookings, attendances and no-shows, newest first."""
    stmt = (
        select(ActivityBooking.id, Activity.id, Activity.title, Activity.starts_at, ActivityBooking.seats, ActivityBooking.status)
        .join(Activity, Activity.id == ActivityBooking.activity_id)
        .where(ActivityBooking.resident_id == resident_id)
        .order_by(Activity.starts_at.desc(), ActivityBooking.id.desc())
    )
    rows = [HistoryRow(*r) for r in session.execute(stmt)]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return ResidentHistory(rows, counts)


def booking_search_condition(activity_id: int) -> ColumnElement[bool]:
    """For a quick-find restricted to the people booked for one activity."""
    return Resident.id.in_(
        select(ActivityBooking.resident_id).where(
            ActivityBooking.activity_id == activity_id, ActivityBooking.status.in_(ACTIVE)
        )
    )


# --- the catalogue list ---------------------------------------------------------------


class ActivityListSource:
    """The catalogue: filter (title, category, organiser, room) and order in SQL."""

    columns: Sequence[ListColumn] = (
        ListColumn("starts_at", N_("When")),
        ListColumn("title", N_("Title")),
        ListColumn("category", N_("Category")),
        ListColumn("room", N_("Room")),
        ListColumn("target_group", N_("For")),
        ListColumn("seats", N_("Booked / seats"), sortable=False, align="right"),
        ListColumn("waiting", N_("Waiting"), sortable=False, align="right"),
        ListColumn("status", N_("Status")),
    )

    _sort = {
        "starts_at": (Activity.starts_at,),
        "title": (Activity.title,),
        "category": (Activity.category,),
        "room": (ActivityRoom.name,),
        "target_group": (Activity.target_group,),
        "status": (Activity.status,),
    }

    #: "upcoming" (not over), "past", or "all".
    def __init__(self, *, scope: str = "upcoming", status: str | None = None, now: dt.datetime | None = None):
        self.scope = scope
        self.status = status
        self._now = now

    @property
    def now(self) -> dt.datetime:
        return self._now or now_local()

    def ids(self, session: Session, filter_text: str, sort_key: str | None, descending: bool) -> list[int]:
        conditions: list[ColumnElement[bool]] = []
        if self.scope == "upcoming":
            conditions.append(Activity.ends_at > self.now)
        elif self.scope == "past":
            conditions.append(Activity.ends_at <= self.now)
        if self.status:
            conditions.append(Activity.status == self.status)
        text = " ".join((filter_text or "").split())
        if text:
            like = [Activity.title.contains(text, autoescape=True),
                    Activity.organiser.contains(text, autoescape=True),
                    ActivityRoom.name.contains(text, autoescape=True)]
            cats = [k for k, label in CATEGORY_LABELS.items() if text.lower() in _(label).lower() or text.lower() == k]
            if cats:
                like.append(Activity.category.in_(cats))
            conditions.append(or_(*like))
        cols = self._sort.get(sort_key or "", ())
        order = [c.desc() if descending else c.asc() for c in cols]
        if not cols:
            order = [Activity.starts_at.desc() if self.scope == "past" else Activity.starts_at.asc()]
        stmt = (
            select(Activity.id)
            .join(ActivityRoom, ActivityRoom.id == Activity.room_id)
            .where(and_(true(), *conditions))
            .order_by(*order, Activity.id)
        )
        return list(session.scalars(stmt))

    def rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        out: dict[int, tuple[str, ...]] = {}
        for r in _rows_for(session, [Activity.id.in_(list(ids))]):
            out[r.id] = (
                r.when(),
                r.title + (" ↻" if r.series_id else ""),
                _(CATEGORY_LABELS.get(r.category, r.category)),
                r.room,
                _(TARGET_LABELS.get(r.target_group, r.target_group)),
                f"{r.taken} / {r.capacity}",
                str(r.waiting) if r.waiting else "",
                _(STATUS_LABELS.get(r.status, r.status)),
            )
        return out


# --- monthly statistics -----------------------------------------------------------------


@dataclass(frozen=True)
class CategoryFigures:
    category: str
    held: int
    booked: int  # seats booked (attended + no-show)
    attended: int  # person-times

    @property
    def rate(self) -> float | None:
        return self.attended / self.booked if self.booked else None


@dataclass(frozen=True)
class MonthlyStatistics:
    year: int
    month: int
    by_category: list[CategoryFigures]
    cancelled: int

    @property
    def held(self) -> int:
        return sum(c.held for c in self.by_category)

    @property
    def attended(self) -> int:
        return sum(c.attended for c in self.by_category)

    @property
    def booked(self) -> int:
        return sum(c.booked for c in self.by_category)

    @property
    def rate(self) -> float | None:
        return self.attended / self.booked if self.booked else None


def monthly_statistics(session: Session, year: int, month: int, *, now: dt.datetime | None = None) -> MonthlyStatistics:
    """Activities held in a month, participant person-times by category, attendance rate.

    "Held": started in the month, not cancelled, and over (ended before ``now``).
    Person-times count seats of attended bookings; the attendance rate is attended
    seats over attended + no-show seats (confirmed bookings not yet marked count
    as neither).
    """
    require("activities.read")
    now = now or now_local()
    start = dt.datetime(year, month, 1)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1)
    in_month = and_(Activity.starts_at >= start, Activity.starts_at < end)
    held_rows = session.execute(
        select(Activity.category, func.count())
        .where(in_month, Activity.status != "cancelled", Activity.ends_at <= now)
        .group_by(Activity.category)
    )
    held = {c: n for c, n in held_rows}
    attended = func.sum(case((ActivityBooking.status == "attended", ActivityBooking.seats), else_=0))
    booked = func.sum(case((ActivityBooking.status.in_(("attended", "no_show")), ActivityBooking.seats), else_=0))
    figures = {
        c: (int(a or 0), int(b or 0))
        for c, a, b in session.execute(
            select(Activity.category, attended, booked)
            .join(ActivityBooking, ActivityBooking.activity_id == Activity.id)
            .where(in_month, Activity.status != "cancelled")
            .group_by(Activity.category)
        )
    }
    cancelled = session.scalar(select(func.count()).select_from(Activity).where(in_month, Activity.status == "cancelled"))
    cats = [c for c in CATEGORIES if c in held or c in figures]
    return MonthlyStatistics(
        year=year, month=month,
        by_category=[CategoryFigures(c, held.get(c, 0), figures.get(c, (0, 0))[1], figures.get(c, (0, 0))[0]) for c in cats],
        cancelled=int(cancelled or 0),
    )


# --- what the notices print ---------------------------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    name: str
    phone: str
    seats: int
    status: str


def signup_sheet_lines(session: Session, activity_id: int) -> list[SheetLine]:
    """Seated bookings, then the waitlist, with full names (reports/ masks them when public)."""
    return [
        SheetLine(b.name, b.phone, b.seats, b.status)
        for b in activity_bookings(session, activity_id, include_cancelled=False)
    ]


__all__ = [
    "Activity",
    "ActivityBooking",
    "ActivityInput",
    "ActivityListSource",
    "ActivityRoom",
    "ActivityRow",
    "ActivitySeries",
    "BookingOverride",
    "BookingRefused",
    "BookingRequest",
    "BookingResult",
    "Promoted",
    "activity_bookings",
    "activity_row",
    "book",
    "cancel_booking",
    "check_in",
    "create_activity",
    "create_series",
    "desk_activities",
    "find_clashes",
    "mark_no_shows",
    "monthly_statistics",
    "party_membership",
    "promote_waitlist",
    "register_walkin",
    "resident_history",
    "seats_left",
    "seats_taken",
    "set_activity_status",
    "set_attended",
    "update_activity",
    "validate_activity",
    "week_activities",
]


# --- demo data --------------------------------------------------------------------------

_DEMO_PROGRAMME: tuple[tuple[str, str, str, str, int, str, str], ...] = (
    # title, category, room, target, capacity, organiser, weekday-hour "d:h:len"
    ("社区义诊：量血压测血糖", "clinic", "多功能厅", "everyone", 60, "社区卫生服务中心", "2:9:2"),
    ("法律援助咨询", "legal", "调解室", "everyone", 6, "区法律援助中心", "3:14:2"),
    ("老年书法班", "culture", "活动室", "elders", 20, "老年大学", "1:9:2"),
    ("象棋与扑克友谊赛", "games", "活动室", "elders", 24, "老年协会", "4:14:3"),
    ("四点半课堂", "children", "议事厅", "children", 30, "青年志愿者服务队", "0:16:2"),
    ("露天电影之夜", "film", "户外广场", "everyone", 150, "文化站", "5:19:2"),
    ("跳蚤市场", "market", "户外广场", "everyone", 120, "居委会", "6:9:3"),
    ("防诈骗知识讲座", "talk", "议事厅", "everyone", 40, "派出所", "3:10:1"),
)


def fill_demo_activities(session: Session, seed: int, today: dt.date) -> dict[str, int]:
    """Demo rooms' activities: a year of monthly events, dense weeks around today
    (one weekly series), bookings with a full activity and a waitlist, attendance.

    Uses its own ``random.Random(seed + 4)``; writes through the domain's rules.
    """
    import random

    rng = random.Random(seed + 4)
    rooms = {r.name: r.id for r in list_rooms(session)}
    people = list(session.execute(select(Resident.id, Resident.birth_date).where(Resident.archived == false())))
    if not rooms or not people:
        return {}
    elders = [p.id for p in people if p.birth_date and age_on(p.birth_date, today) >= ELDER_AGE]
    everyone = [p.id for p in people]
    monday = today - dt.timedelta(days=today.weekday())
    made: list[Activity] = []

    def add(data: ActivityInput) -> Activity | None:
        try:
            a = create_activity(session, data)
        except ValidationFailed:
            return None
        made.append(a)
        return a

    def data_for(title, cat, room, target, cap, org, start, hours) -> ActivityInput:
        return ActivityInput(
            title=title, category=cat, room_id=rooms[room], starts_at=start, ends_at=start + dt.timedelta(hours=hours),
            capacity=min(cap, 200), target_group=target, organiser=org, contact="社区服务中心 010-6552 9988",
            signup_deadline=start - dt.timedelta(hours=2),
            description="欢迎居民报名参加。请提前十分钟到场。",
        )

    # A year of monthly themed events.
    for k in range(12, 0, -1):
        first = (today.replace(day=1) - dt.timedelta(days=31 * k)).replace(day=15)
        start = dt.datetime.combine(first, dt.time(9, 30))
        add(data_for(f"{first.month}月主题党日·邻里节", "themed", "多功能厅", "everyone", 80, "社区党委", start, 3))
    # Four weeks back and four ahead: the weekly programme, with gaps.
    for week in range(-4, 4):
        for title, cat, room, target, cap, org, when in _DEMO_PROGRAMME:
            if rng.random() < 0.3:
                continue
            day, hour, length = (int(x) for x in when.split(":"))
            start = dt.datetime.combine(monday + dt.timedelta(weeks=week, days=day), dt.time(hour))
            add(data_for(title, cat, room, target, cap, org, start, length))
    # One weekly series: Saturday calligraphy for eight weeks from four weeks ago.
    sat = monday + dt.timedelta(days=5, weeks=-4)
    series_start = dt.datetime.combine(sat, dt.time(15, 0))
    try:
        made += create_series(
            session, data_for("周六亲子手工课", "children", "议事厅", "children", 12, "妇联", series_start, 2), sessions=8
        )
    except ValidationFailed:
        pass

    bookings = 0
    now = dt.datetime.combine(today, dt.time(9, 0))
    nearest_full: Activity | None = None
    for a in sorted(made, key=lambda x: x.starts_at):
        pool = elders if a.target_group == "elders" else everyone
        seats = 2 if a.target_group == "children" else 1
        if a.ends_at <= now:
            # History: written directly (the rules held when it happened):
            # at most the capacity, most came, the rest did not.
            count = min(len(pool), a.capacity // seats, rng.randint(3, 15))
            for rid in rng.sample(pool, count):
                came = rng.random() < 0.85
                session.add(ActivityBooking(
                    activity_id=a.id, resident_id=rid, seats=seats, status="attended" if came else "no_show",
                    booked_at=a.starts_at - dt.timedelta(days=rng.randint(1, 6)), note="",
                    attended_at=a.starts_at if came else None,
                ))
            a.status = "done"
            bookings += count
            continue
        if nearest_full is None and a.capacity <= 12 and a.category != "legal":
            nearest_full = a
            wanted = a.capacity // seats + 3  # full, and three on the waitlist
        else:
            wanted = rng.randint(1, max(1, min(len(pool), a.capacity // seats, 12)))
        for rid in rng.sample(pool, min(len(pool), wanted)):
            try:
                book(session, BookingRequest(activity_id=a.id, resident_id=rid, seats=seats), now=min(now, a.starts_at))
                bookings += 1
            except LinliError:
                continue
    # One walk-in on a coming activity.
    coming = next((a for a in made if a.starts_at > now and a.target_group == "everyone"), None)
    if coming is not None:
        try:
            book(session, BookingRequest(activity_id=coming.id, walkin_name="路人甲", walkin_phone="13700001234"), now=now)
            bookings += 1
        except LinliError:
            pass
    session.flush()
    return {"activities": len(made), "activity bookings": bookings}
