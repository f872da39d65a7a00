"""The meals job's vocabularies and small conversions.

Meal kinds, modes, payment methods, how category amounts combine, the
household categories a rule may name, their labels; money as the lists show
it; weeks and months; a price as a clerk types it.
"""

from __future__ import annotations

import datetime as dt
import functools

from i18n import N_, _, current_language, format_money
from models.core.errors import LinliError
from models.residents.registry import FLAG_LABELS

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
