"""Households split and merged: members, heads, addresses, central households, visits; refusals named."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.core.errors import ValidationFailed
from models.grids.care import care_list
from models.grids.entities import CentralHousehold, CentralWard, Household, HouseholdMember, Visit
from models.grids.grids import (
    assign_buildings,
    central_households,
    look_after,
    look_after_warning,
    make_central_household,
    neighbour_households,
    save_grid,
    save_worker,
)
from models.grids.households import (
    create_household,
    household_of,
    households_at,
    households_near,
    merge_households,
    split_household,
)
from models.grids.places import find_room
from models.grids.sheet import household_sheet
from models.grids.visits import VisitInput, record_visit, visits_of
from models.residents.entities import Resident
from models.safety.audit import AuditEntry

ON = dt.date(2026, 11, 30)


@pytest.fixture
def family(db, place):
    """Room 101: 张三明 (head), 郑𠮷, 钱多多 (a Party member), 欧阳明理 — one household of four."""
    with db.write() as s:
        h = create_household(s, place["r101"], [place["alone"], place["nest"], place["member"], place["poor"]])
    return {**place, "household": h.id}


def _members(s, household_id):  # type: ignore[no-untyped-def]
    return sorted(s.scalars(select(HouseholdMember.resident_id).where(HouseholdMember.household_id == household_id)))


def test_split_moves_the_chosen_members_to_a_new_household_at_the_same_room(db, family) -> None:
    with db.write() as s:
        new = split_household(s, family["household"], [family["poor"], family["nest"]], head_id=family["poor"])
        new_id = new.id
    with db.session() as s:
        old = s.get(Household, family["household"])
        assert old.head_id == family["alone"] and not old.archived
        assert _members(s, old.id) == sorted([family["alone"], family["member"]])
        new = s.get(Household, new_id)
        assert (new.room_id, new.head_id) == (family["r101"], family["poor"])
        assert _members(s, new_id) == sorted([family["poor"], family["nest"]])
        rows = households_at(s, family["r101"])
        assert [r.member_names for r in rows] == [("张三明", "钱多多"), ("欧阳明理", "郑𠮷")]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "household",
                                                   AuditEntry.summary.startswith("split"))).one()
        assert entry.record_id == old.id and entry.summary == f"split: 2 members to household {new_id}"


def test_the_head_who_leaves_hands_over_and_a_split_to_another_room_moves_the_address(db, family) -> None:
    with db.write() as s:
        new_id = split_household(s, family["household"], [family["alone"]], room_id=family["r302"]).id
    with db.session() as s:
        assert s.get(Household, family["household"]).head_id == family["nest"]  # the next member
        assert s.get(Household, new_id).head_id == family["alone"]
        moved = s.get(Resident, family["alone"])
        assert (moved.building, moved.unit, moved.room) == ("3", "2", "302")
        assert s.get(Resident, family["nest"]).room == "101"


@pytest.mark.parametrize(("ticked", "extra", "field", "words"), [
    ([], {}, "members", "would have no member"),
    (["alone", "nest", "member", "poor"], {}, "members", "left with no member"),
    (["alone"], {"head_id": "nest"}, "head", "members who leave"),
    (["alone"], {"room_id": 999_999}, "room", "does not exist"),
])
def test_a_bad_split_names_the_field_and_writes_nothing(db, family, ticked, extra, field, words) -> None:
    extra = {k: family[v] if isinstance(v, str) else v for k, v in extra.items()}
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        split_household(s, family["household"], [family[k] for k in ticked], **extra)
    assert words in err.value.errors[field]
    with db.session() as s:
        assert s.scalars(select(Household.id)).all() == [family["household"]]
        assert len(_members(s, family["household"])) == 4
        assert s.scalars(select(AuditEntry).where(AuditEntry.summary.startswith("split"))).all() == []


def test_a_stranger_cannot_be_split_off(db, family) -> None:
    with db.write() as s:
        other = create_household(s, family["r302"], [create_resident_here(s)])
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        split_household(s, family["household"], [other.head_id])
    assert "not a member" in err.value.errors["members"]


def create_resident_here(s) -> int:  # type: ignore[no-untyped-def]
    from models.residents.registry import ResidentInput, create_resident

    return create_resident(s, ResidentInput(name="孙小美", phone="13900002222", birth_date=dt.date(1960, 3, 1)),
                           confirmed=True, today=ON).id


def test_merge_brings_the_members_back_keeps_the_head_and_archives_the_other(db, family) -> None:
    with db.write() as s:
        new_id = split_household(s, family["household"], [family["nest"], family["poor"]]).id
    with db.session() as s:
        near = households_near(s, family["household"])
        assert [(n.id, n.same_room, n.head) for n in near] == [(new_id, True, "郑𠮷")]
    with db.write() as s:
        merge_households(s, family["household"], new_id)
    with db.session() as s:
        assert _members(s, family["household"]) == sorted([family["alone"], family["nest"], family["member"],
                                                           family["poor"]])
        assert s.get(Household, family["household"]).head_id == family["alone"]
        gone = s.get(Household, new_id)
        assert gone is not None and gone.archived and _members(s, new_id) == []  # archived, not deleted
        assert [r.id for r in households_at(s, family["r101"])] == [family["household"]]
        assert household_of(s, family["nest"]) == family["household"]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.summary.startswith("merged"))).one()
        assert entry.summary == f"merged household {new_id}: 2 members, 0 visits"


def test_merge_across_rooms_of_one_building_moves_the_address_another_building_is_refused(db, place) -> None:
    from models.grids.places import BulkBuilding, bulk_create_building

    with db.write() as s:
        here = create_household(s, place["r101"], [place["alone"]])
        there = create_household(s, place["r302"], [place["nest"]])
        other_building = bulk_create_building(s, BulkBuilding(place["compound"], "5", 1, 1, 1, 1, 1))
        far = create_household(s, find_room(s, "幸福小区", "5", "1", "101"), [place["poor"]])
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        merge_households(s, here.id, far.id)
    assert "another building" in err.value.errors["other"]
    assert other_building.number == "5"
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        merge_households(s, here.id, here.id)
    assert "other" in err.value.errors
    with db.write() as s:
        merge_households(s, here.id, there.id)
    with db.session() as s:
        moved = s.get(Resident, place["nest"])
        assert (moved.unit, moved.room) == ("1", "101")
        assert not s.get(Household, far.id).archived


def _visit(db, worker, **whom):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return record_visit(s, VisitInput(visited_on=whom.pop("day"), method="home", visitor_kind="worker",
                                          visitor_worker_id=worker, **whom), today=ON).id


def test_visits_of_the_merged_household_are_counted_and_listed_under_the_one_it_joined(db, place) -> None:
    with db.write() as s:
        worker = save_worker(s, "王网格", "025-8888 1234").id
        grid = save_grid(s, "第一网格", worker)
        assign_buildings(s, grid.id, [place["building"]])
        stays = create_household(s, place["r101"], [place["member"]]).id
        joins = create_household(s, place["r101"], [place["alone"]]).id
    visit_id = _visit(db, worker, household_id=joins, day=ON - dt.timedelta(days=3))
    with db.session() as s:
        assert next(r for r in care_list(s, ON) if r.resident_id == place["alone"]).days_since == 3
    with db.write() as s:
        merge_households(s, stays, joins)
    with db.session() as s:
        assert s.get(Visit, visit_id).household_id == stays
        row = next(r for r in care_list(s, ON) if r.resident_id == place["alone"])
        assert (row.household_id, row.days_since, row.due) == (stays, 3, False)  # still counted: not due
        assert [v.id for v in visits_of(s, place["alone"])] == [visit_id]
        sheet = household_sheet(s, "第一网格", ON)
        assert [(len(h.members), h.last_visit) for h in sheet.households] == [(2, ON - dt.timedelta(days=3))]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.summary.startswith("merged"))).one()
        assert entry.summary.endswith("1 visits")


def test_central_households_follow_their_member_and_the_look_after_links_stay(db, place) -> None:
    with db.write() as s:
        home = create_household(s, place["r101"], [place["alone"], place["member"]]).id
        ward = create_household(s, place["r302"], [place["nest"]]).id
        central = make_central_household(s, place["member"]).id
        look_after(s, central, [ward])
    # The member leaves home: the central household goes with them, still looking after the ward.
    with db.write() as s:
        new = split_household(s, home, [place["member"]]).id
    with db.session() as s:
        assert s.get(CentralHousehold, central).household_id == new
        assert [(w.household_id, w.central_id) for w in s.scalars(select(CentralWard))] == [(ward, central)]
        rows = central_households(s)
        assert [(r.name, r.household_id, r.wards) for r in rows] == [("钱多多", new, (ward,))]
        assert "Rm 101" in rows[0].place
        neighbours = neighbour_households(s, central)
        assert {n.household_id: n.central_id for n in neighbours} == {home: None, ward: central}
    # The ward merges into the old home: the link passes to the household it joined.
    with db.write() as s:
        merge_households(s, home, ward)
    with db.session() as s:
        assert [(w.household_id, w.central_id) for w in s.scalars(select(CentralWard))] == [(home, central)]
    # And the member's household merges back: the central household is the merged one, not its own ward.
    with db.write() as s:
        merge_households(s, home, new)
    with db.session() as s:
        assert s.get(CentralHousehold, central).household_id == home
        assert s.scalars(select(CentralWard)).all() == []
        assert s.get(Household, new).archived


def test_a_ward_split_in_the_same_room_stays_looked_after(db, place) -> None:
    with db.write() as s:
        create_household(s, place["r302"], [place["member"]])
        ward = create_household(s, place["r101"], [place["alone"], place["nest"], place["poor"]]).id
        central = make_central_household(s, place["member"]).id
        look_after(s, central, [ward])
        same_room = split_household(s, ward, [place["nest"]]).id
        elsewhere = split_household(s, ward, [place["poor"]], room_id=place["r302"]).id
    with db.session() as s:
        wards = dict(s.execute(select(CentralWard.household_id, CentralWard.central_id)).all())
    assert wards == {ward: central, same_room: central}
    assert elsewhere not in wards


def test_two_central_households_are_not_merged(db, place) -> None:
    from models.party.entities import PartyMember
    from models.party.members import MemberInput, create_member

    with db.write() as s:
        other_member = create_resident_here(s)
        branch = s.get(PartyMember, place["member_no"]).branch_id
        create_member(s, MemberInput(resident_id=other_member, joined_on=dt.date(2000, 7, 1),
                                     full_on=dt.date(2001, 7, 1), branch_id=branch, member_type="registered"),
                      confirmed=True, today=ON)
        a = create_household(s, place["r101"], [place["member"]]).id
        b = create_household(s, place["r101"], [other_member]).id
        make_central_household(s, place["member"])
        make_central_household(s, other_member)
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        merge_households(s, a, b)
    assert "Both households are central households" in err.value.errors["other"]
    with db.session() as s:
        assert not s.get(Household, b).archived


def test_the_look_after_warning_is_gentle_outside_ten_to_fifteen() -> None:
    assert look_after_warning(10) == look_after_warning(15) == ""
    assert "10–15" in look_after_warning(9) and "10–15" in look_after_warning(16)
    assert "10–15" in look_after_warning(0)
