"""The counts of mediation — all that a role without the cases sees (``mediation.count``).

Definitions (docs/mediation.md):

* *cases*: cases opened (the case's date) in the period;
* *closed*: cases closed in the period, whatever the outcome; of those, *resolved*
  (with an agreement), *partly resolved*, *not resolved* and *referred*;
* *success rate*: resolved ÷ closed, both counted by the day closed (a case still
  open is in neither; a referred case is closed and not a success); None when
  nothing was closed;
* *open at the end*: opened by the period's last day and not closed by it.

By kind and by month the same counts, each case in the kind and the month of
its own date (opened) or of its closing (closed, resolved). No name, no
content: plain numbers, for the statistics (:mod:`reports.mediation`) and the
year's figures (:mod:`models.figures`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from i18n import N_
from models.mediation.entities import MediationCase
from models.mediation.labels import KINDS, PARTLY, REFERRED, RESOLVED, UNRESOLVED
from models.safety.security import require

#: The definitions in one paragraph (the statistics' PDF and sheet, the year's figures).
DEFINITION = N_(
    "Cases: opened in the period. Closed: closed in the period, whatever the outcome. Success rate: "
    "cases closed as resolved with an agreement over all cases closed in the period (partly resolved, "
    "not resolved and referred cases are closed and not resolved; cases still open are in neither). "
    "By kind and by month each case counts in the month it was opened (cases) or closed (closed, "
    "resolved). Counts only: no name and nothing of a case's content.")


@dataclass
class Counts:
    """Opened, closed and the outcomes of the closed."""

    opened: int = 0
    closed: int = 0
    resolved: int = 0
    partly: int = 0
    unresolved: int = 0
    referred: int = 0

    @property
    def success_rate(self) -> float | None:
        """Resolved ÷ closed; None when nothing was closed."""
        return self.resolved / self.closed if self.closed else None

    def close(self, outcome: str | None) -> None:
        self.closed += 1
        key = {RESOLVED: "resolved", PARTLY: "partly", UNRESOLVED: "unresolved", REFERRED: "referred"}.get(outcome or "")
        if key:
            setattr(self, key, getattr(self, key) + 1)


@dataclass
class MediationFigures:
    """The counts from ``start`` to ``end`` (both included), in total, by kind and by month."""

    start: dt.date
    end: dt.date
    total: Counts
    open_at_end: int
    by_kind: dict[str, Counts] = field(default_factory=dict)  # every kind, in KINDS order
    by_month: dict[tuple[int, int], Counts] = field(default_factory=dict)  # every month of the period, in order

    @property
    def has_data(self) -> bool:
        return bool(self.total.opened or self.total.closed or self.open_at_end)


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def mediation_figures(session: Session, start: dt.date, end: dt.date) -> MediationFigures:
    """The period's counts (read by the indexes on the two dates; no name, no content).

    Raises:
        PermissionDenied: the role may not see even the counts (``mediation.count``: volunteers).
    """
    require("mediation.count")
    c = MediationCase
    rows = session.execute(
        select(c.kind, c.opened_on, c.closed_on, c.outcome).where(or_(
            c.opened_on.between(start, end), c.closed_on.between(start, end),
            and_(c.opened_on <= end, or_(c.closed_on.is_(None), c.closed_on > end))))
    ).all()
    total = Counts()
    by_kind = {k: Counts() for k in KINDS}
    by_month = {ym: Counts() for ym in _months(start, end)}
    open_at_end = 0
    for kind, opened, closed, outcome in rows:
        kind_counts = by_kind.setdefault(kind, Counts())
        if start <= opened <= end:
            total.opened += 1
            kind_counts.opened += 1
            by_month[(opened.year, opened.month)].opened += 1
        if closed is not None and start <= closed <= end:
            total.close(outcome)
            kind_counts.close(outcome)
            by_month[(closed.year, closed.month)].close(outcome)
        if opened <= end and (closed is None or closed > end):
            open_at_end += 1
    return MediationFigures(start, end, total, open_at_end, by_kind, by_month)


def year_figures(session: Session, year: int) -> MediationFigures:
    """The counts of a calendar year (``mediation stats --year``)."""
    return mediation_figures(session, dt.date(year, 1, 1), dt.date(year, 12, 31))
