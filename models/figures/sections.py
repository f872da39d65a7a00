"""The report's sections: one per job, in order, each one function returning a typed result.

A section is a :class:`Section` in :data:`SECTIONS`: its key, its title, the
permission its figures need and ``compute(session, period, *, today, now)``
returning a frozen result with ``title``, ``has_data``, ``headlines()``,
``tables()``, ``charts()`` and ``definitions()`` (see
:mod:`models.figures.values`). The PDF, the .xlsx and the dashboard draw any
such result; they know no job.

A job that has not landed yet
is registered with ``compute=None`` and the rows it will fill: every one of
them prints "not recorded", never a made-up zero. When the job lands it adds
``models/figures/<job>.py`` and replaces its entry here (docs/figures.md,
"Adding a section").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from i18n import N_, _
from models.figures.activities import activities_figures
from models.figures.daycare import daycare_figures
from models.figures.meals import meals_figures
from models.figures.mediation import mediation_section
from models.figures.party import party_figures
from models.figures.period import Period
from models.figures.requests import requests_figures
from models.figures.values import Chart, Figure, FigureTable, NotRecorded
from models.figures.visits import visits_figures


class SectionFigures(Protocol):
    """What a section's ``compute`` returns."""

    key: str

    @property
    def title(self) -> str: ...

    @property
    def has_data(self) -> bool: ...

    def headlines(self) -> list[Figure]: ...

    def tables(self) -> list[FigureTable]: ...

    def charts(self) -> list[Chart]: ...

    def definitions(self) -> list[tuple[str, str]]: ...


Compute = Callable[..., Any]


@dataclass(frozen=True)
class Section:
    """One job's part of the report.

    Attributes:
        key: Stable (the .xlsx sheet order, tests).
        title: Its heading (a msgid, translated when drawn).
        permission: What the figures need (the dashboard hides what the role may not see).
        compute: ``compute(session, period, today=, now=)`` → a :class:`SectionFigures`;
            None while the job does not exist.
        rows: For a job not landed: the figures it will give (msgids), each "not recorded".
    """

    key: str
    title: str
    permission: str
    compute: Compute | None = None
    rows: tuple[str, ...] = ()

    def figures(self, session: Session, period: Period, *, today: dt.date, now: dt.datetime) -> SectionFigures:
        if self.compute is None:
            return NotRecorded(self.key, _(self.title), tuple(_(r) for r in self.rows))  # type: ignore[return-value]
        return self.compute(session, period, today=today, now=now)


def _daycare(session: Session, period: Period, *, today: dt.date, now: dt.datetime) -> SectionFigures:  # noqa: ARG001
    return daycare_figures(session, period)


def _meals(session: Session, period: Period, *, today: dt.date, now: dt.datetime) -> SectionFigures:  # noqa: ARG001
    return meals_figures(session, period)


def _activities(session: Session, period: Period, *, today: dt.date, now: dt.datetime) -> SectionFigures:  # noqa: ARG001
    return activities_figures(session, period, now=now)


def _party(session: Session, period: Period, *, today: dt.date, now: dt.datetime) -> SectionFigures:  # noqa: ARG001
    return party_figures(session, period, today=today)


def _requests(session: Session, period: Period, *, today: dt.date, now: dt.datetime) -> SectionFigures:  # noqa: ARG001
    return requests_figures(session, period, today=today)


def _visits(session: Session, period: Period, *, today: dt.date, now: dt.datetime) -> SectionFigures:  # noqa: ARG001
    return visits_figures(session, period)


def _mediation(session: Session, period: Period, *, today: dt.date, now: dt.datetime) -> SectionFigures:  # noqa: ARG001
    return mediation_section(session, period)


SECTIONS: tuple[Section, ...] = (
    Section("daycare", N_("Day care"), "daycare.read", _daycare),
    Section("meals", N_("Meals"), "meals.read", _meals),
    Section("activities", N_("Activities"), "activities.read", _activities),
    Section("party", N_("Party members"), "party.read", _party),
    Section("requests", N_("Residents' requests"), "requests.read", _requests),
    Section("visits", N_("Home visits and the care list"), "grids.read", _visits),
    Section("mediation", N_("Mediation"), "mediation.count", _mediation),
)


def section(key: str) -> Section:
    """The registered section ``key``."""
    for s in SECTIONS:
        if s.key == key:
            return s
    raise KeyError(key)
