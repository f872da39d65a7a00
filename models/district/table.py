"""The centres side by side: one row per headline figure of the work report, one column per centre,
and the sub-district's total where a total means something.

* counts, money (fen) and hours: the sum of the centres that answered and recorded the figure
  (a resident known at two centres is counted at each: the centres keep separate registries);
* rates and averages: recomputed from the summed parts (:data:`RATE_PARTS`: numerator and
  denominator of each), never the average of the centres' rates — a small centre's 100 %
  must not weigh as much as a large centre's 80 %. A rate without parts here has no total.
  The average daily attendance's total is the district's person-times over the centres'
  open days: a centre's average day across the sub-district.

A centre that did not answer keeps its column, marked as such, and is in no total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models.core.base import now_local
from models.district.centres import Centre
from models.district.reading import CentreColumn, ServerKey, ServerPassword, read_centres_figures
from models.figures.period import Period
from models.figures.values import Figure, Number

#: figure key → (numerator, denominator) from its section's result. Every rate and average of
#: the sections' headlines is here (a test keeps it so): the total divides the sums.
RATE_PARTS: dict[str, Callable[[Any], tuple[Number, Number]]] = {
    "daycare.average": lambda s: (s.person_times, s.open_days),
    "activities.rate": lambda s: (s.total.attended, s.total.marked),
    "party.rate": lambda s: (s.served, s.reporting_in),
    "requests.on_time_rate": lambda s: (s.counts.on_time, s.counts.done),
    "requests.satisfaction": lambda s: (s.counts.satisfied + s.counts.basic + s.counts.assumed, s.counts.rated),
    "visits.coverage": lambda s: (s.care_seen, s.care_residents),
    "mediation.success_rate": lambda s: (s.figures.total.resolved, s.figures.total.closed),
}

#: Units whose values add up across centres.
SUMMED_UNITS = ("count", "fen", "hours")


@dataclass(frozen=True)
class DistrictRow:
    """One figure across the centres: ``values`` in the columns' order (None: not recorded, or the
    centre did not answer), and the total (None: no total, or nothing to sum)."""

    key: str
    section: str
    label: str
    unit: str
    values: tuple[Number | None, ...]
    total: Number | None


@dataclass(frozen=True)
class DistrictFigures:
    """The period's figures of every centre listed, side by side."""

    period: Period
    columns: tuple[CentreColumn, ...]
    made_at: dt.datetime

    @property
    def answered(self) -> list[CentreColumn]:
        return [c for c in self.columns if c.answered]

    @property
    def failed(self) -> list[CentreColumn]:
        return [c for c in self.columns if not c.answered]

    @property
    def seconds(self) -> float:
        """The slowest centre's reading time (the columns are read at once)."""
        return max((c.seconds for c in self.columns), default=0.0)

    def rows(self) -> list[DistrictRow]:
        """Every headline figure (labels in the language of the moment), one value per column."""
        first = next((c for c in self.columns if c.answered), None)
        if first is None:
            return []
        out = []
        for sec in first.sections:
            for fig in sec.headlines():
                values = tuple(_value(c, sec.key, fig.key) for c in self.columns)
                out.append(DistrictRow(fig.key, sec.title, fig.label, fig.unit, values,
                                       self._total(sec.key, fig, values)))
        return out

    def _total(self, section_key: str, fig: Figure, values: tuple[Number | None, ...]) -> Number | None:
        if fig.unit in SUMMED_UNITS:
            known = [v for v in values if v is not None]
            return sum(known) if known else None
        parts = RATE_PARTS.get(fig.key)
        if parts is None:
            return None
        num = den = 0
        for c in self.answered:
            sec = c.section(section_key)
            if sec is None or not sec.has_data:
                continue
            n, d = parts(sec)
            num, den = num + n, den + d
        return num / den if den else None

    def notes(self) -> list[tuple[str, str]]:
        """(centre, note) for what a reader must know beside a centre's figures ("silence is satisfied")."""
        out = []
        for c in self.answered:
            for sec in c.sections:
                notes = getattr(sec, "notes", None)
                for note in (notes() if callable(notes) else []):
                    out.append((c.centre.name, note))
        return out


def _value(column: CentreColumn, section_key: str, figure_key: str) -> Number | None:
    sec = column.section(section_key)
    if sec is None:
        return None
    for fig in sec.headlines():
        if fig.key == figure_key:
            return fig.value
    return None


def district_figures(centres: Sequence[Centre], period: Period, *, now: dt.datetime | None = None,
                     counts: bool = False, workers: int | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     passwords: Mapping[ServerKey, ServerPassword] | None = None) -> DistrictFigures:
    """Every centre's figures for ``period``, side by side (:func:`read_centres_figures`; ``passwords``:
    the ones the clerk typed, per server and role)."""
    now = now or now_local()
    columns = read_centres_figures(centres, period, now=now, counts=counts, workers=workers, progress=progress,
                                   passwords=passwords)
    return DistrictFigures(period, tuple(columns), now)


__all__ = ["RATE_PARTS", "SUMMED_UNITS", "DistrictFigures", "DistrictRow", "district_figures"]
