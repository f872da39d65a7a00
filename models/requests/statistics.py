"""The month's figures: received, done, on time, overdue, escalated, by category and channel, ratings, per handler.

Definitions (docs/requests.md):

* *received*: received in the month; *escalated*: of those, sent to a sub-district department;
* *done*: done in the month; *on time*: of those, done by the deadline;
* *overdue*: deadline in the month, already past, and not done by it (done late, or still open);
* *rated*: done in the month and rated; *satisfaction rate*: (satisfied + basically satisfied) ÷ rated;
  *not rated*: done in the month, 5 working days passed without a rating. With the setting
  "silence is satisfied" on, those count as rated and satisfied, and the figures say so;
* *average working days to done*: working days after the day received up to the day done.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from models.core.workdays import working_days_between
from models.requests.entities import RequestCategory, ServiceRequest
from models.requests.labels import (
    ASSUMED,
    AWAITING,
    BASIC,
    CANCELLED,
    CHANNELS,
    DEPARTMENT,
    NOT_RATED,
    SATISFIED,
    UNSATISFIED,
)
from models.requests.rating import rating_state, silence_is_satisfied, silence_note
from models.residents.entities import Resident
from models.safety.security import require


@dataclass
class Counts:
    """Ratings of the requests done in a period."""

    done: int = 0
    on_time: int = 0
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0
    not_rated: int = 0
    awaiting: int = 0
    assumed: int = 0  # not rated, counted as satisfied (the setting)
    minutes: int = 0
    days_to_done: int = 0

    @property
    def rated(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied + self.assumed

    @property
    def satisfaction(self) -> float | None:
        """(satisfied + basically satisfied, + assumed) ÷ rated; None when nothing was rated."""
        return (self.satisfied + self.basic + self.assumed) / self.rated if self.rated else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.done if self.done else None

    @property
    def average_days(self) -> float | None:
        return self.days_to_done / self.done if self.done else None

    def add(self, rating: str | None, on_time: bool, minutes: int, days: int) -> None:
        self.done += 1
        self.on_time += on_time
        self.minutes += minutes
        self.days_to_done += days
        key = {SATISFIED: "satisfied", BASIC: "basic", UNSATISFIED: "unsatisfied", NOT_RATED: "not_rated",
               AWAITING: "awaiting", ASSUMED: "assumed"}.get(rating or "")
        if key:
            setattr(self, key, getattr(self, key) + 1)


@dataclass
class HandlerLine:
    kind: str
    name: str
    dispatched: int = 0
    counts: Counts = field(default_factory=Counts)


@dataclass
class MonthFigures:
    year: int
    month: int
    received: int
    escalated: int
    overdue: int
    counts: Counts
    by_category: list[tuple[str, int, int]]  # (category, received, done)
    by_channel: list[tuple[str, int]]  # (channel, received)
    by_handler: list[HandlerLine]
    silence: bool
    note: str  # the "silence is satisfied" sentence ("" when the setting is off)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def days_to_done(received_on: dt.date, done_on: dt.date) -> int:
    """Working days after the day received up to the day done (done the same day: 0)."""
    return working_days_between(received_on + dt.timedelta(days=1), done_on)


def month_figures(session: Session, year: int, month: int, *, today: dt.date | None = None) -> MonthFigures:
    """The month's figures, from the month's requests only (read by the indexes on the dates)."""
    require("requests.read")
    today = today or dt.date.today()
    start, end = month_bounds(year, month)
    silence = silence_is_satisfied(session)
    person = aliased(Resident)
    rows = session.execute(
        select(ServiceRequest.received_on, ServiceRequest.done_on, ServiceRequest.deadline, ServiceRequest.state,
               ServiceRequest.rating, ServiceRequest.channel, ServiceRequest.escalated, ServiceRequest.minutes,
               ServiceRequest.handler_kind, ServiceRequest.handler_name, ServiceRequest.dispatched_on,
               RequestCategory.name.label("category"), RequestCategory.position, person.name.label("person"))
        .join(RequestCategory, RequestCategory.id == ServiceRequest.category_id)
        .outerjoin(person, person.id == ServiceRequest.handler_resident_id)
        .where(or_(ServiceRequest.received_on.between(start, end), ServiceRequest.done_on.between(start, end),
                   ServiceRequest.dispatched_on.between(start, end),
                   and_(ServiceRequest.deadline.between(start, end), ServiceRequest.deadline < today)))
    ).all()
    received = escalated = overdue = 0
    counts = Counts()
    cat_received: dict[str, int] = defaultdict(int)
    cat_done: dict[str, int] = defaultdict(int)
    positions: dict[str, int] = {}
    channels: dict[str, int] = defaultdict(int)
    handlers: dict[tuple[str, str], HandlerLine] = {}
    for r in rows:
        positions[r.category] = r.position
        handler = (r.handler_kind or "", r.person or r.handler_name) if r.handler_kind else None
        if start <= r.received_on <= end:
            received += 1
            escalated += bool(r.escalated)
            cat_received[r.category] += 1
            channels[r.channel] += 1
        if handler and r.dispatched_on and start <= r.dispatched_on <= end:
            handlers.setdefault(handler, HandlerLine(*handler)).dispatched += 1
        if r.state != CANCELLED and start <= r.deadline <= end and r.deadline < today and (
                r.done_on is None or r.done_on > r.deadline):
            overdue += 1
        if r.done_on and start <= r.done_on <= end:
            rating = rating_state(r.rating, r.state, r.done_on, today, silence)
            args = (rating, r.done_on <= r.deadline, r.minutes or 0, days_to_done(r.received_on, r.done_on))
            counts.add(*args)
            cat_done[r.category] += 1
            if handler:
                handlers.setdefault(handler, HandlerLine(*handler)).counts.add(*args)
    by_category = [(c, cat_received[c], cat_done[c]) for c in sorted(positions, key=lambda c: (positions[c], c))
                   if cat_received[c] or cat_done[c]]
    by_channel = [(c, channels[c]) for c in CHANNELS if channels[c]]
    by_handler = sorted(handlers.values(), key=lambda h: (-h.counts.done, -h.dispatched, h.kind == DEPARTMENT, h.name))
    return MonthFigures(year, month, received, escalated, overdue, counts, by_category, by_channel, by_handler,
                        silence, silence_note(silence))
