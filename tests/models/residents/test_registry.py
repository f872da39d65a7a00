"""Tests for models.residents.registry: validation, the duplicate guard, writes, search and the list."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from models.core.errors import NeedsConfirmation, NotFound, ValidationFailed
from models.residents.entities import Resident
from models.residents.registry import (
    ResidentInput,
    ResidentListSource,
    create_resident,
    get_resident,
    search_residents,
    set_archived,
    update_resident,
)

MASKED_ID = re.compile(r"^\d{3}\*{11}[0-9X]{4}$")


def count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Resident))


def add(db, today, **fields) -> int:
    with db.write() as s:
        return create_resident(s, ResidentInput(**fields), today=today).id


# --- create: what is stored --------------------------------------------------------


def test_id_number_as_typed_is_stored_canonical(db, today, make_x_id) -> None:
    number = make_x_id("19500101")
    assert number.endswith("X")
    typed = " ".join(
        [
            number[:6],
            number[6:14],
            number[14:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x",
        ]
    )
    rid = add(db, today, name="张三明", id_number=typed)
    with db.session() as s:
        stored = s.get(Resident, rid).id_number
    assert stored == number
    assert len(stored) == 18


def test_old_15_digit_number_is_stored_as_18(db, today, make_id) -> None:
    rid = add(db, today, name="张三明", id_number="110105500101011")
    with db.session() as s:
        assert s.get(Resident, rid).id_number == make_id("19500101", 11)


def test_birth_date_and_gender_come_from_the_id_number(db, today, make_id) -> None:
    male = add(db, today, name="张三明", id_number=make_id("19500101", 11))
    female = add(db, today, name="李娜", id_number=make_id("19880229", 22))
    with db.session() as s:
        assert (s.get(Resident, male).birth_date, s.get(Resident, male).gender) == (
            dt.date(1950, 1, 1),
            "male",
        )
        assert (s.get(Resident, female).birth_date, s.get(Resident, female).gender) == (
            dt.date(1988, 2, 29),
            "female",
        )


def test_keys_phone_and_name_are_stored_normalised(db, today) -> None:
    rid = add(db, today, name="  曾小贤 ", phone="+86 136-0000-5555")
    with db.session() as s:
        r = s.get(Resident, rid)
        assert (r.name, r.phone) == ("曾小贤", "13600005555")
        assert "zxx" in r.name_initials.split("|")
        assert "zengxiaoxian" in r.name_pinyin.split("|")


def test_without_id_number_the_typed_birth_date_and_gender_are_kept(db, today) -> None:
    rid = add(db, today, name="张三丰", birth_date=dt.date(1940, 5, 6), gender="male")
    with db.session() as s:
        r = s.get(Resident, rid)
        assert (r.id_number, r.birth_date, r.gender) == (None, dt.date(1940, 5, 6), "male")


# --- validation --------------------------------------------------------------------


def test_typed_birth_date_contradicting_the_id_number(db, today, make_id) -> None:
    with db.write() as s, pytest.raises(ValidationFailed) as info:
        create_resident(
            s,
            ResidentInput(
                name="张三明", id_number=make_id("19500101", 11), birth_date=dt.date(1950, 1, 2)
            ),
            today=today,
        )
    assert set(info.value.errors) == {"birth_date"}
    assert "1950-01-01" in info.value.errors["birth_date"]
    assert count(db) == 0


def test_typed_gender_contradicting_the_id_number(db, today, make_id) -> None:
    with db.write() as s, pytest.raises(ValidationFailed) as info:
        create_resident(
            s,
            ResidentInput(name="张三明", id_number=make_id("19500101", 11), gender="female"),
            today=today,
        )
    assert set(info.value.errors) == {"gender"}


def test_matching_typed_birth_date_and_gender_are_fine(db, today, make_id) -> None:
    add(
        db,
        today,
        name="张三明",
        id_number=make_id("19500101", 11),
        birth_date=dt.date(1950, 1, 1),
        gender="male",
    )
    assert count(db) == 1


def test_every_bad_field_is_reported_at_once(db, today, make_id) -> None:
    good = make_id("19500101", 11)
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = ResidentInput(name="  ", phone="138123", id_number=bad_check, room="x" * 21)
    with pytest.raises(ValidationFailed) as info, db.write() as s:
        create_resident(s, data, today=today)
    assert set(info.value.errors) == {"name", "phone", "id_number", "room"}
    assert all(info.value.errors.values())
    assert count(db) == 0


@pytest.mark.parametrize(
    ("birth", "field"),
    [(dt.date(2026, 11, 23), "birth_date"), (dt.date(1899, 12, 31), "birth_date")],
)
def test_birth_date_in_the_future_or_before_1900(db, today, birth, field) -> None:
    with pytest.raises(ValidationFailed) as info, db.write() as s:
        create_resident(s, ResidentInput(name="张三", birth_date=birth), today=today)
    assert set(info.value.errors) == {field}


def test_unknown_household_flag(db, today) -> None:
    with pytest.raises(ValidationFailed) as info, db.write() as s:
        create_resident(
            s, ResidentInput(name="张三", flags=frozenset({"lives_alone", "rich"})), today=today
        )
    assert set(info.value.errors) == {"flags"}
    assert "rich" in info.value.errors["flags"]


def test_a_refused_write_rolls_back_the_whole_transaction(db, today, make_id) -> None:
    with pytest.raises(ValidationFailed), db.write() as s:
        create_resident(
            s, ResidentInput(name="张三明", id_number=make_id("19500101", 11)), today=today
        )
        create_resident(s, ResidentInput(name="", phone="1"), today=today)
    assert count(db) == 0


# --- duplicate guard -----------------------------------------------------------------


def test_same_id_number_is_refused_and_names_the_holder(db, today, make_id) -> None:
    number = make_id("19500101", 11)
    add(db, today, name="张三明", id_number=number)
    spaced = " ".join([number[:6], number[6:14], number[14:]])
    for typed in (number, spaced, "110105500101011"):  # the same number, typed three ways
        with pytest.raises(ValidationFailed) as info, db.write() as s:
            create_resident(s, ResidentInput(name="张三", id_number=typed), today=today)
        assert set(info.value.errors) == {"id_number"}
        assert "张三明" in info.value.errors["id_number"]
        assert "archived" not in info.value.errors["id_number"]
    assert count(db) == 1


def test_same_id_number_as_an_archived_resident_hints_at_restoring(db, today, make_id) -> None:
    number = make_id("19500101", 11)
    rid = add(db, today, name="张三明", id_number=number)
    with db.write() as s:
        set_archived(s, rid, True)
    with pytest.raises(ValidationFailed) as info, db.write() as s:
        create_resident(s, ResidentInput(name="张三明", id_number=number), today=today)
    message = info.value.errors["id_number"]
    assert "张三明" in message
    assert "archived" in message and "restore" in message
    assert count(db) == 1


def test_same_name_and_phone_needs_confirmation(db, today) -> None:
    add(db, today, name="阿卜杜·热合曼", phone="13500006666")
    # The same person typed with a look-alike dot and a formatted phone.
    data = ResidentInput(name="阿卜杜•热合曼", phone="135-0000-6666")
    with pytest.raises(NeedsConfirmation) as info, db.write() as s:
        create_resident(s, data, today=today)
    assert len(info.value.warnings) == 1
    assert "阿卜杜·热合曼" in info.value.warnings[0]
    assert count(db) == 1
    with db.write() as s:
        create_resident(s, data, confirmed=True, today=today)
    assert count(db) == 2


def test_same_name_other_phone_or_same_phone_other_name_is_no_duplicate(db, today) -> None:
    add(db, today, name="张三", phone="13800002222")
    add(db, today, name="张三", phone="13800003333")
    add(db, today, name="李四", phone="13800002222")
    add(db, today, name="张三")  # no phone: nothing to compare
    assert count(db) == 4


def test_confirmed_does_not_override_a_taken_id_number(db, today, make_id) -> None:
    add(db, today, name="张三明", id_number=make_id("19500101", 11))
    with pytest.raises(ValidationFailed), db.write() as s:
        create_resident(
            s,
            ResidentInput(name="张三明", id_number=make_id("19500101", 11)),
            confirmed=True,
            today=today,
        )
    assert count(db) == 1


def test_update_excludes_the_resident_itself_from_the_duplicate_check(db, today, make_id) -> None:
    rid = add(db, today, name="张三明", id_number=make_id("19500101", 11), phone="13800001111")
    with db.write() as s:
        data = ResidentInput.from_resident(get_resident(s, rid))
        data.room = "501"
        update_resident(s, rid, data, today=today)  # same ID, same name and phone: itself
    with db.session() as s:
        assert s.get(Resident, rid).room == "501"


def test_update_to_another_residents_id_number_is_refused(db, today, make_id) -> None:
    add(db, today, name="张三明", id_number=make_id("19500101", 11))
    other = add(db, today, name="张三", id_number=make_id("19600202", 22))
    with pytest.raises(ValidationFailed) as info, db.write() as s:
        update_resident(
            s, other, ResidentInput(name="张三", id_number=make_id("19500101", 11)), today=today
        )
    assert "张三明" in info.value.errors["id_number"]
    with db.session() as s:
        assert s.get(Resident, other).id_number == make_id("19600202", 22)


def test_update_to_another_residents_name_and_phone_needs_confirmation(db, today) -> None:
    add(db, today, name="张三", phone="13800002222")
    other = add(db, today, name="张三", phone="13800009999")
    with pytest.raises(NeedsConfirmation), db.write() as s:
        update_resident(s, other, ResidentInput(name="张三", phone="13800002222"), today=today)
    with db.session() as s:
        assert s.get(Resident, other).phone == "13800009999"
    with db.write() as s:
        update_resident(
            s, other, ResidentInput(name="张三", phone="13800002222"), confirmed=True, today=today
        )
    with db.session() as s:
        assert s.get(Resident, other).phone == "13800002222"


def test_unknown_resident(db, today) -> None:
    with pytest.raises(NotFound), db.write() as s:
        update_resident(s, 999, ResidentInput(name="张三"), today=today)
    with pytest.raises(NotFound), db.write() as s:
        set_archived(s, 999, True)


# --- archiving -------------------------------------------------------------------------


def test_archived_residents_are_hidden_unless_asked_for(db, today) -> None:
    rid = add(db, today, name="张三明", phone="13800001111")
    keep = add(db, today, name="张三", phone="13800002222")
    with db.write() as s:
        set_archived(s, rid, True)
    with db.session() as s:
        assert [h.id for h in search_residents(s, "张三", today=today)] == [keep]
        hits = search_residents(s, "张三", include_archived=True, today=today)
        assert {h.id: h.archived for h in hits} == {keep: False, rid: True}
        assert ResidentListSource(today=today).ids(s, "", None, False) == [keep]
        assert ResidentListSource(today=today).ids(s, "zsm", None, False) == []
        listing = ResidentListSource(include_archived=True, today=today)
        assert listing.ids(s, "zsm", None, False) == [rid]
        rows = listing.rows(s, [rid, keep])
        assert rows[rid][0].startswith("张三明") and rows[rid][0] != "张三明"  # marked as archived
        assert rows[keep][0] == "张三"
    with db.write() as s:
        set_archived(s, rid, False)
    with db.session() as s:
        assert {h.id for h in search_residents(s, "张三", today=today)} == {rid, keep}


def test_list_with_archived_and_no_filter(db, today) -> None:
    rid = add(db, today, name="张三明")
    keep = add(db, today, name="张三")
    with db.write() as s:
        set_archived(s, rid, True)
    with db.session() as s:
        ids = ResidentListSource(include_archived=True, today=today).ids(s, "", "name", False)
    assert ids == [keep, rid]


# --- search ------------------------------------------------------------------------------


@dataclass
class Registry:
    ids: dict[str, int]
    numbers: dict[str, str]

    def names(self, hits) -> list[str]:
        by_id = {v: k for k, v in self.ids.items()}
        return [by_id[h.id] for h in hits]


@pytest.fixture
def registry(db, today, make_id, make_x_id) -> Registry:
    people = [
        # name, ID number, phone
        ("张三明", make_id("19500101", 11), "13800001111"),
        ("张三", make_id("19600202", 22), "13800002222"),
        ("张三丰", "", ""),
        ("赵淑敏", make_x_id("19451212", area="320102", male=False), "13900003333"),
        ("周思明", make_id("19700303", 41, area="320104"), "13700001955"),
        ("张思明华", make_id("19750707", 43, area="320104"), ""),
        ("马周思明", "", "13300004321"),
        ("曾小贤", make_id("19801010", 51, area="330106"), "13600005555"),
        ("阿卜杜·热合曼", make_id("19550505", 61), "13500006666"),
        ("𠮷祥", make_id("19990909", 72), "13866667777"),
    ]
    ids, numbers = {}, {}
    with db.write() as s:
        for name, number, phone in people:
            ids[name] = create_resident(
                s, ResidentInput(name=name, id_number=number, phone=phone), today=today
            ).id
            numbers[name] = number
    return Registry(ids, numbers)


def search(db, today, query: str, **kw):
    with db.session() as s:
        return search_residents(s, query, today=today, **kw)


def test_initials_exact_before_prefix_before_fragment(db, today, registry) -> None:
    names = registry.names(search(db, today, "zsm"))
    assert set(names[:3]) == {"张三明", "赵淑敏", "周思明"}  # initials exactly zsm
    assert names[3:] == ["张思明华", "马周思明"]  # zsm… then …zsm…


def test_initials_are_case_and_width_insensitive(db, today, registry) -> None:
    expected = registry.names(search(db, today, "zsm"))
    assert registry.names(search(db, today, "ZSM")) == expected
    assert registry.names(search(db, today, "ｚｓｍ")) == expected


def test_exact_name_before_name_prefix(db, today, registry) -> None:
    assert registry.names(search(db, today, "张三")) == ["张三", "张三丰", "张三明"]


def test_full_pinyin_prefix(db, today, registry) -> None:
    assert registry.names(search(db, today, "zhangsan")) == ["张三", "张三丰", "张三明"]


def test_phone_tail_of_four_digits(db, today, registry) -> None:
    # 6666 ends 阿卜杜's phone and sits inside 𠮷祥's.
    assert registry.names(search(db, today, "6666")) == ["阿卜杜·热合曼", "𠮷祥"]


def test_phone_tail_beats_an_id_number_fragment(db, today, registry) -> None:
    # 1955 ends 周思明's phone and is the birth year inside 阿卜杜's ID number.
    assert registry.names(search(db, today, "1955")) == ["周思明", "阿卜杜·热合曼"]


def test_whole_phone_number_typed_with_spaces(db, today, registry) -> None:
    assert registry.names(search(db, today, "138 0000 2222")) == ["张三"]


def test_full_id_number_matches_exactly_first(db, today, registry) -> None:
    number = registry.numbers["赵淑敏"]
    assert number.endswith("X")
    for typed in (number, number[:-1] + "x", " ".join([number[:6], number[6:14], number[14:]])):
        hits = search(db, today, typed)
        assert registry.names(hits) == ["赵淑敏"]
        assert hits[0].id_masked == number[:3] + "*" * 11 + number[-4:]


def test_id_number_fragment(db, today, registry) -> None:
    assert registry.names(search(db, today, "19600202")) == ["张三"]
    number = registry.numbers["曾小贤"]
    assert registry.names(search(db, today, number[-6:])) == ["曾小贤"]


@pytest.mark.parametrize("query", ["cxx", "zxx", "zengxiaoxian", "cengxiaoxian", "曾小贤"])
def test_polyphonic_surname_is_found_by_both_readings(db, today, registry, query) -> None:
    assert registry.names(search(db, today, query))[0] == "曾小贤"


def test_rare_character_query(db, today, registry) -> None:
    assert registry.names(search(db, today, "𠮷")) == ["𠮷祥"]
    assert registry.names(search(db, today, "𠮷祥")) == ["𠮷祥"]


def test_middle_dot_name_query(db, today, registry) -> None:
    assert registry.names(search(db, today, "阿卜杜·热合曼")) == ["阿卜杜·热合曼"]
    assert registry.names(search(db, today, "阿卜杜")) == ["阿卜杜·热合曼"]
    assert registry.names(search(db, today, "abdrhm")) == ["阿卜杜·热合曼"]


@pytest.mark.parametrize("query", ["阿卜杜・热合曼", "阿卜杜•热合曼", "阿卜杜.热合曼"])
def test_middle_dot_lookalike_in_the_query(db, today, registry, query) -> None:
    assert registry.names(search(db, today, query)) == ["阿卜杜·热合曼"]


@pytest.mark.parametrize("query", ["%", "_", "%%", "张%", "张_", "%三", "_三明"])
def test_like_wildcards_in_a_query_are_literal(db, today, registry, query) -> None:
    assert search(db, today, query) == []


def test_like_wildcard_matches_itself(db, today) -> None:
    literal = add(db, today, name="Li_Na")
    add(db, today, name="Lixna")
    with db.session() as s:
        assert [h.id for h in search_residents(s, "Li_", today=today)] == [literal]


@pytest.mark.parametrize("query", ["", "   ", "\u3000"])
def test_empty_query_finds_nothing(db, today, registry, query) -> None:
    assert search(db, today, query) == []


def test_search_hits_never_hold_the_full_id_number_or_phone(db, today, registry) -> None:
    hits = search(db, today, "zsm")
    assert hits
    for hit in hits:
        number = registry.numbers[registry.names([hit])[0]]
        values = [str(v) for v in vars(hit).values()]
        if number:
            assert MASKED_ID.match(hit.id_masked)
            assert number not in values
        assert len(hit.phone_tail) <= 4


def test_search_limit_and_age(db, today, registry) -> None:
    hits = search(db, today, "zsm", limit=2)
    assert len(hits) == 2
    first = search(db, today, "张三明")[0]
    assert first.age == 76  # born 1950-01-01, today 2026-11-22


# --- the Residents list -------------------------------------------------------------------


def listing_names(
    db, today, registry, filter_text="", sort_key=None, descending=False, **kw
) -> list[str]:
    with db.session() as s:
        ids = ResidentListSource(today=today, **kw).ids(s, filter_text, sort_key, descending)
    by_id = {v: k for k, v in registry.ids.items()}
    return [by_id[i] for i in ids]


def test_list_sorted_by_age_youngest_first_nulls_last(db, today, registry) -> None:
    names = listing_names(db, today, registry, sort_key="age")
    assert names[:8] == [
        "𠮷祥",
        "曾小贤",
        "张思明华",
        "周思明",
        "张三",
        "阿卜杜·热合曼",
        "张三明",
        "赵淑敏",
    ]
    assert set(names[8:]) == {"张三丰", "马周思明"}  # no birth date


def test_list_sorted_by_age_descending_oldest_first_nulls_last(db, today, registry) -> None:
    names = listing_names(db, today, registry, sort_key="age", descending=True)
    assert names[:8] == [
        "赵淑敏",
        "张三明",
        "阿卜杜·热合曼",
        "张三",
        "周思明",
        "张思明华",
        "曾小贤",
        "𠮷祥",
    ]
    assert set(names[8:]) == {"张三丰", "马周思明"}


def test_list_sorted_by_name(db, today, registry) -> None:
    ascending = listing_names(db, today, registry, sort_key="name")
    descending = listing_names(db, today, registry, sort_key="name", descending=True)
    assert sorted(ascending) == sorted(registry.ids)
    assert descending == ascending[::-1]
    plain = [
        n
        for n in ascending
        if n in ("张三", "张三丰", "张三明", "张思明华", "赵淑敏", "周思明", "马周思明")
    ]
    assert plain == ["马周思明", "张三", "张三丰", "张三明", "张思明华", "赵淑敏", "周思明"]


def test_polyphonic_surname_sorts_by_its_surname_reading(db, today) -> None:
    # 曾 as a surname is zēng: between chen and zhao, not among the c's (céng).
    ids = {n: add(db, today, name=n) for n in ("赵明", "曾小贤", "陈明")}
    with db.session() as s:
        order = ResidentListSource(today=today).ids(s, "", "name", False)
    assert order == [ids["陈明"], ids["曾小贤"], ids["赵明"]]


def test_list_filter_text_keeps_rank_order_or_the_sort(db, today, registry) -> None:
    ranked = listing_names(db, today, registry, filter_text="zsm")
    assert set(ranked[:3]) == {"张三明", "赵淑敏", "周思明"}
    assert ranked[3:] == ["张思明华", "马周思明"]
    by_age = listing_names(db, today, registry, filter_text="zsm", sort_key="age")
    assert by_age == ["张思明华", "周思明", "张三明", "赵淑敏", "马周思明"]
    assert listing_names(db, today, registry, filter_text="%") == []


def test_list_rows_mask_the_id_number(db, today, registry) -> None:
    source = ResidentListSource(today=today)
    with db.session() as s:
        ids = source.ids(s, "", None, False)
        rows = source.rows(s, ids)
    assert set(rows) == set(ids)
    columns = [c.key for c in source.columns]
    id_col, age_col, name_col = (
        columns.index("id_number"),
        columns.index("age"),
        columns.index("name"),
    )
    for name, rid in registry.ids.items():
        row = rows[rid]
        assert len(row) == len(columns)
        assert row[name_col] == name
        number = registry.numbers[name]
        if number:
            assert MASKED_ID.match(row[id_col]), row[id_col]
            assert row[id_col][:3] == number[:3] and row[id_col][-4:] == number[-4:]
            assert all(number not in cell for cell in row)
        else:
            assert row[id_col] == ""
    assert rows[registry.ids["张三明"]][age_col] == "76"
    assert rows[registry.ids["张三丰"]][age_col] == ""


def test_list_rows_only_for_the_ids_asked(db, today, registry) -> None:
    source = ResidentListSource(today=today)
    wanted = [registry.ids["张三"], registry.ids["𠮷祥"]]
    with db.session() as s:
        rows = source.rows(s, wanted)
    assert set(rows) == set(wanted)
    assert rows[registry.ids["𠮷祥"]][0] == "𠮷祥"


def test_is_archived_reads_one_flag_for_every_role(db, today) -> None:
    """The list's Archive/Restore button asks this at every keystroke (issue 14: no query in ui/)."""
    from models.residents.registry import is_archived
    from models.safety.security import VOLUNTEER, Actor, acting_as

    with db.write() as s:
        rid = create_resident(s, ResidentInput(name="钱七"), today=today).id
    with db.session() as s:
        assert is_archived(s, rid) is False
        assert is_archived(s, rid + 1000) is False  # not in the registry: nothing to restore
    with db.write() as s:
        set_archived(s, rid, True)
    with acting_as(Actor("xiaoli", VOLUNTEER, user_id=3)), db.session() as s:
        assert is_archived(s, rid) is True  # volunteers list residents (residents.list) too
