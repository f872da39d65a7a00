"""Meals in a period: meals served by kind and mode, diners, subsidy and the elders' own share.

The definitions are the month end's (:func:`models.meals.month_end.reconcile_month`,
the Meals tab's reconciliation): cancelled meals are left out; "meals" is the
number of portions (a meal's quantity); the subsidy and the diners' own share
are the amounts stored on each meal when it was logged (or recomputed);
diners are different residents with at least one meal; the age band and
category groups are the reconciliation's (the band and categories the
subsidy rule named).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.figures.period import Period
from models.figures.values import Chart, Figure, FigureTable
from models.meals import MEAL_KINDS, MODES, Meal, describe_rule, kind_label, mode_label
from models.safety.security import require_any

TITLE = N_("Meals")

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (N_("Meals served"), N_("Portions logged at the meals desk (a meal's quantity), cancelled meals left out, "
                            "by meal (breakfast, lunch, dinner) and mode (dine-in, take-away, delivered home).")),
    (N_("Diners"), N_("Different residents with at least one meal in the period (not the sum of the months).")),
    (N_("Subsidy paid"), N_("The subsidy stored on each meal, from the policy in force on its day, as in the "
                            "month's reconciliation; the elders' own share is what they paid.")),
    (N_("Age band and category"), N_("The age band and household categories the subsidy rule named, as in "
                                     "the reconciliation; meals without a subsidy are under no age band.")),
)


@dataclass(frozen=True)
class MealsMonth:
    key: str
    meals: int
    by_mode: tuple[int, ...]  # in the order of MODES
    diners: int
    price_fen: int
    subsidy_fen: int
    paid_fen: int


@dataclass(frozen=True)
class MealsGroup:
    """One row by kind × mode, or by age band × categories (``key``)."""

    key: tuple[str, str]
    meals: int
    price_fen: int
    subsidy_fen: int
    paid_fen: int


@dataclass(frozen=True)
class MealsFigures:
    period: Period
    meals: int
    diners: int
    price_fen: int
    subsidy_fen: int
    paid_fen: int
    by_kind_mode: tuple[MealsGroup, ...]
    by_band_category: tuple[MealsGroup, ...]
    months: tuple[MealsMonth, ...]
    has_data: bool
    key: str = "meals"

    @property
    def title(self) -> str:
        return _(TITLE)

    def by_mode(self, mode: str) -> int:
        return sum(g.meals for g in self.by_kind_mode if g.key[1] == mode)

    def by_kind(self, kind: str) -> int:
        return sum(g.meals for g in self.by_kind_mode if g.key[0] == kind)

    def headlines(self) -> list[Figure]:
        return [
            Figure("meals.meals", _("Meals served"), self.meals),
            Figure("meals.diners", _("Diners"), self.diners),
            Figure("meals.subsidy", _("Meal subsidy paid"), self.subsidy_fen, "fen"),
            Figure("meals.paid", _("Paid by the diners"), self.paid_fen, "fen"),
        ]

    def tables(self) -> list[FigureTable]:
        money = ("count", "fen", "fen", "fen")
        kinds = FigureTable(
            "meals.kinds", _("Meals by meal and mode"),
            (_("Meal"), *(mode_label(m) for m in MODES), _("Total")),
            tuple((kind_label(k), *(self._cell(k, m) for m in MODES), self.by_kind(k)) for k in MEAL_KINDS
                  if self.by_kind(k)),
            total=(_("Total"), *(self.by_mode(m) for m in MODES), self.meals),
        )
        bands = FigureTable(
            "meals.bands", _("By age band and category"),
            (_("Age band and category"), _("Meals"), _("Price"), _("Subsidy"), _("Paid by the diner")),
            tuple((describe_rule(*g.key) or _("No age band"), g.meals, g.price_fen, g.subsidy_fen, g.paid_fen)
                  for g in self.by_band_category),
            units=money,
            total=(_("Total"), self.meals, self.price_fen, self.subsidy_fen, self.paid_fen),
        )
        months = FigureTable(
            "meals.months", _("Meals by month"),
            (_("Month"), _("Meals"), *(mode_label(m) for m in MODES), _("Diners"), _("Subsidy"),
             _("Paid by the diner")),
            tuple((m.key, m.meals, *m.by_mode, m.diners, m.subsidy_fen, m.paid_fen) for m in self.months),
            units=("count",) * (2 + len(MODES)) + ("fen", "fen"),
            total=(_("Period"), self.meals, *(self.by_mode(m) for m in MODES), self.diners, self.subsidy_fen,
                   self.paid_fen),
        )
        return [kinds, bands, months]

    def _cell(self, kind: str, mode: str) -> int:
        return sum(g.meals for g in self.by_kind_mode if g.key == (kind, mode))

    def charts(self) -> list[Chart]:
        cats = tuple(m.key[5:] for m in self.months)
        return [
            Chart("meals.modes", _("Meals by month and mode"), "stacked", cats,
                  tuple((mode_label(mode), tuple(m.by_mode[i] for m in self.months)) for i, mode in enumerate(MODES))),
            Chart("meals.subsidy", _("Subsidy by month (yuan)"), "line", cats,
                  ((_("Subsidy"), tuple(m.subsidy_fen / 100 for m in self.months)),), unit="yuan"),
        ]

    def definitions(self) -> list[tuple[str, str]]:
        return [(_(term), _(text)) for term, text in DEFINITIONS]


def _sums():  # type: ignore[no-untyped-def]
    return (
        func.coalesce(func.sum(Meal.quantity), 0),
        func.coalesce(func.sum(Meal.price_fen), 0),
        func.coalesce(func.sum(Meal.subsidy_fen), 0),
        func.coalesce(func.sum(Meal.paid_fen), 0),
    )


def meals_figures(session: Session, period: Period) -> MealsFigures:
    """Meals, diners and money for ``period``, by month, kind × mode and age band × category (SQL sums)."""
    require_any("meals.read", "figures.read")  # the sub-district's reader: aggregates only
    where = (Meal.day >= period.first, Meal.day <= period.last, Meal.cancelled == false())
    per_day: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    kind_mode: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for day, kind, mode, q, p, s, pd in session.execute(
        select(Meal.day, Meal.kind, Meal.mode, *_sums()).where(*where).group_by(Meal.day, Meal.kind, Meal.mode)
    ):
        month = per_day[f"{day.year:04d}-{day.month:02d}"][mode]
        for i, v in enumerate((q, p, s, pd)):
            month[i] += int(v)
            kind_mode[(kind, mode)][i] += int(v)
    months = []
    for span in period.months():
        by = per_day.get(span.key, {})
        diners = session.scalar(
            select(func.count(func.distinct(Meal.resident_id)))
            .where(Meal.day >= span.first, Meal.day <= span.last, Meal.cancelled == false())
        ) or 0
        months.append(MealsMonth(
            span.key, sum(v[0] for v in by.values()), tuple(by.get(m, [0])[0] for m in MODES), diners,
            sum(v[1] for v in by.values()), sum(v[2] for v in by.values()), sum(v[3] for v in by.values()),
        ))
    kind_order = {k: i for i, k in enumerate(MEAL_KINDS)}
    mode_order = {m: i for i, m in enumerate(MODES)}
    by_kind_mode = tuple(
        MealsGroup(k, *v) for k, v in sorted(kind_mode.items(), key=lambda kv: (kind_order.get(kv[0][0], 9),
                                                                                 mode_order.get(kv[0][1], 9)))
    )
    by_band = tuple(
        MealsGroup((band, cats), int(q), int(p), int(s), int(pd))
        for band, cats, q, p, s, pd in session.execute(
            select(Meal.age_band, Meal.categories, *_sums()).where(*where)
            .group_by(Meal.age_band, Meal.categories).order_by(Meal.age_band, Meal.categories)
        )
    )
    diners = session.scalar(select(func.count(func.distinct(Meal.resident_id))).where(*where)) or 0
    has_data = bool(session.scalar(select(func.count()).select_from(Meal).where(
        Meal.day >= period.first, Meal.day <= period.last)))
    return MealsFigures(
        period=period, meals=sum(m.meals for m in months), diners=diners,
        price_fen=sum(m.price_fen for m in months), subsidy_fen=sum(m.subsidy_fen for m in months),
        paid_fen=sum(m.paid_fen for m in months), by_kind_mode=by_kind_mode, by_band_category=by_band,
        months=tuple(months), has_data=has_data,
    )
