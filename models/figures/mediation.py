"""Mediation of disputes in a period: cases, closed, resolved and the success rate (counts only).

The figures are the mediation job's own (:func:`models.mediation.mediation_figures`, the
statistics ``mediation stats`` prints), for any period: a case counts in the month it was
opened (cases) or closed (closed, resolved); the success rate is resolved ÷ closed. Clerks
hold ``mediation.count``: the counts, never a case.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.figures.period import Period
from models.figures.values import Chart, Figure, FigureTable
from models.mediation.entities import MediationCase
from models.mediation.figures import DEFINITION, MediationFigures, mediation_figures
from models.mediation.labels import KIND_LABELS, label

TITLE = N_("Mediation")


@dataclass(frozen=True)
class MediationSection:
    period: Period
    figures: MediationFigures
    has_data: bool
    key: str = "mediation"

    @property
    def title(self) -> str:
        return _(TITLE)

    def headlines(self) -> list[Figure]:
        t, known = self.figures.total, self.has_data  # before the first case: "not recorded", not a zero
        return [
            Figure("mediation.cases", _("Disputes mediated"), t.opened if known else None),
            Figure("mediation.closed", _("Closed"), t.closed if known else None),
            Figure("mediation.resolved", _("Resolved"), t.resolved if known else None),
            Figure("mediation.success_rate", _("Success rate"), t.success_rate, "rate"),
        ]

    def tables(self) -> list[FigureTable]:
        f, t = self.figures, self.figures.total
        cols = (_("Month"), _("Cases"), _("Closed"), _("Resolved"), _("Success rate"))
        units = ("count", "count", "count", "rate")
        by_month = FigureTable(
            "mediation.months", _("Mediation by month"), cols,
            tuple((f"{y:04d}-{m:02d}", c.opened, c.closed, c.resolved, c.success_rate)
                  for (y, m), c in f.by_month.items()),
            units=units, total=(_("Period"), t.opened, t.closed, t.resolved, t.success_rate))
        by_kind = FigureTable(
            "mediation.kinds", _("Mediation by kind"), (_("Kind"),) + cols[1:],
            tuple((label(KIND_LABELS, k), c.opened, c.closed, c.resolved, c.success_rate)
                  for k, c in f.by_kind.items()),
            units=units, total=(_("Total"), t.opened, t.closed, t.resolved, t.success_rate))
        return [by_month, by_kind]

    def charts(self) -> list[Chart]:
        months = self.figures.by_month
        return [Chart("mediation.months", _("Cases and resolved by month"), "bar",
                      tuple(f"{m:02d}" for (_y, m) in months),
                      ((_("Cases"), tuple(c.opened for c in months.values())),
                       (_("Resolved"), tuple(c.resolved for c in months.values()))))]

    def definitions(self) -> list[tuple[str, str]]:
        return [(_("Mediation"), _(DEFINITION))]


def mediation_section(session: Session, period: Period) -> MediationSection:
    """The period's mediation counts; "there is data" once the centre has recorded any case by its end."""
    figures = mediation_figures(session, period.first, period.last)
    has_data = figures.has_data or session.scalar(
        select(MediationCase.id).where(MediationCase.opened_on <= period.last).limit(1)) is not None
    return MediationSection(period, figures, has_data)


__all__ = ["MediationSection", "mediation_section"]
