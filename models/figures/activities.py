"""Activities in a period: held, places, bookings, person-times and the attendance rate, by category and month.

The definitions are the month's statistics' (:func:`models.activities.statistics.monthly_statistics`,
the Activities tab's month-end dialog): an activity is **held** when it started
in the period, is not cancelled and is over; **person-times** are the seats of
attended bookings; the **attendance rate** is attended seats over attended and
no-show seats (bookings not yet marked count as neither). Two figures the
dialog does not show: **places offered**, the capacity of the activities held,
and **bookings**, every seat booked (confirmed, attended or no-show) for the
period's activities that are not cancelled — the dialog's "booked" column is
the rate's denominator (marked seats) and is shown here as "marked".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.activities import (
    CATEGORIES,
    CATEGORY_LABELS,
    SEATED,
    Activity,
    ActivityBooking,
    ActivityRoom,
)
from models.core.base import now_local
from models.figures.period import Period
from models.figures.values import Chart, Figure, FigureTable
from models.safety.security import require_any

TITLE = N_("Activities")
BUSIEST_ROOMS = 5

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (N_("Activities held"), N_("Activities that started in the period, were not cancelled and are over, as in "
                               "the month's activity statistics.")),
    (N_("Places offered"), N_("The capacity of the activities held.")),
    (N_("Bookings"), N_("Seats booked (confirmed, attended or no-show) for the period's activities that were "
                        "not cancelled; waitlisted and cancelled bookings are not counted.")),
    (N_("Attendance person-times"), N_("Seats of attended bookings (a guardian's seat counts too).")),
    (N_("Attendance rate"), N_("Attended seats over marked seats (attended and no-show); bookings not yet marked "
                               "count as neither, as in the month's statistics.")),
    (N_("Busiest rooms"), N_("The rooms with the most attendance person-times in the period.")),
)


@dataclass(frozen=True)
class ActivitiesLine:
    """One month, one category or one room."""

    key: str
    held: int
    places: int
    bookings: int
    attended: int
    marked: int  # attended + no-show seats

    @property
    def rate(self) -> float | None:
        return self.attended / self.marked if self.marked else None


@dataclass(frozen=True)
class ActivitiesFigures:
    period: Period
    total: ActivitiesLine
    by_category: tuple[ActivitiesLine, ...]
    rooms: tuple[ActivitiesLine, ...]  # the busiest first; key = the room's name
    months: tuple[ActivitiesLine, ...]
    cancelled: int
    has_data: bool
    key: str = "activities"

    @property
    def title(self) -> str:
        return _(TITLE)

    def headlines(self) -> list[Figure]:
        t = self.total
        return [
            Figure("activities.held", _("Activities held"), t.held),
            Figure("activities.attended", _("Activity person-times"), t.attended),
            Figure("activities.rate", _("Attendance rate"), t.rate, "rate"),
        ]

    def _rows(self, lines: tuple[ActivitiesLine, ...], label) -> tuple[tuple[object, ...], ...]:  # type: ignore[no-untyped-def]
        return tuple((label(x.key), x.held, x.places, x.bookings, x.attended, x.marked, x.rate) for x in lines)

    def tables(self) -> list[FigureTable]:
        cols = (_("Activities held"), _("Places offered"), _("Bookings"), _("Person-times"), _("Marked seats"),
                _("Attendance rate"))
        units = ("count",) * 5 + ("rate",)
        t = self.total
        total = (_("Total"), t.held, t.places, t.bookings, t.attended, t.marked, t.rate)
        return [
            FigureTable("activities.categories", _("Activities by kind"), (_("Kind"), *cols),
                        self._rows(self.by_category, lambda k: _(CATEGORY_LABELS.get(k, k))), units, total),
            FigureTable("activities.rooms", _("The busiest rooms"), (_("Room"), *cols),
                        self._rows(self.rooms, lambda k: k), units),
            FigureTable("activities.months", _("Activities by month"), (_("Month"), *cols),
                        self._rows(self.months, lambda k: k), units, total),
        ]

    def charts(self) -> list[Chart]:
        cats = tuple(m.key[5:] for m in self.months)
        return [
            Chart("activities.attended", _("Activity person-times by month"), "bar", cats,
                  ((_("Person-times"), tuple(m.attended for m in self.months)),
                   (_("Places offered"), tuple(m.places for m in self.months)))),
        ]

    def definitions(self) -> list[tuple[str, str]]:
        return [(_(term), _(text)) for term, text in DEFINITIONS]


def activities_figures(session: Session, period: Period, *, now: dt.datetime | None = None) -> ActivitiesFigures:
    """Held, places, bookings, person-times and rate for ``period`` by month, category and room."""
    require_any("activities.read", "figures.read")  # the sub-district's reader: aggregates only
    now = now or now_local()
    start = dt.datetime.combine(period.first, dt.time())
    end = dt.datetime.combine(period.end, dt.time())
    in_period = and_(Activity.starts_at >= start, Activity.starts_at < end, Activity.status != "cancelled")
    # per activity: month, category, room, held?, capacity
    acts: dict[int, tuple[str, str, str, bool, int]] = {}
    for aid, starts_at, ends_at, category, room, capacity in session.execute(
        select(Activity.id, Activity.starts_at, Activity.ends_at, Activity.category, ActivityRoom.name,
               Activity.capacity)
        .join(ActivityRoom, ActivityRoom.id == Activity.room_id)
        .where(in_period)
    ):
        acts[aid] = (f"{starts_at.year:04d}-{starts_at.month:02d}", category, room, ends_at <= now, capacity)
    seats = {
        aid: (int(b or 0), int(a or 0), int(m or 0))
        for aid, b, a, m in session.execute(
            select(
                ActivityBooking.activity_id,
                func.sum(case((ActivityBooking.status.in_(SEATED), ActivityBooking.seats), else_=0)),
                func.sum(case((ActivityBooking.status == "attended", ActivityBooking.seats), else_=0)),
                func.sum(case((ActivityBooking.status.in_(("attended", "no_show")), ActivityBooking.seats), else_=0)),
            )
            .join(Activity, Activity.id == ActivityBooking.activity_id)
            .where(in_period)
            .group_by(ActivityBooking.activity_id)
        )
    }
    groups: dict[str, dict[str, list[int]]] = {"month": defaultdict(lambda: [0] * 5),
                                               "category": defaultdict(lambda: [0] * 5),
                                               "room": defaultdict(lambda: [0] * 5), "total": defaultdict(lambda: [0] * 5)}
    for aid, (month, category, room, held, capacity) in acts.items():
        b, a, m = seats.get(aid, (0, 0, 0))
        for kind, key in (("month", month), ("category", category), ("room", room), ("total", "")):
            line = groups[kind][key]
            line[0] += held
            line[1] += capacity if held else 0
            line[2] += b
            line[3] += a
            line[4] += m

    def line(kind: str, key: str) -> ActivitiesLine:
        return ActivitiesLine(key, *groups[kind].get(key, [0] * 5))

    cat_order = {c: i for i, c in enumerate(CATEGORIES)}
    by_category = tuple(line("category", c) for c in sorted(groups["category"], key=lambda c: cat_order.get(c, 99)))
    rooms = tuple(sorted((line("room", r) for r in groups["room"]), key=lambda x: (-x.attended, -x.held, x.key)))
    cancelled = session.scalar(select(func.count()).select_from(Activity).where(
        Activity.starts_at >= start, Activity.starts_at < end, Activity.status == "cancelled")) or 0
    return ActivitiesFigures(
        period=period, total=line("total", ""), by_category=by_category, rooms=rooms[:BUSIEST_ROOMS],
        months=tuple(line("month", span.key) for span in period.months()), cancelled=cancelled,
        has_data=bool(acts) or bool(cancelled),
    )
