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
