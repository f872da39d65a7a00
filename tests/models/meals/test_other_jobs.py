"""The meals job and its neighbours: day care (checked-in elders offered first at
lunch, through models.daycare.checked_in_resident_ids) and the accounts (who did
a recompute is the logged-in account, models.safety.security.current_actor)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

import models.daycare
from models.daycare import ContactInput, EnrolmentInput, check_in, checked_in_resident_ids, enrol
from models.meals import diners
from models.meals.desk import add_meal, repeat_candidates
from models.meals.diners import daycare_present_ids, diner_search_order
from models.meals.entities import MealRecompute
from models.meals.menu import MenuEntry, save_menu
from models.meals.month_end import recompute_month
from models.residents.registry import ResidentInput, create_resident
from models.safety.security import CLERK, Actor, acting_as

MONDAY = dt.date(2026, 11, 2)
FRIDAY = MONDAY - dt.timedelta(days=3)


@pytest.fixture
def people(db, today):
    """Two elders and a lunch menu; 孙 eats here every day, 周 comes to day care."""
    with db.write() as s:
        ids = {
            key: create_resident(s, ResidentInput(name=name, birth_date=dt.date(1948, 3, 1)), today=today).id
            for key, name in (("sun", "孙建国"), ("zhou", "周桂兰"))
        }
        save_menu(s, [MenuEntry(FRIDAY + dt.timedelta(days=i), "lunch", "米饭 青菜", 1200) for i in range(7)])
        enrol(s, EnrolmentInput(resident_id=ids["zhou"], enrolled_on=dt.date(2026, 10, 1),
                                contacts=[ContactInput(name="周明", relation="儿子", phone="13800138002")]),
              today=dt.date(2026, 10, 1))
        add_meal(s, ids["sun"], FRIDAY)
    return ids


def test_an_elder_checked_in_to_day_care_is_offered_first_at_lunch(db, people) -> None:
    with db.write() as s:
        check_in(s, people["zhou"], at=dt.datetime.combine(MONDAY, dt.time(8, 30)))
    with db.session() as s:
        assert checked_in_resident_ids(s, MONDAY) == [people["zhou"]]
        assert daycare_present_ids(s, MONDAY) == [people["zhou"]]
        assert diner_search_order(s, MONDAY, [people["sun"], people["zhou"]]) == [people["zhou"], people["sun"]]
        previous, cands = repeat_candidates(s, MONDAY)
    assert previous == FRIDAY
    assert [(c.resident_id, c.in_daycare, c.had_yesterday) for c in cands] == [
        (people["zhou"], True, False),
        (people["sun"], False, True),
    ]


def test_the_day_care_function_is_called_directly_and_its_errors_are_not_swallowed(db, people, monkeypatch) -> None:
    assert diners.checked_in_resident_ids is models.daycare.checked_in_resident_ids

    def broken(session, day):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT", {}, Exception("no such table: daycare_visit"))

    monkeypatch.setattr(diners, "checked_in_resident_ids", broken)
    with db.session() as s, pytest.raises(OperationalError):
        daycare_present_ids(s, MONDAY)


def test_the_recompute_record_names_the_logged_in_account(db, people) -> None:
    with acting_as(Actor("clerk_sun", CLERK, user_id=7)), db.write() as s:
        recompute_month(s, 2026, 10)
    with db.write() as s:  # headless: the system acts
        recompute_month(s, 2026, 10)
    with db.session() as s:
        assert list(s.scalars(select(MealRecompute.done_by).order_by(MealRecompute.id))) == ["clerk_sun", "system"]
