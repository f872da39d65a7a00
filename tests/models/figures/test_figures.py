"""Each figure against the hand-built database (conftest.world): the answers are counted by hand here."""

from __future__ import annotations

import datetime as dt

import pytest

from models.core.errors import ValidationFailed
from models.figures import (
    activities_figures,
    daycare_figures,
    meals_figures,
    parse_period,
    party_figures,
    work_report,
)
from models.figures.desk import weekend_of
from models.safety.security import CLERK, VOLUNTEER, Actor, PermissionDenied, acting_as

H1 = "2025H1"
NOW = dt.datetime(2025, 6, 30, 12, 0)


# --- the period ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "first", "last", "months"), [
    ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), 12),
    ("2025H1", dt.date(2025, 1, 1), dt.date(2025, 6, 30), 6),
    ("2025h2", dt.date(2025, 7, 1), dt.date(2025, 12, 31), 6),
    ("2025Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30), 3),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), 1),
    ("2025-7", dt.date(2025, 7, 1), dt.date(2025, 7, 31), 1),
    ("2025-01-15..2025-03-10", dt.date(2025, 1, 15), dt.date(2025, 3, 10), 3),
    (" 2025-01-01至2025-06-30 ", dt.date(2025, 1, 1), dt.date(2025, 6, 30), 6),
])
def test_periods_parse(text: str, first: dt.date, last: dt.date, months: int) -> None:
    p = parse_period(text)
    assert (p.first, p.last, len(p.months())) == (first, last, months)


def test_a_range_clips_its_months_and_a_year_earlier_keeps_the_shape() -> None:
    p = parse_period("2025-01-15..2025-03-10")
    assert [(m.first, m.last, m.whole) for m in p.months()] == [
        (dt.date(2025, 1, 15), dt.date(2025, 1, 31), False),
        (dt.date(2025, 2, 1), dt.date(2025, 2, 28), True),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 10), False)]
    assert parse_period("2025Q1").a_year_earlier().text == "2024Q1"
    leap = parse_period("2025-02").a_year_earlier()
    assert (leap.first, leap.last) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    back = parse_period("2024-02-29..2024-03-01").a_year_earlier()
    assert (back.first, back.last) == (dt.date(2023, 2, 28), dt.date(2023, 3, 1))


@pytest.mark.parametrize("text", ["", "25", "2025H3", "2025Q5", "2025-13", "2025-04-31..2025-05-01",
                                  "2025-06-30..2025-01-01", "2000-01-01..2015-01-01", "last year"])
def test_anything_else_is_refused_in_one_sentence(text: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_period(text)
    assert set(refused.value.errors) == {"period"}


# --- day care ------------------------------------------------------------------------------


def test_daycare_roll_and_attendance(world) -> None:
    with world.session() as s:
        f = daycare_figures(s, parse_period(H1))
    # On 2024-12-31: 王一 (active); 张三 had left on 2024-12-01.
    # In: 李二 (Feb, enrolled), 张三 (May, back). Out: 王一 (Mar, left). 李二's pause keeps her on the roll.
    assert (f.start, f.new, f.left, f.end) == (1, 2, 1, 2)
    # Visits: Jan 6, Jan 7 (王一); Feb 3 (王一), Feb 17 (李二); Mar 3 (王一 and 李二); May 6 (张三).
    assert (f.person_times, f.elders, f.open_days) == (7, 3, 6)
    assert f.average == pytest.approx(7 / 6)
    by_month = {m.key: (m.new, m.left, m.person_times, m.elders, m.open_days) for m in f.months}
    assert by_month == {"2025-01": (0, 0, 2, 1, 2), "2025-02": (1, 0, 2, 2, 2), "2025-03": (0, 1, 2, 2, 1),
                        "2025-04": (0, 0, 0, 0, 0), "2025-05": (1, 0, 1, 1, 1), "2025-06": (0, 0, 0, 0, 0)}
    assert f.months[2].average == 2.0


def test_daycare_a_year_earlier(world) -> None:
    with world.session() as s:
        f = daycare_figures(s, parse_period("2024H1"))
    assert (f.start, f.new, f.left, f.end, f.person_times) == (0, 1, 0, 1, 0)  # 张三 enrolled 2024-06-01


# --- meals -------------------------------------------------------------------------------


def test_meals_by_kind_mode_band_and_month(world) -> None:
    with world.session() as s:
        f = meals_figures(s, parse_period(H1))
    # 1 dine-in lunch, 2 delivered lunches, 1 take-away dinner; 孙六's lunch was cancelled.
    assert (f.meals, f.diners) == (4, 2)
    assert (f.by_mode("dine_in"), f.by_mode("take_away"), f.by_mode("delivered")) == (1, 1, 2)
    assert (f.by_kind("lunch"), f.by_kind("dinner"), f.by_kind("breakfast")) == (3, 1, 0)
    assert (f.price_fen, f.subsidy_fen, f.paid_fen) == (1500 + 3000 + 1200, 1000, 1000 + 2500 + 1200)
    assert [(g.key, g.meals, g.subsidy_fen, g.paid_fen) for g in f.by_band_category] == [
        (("", ""), 1, 0, 1200), (("70-79", "minimum_allowance"), 2, 500, 2500), (("80-89", ""), 1, 500, 1000)]
    assert [(m.key, m.meals, m.by_mode, m.diners) for m in f.months[:3]] == [
        ("2025-01", 3, (1, 0, 2), 2), ("2025-02", 1, (0, 1, 0), 1), ("2025-03", 0, (0, 0, 0), 0)]


# --- activities --------------------------------------------------------------------------


def test_activities_held_places_bookings_rate_rooms(world) -> None:
    with world.session() as s:
        f = activities_figures(s, parse_period(H1), now=NOW)
    t = f.total
    # Held: 3-01 (cap 20) and 3-15 (cap 10); 6-30 14:00 is not over at noon; 4-01 was cancelled.
    assert (t.held, t.places) == (2, 30)
    # Seats booked: 2+1+1+1 (3-01) + 4 (3-15) + 2 (6-30); attended 2+1+4; marked 2+1+1+4.
    assert (t.bookings, t.attended, t.marked) == (11, 7, 8)
    assert t.rate == pytest.approx(7 / 8)
    assert f.cancelled == 1
    cats = {c.key: (c.held, c.places, c.bookings, c.attended, c.marked) for c in f.by_category}
    assert cats == {"culture": (1, 20, 7, 3, 4), "clinic": (1, 10, 4, 4, 4)}
    assert [(r.key, r.attended) for r in f.rooms] == [("测试大厅", 4), ("测试活动室", 3)]
    assert [(m.key, m.held, m.bookings) for m in f.months if m.bookings] == [("2025-03", 2, 9), ("2025-06", 0, 2)]


# --- Party --------------------------------------------------------------------------------


def test_party_members_service_and_dues(world) -> None:
    with world.session() as s:
        f = party_figures(s, parse_period(H1), today=dt.date(2025, 7, 15))
    # On 2025-06-30: 王一, 李二, 孙六 (branch 1), 张三, 钱五 (branch 2); 赵四 transferred out on 5-01.
    assert f.members == 5
    assert dict(f.by_branch_type) == {"第一支部": (1, 2, 0, 0), "第二支部": (0, 2, 0, 0)}
    assert f.new == 1  # 张三 joined 2025-03-01
    # Reporting in by 6-30 and active: 李二, 张三, 孙六 (钱五 reports in only in September); 李二 and 张三 served.
    assert (f.reporting_in, f.served) == (3, 2)
    assert f.rate == pytest.approx(2 / 3)
    assert (f.minutes, f.person_times) == (90 + 30 + 60 + 60, 3 + 1 + 2 + 1)
    assert f.dues_collected_fen == 100 + 100 + 50
    # Owed at ¥1 a month (the test's band), Jan–Jun: 王一 4 unpaid; 李二 5 (January deferred); 张三 4 (from March);
    # 赵四 4 (until April); 钱五 6; 孙六 5 + 0.30 short in March.
    assert f.dues_outstanding_fen == 400 + 500 + 400 + 400 + 600 + 530
    assert f.dues_rate == pytest.approx(250 / 3080)


def test_party_a_year_earlier(world) -> None:
    with world.session() as s:
        f = party_figures(s, parse_period("2024H1"), today=dt.date(2025, 7, 15))
    assert f.members == 5  # 王一, 李二, 赵四, 钱五, 孙六 (张三 joined in 2025)
    assert (f.new, f.person_times, f.dues_collected_fen) == (0, 0, 0)


# --- the report ---------------------------------------------------------------------------


def test_the_report_compares_with_a_year_earlier_and_says_not_recorded(world) -> None:
    with world.session() as s:
        r = work_report(s, parse_period(H1), today=dt.date(2025, 7, 15), now=NOW)
    lines = {h.figure.key: h for h in r.headlines()}
    meals = lines["meals.meals"]
    assert (meals.figure.value, meals.change.before, meals.change.direction) == (4, 3, "up")
    assert meals.change.percent == pytest.approx(100 / 3)
    assert lines["daycare.person_times"].change.before == 0
    assert lines["daycare.person_times"].change.percent is None  # from nothing: no percentage
    # No activities at all a year earlier: no comparison, not a made-up 0.
    assert lines["activities.held"].change is None
    for key in ("requests", "visits", "mediation"):
        section = r.section(key)
        assert not section.has_data and section.headlines()
        assert all(f.value is None for f in section.headlines())


def test_figures_need_the_reading_permission(world) -> None:
    with world.session() as s, acting_as(Actor("vol", VOLUNTEER)):
        with pytest.raises(PermissionDenied):
            work_report(s, parse_period(H1))
    with world.session() as s, acting_as(Actor("clerk", CLERK)):
        assert work_report(s, parse_period(H1), now=NOW).section("meals").meals == 4


def test_this_weekend() -> None:
    assert weekend_of(dt.date(2025, 6, 25)) == (dt.date(2025, 6, 28), dt.date(2025, 6, 29))  # a Wednesday
    assert weekend_of(dt.date(2025, 6, 28)) == (dt.date(2025, 6, 28), dt.date(2025, 6, 29))
    assert weekend_of(dt.date(2025, 6, 29)) == (dt.date(2025, 6, 29), dt.date(2025, 6, 29))
