"""Month end: the deliberate "recompute this month" (recorded, with who did it:
the logged-in account) and the month's reconciliation for the civil-affairs
office, every figure summed in SQL from the stored rows."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from sqlalchemy import case, false, func, select, true
from sqlalchemy.orm import Session

from i18n import _
from models.core.base import now_local
from models.meals.entities import Meal, MealRecompute, SubsidyPolicy
from models.meals.policy import list_policies
from models.meals.subsidy import PolicyCache, describe_rule, recompute_meal
from models.meals.vocabulary import MEAL_KINDS, MODES, kind_label, mode_label, month_bounds
from models.residents.entities import Resident
from models.residents.names import mask_name
from models.safety.security import current_actor, require

log = logging.getLogger("models.meals")


# --- recompute a month -------------------------------------------------------------------


@dataclass
class RecomputeResult:
    month: str
    checked: int
    changed: int
    subsidy_before_fen: int
    subsidy_after_fen: int
    record_id: int


def recompute_month(session: Session, year: int, month: int, *, by: str | None = None) -> RecomputeResult:
    """Recompute every meal of a month with the policy in force on its date; record it.

    This is the deliberate correction (e.g. after the policy was entered late or a
    diner's birth date or category was corrected). The record keeps who (``by``,
    else the logged-in account, :func:`models.safety.security.current_actor`),
    when, and for each changed meal the old and new subsidy.
    """
    require("meals.write")
    first, nxt = month_bounds(year, month)
    policies = PolicyCache(session)
    meals = session.scalars(
        select(Meal)
        .where(Meal.day >= first, Meal.day < nxt, Meal.cancelled == false())
        .order_by(Meal.resident_id, Meal.day, Meal.kind, Meal.id)
    ).all()
    before = sum(m.subsidy_fen for m in meals)
    changes: list[list] = []
    seen: set[tuple[int, dt.date, str]] = set()
    for meal in meals:
        key = (meal.resident_id, meal.day, meal.kind)
        old_fen, old_rule = meal.subsidy_fen, _rule_key(meal)
        result = recompute_meal(session, meal, policies, extra=key in seen)
        if result.subsidy_fen > 0:
            seen.add(key)
        if (meal.subsidy_fen, _rule_key(meal)) != (old_fen, old_rule):
            changes.append([meal.id, old_fen, meal.subsidy_fen, old_rule, _rule_key(meal)])
    after = sum(m.subsidy_fen for m in meals)
    record = MealRecompute(
        month=f"{year:04d}-{month:02d}",
        done_at=now_local(),
        done_by=(by if by is not None else current_actor().username)[:60],
        meals_checked=len(meals),
        meals_changed=len(changes),
        subsidy_before_fen=before,
        subsidy_after_fen=after,
        details=json.dumps(changes),
    )
    session.add(record)
    session.flush()
    log.info("month %s recomputed: %d of %d meals changed (record %s)", record.month, len(changes), len(meals), record.id)
    return RecomputeResult(record.month, len(meals), len(changes), before, after, record.id)


def _rule_key(meal: Meal) -> str:
    """The stored rule of a meal as one string: policy|band|categories|reason."""
    return f"{meal.policy_id or ''}|{meal.age_band}|{meal.categories}|{meal.reason}"


def recompute_history(session: Session, year: int, month: int) -> list[MealRecompute]:
    return list(
        session.scalars(
            select(MealRecompute).where(MealRecompute.month == f"{year:04d}-{month:02d}").order_by(MealRecompute.id)
        )
    )


# --- month end -----------------------------------------------------------------------------


@dataclass
class Sums:
    meals: int = 0
    price_fen: int = 0
    subsidy_fen: int = 0
    paid_fen: int = 0


@dataclass
class DinerLine(Sums):
    resident_id: int = 0
    name: str = ""
    masked_name: str = ""
    subsidised_meals: int = 0


@dataclass
class GroupLine(Sums):
    label: str = ""
    key: tuple = ()


@dataclass
class Reconciliation:
    """A month's reconciliation, every figure summed in SQL from the stored rows."""

    year: int
    month: int
    diners: list[DinerLine]
    by_rule: list[GroupLine]
    by_band_category: list[GroupLine]
    by_meal_mode: list[GroupLine]
    totals: Sums
    policies: list[str]
    example_policy: bool
    recomputes: int

    @property
    def month_text(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _sum_columns():  # type: ignore[no-untyped-def]
    return (
        func.coalesce(func.sum(Meal.quantity), 0),
        func.coalesce(func.sum(Meal.price_fen), 0),
        func.coalesce(func.sum(Meal.subsidy_fen), 0),
        func.coalesce(func.sum(Meal.paid_fen), 0),
    )


def reconcile_month(session: Session, year: int, month: int) -> Reconciliation:
    """Per diner, per rule, per age band and category, per meal and mode, and totals."""
    require("meals.read")
    first, nxt = month_bounds(year, month)
    where = (Meal.day >= first, Meal.day < nxt, Meal.cancelled == false())
    subsidised = func.coalesce(func.sum(case((Meal.subsidy_fen > 0, 1), else_=0)), 0)
    diners = [
        DinerLine(
            meals=q, price_fen=p, subsidy_fen=s, paid_fen=pd, resident_id=rid, name=name,
            masked_name=mask_name(name), subsidised_meals=sm,
        )
        for rid, name, q, p, s, pd, sm in session.execute(
            select(Meal.resident_id, Resident.name, *_sum_columns(), subsidised)
            .join(Resident, Resident.id == Meal.resident_id)
            .where(*where)
            .group_by(Meal.resident_id, Resident.name, Resident.name_pinyin)
            .order_by(Resident.name_pinyin, Meal.resident_id)
        )
    ]
    names = {p.id: p.name for p in list_policies(session, include_archived=True)}
    used_ids = list(session.scalars(select(Meal.policy_id).where(*where, Meal.policy_id.is_not(None)).distinct()))
    several = len(used_ids) > 1
    by_rule = []
    for pid, band, cats, reason, q, p, s, pd in session.execute(
        select(Meal.policy_id, Meal.age_band, Meal.categories, Meal.reason, *_sum_columns())
        .where(*where)
        .group_by(Meal.policy_id, Meal.age_band, Meal.categories, Meal.reason)
        .order_by(Meal.policy_id, Meal.reason, Meal.age_band, Meal.categories)
    ):
        label = describe_rule(band, cats, reason)
        if pid is not None and not reason and several:
            label = f"{label} — {names.get(pid, pid)}"
        by_rule.append(GroupLine(q, p, s, pd, label=label, key=(pid, band, cats, reason)))
    by_band = []
    for band, cats, q, p, s, pd in session.execute(
        select(Meal.age_band, Meal.categories, *_sum_columns())
        .where(*where)
        .group_by(Meal.age_band, Meal.categories)
        .order_by(Meal.age_band, Meal.categories)
    ):
        label = describe_rule(band, cats) or _("No age band")
        by_band.append(GroupLine(q, p, s, pd, label=label, key=(band, cats)))
    kind_order = {k: i for i, k in enumerate(MEAL_KINDS)}
    mode_order = {m: i for i, m in enumerate(MODES)}
    by_meal = [
        GroupLine(q, p, s, pd, label=f"{kind_label(k)} · {mode_label(m)}", key=(k, m))
        for k, m, q, p, s, pd in sorted(
            session.execute(select(Meal.kind, Meal.mode, *_sum_columns()).where(*where).group_by(Meal.kind, Meal.mode)),
            key=lambda r: (kind_order.get(r[0], 9), mode_order.get(r[1], 9)),
        )
    ]
    q, p, s, pd = session.execute(select(*_sum_columns()).where(*where)).one()
    used = [names.get(pid, str(pid)) for pid in used_ids]
    example = bool(
        session.scalar(
            select(func.count())
            .select_from(SubsidyPolicy)
            .where(SubsidyPolicy.example == true(), SubsidyPolicy.id.in_(select(Meal.policy_id).where(*where)))
        )
    )
    recomputes = session.scalar(
        select(func.count()).select_from(MealRecompute).where(MealRecompute.month == f"{year:04d}-{month:02d}")
    )
    return Reconciliation(
        year, month, diners, by_rule, by_band, by_meal, Sums(q, p, s, pd), sorted(used), example, recomputes or 0
    )
