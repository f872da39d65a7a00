"""Locale-aware formatting and date parsing in i18n."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import i18n
from i18n import format_date, format_date_official, format_money, format_number, parse_date


@pytest.fixture
def lang():
    """Set the language for one test and restore the previous one afterwards."""
    before = i18n.current_language()
    yield i18n.set_language
    i18n.set_language(before)


# --- money ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "text"),
    [(1250, "¥12.50"), (0, "¥0.00"), (-300, "-¥3.00"), (123456789, "¥1,234,567.89"), (5, "¥0.05"), (-1, "-¥0.01")],
)
@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_format_money(lang, language: str, fen: int, text: str) -> None:
    lang(language)
    result = format_money(fen)
    assert result == text
    assert "CN" not in result


@pytest.mark.parametrize("bad", [12.5, 1250.0, Decimal("12.50"), "1250", True, None])
def test_format_money_refuses_anything_but_int_fen(bad) -> None:
    with pytest.raises(TypeError):
        format_money(bad)


def test_fen_to_decimal_is_exact() -> None:
    assert i18n.fen_to_decimal(1250) == Decimal("12.50")
    assert str(i18n.fen_to_decimal(-5)) == "-0.05"


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0.125, 2, "0.13"),  # half-up, not the float's 0.12
        (2.5, 0, "3"),  # half-up, not banker's 2
        (3.5, 0, "4"),
        (1.005, 2, "1.01"),
        (-0.125, 2, "-0.13"),
        (Decimal("99.125"), 2, "99.13"),
        (1234567.891, 1, "1,234,567.9"),
        (7, 2, "7.00"),
        (99.13, 2, "99.13"),
    ],
)
def test_format_number_rounds_half_up(lang, value, decimals: int, text: str) -> None:
    lang("zh_CN")
    assert format_number(value, decimals=decimals) == text


def test_format_number_groups(lang) -> None:
    lang("zh_CN")
    assert format_number(3928) == "3,928"
    lang("en")
    assert format_number(1234567) == "1,234,567"


# --- dates ------------------------------------------------------------------------------


def test_format_date_long(lang) -> None:
    day = dt.date(2026, 11, 22)
    lang("zh_CN")
    assert format_date(day) == "2026年11月22日"
    lang("zh_TW")
    assert format_date(day) == "2026年11月22日"
    lang("en")
    assert format_date(day) == "November 22, 2026"


def test_format_date_official(lang) -> None:
    lang("zh_CN")
    assert format_date_official(dt.date(2026, 11, 22)) == "二〇二六年十一月二十二日"
    lang("zh_TW")
    assert format_date_official(dt.date(2026, 11, 22)) == "二〇二六年十一月二十二日"
    lang("en")
    assert format_date_official(dt.date(2026, 11, 22)) == "November 22, 2026"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 1, 1), "二〇二六年一月一日"),
        (dt.date(2026, 1, 10), "二〇二六年一月十日"),
        (dt.date(2026, 2, 20), "二〇二六年二月二十日"),
        (dt.date(2026, 4, 30), "二〇二六年四月三十日"),
        (dt.date(2026, 10, 31), "二〇二六年十月三十一日"),
        (dt.date(2026, 12, 11), "二〇二六年十二月十一日"),
        (dt.date(2000, 3, 5), "二〇〇〇年三月五日"),
        (dt.date(1949, 10, 1), "一九四九年十月一日"),
    ],
)
def test_format_date_official_numbers(lang, day: dt.date, text: str) -> None:
    lang("zh_CN")
    assert format_date_official(day) == text


# --- parsing ----------------------------------------------------------------------------

DAY = dt.date(1949, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "1949-12-31",
        "19491231",
        "1949/12/31",
        "1949.12.31",
        "1949年12月31日",
        "１９４９－１２－３１",  # full-width digits and hyphens from a Chinese input method
        "１９４９１２３１",
        "１９４９年１２月３１日",
        " 1949 - 12 - 31 ",
    ],
)
def test_parse_date_forms(text: str) -> None:
    assert parse_date(text) == DAY


def test_parse_date_single_digit_month_and_day_with_separators() -> None:
    assert parse_date("2026-1-5") == dt.date(2026, 1, 5)
    assert parse_date("2026年1月5日") == dt.date(2026, 1, 5)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_parse_date_empty_is_none(text) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "1999-02-31",  # no such day
        "19990231",
        "2026-13-01",
        "194911",  # strptime alone would read 1949-01-01
        "1949121",  # ambiguous: 1949-12-01 or 1949-01-21
        "49-12-31",
        "tomorrow",
        "1949-12-31x",
    ],
)
def test_parse_date_refuses(lang, text: str) -> None:
    lang("en")
    with pytest.raises(ValueError, match="1949-12-31"):
        parse_date(text)


def test_parse_date_error_is_translated(lang) -> None:
    lang("zh_CN")
    with pytest.raises(ValueError) as info:
        parse_date("1999-02-31")
    assert "不是有效日期" in str(info.value)
