"""Home visits and the care list in a period: visits, and how many care-list residents were seen.

Definitions (docs/figures.md):

* **visits**: visits recorded with a date in the period (to a resident or to a whole household),
  "not at home" ones included; of those, *not at home* and *needs help* as flagged;
* **care-list residents**: the residents on the care list (关爱对象) at the period's end — the
  list is the residents' care categories as they stand now (it keeps no history);
* **visited**: of those, the residents seen at least once in the period (a visit to them or to
  their household, not "not at home") — the grids' own rule of a counted visit
  (:func:`models.grids.care_list`); **coverage**: visited ÷ care-list residents.

No name and nothing of a visit's notes: counts only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.figures.period import Period
from models.figures.values import Chart, Figure, FigureTable
from models.grids import period_visits
from models.grids.care import care_list_ids
from models.grids.entities import Visit

TITLE = N_("Home visits and the care list")

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (N_("Home visits"), N_("Visits recorded in the period, to a resident or to a whole household; "
                           "visits that found nobody at home are counted and shown apart.")),
    (N_("Care-list coverage"), N_("Care-list residents (their care categories at the end of the period) seen "
                                  "at least once in the period, by a visit to them or to their household that "
                                  "found them at home, over all care-list residents.")),
)


@dataclass(frozen=True)
class VisitsMonth:
    key: str
    visits: int
    care_seen: int  # care-list residents seen in that month


@dataclass(frozen=True)
class VisitsFigures:
    period: Period
    visits: int
    not_home: int
    needs_help: int
    care_residents: int
    care_seen: int
    months: tuple[VisitsMonth, ...]
    has_data: bool
    key: str = "visits"

    @property
    def title(self) -> str:
        return _(TITLE)

    @property
    def coverage(self) -> float | None:
        return self.care_seen / self.care_residents if self.care_residents else None

    def headlines(self) -> list[Figure]:
        known = self.has_data  # before the first visit: "not recorded", not a zero
        return [
            Figure("visits.visits", _("Home visits"), self.visits if known else None),
            Figure("visits.care_residents", _("Care-list residents"), self.care_residents if known else None),
            Figure("visits.care_seen", _("Care-list residents visited"), self.care_seen if known else None),
            Figure("visits.coverage", _("Care-list coverage"), self.coverage if known else None, "rate"),
        ]

    def tables(self) -> list[FigureTable]:
        months = FigureTable(
            "visits.months", _("Home visits by month"),
            (_("Month"), _("Home visits"), _("Care-list residents visited")),
            tuple((m.key, m.visits, m.care_seen) for m in self.months),
            total=(_("Period"), self.visits, self.care_seen))
        flags = FigureTable(
            "visits.summary", _("Home visits and the care list"), (_("Figure"), _("Number")),
            ((_("Home visits"), self.visits), (_("Nobody at home"), self.not_home),
             (_("Needs help"), self.needs_help), (_("Care-list residents"), self.care_residents),
             (_("Care-list residents visited"), self.care_seen), (_("Care-list coverage"), self.coverage)),
            row_units=("count",) * 5 + ("rate",))
        return [flags, months]

    def charts(self) -> list[Chart]:
        return [Chart("visits.months", _("Home visits by month"), "bar", tuple(m.key[5:] for m in self.months),
                      ((_("Home visits"), tuple(m.visits for m in self.months)),
                       (_("Care-list residents visited"), tuple(m.care_seen for m in self.months))))]

    def definitions(self) -> list[tuple[str, str]]:
        return [(_(term), _(text)) for term, text in DEFINITIONS]


def _month(day) -> str:  # type: ignore[no-untyped-def]
    return f"{day.year:04d}-{day.month:02d}"


def visits_figures(session: Session, period: Period) -> VisitsFigures:
    """The period's visits and care-list coverage, by the grids' own rule of a counted visit."""
    first, last = period.first, period.last
    care_ids = care_list_ids(session)  # the list is the residents' flags now: it keeps no history
    found = period_visits(session, first, last)
    visits: dict[str, int] = defaultdict(int)
    for day in found.days:
        visits[_month(day)] += 1
    seen_in: dict[str, set[int]] = defaultdict(set)
    for day, rid in found.seen:
        if rid in care_ids:
            seen_in[_month(day)].add(rid)
    seen = set().union(*seen_in.values())
    months = tuple(VisitsMonth(span.key, visits.get(span.key, 0), len(seen_in.get(span.key, ())))
                   for span in period.months())
    has_data = bool(found.days) or session.scalar(
        select(Visit.id).where(Visit.visited_on <= last).limit(1)) is not None
    return VisitsFigures(period, len(found.days), found.not_home, found.needs_help, len(care_ids), len(seen),
                         months, has_data)


__all__ = ["VisitsFigures", "VisitsMonth", "visits_figures"]
