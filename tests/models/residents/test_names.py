"""Tests for models.residents.names: names stored without loss, search keys, phones, masking."""

from __future__ import annotations

import re
import sqlite3

import pytest

from models.core.db import open_database
from models.residents.names import (
    MAX_NAME_LENGTH,
    MIDDLE_DOT,
    InvalidNameError,
    PhoneError,
    mask_address,
    mask_name,
    mask_phone,
    name_keys,
    normalise_name,
    normalise_phone,
)
from models.residents.registry import ResidentInput, create_resident

JI = "\U00020bb7"  # 𠮷, CJK Extension B, outside the BMP


# --- normalise_name: stored exactly as typed ----------------------------------


def test_rare_character_outside_the_bmp_stays_one_code_point() -> None:
    name = normalise_name(JI + "祥")
    assert name == "𠮷祥"
    assert len(name) == 2
    assert ord(name[0]) == 0x20BB7


def test_rare_name_round_trips_through_the_database_exactly(tmp_db_path, today) -> None:
    typed = [
        "𠮷祥",
        "孟𠮷",
        "王䶮",
        "\uf900三",
        "阿卜杜·热合曼",
    ]  # Ext-B, Ext-A, compatibility ideograph
    database = open_database(tmp_db_path)
    try:
        with database.write() as s:
            ids = [create_resident(s, ResidentInput(name=n), today=today).id for n in typed]
    finally:
        database.dispose()
    # Read the stored text back with the plain driver, outside SQLAlchemy.
    conn = sqlite3.connect(tmp_db_path)
    try:
        stored = [
            conn.execute("SELECT name FROM resident WHERE id = ?", (i,)).fetchone()[0] for i in ids
        ]
    finally:
        conn.close()
    assert stored == typed
    assert [[ord(c) for c in s] for s in stored] == [[ord(c) for c in t] for t in typed]


@pytest.mark.parametrize(
    "dot",
    ["\u2022", "\u30fb", "\u2219", "\u2027", "\uff65", "\u22c5", "\u00b7", "\uff0e"],
    ids=[
        "bullet",
        "katakana",
        "bullet-op",
        "hyphenation-pt",
        "halfwidth-katakana",
        "dot-op",
        "itself",
        "fullwidth-stop",
    ],
)
def test_middle_dot_lookalikes_become_u00b7(dot: str) -> None:
    assert normalise_name(f"阿卜杜{dot}热合曼") == "阿卜杜\u00b7热合曼"


def test_ascii_full_stop_between_han_characters_becomes_the_middle_dot() -> None:
    assert normalise_name("阿卜杜.热合曼") == "阿卜杜·热合曼"
    assert normalise_name("𠮷.祥") == "𠮷·祥"  # a character outside the BMP is Han too


def test_ascii_full_stop_elsewhere_is_kept() -> None:
    assert normalise_name("J. Smith") == "J. Smith"
    assert normalise_name("a.b") == "a.b"
    assert normalise_name("张三.") == "张三."


def test_spaces_around_a_middle_dot_are_dropped() -> None:
    assert normalise_name("阿卜杜 · 热合曼") == "阿卜杜·热合曼"
    assert normalise_name("阿卜杜 ・ 热合曼") == "阿卜杜·热合曼"


def test_ascii_full_stop_with_spaces_between_han_becomes_the_middle_dot() -> None:
    assert normalise_name("阿卜杜 . 热合曼") == "阿卜杜·热合曼"


def test_no_nfkc_on_names() -> None:
    # A full-width Latin letter and a CJK compatibility ideograph (U+F900,
    # NFKC → U+8C48) are kept exactly as typed.
    assert normalise_name("Ｚhang") == "Ｚhang"
    assert normalise_name("\uf900三") == "\uf900三"
    assert normalise_name("\uf900三") != "\u8c48三"


def test_white_space_is_trimmed_and_folded() -> None:
    assert normalise_name("  张三明 \t") == "张三明"
    assert normalise_name("Anna   Li") == "Anna Li"
    assert normalise_name("\u3000张三\u3000") == "张三"  # ideographic space


@pytest.mark.parametrize("raw", ["", "   ", "\u3000", None])
def test_empty_name_is_refused(raw) -> None:
    with pytest.raises(InvalidNameError, match="Enter the name"):
        normalise_name(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("张\x00三", "U+0000"),
        ("张\x1b三", "U+001B"),
        ("张\u200b三", "U+200B"),
        ("\ufeff张三", "U+FEFF"),
    ],
)
def test_control_and_invisible_characters_are_refused(raw: str, code: str) -> None:
    with pytest.raises(InvalidNameError) as info:
        normalise_name(raw)
    assert code in str(info.value)


def test_too_long_name_is_refused_with_the_limit() -> None:
    assert len(normalise_name("张" * MAX_NAME_LENGTH)) == MAX_NAME_LENGTH
    with pytest.raises(InvalidNameError) as info:
        normalise_name("张" * (MAX_NAME_LENGTH + 1))
    assert str(MAX_NAME_LENGTH) in str(info.value)


def test_length_counts_code_points_not_utf16_units() -> None:
    # 50 characters outside the BMP are 100 UTF-16 units but still 50 characters.
    assert normalise_name(JI * MAX_NAME_LENGTH) == JI * MAX_NAME_LENGTH


# --- name_keys -----------------------------------------------------------------


def test_name_keys_full_pinyin_and_initials() -> None:
    keys = name_keys("张三明")
    assert keys.pinyin == "zhangsanming"
    assert keys.initials == "zsm"


def test_polyphonic_surname_gives_both_readings() -> None:
    keys = name_keys("曾小贤")
    assert set(keys.pinyin.split("|")) >= {"zengxiaoxian", "cengxiaoxian"}
    assert set(keys.initials.split("|")) >= {"zxx", "cxx"}


def test_compound_surname_initials() -> None:
    keys = name_keys("欧阳娜娜")
    assert keys.initials == "oynn"
    assert keys.pinyin == "ouyangnana"


def test_middle_dot_name_skips_the_dot() -> None:
    keys = name_keys("阿卜杜·热合曼")
    assert "abdrhm" in keys.initials.split("|")
    assert "abodureheman" in keys.pinyin.split("|")
    assert MIDDLE_DOT not in keys.pinyin + keys.initials


def test_keys_are_lower_case_ascii() -> None:
    keys = name_keys("Anna Li")
    assert keys.pinyin == "annali"
    for key in (name_keys(n) for n in ("张三明", "曾小贤", "𠮷祥", "阿卜杜·热合曼", "Anna Li")):
        assert (key.pinyin + key.initials).replace("|", "").isascii()
        assert key.pinyin == key.pinyin.lower()


# --- phones --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("010-12345678", "01012345678"),
        ("(0755) 1234 5678", "075512345678"),
        ("8765 4321", "87654321"),
    ],
)
def test_normalise_phone(raw: str, digits: str) -> None:
    assert normalise_phone(raw) == digits


def test_landline_written_with_country_code() -> None:
    assert normalise_phone("+86 10 6552 9988") == "01065529988"


@pytest.mark.parametrize(("raw", "count"), [("1381234567", "10"), ("138123456789", "12")])
def test_mobile_with_wrong_length_names_the_count(raw: str, count: str) -> None:
    with pytest.raises(PhoneError) as info:
        normalise_phone(raw)
    assert re.search(rf"\b{count}\b", str(info.value))
    assert re.search(r"\b11\b", str(info.value))


def test_landline_with_wrong_length_names_the_count() -> None:
    with pytest.raises(PhoneError) as info:
        normalise_phone("010-1234")
    assert re.search(r"\b7\b", str(info.value))


def test_non_digit_names_its_position() -> None:
    with pytest.raises(PhoneError) as info:
        normalise_phone("13a12345678")
    assert re.search(r"\b3\b", str(info.value))
    with pytest.raises(PhoneError) as info:
        normalise_phone("1381234567o")
    assert re.search(r"\b11\b", str(info.value))


def test_empty_phone_is_refused() -> None:
    with pytest.raises(PhoneError):
        normalise_phone("  ")


def test_no_mobile_prefix_12() -> None:
    with pytest.raises(PhoneError) as info:
        normalise_phone("12812345678")
    assert "12" in str(info.value)


# --- masking -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三明", "张*明"),
        ("李四", "李*"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳修", "欧阳*"),
        ("𠮷祥", "𠮷*"),
        ("孟𠮷", "孟*"),
        ("王𠮷祥", "王*祥"),
        ("阿卜杜·热合曼", "阿卜杜·***"),
        ("张", "*"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_name_never_shows_the_given_name() -> None:
    for name, hidden in [
        ("张三明", "三"),
        ("欧阳娜娜", "娜"),
        ("孟𠮷", JI),
        ("阿卜杜·热合曼", "热合曼"),
    ]:
        assert hidden not in mask_name(name)


def test_mask_phone() -> None:
    assert mask_phone("13812345678") == "138****5678"
    masked = mask_phone("075512345678")
    assert len(masked) == 12
    assert "1234" not in masked


def test_mask_address_never_contains_the_room() -> None:
    masked = mask_address("幸福小区", "3", "2", "1708")
    assert "1708" not in masked
    assert "幸福小区" in masked
    assert "3" in masked and "2" in masked
