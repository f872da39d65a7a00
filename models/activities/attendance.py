"""Attendance: ticking who came (by the list or by quick-find), unticking, and
marking the rest as no-shows, which makes the activity done.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import _
from models.activities.entities import ActivityBooking, get_activity, get_booking
from models.activities.labels import ACTIVE, BOOKING_LABELS
from models.core.base import now_local
from models.core.errors import LinliError
from models.residents.entities import Resident
from models.safety.security import require


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
