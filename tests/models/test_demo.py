"""Tests for models.demo: deterministic synthetic data that obeys the registry's rules."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models.core.db import open_database
from models.core.errors import LinliError
from models.demo import fill_demo
from models.residents.entities import Resident
from models.residents.idcard import parse_id_number
from models.residents.names import MIDDLE_DOT, normalise_name, normalise_phone

COUNT = 120


def residents(database) -> list[tuple]:
    with database.session() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(
                    Resident.name,
                    Resident.id_number,
                    Resident.phone,
                    Resident.birth_date,
                    Resident.gender,
                ).order_by(Resident.id)
            )
        ]


@pytest.fixture
def demo_db(db, today):
    summary = fill_demo(db, seed=2026, residents=COUNT, today=today)
    assert summary.residents == COUNT
    return db


def test_same_seed_gives_the_same_residents(demo_db, today) -> None:
    other = open_database(":memory:")
    try:
        fill_demo(other, seed=2026, residents=COUNT, today=today)
        assert residents(other) == residents(demo_db)
    finally:
        other.dispose()


def test_another_seed_gives_other_residents(demo_db, today) -> None:
    other = open_database(":memory:")
    try:
        fill_demo(other, seed=7, residents=COUNT, today=today)
        assert residents(other) != residents(demo_db)
    finally:
        other.dispose()


def test_demo_data_obeys_the_rules(demo_db, today) -> None:
    rows = residents(demo_db)
    assert len(rows) == COUNT
    numbers = [r[1] for r in rows if r[1]]
    assert len(numbers) > COUNT // 2
    assert len(set(numbers)) == len(numbers)
    for name, number, phone, birth, gender in rows:
        assert normalise_name(name) == name
        if number:
            parsed = parse_id_number(number, today=today)
            assert parsed.number == number
            assert (parsed.birth_date, parsed.gender) == (birth, gender)
        if phone:
            assert normalise_phone(phone) == phone
        assert birth is not None and birth <= today


def test_demo_data_holds_the_hard_names(demo_db) -> None:
    names = [r[0] for r in residents(demo_db)]
    assert any(any(ord(ch) > 0xFFFF for ch in n) for n in names), "no name outside the BMP"
    assert any(MIDDLE_DOT in n for n in names), "no middle-dot name"


def test_demo_fills_only_an_empty_database(demo_db, today) -> None:
    before = residents(demo_db)
    with pytest.raises(LinliError) as info:
        fill_demo(demo_db, seed=1, residents=10, today=today)
    assert str(COUNT) in str(info.value)
    assert residents(demo_db) == before
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Resident)) == COUNT


# --- the demo looks real to a clerk (issue 15) -----------------------------------------------

#: Mainland mobile blocks, spelled out here (not taken from the demo's vocabulary).
REAL_MOBILE_BLOCKS = {f"13{d}" for d in range(10)} | {"145", "147", "149", "150", "151", "152", "153", "155", "156",
                                                      "157", "158", "159", "166", "170", "171", "173", "175", "176",
                                                      "177", "178", "180", "181", "182", "183", "184", "185", "186",
                                                      "187", "188", "189", "190", "191", "193", "195", "196", "197",
                                                      "198", "199"}


def _is_nanjing_phone(phone: str) -> bool:
    if len(phone) == 11 and phone.startswith("1"):
        return phone[:3] in REAL_MOBILE_BLOCKS
    return phone.startswith("025") and len(phone) == 11 and phone[3] in "2345689"


def test_demo_people_look_real_in_a_nanjing_centre(demo_db) -> None:
    from models.activities.entities import Activity
    from models.core.settings import load_centre_info
    from models.daycare.entities import Contact, Enrolment
    from models.residents.demo_names import CITY_AREA_CODE, name_gender

    rows = residents(demo_db)
    with demo_db.session() as s:
        centre = load_centre_info(s)
        assert centre.phone.startswith(CITY_AREA_CODE) and CITY_AREA_CODE == "025"  # the centre is in Nanjing
        by_gender = {"male": 0, "female": 0}
        for name, number, phone, _birth, gender in rows:
            # The name is one of the gender's names; the ID number's sequence digit agrees.
            assert name_gender(name) == gender, name
            by_gender[gender] += 1
            if number:
                assert number[:4] == "3201", number[:6]  # a Nanjing district
                assert int(number[16]) % 2 == (1 if gender == "male" else 0)
            if phone:
                assert _is_nanjing_phone(phone), phone
        assert min(by_gender.values()) > COUNT // 4
        assert any(p and p.startswith("025") for _n, _i, p, _b, _g in rows), "no landline at all"

        contacts = s.execute(select(Contact.name, Contact.relation, Contact.phone, Resident.name, Resident.gender)
                             .join(Enrolment, Contact.enrolment_id == Enrolment.id)
                             .join(Resident, Enrolment.resident_id == Resident.id)).all()
        assert contacts
        expected = {"女儿": "female", "儿子": "male", "儿媳": "female", "女婿": "male", "孙女": "female",
                    "孙子": "male", "保姆": "female"}
        for name, relation, phone, elder, elder_gender in contacts:
            assert _is_nanjing_phone(phone), phone
            want = expected.get(relation)
            if relation == "老伴":
                want = "female" if elder_gender == "male" else "male"
            if want:
                assert name_gender(name) == want, (name, relation)
            if relation in ("儿子", "女儿", "孙子", "孙女"):
                assert name[0] == elder[0]
        for contact in s.scalars(select(Activity.contact)):
            digits = "".join(ch for ch in contact if ch.isdigit())
            assert digits.startswith("025"), contact
