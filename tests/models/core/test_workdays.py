"""China's working days (models/core/workdays.py): public holidays off, 调休 weekend days on,
Monday–Friday (and the clerk told) for a year the calendar does not know yet."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from models.core.workdays import (
    is_working_day,
    known_years,
    unknown_years,
    unknown_years_note,
    working_days_after,
    working_days_between,
)

D = dt.date


def test_the_calendar_knows_2026() -> None:
    # The tests below check 2026 against the installed calendar's own data.
    assert 2026 in known_years()
    assert chinese_calendar.is_holiday(D(2026, 10, 1)) and chinese_calendar.is_workday(D(2026, 10, 10))


def test_national_day_2026_is_not_working_days() -> None:
    for day in range(1, 8):
        assert not is_working_day(D(2026, 10, day)), day
        assert is_working_day(D(2026, 10, day)) == chinese_calendar.is_workday(D(2026, 10, day))
    assert is_working_day(D(2026, 9, 30)) and is_working_day(D(2026, 10, 8))


def test_a_tiaoxiu_saturday_counts_as_a_working_day() -> None:
    saturday = D(2026, 10, 10)
    assert saturday.weekday() == 5 and is_working_day(saturday)
    assert is_working_day(D(2026, 9, 20))  # a Sunday made a working day before Mid-Autumn / National Day
    assert not is_working_day(D(2026, 10, 11))  # an ordinary Sunday


def test_counting_across_national_day() -> None:
    # 9-30, then 10-08, 10-09, the 调休 Saturday 10-10, Monday 10-12.
    assert working_days_after(D(2026, 9, 30), 5) == D(2026, 10, 12)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 7)) == 1
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 5
    assert working_days_between(D(2026, 10, 12), D(2026, 9, 30)) == 0
    # An ordinary week still counts Monday–Friday.
    assert working_days_after(D(2026, 11, 20), 5) == D(2026, 11, 26)


def test_working_days_after_starts_on_the_next_working_day() -> None:
    assert working_days_after(D(2026, 10, 1), 1) == D(2026, 10, 8)


@pytest.fixture
def unknown_year() -> int:
    return max(known_years()) + 1


def test_a_year_the_calendar_does_not_know_counts_monday_to_friday(unknown_year) -> None:
    jan = [D(unknown_year, 1, d) for d in range(1, 15)]
    assert [is_working_day(d) for d in jan] == [d.weekday() < 5 for d in jan]
    assert unknown_years(D(unknown_year - 1, 12, 28), D(unknown_year, 1, 8)) == [unknown_year]
    assert unknown_years(D(2026, 9, 30), D(2026, 10, 12)) == []


def test_the_clerk_is_told_once_which_years_are_not_known(unknown_year) -> None:
    note = unknown_years_note([unknown_year, unknown_year])
    assert str(unknown_year) in note and "Monday to Friday" in note
    assert note.count(str(unknown_year)) == 1
    assert unknown_years_note([]) == ""


def test_public_holidays_are_the_state_councils_not_every_weekend() -> None:
    from models.core.workdays import is_public_holiday

    assert is_public_holiday(dt.date(2026, 10, 1)) and is_public_holiday(dt.date(2026, 10, 4))  # National Day, a Sunday in it
    assert not is_public_holiday(dt.date(2026, 10, 11))  # an ordinary Sunday
    assert not is_public_holiday(dt.date(2026, 10, 10))  # a Saturday made a working day (调休)
    assert not is_public_holiday(dt.date(2026, 11, 16))  # an ordinary Monday
    assert not is_public_holiday(dt.date(2099, 10, 1))  # a year the calendar does not know: none
