"""What every job's figures hand over, whatever the job: plain, typed, frozen.

A job's result (e.g. :class:`models.figures.daycare.DaycareFigures`) keeps its
numbers in its own fields and presents them through three methods that the
PDF, the .xlsx and the dashboard draw without knowing the job:

* ``headlines()`` → :class:`Figure` list (the summary page, the dashboard);
* ``tables()`` → :class:`FigureTable` list (one table each: by month, by kind…);
* ``charts()`` → :class:`Chart` list (bar or line by month, stacked bars).

Labels are translated when these methods are called (in the language of the
moment), never stored. A figure's value ``None`` is **not recorded** (the job
does not exist yet, or keeps no such data) — never a made-up zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: How a value is written: a count, money in fen, a rate (0..1), hours, an average.
UNITS: tuple[str, ...] = ("count", "fen", "rate", "hours", "average")

Number = int | float


@dataclass(frozen=True)
class Change:
    """The same figure a year earlier, and how it moved."""

    before: Number
    now: Number

    @property
    def direction(self) -> str:
        """``"up"``, ``"down"`` or ``"same"``."""
        return "up" if self.now > self.before else "down" if self.now < self.before else "same"

    @property
    def percent(self) -> float | None:
        """The change in % of the earlier figure (None when it was 0)."""
        if not self.before:
            return None
        return (self.now - self.before) / self.before * 100


def compare(now: Number | None, before: Number | None) -> Change | None:
    """The change from ``before`` to ``now``; None when either is not recorded."""
    if now is None or before is None:
        return None
    return Change(before=before, now=now)


@dataclass(frozen=True)
class Figure:
    """One headline figure: its key (stable, for tests and the .xlsx), label, value and unit.

    ``value`` None means "not recorded". ``definition`` says what is counted.
    """

    key: str
    label: str
    value: Number | None
    unit: str = "count"
    definition: str = ""


@dataclass(frozen=True)
class FigureTable:
    """A table of figures: ``columns[0]`` heads the row labels; ``units`` one per value column."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    units: tuple[str, ...] = ()
    total: tuple[object, ...] | None = None
    #: When set, one unit per row instead of per column (a table of different figures).
    row_units: tuple[str, ...] = ()

    def unit(self, col: int, row: int | None = None) -> str:
        """The unit of value column ``col`` (0 = the first after the labels) in ``row`` (None: the total)."""
        if self.row_units and row is not None and row < len(self.row_units):
            return self.row_units[row]
        return self.units[col] if col < len(self.units) else "count"


@dataclass(frozen=True)
class Chart:
    """A chart: ``kind`` is ``"bar"``, ``"line"`` or ``"stacked"``; one series per name."""

    key: str
    title: str
    kind: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Number, ...]], ...]
    unit: str = "count"


@dataclass(frozen=True)
class NotRecorded:
    """A section whose job keeps no data yet: every row of it says "not recorded"."""

    key: str
    title: str
    rows: tuple[str, ...] = field(default_factory=tuple)
    has_data: bool = False

    def headlines(self) -> list[Figure]:
        return [Figure(f"{self.key}.{i}", label, None) for i, label in enumerate(self.rows)]

    def tables(self) -> list[FigureTable]:
        return []

    def charts(self) -> list[Chart]:
        return []

    def definitions(self) -> list[tuple[str, str]]:
        return []
