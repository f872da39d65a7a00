"""Readings of rare name characters: the table, the typed reading, search and sorting, migration 0009."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest
from sqlalchemy import select

from models.core.db import _alembic_config, make_engine, open_database
from models.core.errors import NeedsConfirmation
from models.residents.entities import Resident
from models.residents.readings import (
    RARE_READINGS,
    InvalidReadingError,
    missing_readings,
    name_keys,
    parse_reading,
    suggested_reading,
)
from models.residents.registry import (
    ResidentInput,
    ResidentListSource,
    create_resident,
    search_residents,
    update_resident,
)


def test_jmh_finds_her_and_she_sorts_among_the_j_names(db) -> None:
    with db.write() as s:
        for name in ("马丽", "黄建", "𠮷明华", "金凤", "江海", "孟强", "李明"):
            create_resident(s, ResidentInput(name=name))
    with db.session() as s:
        assert [h.name for h in search_residents(s, "jmh")][0] == "𠮷明华"
        assert [h.name for h in search_residents(s, "jiming")] == ["𠮷明华"]
        ids = ResidentListSource().ids(s, "", "name", False)
        names = [s.get(Resident, i).name for i in ids]
    # Alphabetical by pinyin: huang, jiang, ji(ming), jin, li, ma, meng — she is among the J names.
    assert names == ["黄建", "江海", "𠮷明华", "金凤", "李明", "马丽", "孟强"]


@pytest.mark.parametrize("char", sorted(RARE_READINGS))
def test_every_table_reading_is_its_standard_characters_and_fills_a_gap(char) -> None:
    from pypinyin import Style, pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    reading, standard, source = RARE_READINGS[char]
    assert ord(char) > 0xFFFF and source
    # Only a gap is filled: pypinyin's own data has no reading for the character.
    assert ord(char) not in pinyin_dict
    # The reading is one that pypinyin gives the standard form, tone included.
    assert reading in pinyin(standard, heteronym=True, style=Style.TONE)[0]
    plain = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
    assert name_keys(char + "明").initials.startswith(plain[0])
    assert suggested_reading(char) == plain
    assert missing_readings("王" + char) == []


def test_compatibility_ideographs_and_radicals_are_read_as_what_they_stand_for() -> None:
    # U+F9E1 李 (from a Korean or Big5 conversion) and ⼀ U+2F00 (a Kangxi radical, from a PDF).
    assert name_keys("\uf9e1明").initials == "lm"
    assert name_keys("\u2f00鸣").pinyin == "yiming"
    assert missing_readings("\uf9e1明") == []


def test_a_character_without_reading_is_named_and_shown_as_a_question_mark() -> None:
    assert missing_readings("王䶯华") == ["䶯"]
    assert suggested_reading("王䶯华") == "wang ? hua"
    assert name_keys("王䶯华").initials.split("|")[0] == "wh"  # skipped in the computed keys


@pytest.mark.parametrize(("typed", "syllables"), [
    ("ji ming hua", ["ji", "ming", "hua"]),
    ("Jí Míng-Huá", ["ji", "ming", "hua"]),
    ("ji2 ming2 hua2", ["ji", "ming", "hua"]),
    ("jiminghua", ["ji", "ming", "hua"]),  # cut into syllables: one way only
    ("ji ? hua", ["ji", None, "hua"]),
])
def test_a_typed_reading_is_read(typed, syllables) -> None:
    assert parse_reading(typed, "𠮷明华") == syllables


@pytest.mark.parametrize(("typed", "message"), [
    ("ji ming", "𠮷明华 has 3, the reading has 2"),
    ("jmh", "has 3, the reading has 1"),
    ("ji ming hux", "“hux” is not a pinyin syllable"),
    ("ji 明 hua", "“明” is not"),
])
def test_a_wrong_reading_says_what_is_wrong(typed, message) -> None:
    with pytest.raises(InvalidReadingError) as info:
        parse_reading(typed, "𠮷明华")
    assert message in str(info.value)


def test_lv_and_xian() -> None:
    assert parse_reading("lǚ bù", "吕布") == ["lv", "bu"]
    assert parse_reading("xian", "西安") == ["xi", "an"]  # not "xia n": no name holds a syllabic n


def test_the_form_asks_about_an_unread_character_other_callers_do_not(db) -> None:
    with db.write() as s:
        with pytest.raises(NeedsConfirmation) as info:
            create_resident(s, ResidentInput(name="王䶯", pinyin="wang ?"))
        assert "䶯" in info.value.warnings[0]
        # An import or a walk-in has no reading field: nothing to ask.
        r = create_resident(s, ResidentInput(name="王䶯"))
        assert (r.name_initials, r.pinyin_reading) == ("w|y", "")


def test_a_typed_reading_is_kept_until_the_name_changes(db) -> None:
    with db.write() as s:
        rid = create_resident(s, ResidentInput(name="王䶯", pinyin="wang tai")).id
    with db.write() as s:
        r = s.get(Resident, rid)
        assert (r.name_pinyin, r.name_initials, r.pinyin_reading) == ("wangtai", "wt", "wang tai")
        # Another caller changes the phone without a reading field: the reading stays.
        data = ResidentInput.from_resident(r)
        data.pinyin = None
        data.phone = "13912345678"
        update_resident(s, rid, data)
        assert (r.name_initials, r.pinyin_reading) == ("wt", "wang tai")
        # A new name is read anew.
        data.name = "王䶯华"
        update_resident(s, rid, data)
        assert (r.name_initials.split("|")[0], r.pinyin_reading) == ("wh", "")


def test_a_reading_like_the_computed_one_is_not_kept(db) -> None:
    with db.write() as s:
        r = create_resident(s, ResidentInput(name="曾小明", pinyin="zeng xiao ming"))
        assert r.pinyin_reading == ""
        assert r.name_initials == "zxm|cxm"  # the surname's variants stay


def test_migration_0009_reads_the_stored_rare_names_again(tmp_path) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    cfg = _alembic_config(engine)
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.executemany(
            "INSERT INTO resident (name, name_pinyin, name_initials, compound, building, unit, room, grid,"
            " lives_alone, empty_nest, minimum_allowance, extreme_poverty, disabled, entitled_group, notes,"
            " created_at, updated_at, archived) VALUES (?, ?, ?, '', '', '', '', '', 0, 0, 0, 0, 0, 0, '',"
            " '2026-01-01 09:00:00', '2026-01-01 09:00:00', 0)",
            [("𠮷明华", "minghua", "mh"), ("张三明", "zhangsanming", "zsm"), ("\uf9e1娜", "na", "n")],
        )
    db = open_database(path)
    try:
        with db.session() as s:
            rows = {r.name: (r.name_pinyin, r.name_initials, r.pinyin_reading) for r in s.scalars(select(Resident))}
            assert [h.name for h in search_residents(s, "jmh")] == ["𠮷明华"]
    finally:
        db.dispose()
    assert rows == {"𠮷明华": ("jiminghua", "jmh", ""), "张三明": ("zhangsanming", "zsm", ""),
                    "\uf9e1娜": ("lina", "ln", "")}
