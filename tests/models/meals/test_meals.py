"""Meal assistance: menus, the subsidy policy as data, the meal log, the month's reconciliation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from i18n import parse_month
from models.core.errors import LinliError, NeedsConfirmation, ValidationFailed
from models.meals.day import MealDayListSource, day_totals
from models.meals.delivery import delivery_list
from models.meals.desk import add_meal, add_meals, cancel_meal, repeat_candidates, update_meal
from models.meals.diners import daycare_present_ids, diner_search_order, set_diet_notes
from models.meals.entities import Meal, MealRecompute
from models.meals.menu import (
    MenuEntry,
    copy_week,
    fill_from_last_week,
    menu_price,
    save_menu,
    week_menu,
)
from models.meals.month_end import recompute_month, reconcile_month
from models.meals.policy import (
    PolicyData,
    RuleData,
    ensure_default_policy,
    list_policies,
    policy_in_force,
    save_policy,
)
from models.meals.subsidy import compute_subsidy, describe_reason
from models.meals.vocabulary import parse_week
from models.residents.registry import ResidentInput, create_resident

NOV = dt.date(2026, 11, 1)

# The hand-computed policy of these tests (per lunch, in fen):
# 60–69: 100, 70–79: 200, 80–89: 300, 90+: 500; 低保 +200, 特困 +300, disabled +150.
AGE_RULES = [
    RuleData("age", 100, 60, 69, meal_kind="lunch"),
    RuleData("age", 200, 70, 79, meal_kind="lunch"),
    RuleData("age", 300, 80, 89, meal_kind="lunch"),
    RuleData("age", 500, 90, None, meal_kind="lunch"),
]
CAT_RULES = [
    RuleData("category", 200, category="minimum_allowance", meal_kind="lunch"),
    RuleData("category", 300, category="extreme_poverty", meal_kind="lunch"),
    RuleData("category", 150, category="disabled", meal_kind="lunch"),
]


def policy(combine: str = "add", **kw) -> PolicyData:
    return PolicyData(
        id=1, name="test", effective_from=dt.date(2020, 1, 1), combine=combine, rules=AGE_RULES + CAT_RULES, **kw
    )


def born(age: int, on: dt.date = NOV) -> dt.date:
    """A birth date that makes someone exactly ``age`` on ``on`` (birthday on 1 Jan)."""
    return dt.date(on.year - age, 1, 1)


# --- the computation against a hand-computed table ---------------------------------------

TABLE = [
    # age, flags, combine, price, expected subsidy, expected reason
    (59, set(), "add", 1200, 0, "under_age:60"),
    (60, set(), "add", 1200, 100, ""),
    (69, set(), "add", 1200, 100, ""),
    (70, set(), "add", 1200, 200, ""),
    (85, set(), "add", 1200, 300, ""),
    (90, set(), "add", 1200, 500, ""),
    (103, set(), "add", 1200, 500, ""),
    (75, {"minimum_allowance"}, "add", 1200, 400, ""),
    (75, {"minimum_allowance", "disabled"}, "add", 1200, 550, ""),
    (75, {"minimum_allowance", "extreme_poverty"}, "max", 1200, 300, ""),
    (92, {"minimum_allowance"}, "max", 1200, 500, ""),  # the age amount is the largest
    (65, {"disabled"}, "max", 1200, 150, ""),
    (95, {"extreme_poverty", "disabled"}, "add", 800, 800, ""),  # 950 capped at the price
    (95, set(), "add", 0, 0, ""),  # a free meal: never negative
    (50, {"extreme_poverty"}, "add", 1200, 0, "under_age:60"),  # categories need an age band
    (75, {"lives_alone"}, "add", 1200, 200, ""),  # no rule for living alone here
]


@pytest.mark.parametrize(("age", "flags", "combine", "price", "expected", "reason"), TABLE)
def test_subsidy_table(age, flags, combine, price, expected, reason) -> None:
    result = compute_subsidy(
        policy(combine), birth_date=born(age), flags=flags, day=NOV, kind="lunch", unit_price_fen=price
    )
    assert result.subsidy_fen == expected
    assert result.reason == reason
    assert result.age == age


def test_which_rule_produced_the_subsidy_is_named() -> None:
    add = compute_subsidy(policy("add"), birth_date=born(75), flags={"disabled", "minimum_allowance"},
                          day=NOV, kind="lunch", unit_price_fen=1200)
    assert (add.age_band, add.categories) == ("70-79", "minimum_allowance,disabled")
    best = compute_subsidy(policy("max"), birth_date=born(75), flags={"disabled", "extreme_poverty"},
                           day=NOV, kind="lunch", unit_price_fen=1200)
    assert (best.subsidy_fen, best.age_band, best.categories) == (300, "70-79", "extreme_poverty")


def test_no_birth_date_no_policy_no_rule_for_breakfast() -> None:
    assert compute_subsidy(policy(), birth_date=None, flags=set(), day=NOV, kind="lunch",
                           unit_price_fen=1200).reason == "no_birth_date"
    assert compute_subsidy(None, birth_date=born(80), flags=set(), day=NOV, kind="lunch",
                           unit_price_fen=1200).reason == "no_policy"
    # The rules are for lunch: breakfast has no rule.
    assert compute_subsidy(policy(), birth_date=born(80), flags=set(), day=NOV, kind="breakfast",
                           unit_price_fen=500).reason == "no_rule"
    # A gap between bands: 70–79 missing.
    gap = PolicyData(id=2, name="gap", effective_from=NOV, rules=[AGE_RULES[0], AGE_RULES[2]])
    assert compute_subsidy(gap, birth_date=born(75), flags=set(), day=NOV, kind="lunch",
                           unit_price_fen=1200).reason == "no_rule"
    assert describe_reason("under_age:60") == "Full price: under 60"
    assert describe_reason("no_rule") == "Full price: no matching rule"


def test_age_is_counted_on_the_meals_date() -> None:
    birthday = dt.date(1956, 11, 15)  # 70 on 15 Nov 2026
    before = compute_subsidy(policy(), birth_date=birthday, flags=set(), day=dt.date(2026, 11, 14),
                             kind="lunch", unit_price_fen=1200)
    on = compute_subsidy(policy(), birth_date=birthday, flags=set(), day=dt.date(2026, 11, 15),
                         kind="lunch", unit_price_fen=1200)
    assert (before.subsidy_fen, on.subsidy_fen) == (100, 200)


# --- with a database -------------------------------------------------------------------


@pytest.fixture
def setup(db, today):
    """Three diners, a policy from 2026-01-01, lunch prices for November 2026."""
    with db.write() as s:
        ids = {}
        for key, name, age, flags in [
            ("zhang", "张三明", 75, {"minimum_allowance"}),
            ("li", "李四", 58, set()),
            ("wang", "王𠮷", 91, set()),
            ("nobirth", "赵六", None, set()),
        ]:
            r = create_resident(
                s,
                ResidentInput(name=name, birth_date=born(age) if age else None, flags=frozenset(flags),
                              compound="幸福小区", building=str(len(ids) + 1), unit="1", room="101",
                              phone=f"1380013800{len(ids)}"),
                today=today,
            )
            ids[key] = r.id
        save_policy(s, PolicyData(id=None, name="2026 policy", effective_from=dt.date(2026, 1, 1),
                                  combine="add", rules=AGE_RULES + CAT_RULES))
        save_menu(s, [MenuEntry(NOV + dt.timedelta(days=i), "lunch", "红烧肉 青菜 米饭", 1200) for i in range(30)])
    return ids


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Meal))


def test_add_a_lunch_stores_price_subsidy_and_rule(db, setup) -> None:
    with db.write() as s:
        meal = add_meal(s, setup["zhang"], NOV, payment="wechat")
        assert (meal.price_fen, meal.subsidy_fen, meal.paid_fen) == (1200, 400, 800)
        assert (meal.age_band, meal.categories, meal.reason) == ("70-79", "minimum_allowance", "")
        assert meal.policy_id is not None
        li = add_meal(s, setup["li"], NOV)
        assert (li.subsidy_fen, li.paid_fen, li.reason) == (0, 1200, "under_age:60")
        nobirth = add_meal(s, setup["nobirth"], NOV)
        assert nobirth.reason == "no_birth_date"


def test_no_price_for_the_day_is_refused_not_zero(db, setup) -> None:
    with pytest.raises(LinliError, match="No price for lunch"), db.write() as s:
        add_meal(s, setup["zhang"], dt.date(2026, 12, 1))
    with pytest.raises(LinliError, match="No price for breakfast"), db.write() as s:
        add_meal(s, setup["zhang"], NOV, "breakfast")
    assert _count(db) == 0


def test_a_second_lunch_needs_confirmation_quantity_two_is_fine(db, setup) -> None:
    with db.write() as s:
        first = add_meal(s, setup["wang"], NOV, quantity=2)
        # Two portions: one subsidised, the second at full price.
        assert (first.price_fen, first.subsidy_fen, first.paid_fen) == (2400, 500, 1900)
    with pytest.raises(NeedsConfirmation, match="already has lunch"), db.write() as s:
        add_meal(s, setup["wang"], NOV)
    assert _count(db) == 1
    with db.write() as s:
        second = add_meal(s, setup["wang"], NOV, confirmed=True)
        assert (second.subsidy_fen, second.reason) == (0, "extra_portion")
        second_id = second.id
    # Cancelling the first row moves the subsidy to the remaining one.
    with db.write() as s:
        cancel_meal(s, first.id)
    with db.session() as s:
        assert s.get(Meal, second_id).subsidy_fen == 500
        assert day_totals(s, NOV).meals == 1


def test_refusals_write_nothing(db, setup) -> None:
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        add_meal(s, setup["zhang"], NOV, mode="flying", quantity=0, payment="gold")
    assert set(err.value.errors) == {"mode", "quantity", "payment"}
    assert _count(db) == 0


def test_editing_a_row_keeps_the_subsidy_and_recomputes_the_price(db, setup) -> None:
    with db.write() as s:
        meal = add_meal(s, setup["zhang"], NOV)
        update_meal(s, meal.id, mode="delivered", quantity=2, payment="alipay")
        assert (meal.price_fen, meal.subsidy_fen, meal.paid_fen, meal.mode) == (2400, 400, 2000, "delivered")


def test_policy_change_does_not_rewrite_history_until_recomputed(db, setup) -> None:
    with db.write() as s:
        add_meal(s, setup["zhang"], dt.date(2026, 11, 10))
        add_meal(s, setup["zhang"], dt.date(2026, 11, 20))
        wang = add_meal(s, setup["wang"], dt.date(2026, 11, 20)).id
    # A new policy from 16 November doubles the age amounts; the old one ends on the 15th.
    with db.write() as s:
        old = next(p for p in list_policies(s) if p.name == "2026 policy")
        old.effective_to = dt.date(2026, 11, 15)
        save_policy(s, old)
        doubled = [RuleData(r.kind, r.amount_fen * 2, r.min_age, r.max_age, r.category, r.meal_kind) for r in AGE_RULES]
        save_policy(s, PolicyData(id=None, name="from 16 Nov", effective_from=dt.date(2026, 11, 16),
                                  combine="max", rules=doubled + CAT_RULES))
    with db.session() as s:
        stored = sorted(s.scalars(select(Meal.subsidy_fen)))
        assert stored == [400, 400, 500]  # unchanged
        assert policy_in_force(s, dt.date(2026, 11, 15)).name == "2026 policy"
        assert policy_in_force(s, dt.date(2026, 11, 16)).name == "from 16 Nov"
    # A meal logged after the change uses the new policy (max of 400 and 200).
    with db.write() as s:
        assert add_meal(s, setup["zhang"], dt.date(2026, 11, 21)).subsidy_fen == 400
    with db.write() as s:
        result = recompute_month(s, 2026, 11, by="clerk1")
    # 王 (90+): 500 → 1000; 张 on the 20th: the same 400, now by the new policy's age band alone.
    assert (result.checked, result.changed) == (4, 2)
    assert (result.subsidy_before_fen, result.subsidy_after_fen) == (1700, 1700 - 500 + 1000)
    with db.session() as s:
        rec = s.scalars(select(MealRecompute)).one()
        assert (rec.month, rec.done_by, rec.meals_changed) == ("2026-11", "clerk1", 2)
        details = {row[0]: row[1:] for row in json.loads(rec.details)}
        assert details[wang][:2] == [500, 1000]
        assert s.get(Meal, wang).subsidy_fen == 1000
        assert reconcile_month(s, 2026, 11).recomputes == 1


def test_policy_validation(db) -> None:
    with db.write() as s:
        save_policy(s, PolicyData(id=None, name="A", effective_from=dt.date(2026, 1, 1), rules=AGE_RULES))
    bad = PolicyData(
        id=None, name="", effective_from=dt.date(2026, 6, 1), effective_to=dt.date(2026, 5, 1), combine="sum",
        rules=[RuleData("age", 100, 60, 75), RuleData("age", 200, 70, 79), RuleData("category", -5, category="rich")],
    )
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        save_policy(s, bad)
    assert {"name", "effective_to", "combine", "rules"} <= set(err.value.errors)
    assert "between ¥0" in err.value.errors["rules"]
    overlap = PolicyData(id=None, name="B", effective_from=dt.date(2026, 6, 1), rules=AGE_RULES)
    with pytest.raises(ValidationFailed, match="overlaps"), db.write() as s:
        save_policy(s, overlap)
    bands = PolicyData(id=None, name="C", effective_from=dt.date(2030, 1, 1),
                       rules=[RuleData("age", 100, 60, 75), RuleData("age", 200, 70, 79)])
    with pytest.raises(ValidationFailed, match="overlap"), db.write() as s:
        save_policy(s, bands)


def test_the_example_policy_is_created_on_first_use(db, today) -> None:
    with db.write() as s:
        r = create_resident(s, ResidentInput(name="钱七", birth_date=born(82)), today=today)
        save_menu(s, [MenuEntry(NOV, "lunch", "饺子", 1000)])
        meal = add_meal(s, r.id, NOV)
        assert meal.subsidy_fen == 300
        (p,) = list_policies(s)
        assert p.example and "Example" in p.name
        assert ensure_default_policy(s) is None  # only once


# --- menus ------------------------------------------------------------------------------


def test_copy_last_weeks_menu(db) -> None:
    monday = parse_week("2026-W45")
    assert monday == dt.date(2026, 11, 2)
    with db.write() as s:
        save_menu(s, [MenuEntry(monday, "lunch", "鱼香肉丝", 1200), MenuEntry(monday, "breakfast", "粥 包子", 400)])
        with pytest.raises(LinliError, match="no menu to copy"):
            copy_week(s, monday)
        assert copy_week(s, monday + dt.timedelta(days=7)) == 2
        assert menu_price(s, dt.date(2026, 11, 9), "lunch") == 1200
        cells = [e for e in week_menu(s, dt.date(2026, 11, 9)) if e.dishes]
        assert [(e.kind, e.dishes) for e in cells] == [("breakfast", "粥 包子"), ("lunch", "鱼香肉丝")]
    # The editor's copy: typed (unsaved) cells stay, empty ones are filled, nothing is written.
    week3 = monday + dt.timedelta(days=14)
    with db.write() as s:
        save_menu(s, [MenuEntry(dt.date(2026, 11, 10), "lunch", "面条", 900)])
    with db.session() as s:
        grid = week_menu(s, week3)
        grid[1] = MenuEntry(week3, "lunch", "饺子", None)  # typed, no price yet
        merged, copied = fill_from_last_week(s, week3, grid)
        assert [(merged[i].day, merged[i].kind, merged[i].dishes, merged[i].price_fen) for i in copied] == [
            (week3, "breakfast", "粥 包子", 400),
            (dt.date(2026, 11, 17), "lunch", "面条", 900),
        ]
        assert merged[1].dishes == "饺子" and merged[1].price_fen is None
        assert not [e for e in week_menu(s, week3) if e.dishes]
        with pytest.raises(LinliError, match="no menu to copy"):
            fill_from_last_week(s, monday + dt.timedelta(days=28), week_menu(s, monday + dt.timedelta(days=28)))
    with pytest.raises(ValidationFailed), db.write() as s:
        save_menu(s, [MenuEntry(monday, "lunch", "x", -1)])
    with pytest.raises(LinliError):
        parse_week("2026-48")
    assert parse_month("2026-02") == (2026, 2)


# --- the day, repeat yesterday -------------------------------------------------------------


def test_day_totals_and_list(db, setup) -> None:
    with db.write() as s:
        add_meal(s, setup["zhang"], NOV, mode="delivered", payment="wechat")
        add_meal(s, setup["li"], NOV, mode="take_away", quantity=2)
        add_meal(s, setup["wang"], NOV)
    with db.session() as s:
        t = day_totals(s, NOV)
        assert (t.meals, t.rows, t.price_fen, t.subsidy_fen, t.paid_fen) == (4, 3, 4800, 900, 3900)
        assert t.by_mode == {"delivered": 1, "take_away": 2, "dine_in": 1}
        source = MealDayListSource(NOV)
        ids = source.ids(s, "", None, False)
        rows = source.rows(s, ids)
        assert [rows[i][0] for i in ids] == ["张三明", "李四", "王𠮷"]
        assert rows[ids[1]][8] == "Full price: under 60"
        assert rows[ids[0]][8] == "Age 70-79 + Minimum living allowance"
        assert source.ids(s, "zsm", None, False) == [ids[0]]
        (line,) = delivery_list(s, NOV)
        assert line.name == "张三明" and "Rm 101" in line.address


def test_repeat_yesterdays_list(db, setup) -> None:
    with db.write() as s:
        add_meal(s, setup["zhang"], NOV, mode="delivered")
        add_meal(s, setup["li"], NOV, quantity=2, payment="card")
    day = NOV + dt.timedelta(days=1)
    with db.write() as s:
        add_meal(s, setup["zhang"], day)  # already here today
    with db.session() as s:
        previous, cands = repeat_candidates(s, day)
    assert previous == NOV
    by_id = {c.resident_id: c for c in cands}
    assert not by_id[setup["zhang"]].checked and by_id[setup["zhang"]].has_today
    li = by_id[setup["li"]]
    assert (li.checked, li.quantity, li.payment) == (True, 2, "card")
    with db.write() as s:
        result = add_meals(s, day, "lunch", cands)
    assert len(result.added) == 1 and not result.skipped
    # Checked by mistake: the diner already has lunch — skipped, never doubled.
    for c in cands:
        c.checked = True
    with db.write() as s:
        result = add_meals(s, day, "lunch", cands)
    assert result.added == [] and len(result.skipped) == 2


def test_no_check_ins_no_one_offered_first(db, setup) -> None:
    with db.session() as s:
        assert daycare_present_ids(s, NOV) == []  # no check-ins


def _daycare(db, *ids, enrolled_on=dt.date(2026, 10, 1)) -> None:
    from models.daycare import ContactInput, EnrolmentInput, enrol

    with db.write() as s:
        for rid in ids:
            enrol(s, EnrolmentInput(resident_id=rid, enrolled_on=enrolled_on,
                                    contacts=[ContactInput(name="王芳", relation="女儿", phone="13800138001")]),
                  today=enrolled_on)


def test_elders_checked_in_to_day_care_are_offered_first(db, setup) -> None:
    from models.daycare import check_in

    day = NOV + dt.timedelta(days=1)  # Monday 2 November
    _daycare(db, setup["zhang"], setup["wang"])
    with db.write() as s:
        add_meal(s, setup["li"], NOV)
        add_meal(s, setup["zhang"], NOV)
        # 王 was checked in yesterday, not today; 张 today.
        check_in(s, setup["wang"], at=dt.datetime.combine(NOV, dt.time(9, 0)))
        check_in(s, setup["zhang"], at=dt.datetime.combine(day, dt.time(8, 40)))
    with db.session() as s:
        assert daycare_present_ids(s, day) == [setup["zhang"]]
        assert daycare_present_ids(s, NOV) == [setup["wang"]]
        everyone = [setup["li"], setup["nobirth"], setup["zhang"], setup["wang"]]
        assert diner_search_order(s, day, everyone) == [setup["zhang"], setup["li"], setup["nobirth"], setup["wang"]]
        _prev, cands = repeat_candidates(s, day)
    assert [c.resident_id for c in cands] == [setup["zhang"], setup["li"]]
    assert cands[0].in_daycare and cands[0].checked and not cands[1].in_daycare
    # Checked in today but did not eat here yesterday: offered first, unticked.
    with db.write() as s:
        check_in(s, setup["wang"], at=dt.datetime.combine(day, dt.time(9, 5)))
    with db.session() as s:
        _prev, cands = repeat_candidates(s, day)
    assert [(c.resident_id, c.in_daycare, c.had_yesterday, c.checked) for c in cands] == [
        (setup["zhang"], True, True, True),
        (setup["wang"], True, False, False),
        (setup["li"], False, True, True),
    ]


def test_diet_notes(db, setup) -> None:
    with db.write() as s:
        set_diet_notes(s, setup["zhang"], "少盐 糖尿病饮食")
        add_meal(s, setup["zhang"], NOV, mode="delivered")
    with db.session() as s:
        assert delivery_list(s, NOV)[0].diet_notes == "少盐 糖尿病饮食"


# --- the month ----------------------------------------------------------------------------


def test_reconciliation_totals_equal_the_stored_rows(db, setup) -> None:
    with db.write() as s:
        for i in range(10):
            day = NOV + dt.timedelta(days=i)
            add_meal(s, setup["zhang"], day, payment="wechat")
            add_meal(s, setup["li"], day, mode="take_away")
            if i % 2 == 0:
                add_meal(s, setup["wang"], day, quantity=2, mode="delivered")
        cancel_meal(s, add_meal(s, setup["nobirth"], NOV).id)
        # October is outside the month.
        save_menu(s, [MenuEntry(dt.date(2026, 10, 31), "lunch", "面", 1000)])
        add_meal(s, setup["zhang"], dt.date(2026, 10, 31))
    with db.session() as s:
        rec = reconcile_month(s, 2026, 11)
        # Hand-computed: 张 10 × (1200, 400, 800); 李 10 × (1200, 0, 1200); 王 5 × (2400, 500, 1900).
        diners = {d.name: (d.meals, d.price_fen, d.subsidy_fen, d.paid_fen) for d in rec.diners}
        assert diners == {
            "张三明": (10, 12000, 4000, 8000),
            "李四": (10, 12000, 0, 12000),
            "王𠮷": (10, 12000, 2500, 9500),
        }
        assert (rec.totals.meals, rec.totals.price_fen, rec.totals.subsidy_fen, rec.totals.paid_fen) == (
            30, 36000, 6500, 29500
        )
        stored = s.execute(
            select(func.sum(Meal.quantity), func.sum(Meal.price_fen), func.sum(Meal.subsidy_fen), func.sum(Meal.paid_fen))
            .where(Meal.day >= NOV, Meal.day < dt.date(2026, 12, 1), Meal.cancelled.is_(False))
        ).one()
        assert tuple(stored) == (30, 36000, 6500, 29500)
        for groups in (rec.by_rule, rec.by_band_category, rec.by_meal_mode):
            assert sum(g.subsidy_fen for g in groups) == 6500
            assert sum(g.meals for g in groups) == 30
        by_rule = {g.label: g.subsidy_fen for g in rec.by_rule}
        assert by_rule == {"Age 70-79 + Minimum living allowance": 4000, "Full price: under 60": 0, "Age 90+": 2500}
        assert {g.label: g.meals for g in rec.by_meal_mode} == {
            "Lunch · Dine-in": 10, "Lunch · Take-away": 10, "Lunch · Delivered home": 10,
        }
        assert rec.policies == ["2026 policy"] and not rec.example_policy
        masked = {d.masked_name for d in rec.diners}
        assert masked == {"张*明", "李*", "王*"}
