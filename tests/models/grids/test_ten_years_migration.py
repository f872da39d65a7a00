"""Migration 0011 on a ten-years-sized registry: 5,000 residents in about 2,000 households, taken back to 0010.

The migration reads the residents' address text only, so the database holds the ten-years demo's residents
(:func:`models.demo_large.fill_ten_years_residents`: the same people and addresses, ~3 s) and not its ten
years of meals and visits (the whole fill takes ~50 s). Before the upgrade, some addresses are rewritten as
clerks typed them before there were rooms: one line, dashes, full-width digits, and a few that cannot be read.
On PostgreSQL too (``pytest --pg``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
import sqlalchemy as sa

from models.core.db import _alembic_config, make_engine, open_database
from models.demo_large import fill_ten_years_residents
from models.grids.addresses import parse_address
from models.grids.entities import Building, Compound, Household, HouseholdMember, Room, Unit
from models.grids.households import unplaced_residents

TODAY = dt.date(2026, 11, 22)
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _as_typed(rid: int, compound: str, building: str, unit: str, room: str) -> tuple[str, str, str, str]:
    """How a clerk may have typed this address before rooms existed (by the resident's id, deterministic)."""
    kind = rid % 10
    if rid % 50 == 7:
        return ("幸福路88号", "", "", "")  # a street address: left for the clerk
    if rid % 50 == 9:
        return (compound, "三", unit, room)  # a Chinese numeral: not read with confidence
    if kind == 1:
        return (f"{compound}{building}栋{unit}单元{room}室", "", "", "")
    if kind == 2:
        return (f"{compound} {building}-{unit}-{room}", "", "", "")
    if kind == 3:
        return (compound, f"{building}栋".translate(_FULL_WIDTH), f"{unit}单元", f"{room}室".translate(_FULL_WIDTH))
    if kind == 4:
        return (f"{compound}{building}号楼{unit}单元{room}", "", "", "")
    return (compound, building, unit, room)


@pytest.fixture
def target(request: pytest.FixtureRequest, tmp_path):  # type: ignore[no-untyped-def]
    """A SQLite file, or with ``--pg`` a fresh database on the test server."""
    return request.getfixturevalue("pg_url") if request.config.getoption("--pg") else tmp_path / "ten.sqlite3"


@pytest.mark.pg
def test_migration_0011_on_a_ten_years_registry_places_every_household_and_loses_nothing(target) -> None:
    from alembic import command

    db = open_database(target)
    written = fill_ten_years_residents(db, seed=2026, today=TODAY)
    db.dispose()
    engine = make_engine(target)
    cfg = _alembic_config(engine)
    with engine.connect() as conn, conn.begin():  # back to 0010: no places, no households
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
    resident = sa.table("resident", *(sa.column(c) for c in ("id", "name", "compound", "building", "unit", "room",
                                                             "archived", "birth_date")))
    with engine.begin() as conn:
        assert not sa.inspect(conn).has_table("place_room") and not sa.inspect(conn).has_table("household")
        for r in conn.execute(sa.select(resident)).all():  # the address text as it was typed
            c, b, u, room = _as_typed(r.id, r.compound, r.building, r.unit, r.room)
            conn.execute(sa.update(resident).where(resident.c.id == r.id)
                         .values(compound=c, building=b, unit=u, room=room))
        before = {r.id: r for r in conn.execute(sa.select(resident))}
    engine.dispose()
    assert len(before) == written == 5000

    db = open_database(target)  # migrates 0010 → head (on a file, after a backup)
    try:
        with db.session() as s:
            after = {r.id: r for r in s.execute(sa.select(resident))}
            placed_at = {r.resident_id: (r.household_id, (r.compound, r.building, r.unit, r.room)) for r in s.execute(
                sa.select(HouseholdMember.resident_id, HouseholdMember.household_id, Compound.name.label("compound"),
                          Building.number.label("building"), Unit.number.label("unit"), Room.number.label("room"))
                .join(Household, Household.id == HouseholdMember.household_id).join(Room, Room.id == Household.room_id)
                .join(Unit, Unit.id == Room.unit_id).join(Building, Building.id == Unit.building_id)
                .join(Compound, Compound.id == Building.compound_id))}
            heads = dict(s.execute(sa.select(Household.id, Household.head_id)).tuples().all())
            listed = {u.resident_id for u in unplaced_residents(s)}
    finally:
        db.dispose()

    # Nothing lost: the same residents, every one's text exactly as it was.
    assert after == before
    active = {rid for rid, r in before.items() if not r.archived}
    archived = set(before) - active
    assert archived and len(active) > 4800
    # Every active resident placed or listed for the clerk, never both; the archived neither.
    assert set(placed_at) | listed == active and not set(placed_at) & listed
    # Placed exactly when the text parses, in the room it names.
    parsed = {rid: parse_address(r.compound, r.building, r.unit, r.room) for rid, r in before.items()}
    assert listed == {rid for rid in active if parsed[rid] is None}
    assert len(listed) == sum(1 for rid in active if rid % 50 in (7, 9))
    for rid, (_household, address) in placed_at.items():
        p = parsed[rid]
        assert address == (p.compound, p.building, p.unit, p.room), (rid, before[rid])
    # One household a room: whoever's text names the same room, however typed, lives together; the eldest heads it.
    by_room: dict[tuple, set[int]] = defaultdict(set)
    for rid, (_household, address) in placed_at.items():
        by_room[address].add(rid)
    members: dict[int, set[int]] = defaultdict(set)
    for rid, (household, _address) in placed_at.items():
        members[household].add(rid)
    assert sorted(map(sorted, members.values())) == sorted(map(sorted, by_room.values()))
    assert 1800 <= len(members) <= 2200  # about 2,000 households, not one a resident
    assert max(map(len, members.values())) <= 6
    mixed = sum(1 for m in members.values() if len({_typed_kind(before[r]) for r in m}) > 1)
    assert mixed > 500  # many households were typed in more than one way, and still found one room
    for household, people in members.items():
        eldest = min(people, key=lambda r: (before[r].birth_date is None, before[r].birth_date or dt.date.max, r))
        assert heads[household] == eldest


def _typed_kind(r) -> str:  # type: ignore[no-untyped-def]
    return "one line" if not r.building else "fields"
