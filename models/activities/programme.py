"""The activity editor's rules: what an activity must be (:func:`validate_activity`),
room clashes, creating and changing activities, a series in one step, and the
status (cancelling returns everyone booked; raising the seats promotes the waitlist).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import _
from models.activities.bookings import Promoted, _promoted, promote_waitlist, seats_taken
from models.activities.entities import (
    Activity,
    ActivityBooking,
    ActivityRoom,
    ActivitySeries,
    get_activity,
)
from models.activities.labels import (
    CATEGORIES,
    MAX_SERIES_SESSIONS,
    STATUSES,
    TARGET_GROUPS,
    format_date,
    format_time,
)
from models.core.errors import ValidationFailed
from models.safety.security import require


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


def create_activity(session: Session, data: ActivityInput) -> Activity:
    """Validate and add an activity (in the caller's transaction)."""
    require("activities.write")
    activity = Activity(**validate_activity(session, data))
    session.add(activity)
    session.flush()
    return activity


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
