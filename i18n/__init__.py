"""Translation and locale-aware formatting for every layer of Linli.

All user-facing text goes through :func:`_` (or :func:`ngettext`); source
strings are English, catalogs live in ``i18n/locale/<lang>/LC_MESSAGES``.
One module-level translations object is consulted on every call, so switching
the language at run time (:func:`set_language`) takes effect for every string
fetched afterwards. This module never imports Qt: the UI re-applies its texts
on ``QEvent.LanguageChange`` itself.

Catalogs are compiled to ``.mo`` by the set-up (``python dev.py``); when a
``.mo`` is missing or older than its ``.po`` the ``.po`` is compiled in memory,
so a fresh checkout still shows Chinese.
"""

from __future__ import annotations

import datetime as _dt
import functools
import gettext as _gettext
import io
import re
import threading
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from babel import Locale
from babel import dates as _bdates
from babel import numbers as _bnumbers

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "DEFAULT_LANGUAGE",
    "LOCALE_DIR",
    "_",
    "N_",
    "ngettext",
    "set_language",
    "current_language",
    "add_language_listener",
    "format_date",
    "format_date_official",
    "format_datetime",
    "format_time",
    "format_money",
    "format_number",
    "fen_to_decimal",
    "parse_date",
    "parse_month",
]

DOMAIN = "linli"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: The languages Linli ships, in menu order, with their own names.
LANGUAGES: dict[str, str] = {"zh_CN": "简体中文", "zh_TW": "繁體中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"

_lock = threading.Lock()
_language = DEFAULT_LANGUAGE
_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_listeners: list[Callable[[str], None]] = []


def _load_catalog(lang: str) -> _gettext.NullTranslations:
    """Load the compiled catalog for ``lang``, compiling the .po in memory if needed.

    English has a catalog too (msgstr = msgid, so the English wording can be
    adjusted without touching the code); without one the source text shows.
    """
    base = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


def set_language(lang: str) -> None:
    """Switch every later :func:`_` call to ``lang`` (one of :data:`LANGUAGES`)."""
    global _language, _translations
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    translations = _load_catalog(lang)
    with _lock:
        _language, _translations = lang, translations
    for listener in list(_listeners):
        listener(lang)


def current_language() -> str:
    """The language code in force, e.g. ``"zh_CN"``."""
    return _language


def add_language_listener(callback: Callable[[str], None]) -> None:
    """Call ``callback(lang)`` after every :func:`set_language`."""
    _listeners.append(callback)


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translations.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction without translating it now."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate with the plural form for ``n``."""
    return _translations.ngettext(singular, plural, n)


@functools.lru_cache(maxsize=8)
def _parse_locale(language: str) -> Locale:
    return Locale.parse(language)


def _locale() -> Locale:
    """The Babel locale of the current language (parsed once per language)."""
    return _parse_locale(_language)


def format_date(value: _dt.date, style: str = "long") -> str:
    """A date in the current locale: ``2026年11月22日`` in zh_CN (style long)."""
    return _bdates.format_date(value, format=style, locale=_locale())


_CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1..31 in the official style: 十, 十一, 二十, 二十二, 三十一."""
    tens, units = divmod(n, 10)
    text = ""
    if tens:
        text += ("" if tens == 1 else _CN_DIGITS[tens]) + "十"
    if units or not tens:
        text += _CN_DIGITS[units]
    return text


def format_date_official(value: _dt.date) -> str:
    """The date as the foot of an official notice writes it.

    zh_CN and zh_TW: ``二〇二六年十一月二十二日``; other languages: the long date.
    """
    if _language.startswith("zh"):
        year = "".join(_CN_DIGITS[int(d)] for d in str(value.year))
        return f"{year}年{_cn_number(value.month)}月{_cn_number(value.day)}日"
    return format_date(value, "long")


def format_datetime(value: _dt.datetime, style: str = "medium") -> str:
    """A local date and time in the current locale."""
    return _bdates.format_datetime(value, format=style, locale=_locale())


def format_time(value: _dt.time | _dt.datetime, style: str = "short") -> str:
    """A clock time in the current locale (``08:31``).

    The short style is the 24-hour ``HH:mm`` in every language Linli speaks:
    written directly (Babel took 11 ms to load its time data at a session's
    first check-in, issue 9); other styles go through Babel.
    """
    if isinstance(value, _dt.datetime):
        value = value.time()
    if style == "short":
        return f"{value.hour:02d}:{value.minute:02d}"
    return _bdates.format_time(value, format=style, locale=_locale())


def fen_to_decimal(fen: int) -> Decimal:
    """Integer fen to yuan as an exact Decimal (1250 → Decimal('12.50'))."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError(f"money is kept in integer fen, got {type(fen).__name__}")
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def format_money(fen: int) -> str:
    """Money from integer fen: ``¥12.50``, ``-¥3.00``, grouping by locale.

    Always the ``¥`` sign (Babel writes ``CN¥`` outside zh_CN) and two decimals.
    """
    amount = fen_to_decimal(fen)
    text = _bnumbers.format_decimal(abs(amount), format="#,##0.00", locale=_locale())
    return ("-¥" if amount < 0 else "¥") + text


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """A number with the locale's grouping; ``decimals`` rounds half-up first."""
    if decimals is not None:
        q = Decimal(1).scaleb(-decimals)
        value = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return _bnumbers.format_decimal(value, format=pattern, locale=_locale())
    return _bnumbers.format_decimal(value, locale=_locale())


set_language(DEFAULT_LANGUAGE)


_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def parse_date(text: str) -> _dt.date | None:
    """Parse a date as a clerk types it: 1949-12-31, 19491231, 1949/12/31, 1949年12月31日.

    Empty text gives None.

    Raises:
        ValueError: a translated message saying which forms are understood.
    """
    import unicodedata

    value = "".join(unicodedata.normalize("NFKC", text or "").split())
    if not value:
        return None
    for fmt in _DATE_FORMATS:
        # strptime takes one-digit months and days, so "194911" would become
        # 1949-01-01: the compact form must have all eight digits.
        if fmt == "%Y%m%d" and not (len(value) == 8 and value.isascii() and value.isdigit()):
            continue
        try:
            return _dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Not a date: write it as 1949-12-31 or 19491231."))


def parse_month(text: str) -> tuple[int, int]:
    """A month as a clerk writes it on the command line or in a field: ``2026-11`` → (2026, 11).

    Raises:
        ValueError: a translated message saying how to write it.
    """
    import unicodedata

    value = unicodedata.normalize("NFKC", text or "").strip()
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(_("Not a month: {text} (write it as 2026-11).").format(text=text))
    return int(match.group(1)), int(match.group(2))
