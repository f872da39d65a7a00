"""Day care in a period: the roll (start, new, left, end) and attendance, by month.

The attendance figures are :mod:`models.daycare.statistics`' (the month end of
the Day care tab): a person-time is one visit (one elder, one day); the elders
are those with at least one visit; the average daily attendance is person-times
over the open days (days with at least one visit). "Enrolled" is
:func:`models.daycare.enrolment.enrolled_ids`' rule, on the day: the status in
force (the history) is active or paused.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.daycare.entities import Enrolment, StatusChange, Visit
from models.figures.period import Period
from models.figures.values import Chart, Figure, FigureTable
from models.safety.security import require_any

#: Statuses that keep an elder on the roll (``enrolled_ids``: active or paused).
ON_ROLL: tuple[str, ...] = ("active", "paused")

TITLE = N_("Day care")

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (N_("Enrolled"), N_("An elder is enrolled on a day when the status in force that day (the enrolment's "
                        "history) is active or paused. Start: enrolled the day before the period; end: enrolled "
                        "on its last day.")),
    (N_("New, left"), N_("New: elders who came onto the roll in the period (enrolled, or back after leaving). "
                         "Left: elders who went off it (left or deceased). Start + new − left = end.")),
    (N_("Attendance person-times"), N_("One visit of one elder on one day, as on the day-care board and in "
                                       "the month's attendance statistics.")),
    (N_("Elders who attended"), N_("Different elders with at least one visit in the period (not the sum of "
                                   "the months: an elder who came every month is counted once).")),
    (N_("Average daily attendance"), N_("Person-times divided by the open days, the days with at least one "
                                        "visit (closed days do not dilute it), as in the month's statistics.")),
)


@dataclass(frozen=True)
class DaycareMonth:
    key: str  # "2025-07"
    new: int
    left: int
    person_times: int
    elders: int
    open_days: int

    @property
    def average(self) -> float:
        return self.person_times / self.open_days if self.open_days else 0.0


@dataclass(frozen=True)
class DaycareFigures:
    """Day care in a period: the roll, attendance and each month."""

    period: Period
    start: int
    new: int
    left: int
    end: int
    person_times: int
    elders: int
    open_days: int
    months: tuple[DaycareMonth, ...]
    has_data: bool
    key: str = "daycare"

    @property
    def title(self) -> str:
        return _(TITLE)

    @property
    def average(self) -> float:
        return self.person_times / self.open_days if self.open_days else 0.0

    def headlines(self) -> list[Figure]:
        return [
            Figure("daycare.end", _("Elders enrolled at the end"), self.end),
            Figure("daycare.new", _("Newly enrolled"), self.new),
            Figure("daycare.person_times", _("Day-care person-times"), self.person_times),
            Figure("daycare.average", _("Average daily attendance"), self.average, "average"),
        ]

    def tables(self) -> list[FigureTable]:
        roll = FigureTable(
            "daycare.roll", _("Enrolled elders"),
            (_("Period"), _("At the start"), _("New"), _("Left"), _("At the end")),
            ((self.period.label(), self.start, self.new, self.left, self.end),),
        )
        by_month = FigureTable(
            "daycare.months", _("Attendance by month"),
            (_("Month"), _("New"), _("Left"), _("Person-times"), _("Elders"), _("Open days"), _("Daily average")),
            tuple((m.key, m.new, m.left, m.person_times, m.elders, m.open_days, m.average) for m in self.months),
            units=("count", "count", "count", "count", "count", "average"),
            total=(_("Period"), self.new, self.left, self.person_times, self.elders, self.open_days, self.average),
        )
        return [roll, by_month]

    def charts(self) -> list[Chart]:
        return [Chart("daycare.person_times", _("Day-care person-times by month"), "bar",
                      tuple(m.key[5:] for m in self.months),
                      ((_("Person-times"), tuple(m.person_times for m in self.months)),))]

    def definitions(self) -> list[tuple[str, str]]:
        return [(_(term), _(text)) for term, text in DEFINITIONS]


def _roll(session: Session, period: Period) -> tuple[int, dict[str, tuple[int, int]], int]:
    """(on the roll the day before, month key → (came on, went off), on the roll on the last day)."""
    histories: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for eid, status, effective_on in session.execute(
        select(StatusChange.enrolment_id, StatusChange.status, StatusChange.effective_on)
        .where(StatusChange.effective_on <= period.last)
        .order_by(StatusChange.enrolment_id, StatusChange.effective_on, StatusChange.id)
    ):
        histories[eid].append((effective_on, status))
    start = end = 0
    moves: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for changes in histories.values():
        on = False  # before the first change: not yet enrolled
        for effective_on, status in changes:
            if effective_on >= period.first:
                break
            on = status in ON_ROLL
        start += on
        for effective_on, status in changes:
            if effective_on < period.first:
                continue
            now_on = status in ON_ROLL
            if now_on != on:
                moves[f"{effective_on.year:04d}-{effective_on.month:02d}"][0 if now_on else 1] += 1
            on = now_on
        end += on
    return start, {k: (v[0], v[1]) for k, v in moves.items()}, end


def daycare_figures(session: Session, period: Period) -> DaycareFigures:
    """The roll and attendance for ``period``, by month (counted in SQL and from the status history)."""
    require_any("daycare.read", "figures.read")  # the sub-district's reader: aggregates only
    start, moves, end = _roll(session, period)
    per_month_days: dict[str, set[dt.date]] = defaultdict(set)
    per_month_elders: dict[str, set[int]] = defaultdict(set)
    per_month_visits: dict[str, int] = defaultdict(int)
    elders: set[int] = set()
    days: set[dt.date] = set()
    for eid, day, n in session.execute(
        select(Visit.enrolment_id, Visit.visit_date, func.count())
        .where(Visit.visit_date >= period.first, Visit.visit_date <= period.last)
        .group_by(Visit.enrolment_id, Visit.visit_date)
    ):
        key = f"{day.year:04d}-{day.month:02d}"
        per_month_days[key].add(day)
        per_month_elders[key].add(eid)
        per_month_visits[key] += n
        elders.add(eid)
        days.add(day)
    months = tuple(
        DaycareMonth(
            span.key, moves.get(span.key, (0, 0))[0], moves.get(span.key, (0, 0))[1], per_month_visits.get(span.key, 0),
            len(per_month_elders.get(span.key, ())), len(per_month_days.get(span.key, ())),
        )
        for span in period.months()
    )
    has_data = bool(session.scalar(
        select(func.count()).select_from(Enrolment).where(Enrolment.enrolled_on <= period.last)))
    return DaycareFigures(
        period=period, start=start, new=sum(m.new for m in months), left=sum(m.left for m in months), end=end,
        person_times=sum(m.person_times for m in months), elders=len(elders), open_days=len(days),
        months=months, has_data=has_data,
    )
