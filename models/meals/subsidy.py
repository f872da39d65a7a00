"""A meal's subsidy: computed from the policy in force on the meal's date and
stored on the meal with the rule that produced it (or the reason there is
none), so a later policy change does not rewrite history. The subsidy never
exceeds the meal's price and is never negative; one subsidised portion per
diner, meal and day. How a rule and a reason read on the row and the printouts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from i18n import N_, _
from models.meals.entities import Meal
from models.meals.policy import PolicyData, list_policies
from models.meals.vocabulary import CATEGORIES, category_label
from models.residents.entities import Resident
from models.residents.registry import age_on


@dataclass(frozen=True)
class SubsidyResult:
    """What a meal's subsidy is and why (stored on the meal)."""

    subsidy_fen: int
    policy_id: int | None
    age: int | None
    age_band: str = ""
    categories: str = ""  # comma-separated category codes that contributed
    reason: str = ""  # empty when subsidised


def compute_subsidy(
    policy: PolicyData | None,
    *,
    birth_date: dt.date | None,
    flags: Iterable[str],
    day: dt.date,
    kind: str,
    unit_price_fen: int,
    extra_portion: bool = False,
) -> SubsidyResult:
    """The subsidy of one portion, by the policy in force on ``day``.

    Age band first (no band, no subsidy: the policy is for elders); then the
    household categories, added to the age amount or the largest one taken,
    as the policy says. Capped at the portion's price; never negative.
    ``extra_portion``: the diner already had a subsidised portion of this meal
    that day — this one is at full price.
    """
    age = age_on(birth_date, day) if birth_date else None
    if policy is None:
        return SubsidyResult(0, None, age, reason="no_policy")
    if birth_date is None:
        return SubsidyResult(0, policy.id, None, reason="no_birth_date")
    rules = [r for r in policy.rules if r.applies_to(kind)]
    age_rules = [r for r in rules if r.kind == "age"]
    band = next(
        (r for r in age_rules if r.min_age <= age and (r.max_age is None or age <= r.max_age)),  # type: ignore[operator]
        None,
    )
    if band is None:
        lowest = min((r.min_age for r in age_rules), default=None)  # type: ignore[type-var]
        if lowest is not None and age < lowest:
            return SubsidyResult(0, policy.id, age, reason=f"under_age:{lowest}")
        return SubsidyResult(0, policy.id, age, reason="no_rule")
    flags = set(flags)
    cats = [r for r in rules if r.kind == "category" and r.category in flags]
    if policy.combine == "max":
        best = max(cats, key=lambda r: r.amount_fen, default=None)
        if best is not None and best.amount_fen > band.amount_fen:
            amount, used = best.amount_fen, [best.category]
        else:
            amount, used = band.amount_fen, []
    else:
        amount = band.amount_fen + sum(r.amount_fen for r in cats)
        used = [r.category for r in cats]
    categories = ",".join(c for c in CATEGORIES if c in used)
    if extra_portion:
        return SubsidyResult(0, policy.id, age, band.band, categories, reason="extra_portion")
    subsidy = max(0, min(amount, unit_price_fen))
    return SubsidyResult(subsidy, policy.id, age, band.band, categories)


def describe_reason(reason: str, subsidy_fen: int = 0, price_fen: int = 0) -> str:
    """Why a meal is at full price (or capped), as the row and the printouts say it."""
    if reason.startswith("under_age:"):
        return _("Full price: under {age}").format(age=reason.split(":", 1)[1])
    text = {
        "no_birth_date": N_("Full price: no birth date on file"),
        "no_rule": N_("Full price: no matching rule"),
        "no_policy": N_("Full price: no subsidy policy in force"),
        "extra_portion": N_("Full price: one subsidised portion a day"),
    }.get(reason)
    if text:
        return _(text)
    if subsidy_fen and price_fen and subsidy_fen >= price_fen:
        return _("Subsidy capped at the price")
    return ""


def describe_rule(age_band: str, categories: str, reason: str = "") -> str:
    """``70-79 + Minimum allowance``; the reason when there is no subsidy."""
    if reason:
        return describe_reason(reason)
    parts = [_("Age {band}").format(band=age_band)] if age_band else []
    parts += [category_label(c) for c in categories.split(",") if c]
    return " + ".join(parts)


def flags_of(resident: Resident) -> set[str]:
    return {c for c in CATEGORIES if getattr(resident, c, False)}


class PolicyCache:
    """Policies by day within one operation (a month has at most a few)."""

    def __init__(self, session: Session):
        self.session = session
        self._cache: list[PolicyData] | None = None

    def for_day(self, day: dt.date) -> PolicyData | None:
        if self._cache is None:
            self._cache = list_policies(self.session)
        best = [p for p in self._cache if p.in_force(day)]
        best.sort(key=lambda p: (p.effective_from, p.id or 0), reverse=True)
        return best[0] if best else None


def apply_subsidy(meal: Meal, result: SubsidyResult) -> None:
    meal.subsidy_fen = result.subsidy_fen
    meal.policy_id = result.policy_id
    meal.age = result.age
    meal.age_band = result.age_band
    meal.categories = result.categories
    meal.reason = result.reason
    meal.price_fen = meal.unit_price_fen * meal.quantity
    meal.paid_fen = meal.price_fen - meal.subsidy_fen


def recompute_meal(session: Session, meal: Meal, policies: PolicyCache, *, extra: bool) -> SubsidyResult:
    resident = session.get(Resident, meal.resident_id)
    assert resident is not None
    result = compute_subsidy(
        policies.for_day(meal.day),
        birth_date=resident.birth_date,
        flags=flags_of(resident),
        day=meal.day,
        kind=meal.kind,
        unit_price_fen=meal.unit_price_fen,
        extra_portion=extra,
    )
    apply_subsidy(meal, result)
    session.flush()
    return result
