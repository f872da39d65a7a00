"""A database with a compound, a building and a few residents for the grids' rules."""

from __future__ import annotations

import datetime as dt

import pytest

from models.grids.places import BulkBuilding, bulk_create_building, create_compound, find_room
from models.party.members import MemberInput, create_member
from models.party.orgs import save_org
from models.residents.registry import ResidentInput, create_resident


@pytest.fixture
def place(db):
    """幸福小区 building 3 (units 1–2, floors 1–3, 2 rooms a floor); residents 张三明 (lives alone), 郑𠮷
    (empty nest, disabled), 钱多多 (no care category, a Party member), 欧阳明理 (低保)."""
    today = dt.date(2026, 11, 2)
    with db.write() as s:
        compound = create_compound(s, "幸福小区")
        building = bulk_create_building(s, BulkBuilding(compound.id, "3", 1, 2, 1, 3, 2))
        ids = {"compound": compound.id, "building": building.id}
        for key, name, flags in (("alone", "张三明", {"lives_alone"}), ("nest", "郑𠮷", {"empty_nest", "disabled"}),
                                 ("member", "钱多多", set()), ("poor", "欧阳明理", {"minimum_allowance"})):
            ids[key] = create_resident(s, ResidentInput(name=name, phone="13900001111", birth_date=dt.date(1950, 5, 1),
                                                        flags=frozenset(flags)), confirmed=True, today=today).id
        branch = save_org(s, name="幸福小区党支部", parent_id=save_org(s, name="社区党委").id)
        ids["member_no"] = create_member(s, MemberInput(
            resident_id=ids["member"], joined_on=dt.date(2000, 7, 1), full_on=dt.date(2001, 7, 1),
            branch_id=branch.id, member_type="registered"), confirmed=True, today=today).id
        ids["r101"] = find_room(s, "幸福小区", "3", "1", "101")
        ids["r302"] = find_room(s, "幸福小区", "3", "2", "302")
    return ids
