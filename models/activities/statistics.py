"""The month's figures: activities held, person-times by category and the
attendance rate (the monthly report and the month-end statistics dialog).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from models.activities.entities import Activity, ActivityBooking
from models.activities.labels import CATEGORIES
from models.core.base import now_local
from models.safety.security import require


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
