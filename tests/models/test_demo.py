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
