"""Meal assistance (老年助餐): menus, the subsidy policy as data, the meal log, month end.

* **Menus** — one row per day and meal (breakfast, lunch, dinner): the dishes
  and the price in fen. :func:`copy_week` copies last week's menu as a start.
* **The subsidy policy** — :class:`SubsidyPolicy` versions with an effective
  period, each with :class:`SubsidyRule` rows: age bands (60–69, 70–79 …) and
  household categories (低保, 特困, disabled, living alone, 优抚 …), each an
  amount in fen, and how the category extras combine with the age amount
  (``add`` or ``max``). The subsidy never exceeds the meal's price and is
  never negative. A default policy is created on first use and flagged as an
  example to be replaced by the local one.
* **Meals** — one :class:`Meal` per diner, day and meal: mode, quantity,
  price, subsidy, amount paid, payment method. The subsidy is computed with
  the policy in force on the meal's date and *stored* with the rule that
  produced it (or the reason there is none), so a later policy change does not
  rewrite history; :func:`recompute_month` is the deliberate correction and is
  recorded in :class:`MealRecompute`.
* **Month end** — :func:`reconcile_month` (GROUP BY in SQL) for the
  civil-affairs office, :func:`disclosure_rows` for the public notice.

One subsidised portion per diner, meal and day: a second portion (quantity 2
or a second row) is charged at full price and the row says why.

Never imports Qt or reports/.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import importlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    case,
    false,
    func,
    select,
    true,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from i18n import N_, _, current_language, format_date, format_money, parse_month  # noqa: F401 - part of this module's API
from models.core.base import Base, now_local
from models.core.errors import LinliError, NeedsConfirmation, NotFound, ValidationFailed
from models.core.listing import ListColumn
from models.residents.entities import Resident
from models.residents.names import format_address, mask_name
from models.residents.registry import FLAG_LABELS, age_on, parse_terms, rank_expression
from models.safety.security import require

log = logging.getLogger(__name__)

# --- vocabularies -------------------------------------------------------------------

MEAL_KINDS: tuple[str, ...] = ("breakfast", "lunch", "dinner")
MEAL_KIND_LABELS: dict[str, str] = {
    "breakfast": N_("Breakfast"),
    "lunch": N_("Lunch"),
    "dinner": N_("Dinner"),
}
MODES: tuple[str, ...] = ("dine_in", "take_away", "delivered")
MODE_LABELS: dict[str, str] = {
    "dine_in": N_("Dine-in"),
    "take_away": N_("Take-away"),
    "delivered": N_("Delivered home"),
}
PAYMENTS: tuple[str, ...] = ("cash", "wechat", "alipay", "card")
PAYMENT_LABELS: dict[str, str] = {
    "cash": N_("Cash"),
    "wechat": N_("WeChat"),
    "alipay": N_("Alipay"),
    "card": N_("Card"),
}
COMBINE_MODES: tuple[str, ...] = ("add", "max")
COMBINE_LABELS: dict[str, str] = {
    "add": N_("Added to the age amount"),
    "max": N_("The largest amount only"),
}
#: Household categories a rule may name (the Resident flags; 空巢 is not a
#: subsidy category in any policy we know, but an administrator may use it).
CATEGORIES: tuple[str, ...] = (
    "minimum_allowance",
    "extreme_poverty",
    "disabled",
    "lives_alone",
    "entitled_group",
    "empty_nest",
)
MAX_PRICE_FEN = 100_000  # ¥1,000: anything above is a typing mistake
MAX_QUANTITY = 20


@functools.lru_cache(maxsize=4096)
def _money_in(language: str, fen: int) -> str:  # noqa: ARG001 - the language is the cache key
    return format_money(fen)


def money(fen: int) -> str:
    """:func:`i18n.format_money`, memoised per language: a list formats the same
    few prices hundreds of times, and Babel's formatting costs ~0.5 ms a call."""
    return _money_in(current_language(), fen)


def kind_label(kind: str) -> str:
    return _(MEAL_KIND_LABELS.get(kind, kind))


def mode_label(mode: str) -> str:
    return _(MODE_LABELS.get(mode, mode))


def payment_label(payment: str) -> str:
    return _(PAYMENT_LABELS.get(payment, payment))


def category_label(category: str) -> str:
    return _(FLAG_LABELS.get(category, category))


# --- entities -----------------------------------------------------------------------


class MealMenu(Base):
    """The menu of one meal on one day: the dishes and the price of a portion."""

    __tablename__ = "meal_menu"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    dishes: Mapped[str] = mapped_column(Text, default="")
    price_fen: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    __table_args__ = (UniqueConstraint("day", "kind"),)

    def __repr__(self) -> str:
        return f"<MealMenu {self.day} {self.kind}>"


class SubsidyPolicy(Base):
    """One version of the subsidy policy, in force from ``effective_from`` to ``effective_to``."""

    __tablename__ = "subsidy_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    combine: Mapped[str] = mapped_column(String(3), default="add")
    example: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    rules: Mapped[list[SubsidyRule]] = relationship(
        back_populates="policy", cascade="all, delete-orphan", order_by="SubsidyRule.position"
    )

    __table_args__ = (Index("ix_subsidy_policy_effective", "archived", "effective_from"),)

    def __repr__(self) -> str:
        return f"<SubsidyPolicy id={self.id} from={self.effective_from}>"


class SubsidyRule(Base):
    """An age band (``min_age``–``max_age``) or a household category, with its amount.

    ``meal_kind`` None means every meal; the default policy subsidises lunch only.
    """

    __tablename__ = "subsidy_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("subsidy_policy.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(10))  # "age" or "category"
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(30))
    meal_kind: Mapped[str | None] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(Integer)

    policy: Mapped[SubsidyPolicy] = relationship(back_populates="rules")


class Meal(Base):
    """One logged meal: who, when, how, what it cost and who paid what.

    ``subsidy_fen`` is computed when the meal is logged and stored, with
    ``policy_id``, ``age_band`` and ``categories`` naming the rule that
    produced it, or ``reason`` saying why there is none (``under_age:60``,
    ``no_birth_date``, ``no_rule``, ``no_policy``, ``extra_portion``).
    Mistakes are cancelled, not deleted.
    """

    __tablename__ = "meal"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10), default="lunch")
    mode: Mapped[str] = mapped_column(String(10), default="dine_in")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    price_fen: Mapped[int] = mapped_column(Integer)
    subsidy_fen: Mapped[int] = mapped_column(Integer, default=0)
    paid_fen: Mapped[int] = mapped_column(Integer)
    payment: Mapped[str] = mapped_column(String(10), default="cash")
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("subsidy_policy.id"))
    age: Mapped[int | None] = mapped_column(Integer)
    age_band: Mapped[str] = mapped_column(String(20), default="")
    categories: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(String(40), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    __table_args__ = (
        Index("ix_meal_day_kind", "day", "kind"),
        Index("ix_meal_resident_day", "resident_id", "day"),
    )

    def __repr__(self) -> str:
        return f"<Meal id={self.id} day={self.day} kind={self.kind}>"


class MealDiner(Base):
    """What the kitchen and the delivery volunteers need to know about a diner."""

    __tablename__ = "meal_diner"

    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), primary_key=True)
    diet_notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)


class MealRecompute(Base):
    """A record of a deliberate "recompute this month": who, when, what changed."""

    __tablename__ = "meal_recompute"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))
    done_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    done_by: Mapped[str] = mapped_column(String(60), default="")
    meals_checked: Mapped[int] = mapped_column(Integer, default=0)
    meals_changed: Mapped[int] = mapped_column(Integer, default=0)
    subsidy_before_fen: Mapped[int] = mapped_column(Integer, default=0)
    subsidy_after_fen: Mapped[int] = mapped_column(Integer, default=0)
    #: JSON list of [meal id, old subsidy, new subsidy, old rule, new rule]
    #: (a rule as "policy id|age band|categories|reason").
    details: Mapped[str] = mapped_column(Text, default="[]")


# --- dates --------------------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def parse_week(text: str) -> dt.date:
    """``2026-W48`` → the Monday of that ISO week.

    Raises:
        LinliError: not a week in that form.
    """
    try:
        year_text, week_text = text.strip().upper().split("-W")
        return dt.date.fromisocalendar(int(year_text), int(week_text), 1)
    except ValueError:
        raise LinliError(_("Not a week: write it as 2026-W48.")) from None


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first day of the month and the first day of the next."""
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt


def parse_yuan(text: str) -> int | None:
    """A price as a clerk types it (``12``, ``12.5``, ``¥12.50``, ``１２``) → fen; empty → None.

    Raises:
        ValueError: a translated message.
    """
    import unicodedata
    from decimal import Decimal, InvalidOperation

    value = unicodedata.normalize("NFKC", text or "").replace("¥", "").replace("￥", "").replace(",", "").strip()
    value = value.removesuffix("元").strip()
    if not value:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(_("Not an amount: write it as 12 or 12.50.")) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("Not an amount: write it as 12 or 12.50."))
    return int(amount * 100)


def yuan_text(fen: int | None) -> str:
    """Fen as the editor shows it for typing (``12.50``); empty for None."""
    return "" if fen is None else f"{fen // 100}.{fen % 100:02d}"


# --- menus --------------------------------------------------------------------------


@dataclass
class MenuEntry:
    """One cell of the week's menu as the editor and the notice see it."""

    day: dt.date
    kind: str
    dishes: str = ""
    price_fen: int | None = None


def week_menu(session: Session, monday: dt.date) -> list[MenuEntry]:
    """The seven days × three meals of a week (empty cells where nothing is set)."""
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    stored = {
        (m.day, m.kind): m
        for m in session.scalars(select(MealMenu).where(MealMenu.day >= days[0], MealMenu.day <= days[-1]))
    }
    out = []
    for day in days:
        for kind in MEAL_KINDS:
            m = stored.get((day, kind))
            out.append(MenuEntry(day, kind, m.dishes if m else "", m.price_fen if m else None))
    return out


def save_menu(session: Session, entries: Iterable[MenuEntry]) -> int:
    """Store menu cells (an empty cell with no price removes nothing, it is skipped).

    Raises:
        ValidationFailed: a price is negative or implausibly high ("<date>/<kind>" → message).
    """
    require("meals.write")
    entries = list(entries)
    errors: dict[str, str] = {}
    for e in entries:
        if e.kind not in MEAL_KINDS:
            errors[f"{e.day}/{e.kind}"] = _("Unknown meal: {kind}.").format(kind=e.kind)
        elif e.price_fen is not None and not 0 <= e.price_fen <= MAX_PRICE_FEN:
            errors[f"{e.day}/{e.kind}"] = _("{meal} on {date}: the price must be between ¥0 and {max}.").format(
                meal=kind_label(e.kind), date=format_date(e.day, "medium"), max=format_money(MAX_PRICE_FEN)
            )
    if errors:
        raise ValidationFailed(errors)
    written = 0
    for e in entries:
        existing = session.scalar(select(MealMenu).where(MealMenu.day == e.day, MealMenu.kind == e.kind))
        dishes = (e.dishes or "").strip()
        if existing is None:
            if not dishes and e.price_fen is None:
                continue
            session.add(MealMenu(day=e.day, kind=e.kind, dishes=dishes, price_fen=e.price_fen))
        else:
            existing.dishes, existing.price_fen = dishes, e.price_fen
        written += 1
    session.flush()
    return written


def copy_week(session: Session, monday: dt.date, *, overwrite: bool = False) -> int:
    """Copy the previous week's menu into the week starting ``monday``.

    Cells already filled are kept unless ``overwrite``. Returns cells copied.

    Raises:
        LinliError: the previous week has no menu.
    """
    require("meals.write")
    merged, copied = fill_from_last_week(session, monday, week_menu(session, monday), overwrite=overwrite)
    return save_menu(session, [merged[i] for i in copied])


def fill_from_last_week(
    session: Session, monday: dt.date, current: Sequence[MenuEntry], *, overwrite: bool = False
) -> tuple[list[MenuEntry], list[int]]:
    """The week ``current`` (as the editor holds it, saved or not) with last week's cells
    copied in: only into empty cells unless ``overwrite``. Nothing is written.

    Returns the merged entries (same order as ``current``) and the indexes of the
    cells that were copied.

    Raises:
        LinliError: the previous week has no menu.
    """
    previous = week_menu(session, monday - dt.timedelta(days=7))
    if not any(e.dishes or e.price_fen is not None for e in previous):
        raise LinliError(
            _("The week of {date} has no menu to copy.").format(date=format_date(monday - dt.timedelta(days=7), "medium"))
        )
    source = {(e.day + dt.timedelta(days=7), e.kind): e for e in previous if e.dishes or e.price_fen is not None}
    merged, copied = [], []
    for i, target in enumerate(current):
        e = source.get((target.day, target.kind))
        filled = bool((target.dishes or "").strip()) or target.price_fen is not None
        if e is None or (filled and not overwrite):
            merged.append(target)
            continue
        merged.append(MenuEntry(target.day, target.kind, e.dishes, e.price_fen))
        copied.append(i)
    return merged, copied


def menu_price(session: Session, day: dt.date, kind: str = "lunch") -> int:
    """The price of a portion of ``kind`` on ``day``.

    Raises:
        LinliError: no price is set for that meal on that day (never a silent zero).
    """
    price = session.scalar(select(MealMenu.price_fen).where(MealMenu.day == day, MealMenu.kind == kind))
    if price is None:
        raise LinliError(
            _("No price for {meal} on {date}: enter it in this week's menu first.").format(
                meal=kind_label(kind).lower(), date=format_date(day, "medium")
            )
        )
    return price


def menu_of_day(session: Session, day: dt.date, kind: str = "lunch") -> MenuEntry | None:
    m = session.scalar(select(MealMenu).where(MealMenu.day == day, MealMenu.kind == kind))
    return MenuEntry(m.day, m.kind, m.dishes, m.price_fen) if m else None


# --- the subsidy policy -----------------------------------------------------------------


@dataclass(frozen=True)
class RuleData:
    """A rule as plain data (what the computation and the editor use)."""

    kind: str  # "age" | "category"
    amount_fen: int
    min_age: int | None = None
    max_age: int | None = None
    category: str | None = None
    meal_kind: str | None = None

    def applies_to(self, meal_kind: str) -> bool:
        return self.meal_kind is None or self.meal_kind == meal_kind

    @property
    def band(self) -> str:
        """``70-79``, ``90+``."""
        if self.max_age is None:
            return f"{self.min_age}+"
        return f"{self.min_age}-{self.max_age}"


@dataclass
class PolicyData:
    """A policy version as plain data."""

    id: int | None
    name: str
    effective_from: dt.date | None
    effective_to: dt.date | None = None
    combine: str = "add"
    example: bool = False
    notes: str = ""
    rules: list[RuleData] = field(default_factory=list)

    def in_force(self, day: dt.date) -> bool:
        return (
            self.effective_from is not None
            and self.effective_from <= day
            and (self.effective_to is None or day <= self.effective_to)
        )


def _policy_data(p: SubsidyPolicy) -> PolicyData:
    return PolicyData(
        id=p.id,
        name=p.name,
        effective_from=p.effective_from,
        effective_to=p.effective_to,
        combine=p.combine,
        example=p.example,
        notes=p.notes,
        rules=[
            RuleData(r.kind, r.amount_fen, r.min_age, r.max_age, r.category, r.meal_kind) for r in p.rules
        ],
    )


#: The example policy shipped with Linli (per lunch): 60–69 ¥1, 70–79 ¥2,
#: 80–89 ¥3, 90+ ¥5, plus ¥2 for 低保, 特困, disabled or 优抚, ¥1 living alone.
DEFAULT_RULES: tuple[RuleData, ...] = (
    RuleData("age", 100, 60, 69, meal_kind="lunch"),
    RuleData("age", 200, 70, 79, meal_kind="lunch"),
    RuleData("age", 300, 80, 89, meal_kind="lunch"),
    RuleData("age", 500, 90, None, meal_kind="lunch"),
    RuleData("category", 200, category="minimum_allowance", meal_kind="lunch"),
    RuleData("category", 200, category="extreme_poverty", meal_kind="lunch"),
    RuleData("category", 200, category="disabled", meal_kind="lunch"),
    RuleData("category", 100, category="lives_alone", meal_kind="lunch"),
    RuleData("category", 200, category="entitled_group", meal_kind="lunch"),
)
DEFAULT_POLICY_START = dt.date(2020, 1, 1)


def ensure_default_policy(session: Session) -> SubsidyPolicy | None:
    """Create the example policy when the database has none at all (first use).

    Returns the new policy, or None when a policy already exists.
    """
    if session.scalar(select(SubsidyPolicy.id).limit(1)) is not None:
        return None
    policy = SubsidyPolicy(
        name=_("Example policy (replace with the local one)"),
        effective_from=DEFAULT_POLICY_START,
        effective_to=None,
        combine="add",
        example=True,
        notes=_(
            "Shipped with Linli as an example. Enter the subsidy policy of your city or district "
            "and its effective dates before reconciling with the civil-affairs office."
        ),
    )
    for i, r in enumerate(DEFAULT_RULES):
        policy.rules.append(
            SubsidyRule(
                position=i,
                kind=r.kind,
                min_age=r.min_age,
                max_age=r.max_age,
                category=r.category,
                meal_kind=r.meal_kind,
                amount_fen=r.amount_fen,
            )
        )
    session.add(policy)
    session.flush()
    log.info("example subsidy policy created (id %s)", policy.id)
    return policy


def list_policies(session: Session, *, include_archived: bool = False) -> list[PolicyData]:
    stmt = select(SubsidyPolicy).order_by(SubsidyPolicy.effective_from.desc(), SubsidyPolicy.id.desc())
    if not include_archived:
        stmt = stmt.where(SubsidyPolicy.archived == false())
    return [_policy_data(p) for p in session.scalars(stmt)]


def get_policy(session: Session, policy_id: int) -> PolicyData:
    p = session.get(SubsidyPolicy, policy_id)
    if p is None:
        raise NotFound(_("No subsidy policy with number {id}.").format(id=policy_id))
    return _policy_data(p)


def policy_in_force(session: Session, day: dt.date) -> PolicyData | None:
    """The (non-archived) policy in force on ``day``, or None."""
    p = session.scalars(
        select(SubsidyPolicy)
        .where(
            SubsidyPolicy.archived == false(),
            SubsidyPolicy.effective_from <= day,
            (SubsidyPolicy.effective_to.is_(None)) | (SubsidyPolicy.effective_to >= day),
        )
        .order_by(SubsidyPolicy.effective_from.desc(), SubsidyPolicy.id.desc())
        .limit(1)
    ).first()
    return _policy_data(p) if p is not None else None


def example_policy_in_use(session: Session, day: dt.date) -> bool:
    """Whether the policy in force on ``day`` is still the shipped example."""
    p = policy_in_force(session, day)
    return p is not None and p.example


def validate_policy(session: Session, data: PolicyData) -> None:
    """Check a policy version before it is stored.

    Raises:
        ValidationFailed: ``name``, ``effective_from``, ``effective_to``,
            ``combine`` or ``rules`` → message.
    """
    errors: dict[str, str] = {}
    if not (data.name or "").strip():
        errors["name"] = _("Enter a name for the policy, e.g. the document number.")
    elif len(data.name.strip()) > 80:
        errors["name"] = _("At most {max} characters.").format(max=80)
    if data.effective_from is None:
        errors["effective_from"] = _("Enter the date the policy takes effect.")
    elif data.effective_to is not None and data.effective_to < data.effective_from:
        errors["effective_to"] = _("The policy cannot end before it starts.")
    if data.combine not in COMBINE_MODES:
        errors["combine"] = _("Choose how category amounts combine with the age amount.")
    problems: list[str] = []
    for i, r in enumerate(data.rules, start=1):
        if r.meal_kind is not None and r.meal_kind not in MEAL_KINDS:
            problems.append(_("Rule {n}: unknown meal.").format(n=i))
        if not 0 <= r.amount_fen <= MAX_PRICE_FEN:
            problems.append(_("Rule {n}: the amount must be between ¥0 and {max}.").format(n=i, max=format_money(MAX_PRICE_FEN)))
        if r.kind == "age":
            if r.min_age is None or not 0 <= r.min_age <= 150:
                problems.append(_("Rule {n}: enter the lowest age of the band.").format(n=i))
            elif r.max_age is not None and r.max_age < r.min_age:
                problems.append(_("Rule {n}: the band ends before it starts.").format(n=i))
        elif r.kind == "category":
            if r.category not in CATEGORIES:
                problems.append(_("Rule {n}: choose a household category.").format(n=i))
        else:
            problems.append(_("Rule {n}: a rule is an age band or a category.").format(n=i))
    if not problems:
        ages = [r for r in data.rules if r.kind == "age"]
        for a_index, a in enumerate(ages):
            for b in ages[a_index + 1 :]:
                same_meal = a.meal_kind is None or b.meal_kind is None or a.meal_kind == b.meal_kind
                a_hi = a.max_age if a.max_age is not None else 10**6
                b_hi = b.max_age if b.max_age is not None else 10**6
                if same_meal and a.min_age <= b_hi and b.min_age <= a_hi:  # type: ignore[operator]
                    problems.append(_("The age bands {a} and {b} overlap.").format(a=a.band, b=b.band))
        cats = [(r.category, r.meal_kind) for r in data.rules if r.kind == "category"]
        for c, mk in set(cats):
            if cats.count((c, mk)) > 1:
                problems.append(_("The category {category} appears twice.").format(category=category_label(c or "")))
        if not ages:
            problems.append(_("Add at least one age band."))
    if problems:
        errors["rules"] = "\n".join(problems)
    if "effective_from" not in errors and "effective_to" not in errors:
        stmt = select(SubsidyPolicy).where(SubsidyPolicy.archived == false())
        if data.id is not None:
            stmt = stmt.where(SubsidyPolicy.id != data.id)
        far = dt.date.max
        for other in session.scalars(stmt):
            if data.effective_from <= (other.effective_to or far) and other.effective_from <= (data.effective_to or far):  # type: ignore[operator]
                errors["effective_from"] = _(
                    "The period overlaps “{name}” ({start} – {end}): end that policy first."
                ).format(
                    name=other.name,
                    start=format_date(other.effective_from, "medium"),
                    end=format_date(other.effective_to, "medium") if other.effective_to else _("open"),
                )
                break
    if errors:
        raise ValidationFailed(errors)


def save_policy(session: Session, data: PolicyData) -> PolicyData:
    """Create (``data.id`` None) or change a policy version and its rules.

    Saving clears the "example" flag: the administrator has made it theirs.
    Stored meals keep their subsidy until the month is recomputed.
    """
    require("meals.policy")
    validate_policy(session, data)
    if data.id is None:
        policy = SubsidyPolicy()
        session.add(policy)
    else:
        policy = session.get(SubsidyPolicy, data.id)
        if policy is None:
            raise NotFound(_("No subsidy policy with number {id}.").format(id=data.id))
    policy.name = data.name.strip()
    policy.effective_from = data.effective_from  # type: ignore[assignment]
    policy.effective_to = data.effective_to
    policy.combine = data.combine
    policy.notes = (data.notes or "").strip()
    policy.example = False
    policy.rules.clear()
    session.flush()
    for i, r in enumerate(data.rules):
        policy.rules.append(
            SubsidyRule(
                position=i,
                kind=r.kind,
                min_age=r.min_age if r.kind == "age" else None,
                max_age=r.max_age if r.kind == "age" else None,
                category=r.category if r.kind == "category" else None,
                meal_kind=r.meal_kind,
                amount_fen=r.amount_fen,
            )
        )
    session.flush()
    return _policy_data(policy)


def archive_policy(session: Session, policy_id: int) -> None:
    """Withdraw a policy version (meals computed with it keep their subsidy)."""
    require("meals.policy")
    policy = session.get(SubsidyPolicy, policy_id)
    if policy is None:
        raise NotFound(_("No subsidy policy with number {id}.").format(id=policy_id))
    policy.archived = True
    session.flush()


# --- the computation -------------------------------------------------------------------


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


def _flags_of(resident: Resident) -> set[str]:
    return {c for c in CATEGORIES if getattr(resident, c, False)}


class _PolicyCache:
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


# --- meals -------------------------------------------------------------------------------


def _subsidised_earlier(session: Session, resident_id: int, day: dt.date, kind: str, exclude_id: int | None) -> bool:
    stmt = select(Meal.id).where(
        Meal.resident_id == resident_id,
        Meal.day == day,
        Meal.kind == kind,
        Meal.cancelled == false(),
        Meal.subsidy_fen > 0,
    )
    if exclude_id is not None:
        stmt = stmt.where(Meal.id < exclude_id)
    return session.scalar(stmt.limit(1)) is not None


def _apply(meal: Meal, result: SubsidyResult) -> None:
    meal.subsidy_fen = result.subsidy_fen
    meal.policy_id = result.policy_id
    meal.age = result.age
    meal.age_band = result.age_band
    meal.categories = result.categories
    meal.reason = result.reason
    meal.price_fen = meal.unit_price_fen * meal.quantity
    meal.paid_fen = meal.price_fen - meal.subsidy_fen


def _check_choice(errors: dict[str, str], key: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        errors[key] = _("Unknown value: {value}.").format(value=value)


def add_meal(
    session: Session,
    resident_id: int,
    day: dt.date,
    kind: str = "lunch",
    *,
    mode: str = "dine_in",
    quantity: int = 1,
    payment: str = "cash",
    confirmed: bool = False,
) -> Meal:
    """Log a meal for a diner at the day's price, with the subsidy in force that day.

    Raises:
        LinliError: no price is set for that meal on that day.
        ValidationFailed: an unknown mode/payment, a bad quantity.
        NeedsConfirmation: the diner already has this meal today (a double
            click is not a second lunch; quantity 2 is the way to order two).
        NotFound: no such resident.
    """
    require("meals.write")
    errors: dict[str, str] = {}
    _check_choice(errors, "kind", kind, MEAL_KINDS)
    _check_choice(errors, "mode", mode, MODES)
    _check_choice(errors, "payment", payment, PAYMENTS)
    if not 1 <= quantity <= MAX_QUANTITY:
        errors["quantity"] = _("The quantity must be between 1 and {max}.").format(max=MAX_QUANTITY)
    if errors:
        raise ValidationFailed(errors)
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise NotFound(_("No resident with number {id}.").format(id=resident_id))
    price = menu_price(session, day, kind)
    already = session.scalar(
        select(func.count()).where(
            Meal.resident_id == resident_id, Meal.day == day, Meal.kind == kind, Meal.cancelled == false()
        )
    )
    if already and not confirmed:
        raise NeedsConfirmation(
            [
                _("{name} already has {meal} on {date}. Log another one?").format(
                    name=resident.name, meal=kind_label(kind).lower(), date=format_date(day, "medium")
                )
            ]
        )
    ensure_default_policy(session)
    result = compute_subsidy(
        policy_in_force(session, day),
        birth_date=resident.birth_date,
        flags=_flags_of(resident),
        day=day,
        kind=kind,
        unit_price_fen=price,
        extra_portion=bool(already) and _subsidised_earlier(session, resident_id, day, kind, None),
    )
    meal = Meal(resident_id=resident_id, day=day, kind=kind, mode=mode, quantity=quantity, unit_price_fen=price, payment=payment)
    _apply(meal, result)
    session.add(meal)
    session.flush()
    return meal


def get_meal(session: Session, meal_id: int) -> Meal:
    meal = session.get(Meal, meal_id)
    if meal is None:
        raise NotFound(_("No meal with number {id}.").format(id=meal_id))
    return meal


def update_meal(
    session: Session,
    meal_id: int,
    *,
    mode: str | None = None,
    quantity: int | None = None,
    payment: str | None = None,
) -> Meal:
    """Correct a row: mode, quantity or payment method. The stored subsidy is kept.

    Raises:
        ValidationFailed: a bad value; LinliError: the meal was cancelled.
    """
    require("meals.write")
    meal = get_meal(session, meal_id)
    if meal.cancelled:
        raise LinliError(_("This meal was cancelled; log a new one instead."))
    errors: dict[str, str] = {}
    if mode is not None:
        _check_choice(errors, "mode", mode, MODES)
    if payment is not None:
        _check_choice(errors, "payment", payment, PAYMENTS)
    if quantity is not None and not 1 <= quantity <= MAX_QUANTITY:
        errors["quantity"] = _("The quantity must be between 1 and {max}.").format(max=MAX_QUANTITY)
    if errors:
        raise ValidationFailed(errors)
    if mode is not None:
        meal.mode = mode
    if payment is not None:
        meal.payment = payment
    if quantity is not None:
        meal.quantity = quantity
    meal.price_fen = meal.unit_price_fen * meal.quantity
    meal.paid_fen = meal.price_fen - meal.subsidy_fen
    session.flush()
    return meal


def cancel_meal(session: Session, meal_id: int) -> Meal:
    """Cancel a row logged by mistake (kept, out of every total).

    If it carried the day's subsidised portion, the diner's next row of that
    meal gets the subsidy instead.
    """
    require("meals.write")
    meal = get_meal(session, meal_id)
    if meal.cancelled:
        return meal
    meal.cancelled = True
    session.flush()
    if meal.subsidy_fen > 0:
        sibling = session.scalars(
            select(Meal)
            .where(
                Meal.resident_id == meal.resident_id,
                Meal.day == meal.day,
                Meal.kind == meal.kind,
                Meal.cancelled == false(),
            )
            .order_by(Meal.id)
            .limit(1)
        ).first()
        if sibling is not None and sibling.reason == "extra_portion":
            _recompute_one(session, sibling, _PolicyCache(session), extra=False)
    return meal


def _recompute_one(session: Session, meal: Meal, policies: _PolicyCache, *, extra: bool) -> SubsidyResult:
    resident = session.get(Resident, meal.resident_id)
    assert resident is not None
    result = compute_subsidy(
        policies.for_day(meal.day),
        birth_date=resident.birth_date,
        flags=_flags_of(resident),
        day=meal.day,
        kind=meal.kind,
        unit_price_fen=meal.unit_price_fen,
        extra_portion=extra,
    )
    _apply(meal, result)
    session.flush()
    return result


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
    diner's birth date or category was corrected). The record keeps who, when,
    and for each changed meal the old and new subsidy.
    """
    require("meals.write")
    first, nxt = month_bounds(year, month)
    policies = _PolicyCache(session)
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
        result = _recompute_one(session, meal, policies, extra=key in seen)
        if result.subsidy_fen > 0:
            seen.add(key)
        if (meal.subsidy_fen, _rule_key(meal)) != (old_fen, old_rule):
            changes.append([meal.id, old_fen, meal.subsidy_fen, old_rule, _rule_key(meal)])
    after = sum(m.subsidy_fen for m in meals)
    record = MealRecompute(
        month=f"{year:04d}-{month:02d}",
        done_at=now_local(),
        done_by=(by if by is not None else _current_user())[:60],
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


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on this system
        return ""


def recompute_history(session: Session, year: int, month: int) -> list[MealRecompute]:
    return list(
        session.scalars(
            select(MealRecompute).where(MealRecompute.month == f"{year:04d}-{month:02d}").order_by(MealRecompute.id)
        )
    )


# --- diners ----------------------------------------------------------------------------


def meal_diner_name(session: Session, resident_id: int) -> str:
    """The diner's name (for a message; from the session's identity map when loaded)."""
    resident = session.get(Resident, resident_id)
    return resident.name if resident is not None else ""


def diet_notes(session: Session, resident_id: int) -> str:
    require("meals.read")
    return session.scalar(select(MealDiner.diet_notes).where(MealDiner.resident_id == resident_id)) or ""


def set_diet_notes(session: Session, resident_id: int, notes: str) -> None:
    require("meals.write")
    notes = (notes or "").strip()
    if len(notes) > 200:
        raise ValidationFailed({"diet_notes": _("At most {max} characters.").format(max=200)})
    diner = session.get(MealDiner, resident_id)
    if diner is None:
        if session.get(Resident, resident_id) is None:
            raise NotFound(_("No resident with number {id}.").format(id=resident_id))
        session.add(MealDiner(resident_id=resident_id, diet_notes=notes))
    else:
        diner.diet_notes = notes
    session.flush()


def daycare_present_ids(session: Session, day: dt.date) -> list[int]:
    """Residents checked in to day care on ``day`` (offered first in the lunch queue).

    The day-care job is built separately and is optional here: when
    ``models.daycare`` can be imported, its ``checked_in_resident_ids(session,
    day)`` is used if it exists, else its ``Visit``/``Enrolment`` entities
    (``Visit.visit_date``, ``Visit.enrolment_id`` → ``Enrolment.resident_id``).
    Without day care, or on any error there, the answer is an empty list —
    the lunch queue never fails because of day care.
    """
    try:
        module = importlib.import_module("models.daycare")
    except ImportError:
        return []
    try:
        getter = getattr(module, "checked_in_resident_ids", None)
        with session.begin_nested():
            if getter is not None:
                return [int(r) for r in getter(session, day)]
            visit, enrolment = module.Visit, module.Enrolment
            stmt = (
                select(enrolment.resident_id)
                .join(visit, visit.enrolment_id == enrolment.id)
                .where(visit.visit_date == day)
                .distinct()
            )
            return [int(r) for r in session.scalars(stmt)]
    except (SQLAlchemyError, TypeError, ValueError, AttributeError):
        log.warning("day-care check-ins unavailable; offering none first")
        return []


def diner_search_order(session: Session, day: dt.date, ids: Sequence[int]) -> list[int]:
    """``ids`` with the elders checked in to day care today first (stable otherwise)."""
    present = set(daycare_present_ids(session, day))
    return sorted(ids, key=lambda i: i not in present)


# --- the day view -----------------------------------------------------------------------


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


# --- repeat yesterday ----------------------------------------------------------------------


@dataclass
class QueueCandidate:
    """One line of the "repeat yesterday" checklist."""

    resident_id: int
    name: str
    mode: str = "dine_in"
    quantity: int = 1
    payment: str = "cash"
    in_daycare: bool = False  # checked in to day care today
    had_yesterday: bool = False
    has_today: bool = False  # already logged today: unchecked by default
    checked: bool = True


def previous_meal_day(session: Session, day: dt.date, kind: str = "lunch", *, within_days: int = 7) -> dt.date | None:
    """The last day before ``day`` (within a week) with meals of ``kind``: "yesterday"
    for the desk, Friday on a Monday when the centre is closed at weekends."""
    return session.scalar(
        select(func.max(Meal.day)).where(
            Meal.day < day,
            Meal.day >= day - dt.timedelta(days=within_days),
            Meal.kind == kind,
            Meal.cancelled == false(),
        )
    )


def repeat_candidates(session: Session, day: dt.date, kind: str = "lunch") -> tuple[dt.date | None, list[QueueCandidate]]:
    """Yesterday's diners (mode, quantity and payment as then), day-care elders first.

    Yesterday's diners come ticked, except those who already have this meal
    today; day-care elders who were not here yesterday are offered unticked.
    Archived residents are left out.
    """
    previous = previous_meal_day(session, day, kind)
    today_ids = set(
        session.scalars(
            select(Meal.resident_id).where(Meal.day == day, Meal.kind == kind, Meal.cancelled == false())
        )
    )
    present = daycare_present_ids(session, day)
    out: dict[int, QueueCandidate] = {}
    if previous is not None:
        rows = session.execute(
            select(Meal.resident_id, Resident.name, Meal.mode, Meal.quantity, Meal.payment)
            .join(Resident, Resident.id == Meal.resident_id)
            .where(Meal.day == previous, Meal.kind == kind, Meal.cancelled == false(), Resident.archived == false())
            .order_by(Meal.id)
        )
        for rid, name, mode, qty, payment in rows:
            if rid in out:
                continue
            out[rid] = QueueCandidate(rid, name, mode, qty, payment, had_yesterday=True)
    if present:
        for rid, name in session.execute(
            select(Resident.id, Resident.name).where(Resident.id.in_(present), Resident.archived == false())
        ):
            out.setdefault(rid, QueueCandidate(rid, name)).in_daycare = True
    for c in out.values():
        c.has_today = c.resident_id in today_ids
        # Day-care elders who did not eat here yesterday are offered, not ticked.
        c.checked = c.had_yesterday and not c.has_today
    ordered = sorted(out.values(), key=lambda c: (not c.in_daycare, not c.had_yesterday))
    return previous, ordered


@dataclass
class BulkResult:
    added: list[int]
    skipped: list[str]  # messages: why a line was not logged


def add_meals(session: Session, day: dt.date, kind: str, candidates: Iterable[QueueCandidate]) -> BulkResult:
    """Log the checked lines of a checklist in one transaction.

    Diners who already have this meal today are skipped (said in ``skipped``),
    never doubled. A missing price refuses the whole list.
    """
    require("meals.write")
    menu_price(session, day, kind)  # refuse at once, before any row
    added: list[int] = []
    skipped: list[str] = []
    for c in candidates:
        if not c.checked:
            continue
        try:
            meal = add_meal(session, c.resident_id, day, kind, mode=c.mode, quantity=c.quantity, payment=c.payment)
        except NeedsConfirmation:
            skipped.append(_("{name} already has {meal} today.").format(name=c.name, meal=kind_label(kind).lower()))
            continue
        added.append(meal.id)
    return BulkResult(added, skipped)


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


@dataclass
class DeliveryLine:
    """A line of the delivery list (internal: full address, phone, diet notes)."""

    name: str
    address: str
    building_key: tuple
    phone: str
    meal: str
    quantity: int
    diet_notes: str


def delivery_list(session: Session, day: dt.date, kind: str | None = "lunch") -> list[DeliveryLine]:
    """Diners with meals delivered home on ``day``, sorted by compound, building, unit, room."""
    require("meals.read")
    conds = [Meal.day == day, Meal.mode == "delivered", Meal.cancelled == false()]
    if kind:
        conds.append(Meal.kind == kind)
    rows = session.execute(
        select(
            Resident.name,
            Resident.compound,
            Resident.building,
            Resident.unit,
            Resident.room,
            Resident.phone,
            Meal.kind,
            Meal.quantity,
            MealDiner.diet_notes,
        )
        .join(Resident, Resident.id == Meal.resident_id)
        .outerjoin(MealDiner, MealDiner.resident_id == Meal.resident_id)
        .where(*conds)
    )

    def num(text: str) -> tuple:
        return (0, int(text), "") if text.isdigit() else (1, 0, text)

    out = [
        DeliveryLine(
            name=r.name,
            address=format_address(r.compound, r.building, r.unit, r.room),
            building_key=(r.compound, num(r.building), num(r.unit), num(r.room)),
            phone=r.phone or "",
            meal=kind_label(r.kind),
            quantity=r.quantity,
            diet_notes=r.diet_notes or "",
        )
        for r in rows
    ]
    out.sort(key=lambda d: d.building_key)
    return out


__all__ = [
    "CATEGORIES",
    "COMBINE_LABELS",
    "COMBINE_MODES",
    "MEAL_KINDS",
    "MEAL_KIND_LABELS",
    "MODES",
    "MODE_LABELS",
    "PAYMENTS",
    "PAYMENT_LABELS",
    "BulkResult",
    "DayTotals",
    "DeliveryLine",
    "Meal",
    "MealDayListSource",
    "MealDiner",
    "MealMenu",
    "MealRecompute",
    "MenuEntry",
    "PolicyData",
    "QueueCandidate",
    "Reconciliation",
    "RuleData",
    "SubsidyPolicy",
    "SubsidyResult",
    "SubsidyRule",
    "add_meal",
    "add_meals",
    "cancel_meal",
    "compute_subsidy",
    "copy_week",
    "fill_from_last_week",
    "day_totals",
    "daycare_present_ids",
    "delivery_list",
    "ensure_default_policy",
    "menu_price",
    "policy_in_force",
    "recompute_month",
    "reconcile_month",
    "repeat_candidates",
    "save_menu",
    "save_policy",
    "update_meal",
    "week_menu",
]


# --- demo data --------------------------------------------------------------------------

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
    import random

    from sqlalchemy import insert

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
    policies = _PolicyCache(session)
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
