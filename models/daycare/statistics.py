"""Month end: a month's attendance per elder and per day, counted in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from models.daycare.entities import Enrolment, Visit
from models.residents.entities import Resident
from models.safety.security import require

# --- monthly statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElderMonth:
    enrolment_id: int
    name: str
    care_level: str
    days: int


@dataclass
class MonthStats:
    """A month's attendance: per elder, per day, total and the daily average.

    The average is over the days the centre had at least one visit (open
    days), so closed Sundays and holidays do not dilute it.
    """

    year: int
    month: int
    per_elder: list[ElderMonth]
    per_day: dict[dt.date, int]
    #: elder × day: enrolment id → dates attended (for the .xlsx grid)
    grid: dict[int, set[dt.date]]

    @property
    def total(self) -> int:
        return sum(self.per_day.values())

    @property
    def open_days(self) -> int:
        return sum(1 for n in self.per_day.values() if n)

    @property
    def average(self) -> float:
        return self.total / self.open_days if self.open_days else 0.0

    @property
    def days_in_month(self) -> list[dt.date]:
        first = dt.date(self.year, self.month, 1)
        nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return [first + dt.timedelta(days=i) for i in range((nxt - first).days)]


def month_stats(session: Session, year: int, month: int, *, with_grid: bool = False) -> MonthStats:
    """Attendance for a month, counted in SQL (GROUP BY), one row per elder who came."""
    require("daycare.read")
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    in_month = and_(Visit.visit_date >= first, Visit.visit_date < nxt)
    days = func.count(Visit.id).label("days")
    per_elder_stmt = (
        select(Enrolment.id, Resident.name, Enrolment.care_level, days)
        .join(Enrolment, Enrolment.id == Visit.enrolment_id)
        .join(Resident, Resident.id == Enrolment.resident_id)
        .where(in_month)
        .group_by(Enrolment.id, Resident.name, Resident.name_pinyin, Enrolment.care_level)
        .order_by(Resident.name_pinyin, Enrolment.id)
    )
    per_elder = [ElderMonth(r.id, r.name, r.care_level, r.days) for r in session.execute(per_elder_stmt)]
    per_day_stmt = (
        select(Visit.visit_date, func.count(Visit.id)).where(in_month).group_by(Visit.visit_date).order_by(Visit.visit_date)
    )
    per_day = {d: n for d, n in session.execute(per_day_stmt)}
    grid: dict[int, set[dt.date]] = {}
    if with_grid:
        for eid, d in session.execute(select(Visit.enrolment_id, Visit.visit_date).where(in_month)):
            grid.setdefault(eid, set()).add(d)
    return MonthStats(year=year, month=month, per_elder=per_elder, per_day=per_day, grid=grid)
