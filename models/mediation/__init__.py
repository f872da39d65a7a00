"""Mediation of disputes (矛盾调解): cases, their parties, mediators and sessions, the outcome — confidential.

* :mod:`models.mediation.labels` — kinds, outcomes, states, the case number;
* :mod:`models.mediation.entities` — the tables;
* :mod:`models.mediation.cases` — open a case, add a session, close it (``mediation.write``);
  list and open cases (``mediation.read``; every open audited);
* :mod:`models.mediation.figures` — the counts (``mediation.count``): cases, resolved,
  success rate, by kind and month; :func:`mediation_figures` for the year's figures;
* :mod:`models.mediation.demo` — demo data.

See docs/mediation.md.
"""

from models.mediation.cases import (
    CaseInput,
    CaseRow,
    CaseView,
    MediatorInput,
    PartyInput,
    add_session,
    case_years,
    close_case,
    get_case,
    list_cases,
    open_case,
    view_case,
)
from models.mediation.entities import (
    MediationCase,
    MediationMediator,
    MediationParty,
    MediationSession,
)
from models.mediation.figures import Counts, MediationFigures, mediation_figures, year_figures
from models.mediation.labels import parse_number

__all__ = [
    "CaseInput",
    "CaseRow",
    "CaseView",
    "Counts",
    "MediationCase",
    "MediationFigures",
    "MediationMediator",
    "MediationParty",
    "MediationSession",
    "MediatorInput",
    "PartyInput",
    "add_session",
    "case_years",
    "close_case",
    "get_case",
    "list_cases",
    "mediation_figures",
    "open_case",
    "parse_number",
    "view_case",
    "year_figures",
]
