"""What the notices print: the sign-up sheet's lines (full names here;
reports/ masks them on the public copy).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from models.activities.schedule import activity_bookings


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
