"""Rooms are data: the rooms a new database starts with, listing, adding, renaming,
changing the capacity, retiring and reinstating — refusals name the activity in
the way (a coming activity with more seats, or held in a room being retired).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from i18n import _, ngettext
from models.activities.entities import Activity, ActivityRoom
from models.activities.labels import MAX_ROOM_CAPACITY, format_date, format_time
from models.core.base import now_local
from models.core.errors import LinliError, NotFound, ValidationFailed
from models.safety.security import require

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
