"""Residents' requests in a period: received, done, done on time, overdue and the satisfaction rate.

The definitions are the requests job's month figures
(:func:`models.requests.statistics.month_figures`, the Requests tab's month
statistics), extended from a month to any period and clipped to its dates:

* **received**: received in the period;
* **done**: done in the period; **done on time**: of those, done by the deadline;
* **overdue**: the deadline fell in the period, has passed (before today), and the
  request was not done by it (done late, or still open); cancelled requests are not counted;
* **satisfaction rate**: (satisfied + basically satisfied) ÷ rated, over the requests done in the
  period; a request not rated within 5 working days is "not rated", never a made-up rating. With the
  centre's setting "silence is satisfied" on, such requests count as rated and satisfied, and every
  figure says so (:func:`models.requests.silence_note`).

The ratings are counted by the job's own :class:`models.requests.statistics.Counts` and
:func:`models.requests.rating.rating_state`, so the arithmetic is the tab's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.figures.period import Period
from models.figures.values import Chart, Figure, FigureTable
from models.requests import RequestCategory, ServiceRequest, silence_is_satisfied, silence_note
from models.requests.labels import ASSUMED, CANCELLED, DONE, NOT_RATED
from models.requests.rating import rating_state
from models.requests.statistics import Counts
from models.safety.security import require_any

TITLE = N_("Residents' requests")

#: Five working days after done always end within this many days (the longest holidays are nine days):
#: a request done longer ago and never rated is "not rated" without asking the calendar.
RATING_WINDOW_BOUND = 31

#: The most categories the chart stacks; the rest are drawn together as "Other categories".
CHART_CATEGORIES = 6

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (N_("Requests received"), N_("Requests received in the period (the day the desk took them), as in the "
                                 "requests' month statistics.")),
    (N_("Requests completed"), N_("Requests done in the period; done on time: of those, done by their deadline "
                             "(the category's time limit in working days).")),
    (N_("Overdue"), N_("Requests whose deadline fell in the period and has passed, not done by it (done late "
                       "or still open); cancelled requests are not counted.")),
    (N_("Satisfaction rate"), N_("Satisfied and basically satisfied over rated, for the requests done in the "
                                 "period. A request not rated within 5 working days after done is not rated: "
                                 "it is not counted in the rate.")),
)


@dataclass(frozen=True)
class RequestsMonth:
    """One month of the period (clipped to its dates)."""

    key: str  # "2025-07"
    received: int
    done: int
    on_time: int
    overdue: int
    rated: int
    pleased: int  # satisfied + basically satisfied (+ counted as satisfied when the setting is on)

    @property
    def satisfaction(self) -> float | None:
        return self.pleased / self.rated if self.rated else None


@dataclass(frozen=True)
class RequestsFigures:
    period: Period
    received: int
    escalated: int
    overdue: int
    counts: Counts  # the requests done in the period and their ratings
    by_category: tuple[tuple[str, int, int], ...]  # (category, received, done), in the categories' order
    months: tuple[RequestsMonth, ...]
    by_month_category: tuple[tuple[str, tuple[int, ...]], ...]  # category → received per month
    silence: bool
    note: str  # the "silence is satisfied" sentence ("" when the setting is off)
    has_data: bool
    key: str = "requests"

    @property
    def title(self) -> str:
        return _(TITLE)

    @property
    def done(self) -> int:
        return self.counts.done

    @property
    def on_time(self) -> int:
        return self.counts.on_time

    @property
    def satisfaction(self) -> float | None:
        return self.counts.satisfaction

    def headlines(self) -> list[Figure]:
        c = self.counts
        return [
            Figure("requests.received", _("Requests received"), self.received),
            Figure("requests.done", _("Requests completed"), c.done),
            Figure("requests.on_time", _("Done on time"), c.on_time),
            Figure("requests.on_time_rate", _("On-time rate"), c.on_time_rate, "rate"),
            Figure("requests.overdue", _("Requests overdue"), self.overdue),
            Figure("requests.satisfaction", _("Satisfaction rate"), c.satisfaction, "rate", self.note),
        ]

    def notes(self) -> list[str]:
        """What a reader must know beside the figures: the setting, when it is on."""
        return [self.note] if self.note else []

    def tables(self) -> list[FigureTable]:
        c = self.counts
        cols = (_("Month"), _("Received"), _("Completed"), _("Done on time"), _("Overdue"), _("Rated"),
                _("Satisfaction rate"))
        by_month = FigureTable(
            "requests.months", _("Requests by month"), cols,
            tuple((m.key, m.received, m.done, m.on_time, m.overdue, m.rated, m.satisfaction) for m in self.months),
            units=("count",) * 5 + ("rate",),
            total=(_("Period"), self.received, c.done, c.on_time, self.overdue, c.rated, c.satisfaction),
        )
        by_category = FigureTable(
            "requests.categories", _("Requests by category"), (_("Category"), _("Received"), _("Completed")),
            tuple((name, received, done) for name, received, done in self.by_category),
            total=(_("Total"), self.received, c.done),
        )
        ratings = [(_("Satisfied"), c.satisfied), (_("Basically satisfied"), c.basic),
                   (_("Not satisfied"), c.unsatisfied)]
        if self.silence:
            ratings.append((_("Not rated (counted as satisfied)"), c.assumed))
        else:
            ratings.append((_("Not rated"), c.not_rated))
        ratings.append((_("Awaiting rating"), c.awaiting))
        rated = FigureTable("requests.ratings", _("Ratings of the requests done"),
                            (_("Rating"), _("Number of requests")), tuple(ratings), total=(_("Completed"), c.done))
        return [by_month, by_category, rated]

    def charts(self) -> list[Chart]:
        cats = tuple(m.key[5:] for m in self.months)
        charts = [Chart("requests.months", _("Requests received and done by month"), "bar", cats,
                        ((_("Received"), tuple(m.received for m in self.months)),
                         (_("Completed"), tuple(m.done for m in self.months))))]
        if self.by_month_category:
            charts.append(Chart("requests.categories", _("Requests received by month and category"), "stacked",
                                cats, self.by_month_category))
        return charts

    def definitions(self) -> list[tuple[str, str]]:
        out = [(_(term), _(text)) for term, text in DEFINITIONS]
        if self.note:
            out.append((_("Not rated"), self.note))
        return out


def _rating_of(rating: str | None, state: str, done_on: dt.date, today: dt.date, silence: bool,
               memo: dict[dt.date, str | None]) -> str | None:
    """:func:`models.requests.rating.rating_state`, without asking the calendar 400 times a year."""
    if rating or state != DONE:
        return rating_state(rating, state, done_on, today, silence)
    if (today - done_on).days > RATING_WINDOW_BOUND:
        return ASSUMED if silence else NOT_RATED
    if done_on not in memo:
        memo[done_on] = rating_state(rating, state, done_on, today, silence)
    return memo[done_on]


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def requests_figures(session: Session, period: Period, *, today: dt.date | None = None) -> RequestsFigures:
    """Received, done, on time, overdue and the ratings for ``period``, by month and category (one query)."""
    require_any("requests.read", "figures.read")  # the sub-district's reader: aggregates only
    today = today or dt.date.today()
    first, last = period.first, period.last
    silence = silence_is_satisfied(session)
    rows = session.execute(
        select(ServiceRequest.received_on, ServiceRequest.done_on, ServiceRequest.deadline, ServiceRequest.state,
               ServiceRequest.rating, ServiceRequest.escalated, ServiceRequest.minutes,
               RequestCategory.name.label("category"), RequestCategory.position)
        .join(RequestCategory, RequestCategory.id == ServiceRequest.category_id)
        .where(or_(ServiceRequest.received_on.between(first, last), ServiceRequest.done_on.between(first, last),
                   and_(ServiceRequest.deadline.between(first, last), ServiceRequest.deadline < today)))
    ).all()
    keys = [span.key for span in period.months()]
    received: dict[str, int] = defaultdict(int)
    overdue: dict[str, int] = defaultdict(int)
    month_counts: dict[str, Counts] = defaultdict(Counts)
    total = Counts()
    escalated = 0
    cat_received: dict[str, int] = defaultdict(int)
    cat_done: dict[str, int] = defaultdict(int)
    cat_month: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    positions: dict[str, int] = {}
    memo: dict[dt.date, str | None] = {}
    for r in rows:
        positions[r.category] = r.position
        if first <= r.received_on <= last:
            key = _month(r.received_on)
            received[key] += 1
            escalated += bool(r.escalated)
            cat_received[r.category] += 1
            cat_month[r.category][key] += 1
        if r.state != CANCELLED and first <= r.deadline <= last and r.deadline < today and (
                r.done_on is None or r.done_on > r.deadline):
            overdue[_month(r.deadline)] += 1
        if r.done_on and first <= r.done_on <= last:
            rating = _rating_of(r.rating, r.state, r.done_on, today, silence, memo)
            args = (rating, r.done_on <= r.deadline, r.minutes or 0, 0)
            total.add(*args)
            month_counts[_month(r.done_on)].add(*args)
            cat_done[r.category] += 1
    months = tuple(
        RequestsMonth(k, received.get(k, 0), month_counts[k].done, month_counts[k].on_time, overdue.get(k, 0),
                      month_counts[k].rated, month_counts[k].satisfied + month_counts[k].basic
                      + month_counts[k].assumed)
        for k in keys
    )
    order = sorted(positions, key=lambda c: (positions[c], c))
    by_category = tuple((c, cat_received[c], cat_done[c]) for c in order if cat_received[c] or cat_done[c])
    busiest = sorted((c for c in order if cat_received[c]), key=lambda c: -cat_received[c])
    shown = [c for c in order if c in busiest[:CHART_CATEGORIES]]
    stacked = [(c, tuple(cat_month[c].get(k, 0) for k in keys)) for c in shown]
    rest = busiest[CHART_CATEGORIES:]
    if rest:
        stacked.append((_("Other categories"), tuple(sum(cat_month[c].get(k, 0) for c in rest) for k in keys)))
    has_data = bool(rows) or session.scalar(
        select(ServiceRequest.id).where(ServiceRequest.received_on <= last).limit(1)) is not None
    return RequestsFigures(
        period=period, received=sum(received.values()), escalated=escalated, overdue=sum(overdue.values()),
        counts=total, by_category=by_category, months=months, by_month_category=tuple(stacked), silence=silence,
        note=silence_note(silence), has_data=has_data,
    )


__all__ = ["RequestsFigures", "RequestsMonth", "requests_figures"]
