"""The mediation demo: a year of cases through the domain, ten years in bulk — the rules hold, ~99% resolved."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from models.core.db import check_database, open_database
from models.demo import fill_demo
from models.demo_large import fill_ten_years
from models.mediation import MediationCase, MediationParty, MediationSession, mediation_figures

TODAY = dt.date(2026, 11, 22)


def _rules_hold(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        c, m = MediationCase, MediationSession
        assert s.scalar(select(func.count()).select_from(m).join(c).where(
            (m.held_on < c.opened_on) | (m.held_on > TODAY))) == 0
        assert s.scalar(select(func.count()).select_from(c).where(c.opened_on > TODAY)) == 0
        assert s.scalar(select(func.count()).select_from(c).where(
            (c.state == "closed") & ((c.closed_on.is_(None)) | (c.outcome.is_(None))))) == 0
        assert s.scalar(select(func.count()).select_from(c).where((c.outcome == "resolved") & (c.agreement == ""))) == 0
        partyless = select(c.id).where(~select(MediationParty.id).where(MediationParty.case_id == c.id).exists())
        assert s.execute(partyless).first() is None


def test_a_year_of_cases_through_the_domain() -> None:
    db = open_database(":memory:")
    try:
        summary = fill_demo(db, seed=7, residents=60, today=TODAY)
        assert summary.counts["mediation cases"] == 40
        _rules_hold(db)
        with db.session() as s:
            fig = mediation_figures(s, TODAY - dt.timedelta(days=365), TODAY)
        assert fig.total.opened == 40 and fig.total.closed >= 35 and fig.open_at_end >= 1
    finally:
        db.dispose()


def test_ten_years_in_bulk_about_ninety_nine_percent_resolved() -> None:
    db = open_database(":memory:")
    try:
        summary = fill_ten_years(db, seed=2026, today=TODAY, factor=0.05)
        assert summary.counts["mediation cases"] == 50
        _rules_hold(db)
        assert check_database(db).sound
        with db.session() as s:
            fig = mediation_figures(s, dt.date(2000, 1, 1), TODAY)
            years = s.scalar(select(func.count(func.distinct(MediationCase.year))))
        assert fig.total.opened == 50 and years >= 10
        assert fig.total.success_rate >= 0.95
    finally:
        db.dispose()
