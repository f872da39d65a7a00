"""Demo data of the meals job: the example policy, menus and lunches for the demo
database (:func:`fill_demo_meals`, called by :mod:`models.demo`) and ten years
of lunches for the benchmark database (:func:`fill_ten_years_meals`, called by
:mod:`models.demo_large`). Meals are computed with the domain's own
:func:`~models.meals.subsidy.compute_subsidy` and written in bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import false, insert, select
from sqlalchemy.orm import Session

from models.core.base import now_local
from models.meals.entities import Meal, MealDiner, MealMenu
from models.meals.policy import ensure_default_policy
from models.meals.subsidy import PolicyCache, SubsidyResult, compute_subsidy
from models.meals.vocabulary import CATEGORIES, MODES, PAYMENTS, week_start
from models.residents.entities import Resident
from models.residents.registry import age_on
from models.safety.audit import record

DEMO_DISHES = (
    ("红烧肉 炒青菜 米饭 紫菜汤", "番茄炒蛋 土豆丝 米饭 冬瓜汤", "清蒸鱼 炒豆芽 米饭 菌菇汤",
     "鱼香肉丝 麻婆豆腐 米饭 蛋花汤", "饺子 凉拌黄瓜 小米粥"),
    ("宫保鸡丁 炒白菜 米饭 海带汤", "红烧豆腐 西兰花 米饭 萝卜汤", "土豆炖牛肉 清炒油麦菜 米饭",
     "木须肉 蒜蓉菠菜 米饭 紫菜汤", "馄饨 葱油饼 拌豆腐"),
    ("糖醋里脊 炒菜心 米饭 豆腐汤", "咖喱鸡 炒豆角 米饭 蛋花汤", "红烧带鱼 炒冬瓜 米饭",
     "肉末茄子 香菇青菜 米饭 排骨汤", "包子 南瓜粥 咸鸭蛋"),
    ("回锅肉 手撕包菜 米饭 番茄汤", "香菇炖鸡 炒西葫芦 米饭", "虾仁炒蛋 素三鲜 米饭 紫菜汤",
     "梅菜扣肉 炒生菜 米饭 绿豆汤", "面条 卤蛋 拍黄瓜"),
)


def fill_demo_meals(session: Session, seed: int, today: dt.date, counts: dict[str, int]) -> None:
    """Demo data: the example policy, menus (four dish rotations, about eleven weeks
    up to next week), and about two months of weekday lunches for about 80 diners.

    Meals are computed with the domain's own :func:`compute_subsidy` and written
    in one bulk insert (the demo runs in every UI test's set-up).
    """
    rng = random.Random(seed + 3)
    ensure_default_policy(session)
    this_monday = week_start(today)
    first_monday = this_monday - dt.timedelta(weeks=9)
    menus = []
    for w in range(11):
        monday = first_monday + dt.timedelta(weeks=w)
        rotation = DEMO_DISHES[w % len(DEMO_DISHES)]
        for d in range(5):
            day = monday + dt.timedelta(days=d)
            menus.append({"day": day, "kind": "lunch", "dishes": rotation[d], "price_fen": 1200 if d < 4 else 1000,
                          "updated_at": now_local()})
            menus.append({"day": day, "kind": "breakfast", "dishes": "豆浆 油条 鸡蛋", "price_fen": 400,
                          "updated_at": now_local()})
    session.execute(insert(MealMenu), menus)
    residents = session.execute(
        select(Resident.id, Resident.birth_date, *(getattr(Resident, c) for c in CATEGORIES))
        .where(Resident.archived == false(), Resident.birth_date.is_not(None))
        .order_by(Resident.id)
    ).all()
    elders = [r for r in residents if age_on(r.birth_date, today) >= 60]
    younger = [r for r in residents if age_on(r.birth_date, today) < 60]
    diners = rng.sample(elders, min(78, len(elders))) + rng.sample(younger, min(2, len(younger)))
    if not diners:
        counts["meal menus"] = len(menus)
        return
    profile = {}
    for r in diners:
        mode = rng.choices(MODES, weights=(75, 15, 10))[0]
        payment = rng.choices(PAYMENTS, weights=(35, 40, 15, 10))[0]
        profile[r.id] = (mode, payment, rng.uniform(0.5, 0.95))
    policies = PolicyCache(session)
    prices = {(m["day"], m["kind"]): m["price_fen"] for m in menus}
    rows = []
    day = today - dt.timedelta(days=61)
    while day < today:
        price = prices.get((day, "lunch"))
        if price is not None:
            policy = policies.for_day(day)
            for r in diners:
                mode, payment, appetite = profile[r.id]
                if rng.random() > appetite:
                    continue
                quantity = 2 if rng.random() < 0.03 else 1
                res = compute_subsidy(
                    policy, birth_date=r.birth_date, flags={c for c in CATEGORIES if getattr(r, c)},
                    day=day, kind="lunch", unit_price_fen=price,
                )
                stamp = dt.datetime.combine(day, dt.time(11, 30))
                rows.append({
                    "resident_id": r.id, "day": day, "kind": "lunch", "mode": mode, "quantity": quantity,
                    "unit_price_fen": price, "price_fen": price * quantity, "subsidy_fen": res.subsidy_fen,
                    "paid_fen": price * quantity - res.subsidy_fen, "payment": payment,
                    "policy_id": res.policy_id, "age": res.age, "age_band": res.age_band,
                    "categories": res.categories, "reason": res.reason, "cancelled": False,
                    "created_at": stamp, "updated_at": stamp,
                })
        day += dt.timedelta(days=1)
    if rows:
        session.execute(insert(Meal), rows)
    for r in diners[:6]:
        session.add(MealDiner(resident_id=r.id, diet_notes=rng.choice(("少盐", "少油 低糖", "软食", "不吃辣", "清真"))))
    session.flush()
    counts["meal menus"] = len(menus)
    counts["meals"] = len(rows)


def fill_ten_years_meals(
    session: Session,
    *,
    seed: int,
    first_day: dt.date,
    today: dt.date,
    people: Sequence,
    diners: int,
    meals: int,
    bulk: Callable[[Session, type, Iterable[dict]], int],
) -> dict[str, int]:
    """The benchmark database's meals: a lunch menu every weekday from ``first_day``
    to ``today`` and about ``meals`` lunches of ``diners`` elders (62 and over)
    among ``people``, written with ``bulk`` (the ten-years filler's chunked Core
    insert); one summary entry in the audit trail."""
    rng = random.Random(seed + 12)
    ensure_default_policy(session)
    policies = PolicyCache(session)
    days = [first_day + dt.timedelta(days=k) for k in range((today - first_day).days)]
    days = [d for d in days if d.isoweekday() <= 5]
    updated = dt.datetime.combine(first_day, dt.time(8))
    prices = {d: (1000 if d.year < 2020 else 1200) if d.isoweekday() < 5 else 1000 for d in days}
    menus = [dict(day=d, kind="lunch", dishes=DEMO_DISHES[(i // 5) % 4][d.weekday()], price_fen=prices[d],
                  updated_at=updated) for i, d in enumerate(days)]
    bulk(session, MealMenu, menus)
    elders = [p for p in people if age_on(p.birth_date, today) >= 62]
    chosen = sorted(rng.sample(elders, min(diners, len(elders))), key=lambda p: p.id)
    appetite = min(0.98, meals / max(1, len(days) * len(chosen)))
    profile = {p.id: (rng.choices(MODES, weights=(75, 15, 10))[0], rng.choices(PAYMENTS, weights=(35, 40, 15, 10))[0],
                      {c for c in CATEGORIES if getattr(p, c)}) for p in chosen}
    cache: dict[tuple, SubsidyResult] = {}

    def rows():  # type: ignore[no-untyped-def]
        for day in days:
            policy = policies.for_day(day)
            price = prices[day]
            stamp = dt.datetime.combine(day, dt.time(11, 30))
            for p in chosen:
                if rng.random() > appetite:
                    continue
                mode, payment, flags = profile[p.id]
                key = (p.id, age_on(p.birth_date, day), price, policy.id if policy else None)
                res = cache.get(key)
                if res is None:
                    res = cache[key] = compute_subsidy(policy, birth_date=p.birth_date, flags=flags, day=day,
                                                       kind="lunch", unit_price_fen=price)
                yield {"resident_id": p.id, "day": day, "kind": "lunch", "mode": mode, "quantity": 1,
                       "unit_price_fen": price, "price_fen": price, "subsidy_fen": res.subsidy_fen,
                       "paid_fen": price - res.subsidy_fen, "payment": payment, "policy_id": res.policy_id,
                       "age": res.age, "age_band": res.age_band, "categories": res.categories, "reason": res.reason,
                       "cancelled": rng.random() < 0.003, "created_at": stamp, "updated_at": stamp}

    count = bulk(session, Meal, rows())
    record(session, "import", table="meal", summary=f"ten-years demo: {count} meals (bulk)")
    return {"meal menus": len(menus), "meals": count}
