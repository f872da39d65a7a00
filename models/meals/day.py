"""The day view: a day's totals (one GROUP BY) and the list source of the day's
meals, one row per meal, with the rule or the reason for full price."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, false, func, select, true
from sqlalchemy.orm import Session

from i18n import N_
from models.core.listing import ListColumn
from models.meals.entities import Meal
from models.meals.subsidy import describe_reason, describe_rule
from models.meals.vocabulary import kind_label, mode_label, money, payment_label
from models.residents.entities import Resident
from models.residents.registry import parse_terms, rank_expression


@dataclass
class DayTotals:
    meals: int = 0  # portions (sum of quantities)
    rows: int = 0
    price_fen: int = 0
    subsidy_fen: int = 0
    paid_fen: int = 0
    by_mode: dict[str, int] = field(default_factory=dict)
    by_payment: dict[str, int] = field(default_factory=dict)


def day_totals(session: Session, day: dt.date, kind: str | None = None) -> DayTotals:
    """Totals of a day's meals (one GROUP BY)."""
    conds = [Meal.day == day, Meal.cancelled == false()]
    if kind:
        conds.append(Meal.kind == kind)
    totals = DayTotals()
    rows = session.execute(
        select(
            Meal.mode,
            Meal.payment,
            func.count(),
            func.sum(Meal.quantity),
            func.sum(Meal.price_fen),
            func.sum(Meal.subsidy_fen),
            func.sum(Meal.paid_fen),
        )
        .where(*conds)
        .group_by(Meal.mode, Meal.payment)
    )
    for mode, payment, n, qty, price, subsidy, paid in rows:
        totals.rows += n
        totals.meals += qty or 0
        totals.price_fen += price or 0
        totals.subsidy_fen += subsidy or 0
        totals.paid_fen += paid or 0
        totals.by_mode[mode] = totals.by_mode.get(mode, 0) + (qty or 0)
        totals.by_payment[payment] = totals.by_payment.get(payment, 0) + (paid or 0)
    return totals


class MealDayListSource:
    """The day view: one row per meal on a day (optionally one meal kind)."""

    columns: Sequence[ListColumn] = (
        ListColumn("diner", N_("Diner")),
        ListColumn("kind", N_("Meal"), align="center"),
        ListColumn("mode", N_("Mode"), align="center"),
        ListColumn("quantity", N_("Qty"), align="right"),
        ListColumn("price", N_("Price"), align="right"),
        ListColumn("subsidy", N_("Subsidy"), align="right"),
        ListColumn("paid", N_("Paid"), align="right"),
        ListColumn("payment", N_("Payment"), align="center"),
        ListColumn("note", N_("Subsidy rule / why full price"), sortable=False),
    )

    _sort_columns = {
        "diner": (Resident.name_pinyin,),
        "kind": (Meal.kind,),
        "mode": (Meal.mode,),
        "quantity": (Meal.quantity,),
        "price": (Meal.price_fen,),
        "subsidy": (Meal.subsidy_fen,),
        "paid": (Meal.paid_fen,),
        "payment": (Meal.payment,),
    }

    def __init__(self, day: dt.date, kind: str | None = None):
        self.day = day
        self.kind = kind

    def ids(self, session: Session, filter_text: str, sort_key: str | None, descending: bool) -> list[int]:
        conds = [Meal.day == self.day, Meal.cancelled == false()]
        if self.kind:
            conds.append(Meal.kind == self.kind)
        stmt = select(Meal.id).join(Resident, Resident.id == Meal.resident_id)
        terms = parse_terms(filter_text)
        if terms.folded:
            conds.append(rank_expression(terms) > 0)
        order: list = []
        if sort_key in self._sort_columns:
            order += [c.desc() if descending else c.asc() for c in self._sort_columns[sort_key]]
        # Default: the order they were served in, newest at the bottom.
        order.append(Meal.id)
        return list(session.scalars(stmt.where(and_(true(), *conds)).order_by(*order)))

    def rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        stmt = select(
            Meal.id,
            Resident.name,
            Meal.kind,
            Meal.mode,
            Meal.quantity,
            Meal.price_fen,
            Meal.subsidy_fen,
            Meal.paid_fen,
            Meal.payment,
            Meal.age_band,
            Meal.categories,
            Meal.reason,
            Meal.unit_price_fen,
        ).join(Resident, Resident.id == Meal.resident_id).where(Meal.id.in_(list(ids)))
        out: dict[int, tuple[str, ...]] = {}
        notes: dict[tuple, str] = {}
        for r in session.execute(stmt):
            key = (r.age_band, r.categories, r.reason, r.subsidy_fen >= r.unit_price_fen > 0)
            note = notes.get(key)
            if note is None:
                note = describe_rule(r.age_band, r.categories, r.reason)
                capped = describe_reason("", r.subsidy_fen, r.unit_price_fen)
                if capped and not r.reason:
                    note = f"{note} ({capped})"
                notes[key] = note
            out[r.id] = (
                r.name,
                kind_label(r.kind),
                mode_label(r.mode),
                str(r.quantity),
                money(r.price_fen),
                money(r.subsidy_fen),
                money(r.paid_fen),
                payment_label(r.payment),
                note,
            )
        return out
