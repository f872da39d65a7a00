"""Today's address text read into rooms: the parser, and the link on a copy of the demo database."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import func, select

from models.core.db import open_database
from models.grids.addresses import ParsedAddress, link_addresses, parse_address
from models.grids.entities import CentralHousehold, CentralWard, Household, HouseholdMember, Visit
from models.grids.households import unplaced_residents
from models.residents.entities import Resident
from models.residents.registry import ResidentInput, create_resident


@pytest.mark.parametrize(("parts", "expected"), [
    (("幸福小区", "3", "2", "1801"), ("幸福小区", "3", "2", "1801")),
    (("幸福小区", "3栋", "2单元", "1801室"), ("幸福小区", "3", "2", "1801")),
    (("幸福小区3栋2单元1801室",), ("幸福小区", "3", "2", "1801")),
    (("和平里12号楼3单元502",), ("和平里", "12", "3", "502")),
    (("阳光花园 ５-１-３０２",), ("阳光花园", "5", "1", "302")),
])
def test_addresses_that_parse(parts, expected) -> None:
    assert parse_address(*parts) == ParsedAddress(*expected)


@pytest.mark.parametrize("parts", [
    ("",), ("幸福小区",), ("幸福小区", "3", "", "1801"), ("幸福路88号",), ("幸福小区3栋1801室",),
    ("幸福小区", "三", "2", "1801"),
])
def test_addresses_that_do_not_parse_are_left(parts) -> None:
    assert parse_address(*parts) is None


def test_linking_places_a_copy_of_the_demo_database_and_loses_nothing(tmp_path) -> None:
    """Every resident's address text is kept; those that parse are in a household at the room it names."""
    from models.demo import fill_demo

    path = tmp_path / "demo.sqlite3"
    db = open_database(path)
    today = dt.date(2026, 11, 22)
    fill_demo(db, residents=120, today=today)
    with db.write() as s:  # a few addresses as one line, and some that do not parse
        create_resident(s, ResidentInput(name="𠮷祥", compound="幸福小区25栋1单元1801室", birth_date=dt.date(1950, 1, 1)),
                        confirmed=True, today=today)
        create_resident(s, ResidentInput(name="马·阿里", compound="幸福路88号", birth_date=dt.date(1950, 1, 1)),
                        confirmed=True, today=today)
        for table in (CentralWard, CentralHousehold, Visit, HouseholdMember, Household):  # as before migration 0011
            s.execute(table.__table__.delete())
    db.dispose()
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(path, copy)
    db = open_database(copy)
    with db.session() as s:
        before = {r.id: (r.compound, r.building, r.unit, r.room) for r in s.scalars(select(Resident))}
    with db.write() as s:
        report = link_addresses(s.connection())
    with db.session() as s:
        after = {r.id: (r.compound, r.building, r.unit, r.room) for r in s.scalars(select(Resident))}
        assert after == before  # the text is kept, whatever was placed
        placed = set(s.scalars(select(HouseholdMember.resident_id)))
        unplaced = {u.resident_id for u in unplaced_residents(s)}
        active = set(s.scalars(select(Resident.id).where(Resident.archived.is_(False))))
        assert placed | unplaced == active and not placed & unplaced
        assert report.placed == len(placed) and sorted(report.unplaced) == sorted(unplaced)
        assert s.scalar(select(func.count()).select_from(Household)) == report.households
        name_of = {r.id: r.name for r in s.scalars(select(Resident))}
        assert "马·阿里" in {name_of[i] for i in unplaced} and "𠮷祥" not in {name_of[i] for i in unplaced}
        # Everyone placed lives at the room their text names.
        from models.grids.households import household_of
        from models.grids.places import room_address

        for rid in placed:
            room = s.get(Household, household_of(s, rid)).room_id
            address = room_address(s, room)
            parsed = parse_address(*before[rid])
            assert (address.compound, address.building, address.unit, address.room) == (
                parsed.compound, parsed.building, parsed.unit, parsed.room)
    # Running it again places nobody twice.
    with db.write() as s:
        assert link_addresses(s.connection()).placed == 0
    db.dispose()


def test_migration_0011_places_a_demo_database_taken_back_to_0010(tmp_path) -> None:
    """The real migration: a demo database without the grids' tables (downgraded to 0010), opened again."""
    from alembic import command

    from models.core.db import _alembic_config, make_engine
    from models.demo import fill_demo

    path = tmp_path / "demo.sqlite3"
    db = open_database(path)
    fill_demo(db, residents=80, today=dt.date(2026, 11, 22))
    with db.session() as s:
        before = {r.id: (r.compound, r.building, r.unit, r.room) for r in s.scalars(select(Resident))}
    db.dispose()
    engine = make_engine(path)
    cfg = _alembic_config(engine)
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
    engine.dispose()
    db = open_database(path)  # backs up, then migrates 0010 → head
    try:
        with db.session() as s:
            after = {r.id: (r.compound, r.building, r.unit, r.room) for r in s.scalars(select(Resident))}
            placed = set(s.scalars(select(HouseholdMember.resident_id)))
            unplaced = {u.resident_id for u in unplaced_residents(s)}
    finally:
        db.dispose()
    assert after == before
    assert len(placed) + len(unplaced) == len(before) and placed  # every one kept or placed
    assert not unplaced  # the demo's addresses all parse
