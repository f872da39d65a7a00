"""The dashboard's figures: today's desk and the month so far against last month.

Counts only, computed from the same rules as the desks: elders in now are the
day-care board's "in" (checked in, not out); meals so far are today's portions
not cancelled; this weekend's seats are the activities of the coming Saturday
and Sunday (today and tomorrow on a Saturday, today on a Sunday) that are open
or closed for sign-up, capacity minus the seats booked (confirmed, attended or
no-show); overdue requests are "not recorded" (None) until the requests job
(issue 16) gives its figure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, false, func, select
from sqlalchemy.orm import Session

from models.activities import SEATED, Activity, ActivityBooking
from models.core.base import now_local
from models.daycare import board
from models.daycare.entities import Visit
from models.figures.activities import activities_figures
from models.figures.period import Period, month_end
from models.meals import Meal
from models.safety.security import require


@dataclass(frozen=True)
class DeskToday:
    day: dt.date
    elders_in: int
    elders_expected: int
    elders_arrived: int
    meals: int
    diners: int
    weekend_first: dt.date
    weekend_last: dt.date
    weekend_activities: int
    weekend_seats_left: int
    overdue_requests: int | None  # None: not recorded (the requests job has not landed)


def weekend_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """This weekend: the coming Saturday and Sunday; from today on a Saturday or Sunday."""
    wd = day.isoweekday()
    if wd == 7:
        return day, day
    saturday = day + dt.timedelta(days=6 - wd)
    return saturday, saturday + dt.timedelta(days=1)


def today_desk(session: Session, *, now: dt.datetime | None = None) -> DeskToday:
    """Today's desk (see the module's docstring)."""
    require("figures.read")
    now = now or now_local()
    day = now.date()
    counts = board(session, day).counts
    meals, diners = session.execute(
        select(func.coalesce(func.sum(Meal.quantity), 0), func.count(func.distinct(Meal.resident_id)))
        .where(Meal.day == day, Meal.cancelled == false())
    ).one()
    first, last = weekend_of(day)
    start, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    seated = func.coalesce(func.sum(case((ActivityBooking.status.in_(SEATED), ActivityBooking.seats), else_=0)), 0)
    taken = (
        select(ActivityBooking.activity_id, seated.label("seated"))
        .group_by(ActivityBooking.activity_id)
        .subquery()
    )
    rows = session.execute(
        select(Activity.capacity, func.coalesce(taken.c.seated, 0))
        .outerjoin(taken, taken.c.activity_id == Activity.id)
        .where(Activity.starts_at >= start, Activity.starts_at < end, Activity.status.in_(("open", "closed")),
               Activity.ends_at > now)
    ).all()
    return DeskToday(
        day=day, elders_in=counts["in"], elders_expected=counts["expected"], elders_arrived=counts["arrived"],
        meals=int(meals), diners=int(diners), weekend_first=first, weekend_last=last,
        weekend_activities=len(rows), weekend_seats_left=sum(max(0, cap - int(n)) for cap, n in rows),
        overdue_requests=None,
    )


@dataclass(frozen=True)
class MonthSoFar:
    """This month up to today against last month up to the same day (clipped to its end).

    ``*_days`` are per day of the month (index 0 = the 1st), for the small charts.
    """

    this: Period
    last: Period
    daycare: tuple[int, int]  # (this, last) person-times
    meals: tuple[int, int]
    activities: tuple[int, int]  # attended person-times
    daycare_days: tuple[tuple[int, ...], tuple[int, ...]]
    meals_days: tuple[tuple[int, ...], tuple[int, ...]]


def _per_day(session: Session, column, value, where, period: Period) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    got: dict[dt.date, int] = defaultdict(int)
    for day, n in session.execute(select(column, value).where(*where).group_by(column)):
        got[day] += int(n)
    return tuple(got.get(period.first + dt.timedelta(days=i), 0) for i in range(period.days))


def month_so_far(session: Session, *, now: dt.datetime | None = None) -> MonthSoFar:
    """Day-care person-times, meals and activity person-times: the 1st to today, and last month alike."""
    require("figures.read")
    now = now or now_local()
    day = now.date()
    this = Period(day.replace(day=1), day, "range", "")
    prev_first = (this.first - dt.timedelta(days=1)).replace(day=1)
    prev_last = min(prev_first.replace(day=min(day.day, month_end(prev_first.year, prev_first.month).day)),
                    month_end(prev_first.year, prev_first.month))
    last = Period(prev_first, prev_last, "range", "")

    def visits(p: Period) -> tuple[int, ...]:
        return _per_day(session, Visit.visit_date, func.count(),
                        (Visit.visit_date >= p.first, Visit.visit_date <= p.last), p)

    def meals(p: Period) -> tuple[int, ...]:
        return _per_day(session, Meal.day, func.coalesce(func.sum(Meal.quantity), 0),
                        (Meal.day >= p.first, Meal.day <= p.last, Meal.cancelled == false()), p)

    v_this, v_last = visits(this), visits(last)
    m_this, m_last = meals(this), meals(last)
    a_this = activities_figures(session, this, now=now).total.attended
    a_last = activities_figures(session, last, now=now).total.attended
    return MonthSoFar(
        this=this, last=last, daycare=(sum(v_this), sum(v_last)), meals=(sum(m_this), sum(m_last)),
        activities=(a_this, a_last), daycare_days=(v_this, v_last), meals_days=(m_this, m_last),
    )


__all__ = ["DeskToday", "MonthSoFar", "month_so_far", "today_desk", "weekend_of"]
