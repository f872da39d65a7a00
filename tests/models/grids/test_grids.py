"""Grids: a building in one grid only, workers' work phones, building heads, central households."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models.core.errors import ValidationFailed
from models.grids.entities import CentralWard, GridBuilding
from models.grids.grids import (
    add_building_head,
    assign_buildings,
    list_grids,
    look_after,
    make_central_household,
    save_grid,
    save_worker,
)
from models.grids.households import create_household


def test_a_building_in_two_grids_is_refused_by_name(db, place) -> None:
    with db.write() as s:
        first = save_grid(s, "第一网格")
        second = save_grid(s, "第二网格")
        assign_buildings(s, first.id, [place["building"]])
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        assign_buildings(s, second.id, [place["building"]])
    assert "Building 3 of 幸福小区 is already in 第一网格" in err.value.errors["buildings"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(GridBuilding)) == 1
        rows = list_grids(s)
    assert [(r.name, [b for _i, b in r.buildings]) for r in rows] == [("第一网格", ["幸福小区 Bldg 3"]), ("第二网格", [])]


def test_a_grid_worker_needs_a_work_phone_and_a_grid_a_unique_name(db) -> None:
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        save_worker(s, "王网格", "")
    assert "work_phone" in err.value.errors
    with db.write() as s:
        worker = save_worker(s, "王网格", "025-8888 1234")
        assert worker.work_phone == "02588881234"
        save_grid(s, "第一网格", worker.id)
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        save_grid(s, " 第一网格 ")
    assert "already" in err.value.errors["name"]


def test_building_heads_and_central_households(db, place) -> None:
    with db.write() as s:
        add_building_head(s, place["building"], place["alone"])
    with pytest.raises(ValidationFailed), db.write() as s:
        add_building_head(s, place["building"], place["alone"])
    with pytest.raises(ValidationFailed) as err, db.write() as s:  # not a Party member
        make_central_household(s, place["alone"])
    assert "member" in err.value.errors
    with pytest.raises(ValidationFailed) as err, db.write() as s:  # a member, not placed yet
        make_central_household(s, place["member"])
    assert "Place the member" in err.value.errors["member"]
    with db.write() as s:
        mine = create_household(s, place["r302"], [place["member"]])
        ward = create_household(s, place["r101"], [place["alone"], place["nest"]])
        central = make_central_household(s, place["member"])
        look_after(s, central.id, [ward.id])
    with pytest.raises(ValidationFailed) as err, db.write() as s:
        look_after(s, central.id, [mine.id])
    assert "itself" in err.value.errors["households"]
    with db.session() as s:
        assert s.scalars(select(CentralWard.household_id)).all() == [ward.id]


def test_removing_a_central_household_ends_its_links_in_one_audited_write_and_the_board_forgets_it(
        db, place) -> None:
    from models.core.errors import NotFound
    from models.grids.entities import CentralHousehold, Household
    from models.grids.grids import central_households, remove_central_household
    from models.grids.sheet import board_data
    from models.party.entities import PartyMember
    from models.safety.audit import AuditEntry

    with db.write() as s:
        grid = save_grid(s, "第一网格", save_worker(s, "王网格", "025-8888 1234").id)
        assign_buildings(s, grid.id, [place["building"]])
        mine = create_household(s, place["r302"], [place["member"]])
        ward = create_household(s, place["r101"], [place["alone"], place["nest"]])
        central = make_central_household(s, place["member"])
        look_after(s, central.id, [ward.id])
        central_id = central.id
    with db.session() as s:
        assert [b.centrals for b in board_data(s).rows] == [("钱多多 (Unit 2)",)]
        assert "钱多多" in board_data(s).names
        entries = s.scalar(select(func.count()).select_from(AuditEntry))

    with db.write() as s:
        assert remove_central_household(s, central_id) == 1

    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(CentralHousehold)) == 0
        assert s.scalar(select(func.count()).select_from(CentralWard)) == 0
        assert central_households(s) == []
        board = board_data(s)
        assert [b.centrals for b in board.rows] == [()] and "钱多多" not in board.names
        # The household, the one it looked after and the Party member stay.
        assert {h.id for h in s.scalars(select(Household).where(Household.archived.is_(False)))} == {mine.id, ward.id}
        assert s.get(PartyMember, place["member_no"]).status == "active"
        (entry,) = s.scalars(select(AuditEntry).where(AuditEntry.id > entries)).all()  # one line in the trail
        assert (entry.action, entry.table_name, entry.record_id) == ("delete", "central_household", central_id)
        assert entry.summary == f"household {mine.id}; 1 households no longer looked after"
        assert "钱多多" not in entry.summary

    # Gone: removing it again is refused and writes nothing; the household can be made central afresh.
    with pytest.raises(NotFound), db.write() as s:
        remove_central_household(s, central_id)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == entries + 1
    with db.write() as s:
        again = make_central_household(s, place["member"])
        look_after(s, again.id, [ward.id])
    with db.session() as s:
        assert [(r.name, r.wards) for r in central_households(s)] == [("钱多多", (ward.id,))]
