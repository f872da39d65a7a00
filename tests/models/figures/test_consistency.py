"""The report's figures against each tab's own month statistics (the demo database), and the
year against the sum of its months (the ten-years database at a small scale)."""

from __future__ import annotations

import datetime as dt

import pytest

import i18n
from models.activities import monthly_statistics
from models.core.db import open_database
from models.daycare import month_stats
from models.demo import fill_demo
from models.demo_large import fill_ten_years
from models.figures import (
    activities_figures,
    daycare_figures,
    meals_figures,
    month_period,
    parse_period,
    party_figures,
    work_report,
)
from models.meals import reconcile_month
from models.party.dues import dues_summary
from models.party.service import service_summary

TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 18, 0)


@pytest.fixture(scope="module")
def demo():
    i18n.set_language("en")
    db = open_database(":memory:")
    fill_demo(db, seed=2026, today=TODAY)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def ten_years():
    db = open_database(":memory:")
    fill_ten_years(db, seed=2026, today=TODAY, factor=0.01)
    yield db
    db.dispose()


def _months_with_data(year: int) -> list[int]:
    return list(range(1, 13)) if year < TODAY.year else list(range(1, TODAY.month + 1))


def test_every_month_equals_the_tabs_own_statistics(demo) -> None:
    checked = 0
    with demo.session() as s:
        for year in (TODAY.year - 1, TODAY.year):
            for month in _months_with_data(year):
                period = month_period(year, month)
                tab = month_stats(s, year, month)
                mine = daycare_figures(s, period)
                assert (mine.person_times, mine.elders, mine.open_days) == (tab.total, len(tab.per_elder),
                                                                            tab.open_days)
                assert mine.average == pytest.approx(tab.average)
                rec = reconcile_month(s, year, month)
                meals = meals_figures(s, period)
                assert (meals.meals, meals.subsidy_fen, meals.paid_fen, meals.price_fen) == (
                    rec.totals.meals, rec.totals.subsidy_fen, rec.totals.paid_fen, rec.totals.price_fen)
                assert meals.diners == len(rec.diners)
                assert {(g.key, g.meals, g.subsidy_fen) for g in meals.by_band_category} == {
                    (line.key, line.meals, line.subsidy_fen) for line in rec.by_band_category}
                stats = monthly_statistics(s, year, month, now=NOW)
                acts = activities_figures(s, period, now=NOW)
                assert (acts.total.held, acts.total.attended, acts.total.marked) == (stats.held, stats.attended,
                                                                                   stats.booked)
                assert acts.total.rate == stats.rate
                assert {c.key: (c.held, c.attended, c.marked) for c in acts.by_category} == {
                    c.category: (c.held, c.attended, c.booked) for c in stats.by_category}
                party = party_figures(s, period, today=TODAY)
                service = service_summary(s, period.first, period.last)
                assert (party.reporting_in, party.served, party.minutes, party.person_times) == (
                    service.reporting_in, service.served, service.minutes, service.person_times)
                assert party.dues_collected_fen == dues_summary(s, period.first, period.last).total_fen
                checked += bool(tab.total or rec.totals.meals or stats.held)
    assert checked >= 6  # the demo has months with data to compare


def test_the_year_is_the_sum_of_its_months(ten_years) -> None:
    year = TODAY.year - 1
    with ten_years.session() as s:
        report = work_report(s, parse_period(str(year)), today=TODAY, now=NOW)
        months = [work_report(s, month_period(year, m), today=TODAY, now=NOW) for m in range(1, 13)]
    dc = report.section("daycare")
    assert dc.person_times > 100 and report.section("meals").meals > 100  # there is something to add up
    parts = [m.section("daycare") for m in months]
    assert dc.person_times == sum(p.person_times for p in parts)
    assert dc.open_days == sum(p.open_days for p in parts)
    assert (dc.new, dc.left) == (sum(p.new for p in parts), sum(p.left for p in parts))
    assert (dc.start, dc.end) == (parts[0].start, parts[-1].end)
    assert dc.start + dc.new - dc.left == dc.end
    assert dc.elders <= sum(p.elders for p in parts) and dc.elders >= max(p.elders for p in parts)
    assert [m.person_times for m in dc.months] == [p.person_times for p in parts]
    meals = report.section("meals")
    mparts = [m.section("meals") for m in months]
    for attr in ("meals", "price_fen", "subsidy_fen", "paid_fen"):
        assert getattr(meals, attr) == sum(getattr(p, attr) for p in mparts), attr
    for mode in ("dine_in", "take_away", "delivered"):
        assert meals.by_mode(mode) == sum(p.by_mode(mode) for p in mparts)
    assert [m.diners for m in meals.months] == [p.diners for p in mparts]
    acts = report.section("activities")
    aparts = [m.section("activities").total for m in months]
    for attr in ("held", "places", "bookings", "attended", "marked"):
        assert getattr(acts.total, attr) == sum(getattr(p, attr) for p in aparts), attr
    party = report.section("party")
    pparts = [m.section("party") for m in months]
    assert party.person_times == sum(p.person_times for p in pparts)
    assert party.minutes == sum(p.minutes for p in pparts)
    assert party.dues_collected_fen == sum(p.dues_collected_fen for p in pparts)
    assert party.dues_outstanding_fen == sum(p.dues_outstanding_fen for p in pparts)
    assert party.new == sum(p.new for p in pparts)
    assert party.members == pparts[-1].members
