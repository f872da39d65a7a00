"""Places: the tree, a whole building in one step, bad input named by its field, households and placing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models.core.errors import ValidationFailed
from models.grids.entities import Household, Room, Unit
from models.grids.households import (
    create_household,
    households_at,
    place_resident,
    unplaced_residents,
)
from models.grids.places import (
    BulkBuilding,
    bulk_create_building,
    create_building,
    create_compound,
    create_room,
    find_room,
    place_tree,
    room_address,
)
from models.residents.entities import Resident
from models.safety.audit import AuditEntry


def test_bulk_create_numbers_rooms_by_floor(db) -> None:
    with db.write() as s:
        c = create_compound(s, "阳光花园")
        b = bulk_create_building(s, BulkBuilding(c.id, "３栋", 1, 4, 1, 18, 2))
    with db.session() as s:
        assert b.number == "3"
        units = s.scalars(select(Unit).where(Unit.building_id == b.id).order_by(Unit.sort_key)).all()
        assert [u.number for u in units] == ["1", "2", "3", "4"]
        rooms = [r.number for r in units[0].rooms]
        assert len(rooms) == 36 and rooms[:2] == ["101", "102"] and rooms[-2:] == ["1801", "1802"]
        assert s.scalar(select(func.count()).select_from(Room)) == 4 * 18 * 2
        assert s.scalar(select(Room.floor).where(Room.number == "1802").limit(1)) == 18
        tree = place_tree(s)
        assert tree[0].number == "阳光花园" and tree[0].children[0].children[3].children[-1].number == "1802"
        entry = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "place_building")).one()
        assert "4 units, 144 rooms" in entry.summary


@pytest.mark.parametrize(("kwargs", "field", "words"), [
    ({"first_unit": 1, "last_unit": 0}, "units", "at least one unit"),
    ({"first_floor": 5, "last_floor": 2}, "floors", "after the last"),
    ({"rooms_per_floor": 0}, "rooms", "1 to 20 rooms"),
    ({"building": ""}, "building", "number"),
])
def test_bulk_create_bad_input_names_the_field_and_writes_nothing(db, kwargs, field, words) -> None:
    with db.write() as s:
        c = create_compound(s, "阳光花园")
    data = {"compound_id": c.id, "building": "5", "first_unit": 1, "last_unit": 2, "first_floor": 1,
            "last_floor": 3, "rooms_per_floor": 2, **kwargs}
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        bulk_create_building(s, BulkBuilding(**data))
    assert field in err.value.errors and words in err.value.errors[field]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Room)) == 0


def test_a_building_number_twice_in_a_compound_is_refused(db, place) -> None:
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        bulk_create_building(s, BulkBuilding(place["compound"], "3栋", 1, 1, 1, 1, 1))
    assert "Building 3 is already in 幸福小区" in err.value.errors["building"]
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        create_building(s, place["compound"], "3")
    assert "building" in err.value.errors
    with db.write() as s:  # the same number in another compound is another building
        other = create_compound(s, "和平里")
        assert create_building(s, other.id, "3").number == "3"


def test_a_room_that_does_not_exist_is_named(db, place) -> None:
    with db.session() as s:
        with pytest.raises(ValidationFailed) as err:
            find_room(s, "幸福小区", "3", "1", "1801")
        assert "no room 1801" in err.value.errors["room"]
        with pytest.raises(ValidationFailed) as err:
            find_room(s, "幸福小区", "9", "1", "101")
        assert "building" in err.value.errors
        with pytest.raises(ValidationFailed) as err:
            room_address(s, 99999)
        assert "room" in err.value.errors


def test_one_room_added_by_hand_reads_its_floor(db, place) -> None:
    with db.write() as s:
        unit = s.scalar(select(Unit).where(Unit.building_id == place["building"], Unit.number == "1"))
        room = create_room(s, unit.id, "1201室")
        assert (room.number, room.floor) == ("1201", 12)
        with pytest.raises(ValidationFailed) as err:
            create_room(s, unit.id, "101")
        assert "already" in err.value.errors["room"]


def test_a_household_needs_a_member_and_its_head_among_them(db, place) -> None:
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        create_household(s, place["r101"], [])
    assert "at least one member" in err.value.errors["members"]
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        create_household(s, place["r101"], [place["alone"]], head_id=place["nest"])
    assert "head" in err.value.errors
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        create_household(s, 99999, [place["alone"]])
    assert "room" in err.value.errors
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Household)) == 0


def test_placing_a_resident_joins_the_rooms_household_and_copies_the_address(db, place) -> None:
    with db.write() as s:
        h = create_household(s, place["r101"], [place["nest"], place["member"]], head_id=place["member"])
    with db.write() as s:
        assert place_resident(s, place["alone"], place["r101"]).id == h.id
    with db.session() as s:
        [row] = households_at(s, place["r101"])
        assert row.head_id == place["member"] and row.member_names[0] == "钱多多"
        assert set(row.member_ids) == {place["nest"], place["member"], place["alone"]}
        r = s.get(Resident, place["alone"])
        assert (r.compound, r.building, r.unit, r.room) == ("幸福小区", "3", "1", "101")
        assert [u.name for u in unplaced_residents(s)] == ["欧阳明理"]
    # Moving the head out: the household keeps a head; an emptied one is archived.
    with db.write() as s:
        new = place_resident(s, place["member"], place["r302"])
    with db.session() as s:
        assert s.get(Household, h.id).head_id == place["nest"]
        assert s.get(Household, new.id).head_id == place["member"]


def test_placing_refuses_an_unknown_room_and_writes_nothing(db, place) -> None:
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        place_resident(s, place["alone"], 99999)
    assert "room" in err.value.errors
    with db.session() as s:
        assert s.get(Resident, place["alone"]).room == ""
