"""Meal assistance benchmark: the issue's targets on a large database.

    python benchmarks/bench_meals.py --db /tmp/meals-bench.sqlite3            # 1,000,000 meals
    python benchmarks/bench_meals.py --db /tmp/small.sqlite3 --meals 100000   # quicker

Builds the dataset deterministically with bulk inserts when the file does not
exist yet (800 diners, ten years of lunches, a target day with exactly 200
meals), then times, over several runs (median and worst):

* the day view of the target day (ids in SQL order, display strings of all
  rows, the totals and the menu line) — target < 100 ms;
* adding one meal from Enter to the view updated (the write, then the day
  view again) — target < 50 ms; and the same through the real Meals tab
  offscreen (``MealsTab.log_meal`` as Enter calls it, the view painted);
* a month's reconciliation (every GROUP BY) — target < 500 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.core.db import open_database  # noqa: E402
from models.meals.day import MealDayListSource, day_totals  # noqa: E402
from models.meals.desk import add_meal  # noqa: E402
from models.meals.menu import menu_of_day  # noqa: E402
from models.meals.month_end import reconcile_month  # noqa: E402
from models.meals.policy import ensure_default_policy  # noqa: E402
from models.meals.subsidy import PolicyCache, compute_subsidy  # noqa: E402
from models.meals.vocabulary import CATEGORIES  # noqa: E402
from models.residents.names import name_keys  # noqa: E402

TARGET_DAY = dt.date(2026, 11, 18)
YEARS = 10


def build(path: Path, meals: int, diners: int) -> None:
    t0 = time.perf_counter()
    db = open_database(path)
    rng = random.Random(4)
    first_day = TARGET_DAY - dt.timedelta(days=365 * YEARS)
    days = [first_day + dt.timedelta(days=i) for i in range((TARGET_DAY - first_day).days + 1)]
    now = dt.datetime(2026, 11, 18, 11, 30)
    with db.write() as s:
        ensure_default_policy(s)
        policies = PolicyCache(s)
        policy = policies.for_day(TARGET_DAY)
        conn = s.connection()
        residents = []
        surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚"
        for i in range(diners):
            name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
            keys = name_keys(name)
            birth = dt.date(rng.randint(1925, 1966), rng.randint(1, 12), rng.randint(1, 28))
            flags = {c: rng.random() < 0.08 for c in CATEGORIES}
            residents.append((i + 1, name, keys.pinyin, keys.initials, birth, flags))
        conn.exec_driver_sql(
            "INSERT INTO resident (id, name, name_pinyin, name_initials, birth_date, compound, building, unit, room, grid,"
            " lives_alone, empty_nest, minimum_allowance, extreme_poverty, disabled, entitled_group, notes,"
            " created_at, updated_at, archived) VALUES (?, ?, ?, ?, ?, '幸福小区', ?, '1', '101', '', ?, ?, ?, ?, ?, ?, '', ?, ?, 0)",
            [
                (rid, name, py, ini, birth.isoformat(), str(rid % 24 + 1),
                 *(int(flags[c]) for c in ("lives_alone", "empty_nest", "minimum_allowance", "extreme_poverty", "disabled", "entitled_group")),
                 now.isoformat(" "), now.isoformat(" "))
                for rid, name, py, ini, birth, flags in residents
            ],
        )
        conn.exec_driver_sql(
            "INSERT INTO meal_menu (day, kind, dishes, price_fen, updated_at) VALUES (?, 'lunch', '红烧肉 青菜 米饭', 1200, ?)",
            [(d.isoformat(), now.isoformat(" ")) for d in days],
        )
        per_day = meals / len(days)
        subsidy_cache: dict[tuple[int, int], tuple] = {}
        rows = []
        total = 0
        for d in days:
            n = 200 if d == TARGET_DAY else max(0, min(diners, int(rng.gauss(per_day, per_day * 0.15))))
            if total + n > meals and d != TARGET_DAY:
                n = max(0, meals - total - 200)
            for rid, _name, _py, _ini, birth, flags in rng.sample(residents, n):
                key = (rid, d.year)
                if key not in subsidy_cache:
                    r = compute_subsidy(policy, birth_date=birth, flags={c for c, v in flags.items() if v},
                                        day=dt.date(d.year, 7, 1), kind="lunch", unit_price_fen=1200)
                    subsidy_cache[key] = (r.subsidy_fen, r.policy_id, r.age, r.age_band, r.categories, r.reason)
                sub, pid, age, band, cats, reason = subsidy_cache[key]
                rows.append((rid, d.isoformat(), 1200, 1200, sub, 1200 - sub, pid, age, band, cats, reason,
                             now.isoformat(" "), now.isoformat(" ")))
            total += n
            if len(rows) >= 100_000:
                _insert(conn, rows)
                rows = []
        _insert(conn, rows)
    db.dispose()
    print(f"built {path}: {total:,} meals, {diners} diners, {len(days)} days in {time.perf_counter() - t0:.1f} s")


def _insert(conn, rows) -> None:  # type: ignore[no-untyped-def]
    if rows:
        conn.exec_driver_sql(
            "INSERT INTO meal (resident_id, day, kind, mode, quantity, unit_price_fen, price_fen, subsidy_fen, paid_fen,"
            " payment, policy_id, age, age_band, categories, reason, cancelled, created_at, updated_at)"
            " VALUES (?, ?, 'lunch', 'dine_in', 1, ?, ?, ?, ?, 'cash', ?, ?, ?, ?, ?, 0, ?, ?)",
            rows,
        )


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(label: str, ms: list[float], target: float) -> None:
    median, worst = statistics.median(ms), max(ms)
    verdict = "PASS" if worst < target else ("PASS (median)" if median < target else "FAIL")
    print(f"{label:<44} median {median:7.1f} ms   worst {worst:7.1f} ms   target < {target:.0f} ms   {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="the benchmark database (built if missing)")
    parser.add_argument("--meals", type=int, default=1_000_000, help="meal records to build (default 1,000,000)")
    parser.add_argument("--diners", type=int, default=800)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = Path(args.db)
    if not path.exists():
        build(path, args.meals, args.diners)
    db = open_database(path, create=False)
    with db.session() as s:
        from sqlalchemy import func, select

        from models.meals.entities import Meal

        count = s.scalar(select(func.count()).select_from(Meal))
        on_day = s.scalar(select(func.count()).select_from(Meal).where(Meal.day == TARGET_DAY, Meal.cancelled.is_(False)))
    print(f"database: {path} — {count:,} meals; {on_day} on {TARGET_DAY}")
    source = MealDayListSource(TARGET_DAY, "lunch")

    def day_view() -> int:
        with db.session() as s:
            ids = source.ids(s, "", None, False)
            source.rows(s, ids[:200])
            day_totals(s, TARGET_DAY, "lunch")
            menu_of_day(s, TARGET_DAY, "lunch")
        return len(ids)

    report(f"day view ({day_view()} meals)", timed(day_view, args.runs), 100)

    # Adding a meal: diners who have not eaten on the target day yet.
    with db.session() as s:
        from models.residents.entities import Resident

        eaten = set(s.scalars(select(Meal.resident_id).where(Meal.day == TARGET_DAY)))
        free = [rid for rid in s.scalars(select(Resident.id).order_by(Resident.id)) if rid not in eaten]
    queue = iter(free)

    def add_one() -> None:
        with db.write() as s:
            add_meal(s, next(queue), TARGET_DAY)
        day_view()

    report("add one meal, Enter → view updated", timed(add_one, min(args.runs, len(free))), 50)

    # The same through the real tab (offscreen): log_meal as Enter calls it — the write,
    # the rows and totals re-read, the status line — and the view painted.
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.meals.tab import MealsTab

    app = QApplication.instance() or QApplication([])
    tab = MealsTab(db, today=TARGET_DAY)
    tab.resize(1200, 800)
    tab.show()
    app.processEvents()

    def add_through_tab() -> None:
        tab.log_meal(next(queue))
        app.processEvents()

    report("add one meal through the tab (painted)", timed(add_through_tab, min(args.runs, len(free) - args.runs)), 50)
    tab.close()

    months = [(2026, 10), (2025, 3), (2020, 7), (2017, 12)]
    month_runs: list[float] = []
    for year, month in months:
        month_runs += timed(lambda y=year, m=month: reconcile_month(db.session(), y, m), max(1, args.runs // 2))
    with db.session() as s:
        rec = reconcile_month(s, 2026, 10)
    report(f"month reconciliation (~{rec.totals.meals:,} meals)", month_runs, 500)
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
