"""The work report's figures: every section for a period, and the same period a year earlier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from models.core.base import now_local
from models.figures.period import Period
from models.figures.sections import SECTIONS, SectionFigures
from models.figures.values import Change, Figure, compare
from models.safety.security import require

#: What the audit trail calls the report file (a publication: counts only, no personal data).
WORK_REPORT = "work report (figures)"


@dataclass(frozen=True)
class Headline:
    """A summary line: the section, the figure, and its change from a year earlier (None: no data then)."""

    section: str
    figure: Figure
    change: Change | None


@dataclass(frozen=True)
class WorkReport:
    """The figures of a period and of the same period a year earlier, section by section."""

    period: Period
    previous_period: Period
    sections: tuple[SectionFigures, ...]
    previous: tuple[SectionFigures, ...]
    made_on: dt.date

    def section(self, key: str) -> SectionFigures:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def headlines(self) -> list[Headline]:
        """Every headline figure with its year-on-year change, where the earlier period has data."""
        out = []
        for now, before in zip(self.sections, self.previous, strict=True):
            earlier = {f.key: f.value for f in before.headlines()} if before.has_data and now.has_data else {}
            for figure in now.headlines():
                out.append(Headline(now.title, figure, compare(figure.value, earlier.get(figure.key))))
        return out


def work_report(session: Session, period: Period, *, today: dt.date | None = None,
                now: dt.datetime | None = None, keys: tuple[str, ...] | None = None) -> WorkReport:
    """Every registered section (or those in ``keys``) for ``period`` and for a year earlier."""
    require("figures.read")
    now = now or now_local()
    today = today or now.date()
    chosen = [s for s in SECTIONS if keys is None or s.key in keys]
    earlier = period.a_year_earlier()
    return WorkReport(
        period=period,
        previous_period=earlier,
        sections=tuple(s.figures(session, period, today=today, now=now) for s in chosen),
        previous=tuple(s.figures(session, earlier, today=today, now=now) for s in chosen),
        made_on=today,
    )
