"""Fixtures of the Party domain tests: an organisation tree, residents, members."""

from __future__ import annotations

import datetime as dt

import pytest

from models.party.members import MemberInput, create_member
from models.party.orgs import save_org
from models.residents.registry import ResidentInput, create_resident


@pytest.fixture
def org(db):
    with db.write() as s:
        committee = save_org(s, name="幸福里社区党委")
        branch = save_org(s, name="第一党支部", parent_id=committee.id)
        group = save_org(s, name="1号楼党小组", parent_id=branch.id)
        other = save_org(s, name="第二党支部", parent_id=committee.id)
        return {"committee": committee.id, "branch": branch.id, "group": group.id, "other": other.id}


@pytest.fixture
def person(db, today):
    def make(name="张三明", birth=dt.date(1970, 5, 1)):
        with db.write() as s:
            return create_resident(s, ResidentInput(name=name, birth_date=birth), today=today).id

    return make


@pytest.fixture
def member(db, org, person, today):
    def make(name="张三明", birth=dt.date(1970, 5, 1), **kw):
        rid = person(name, birth)
        data = MemberInput(
            resident_id=rid,
            joined_on=kw.pop("joined_on", dt.date(2000, 7, 1)),
            branch_id=org["branch"],
            group_id=org["group"],
        )
        data.full_on = kw.pop("full_on", dt.date(2001, 7, 1) if kw.get("standing", "full") == "full" else None)
        for key, value in kw.items():
            setattr(data, key, value)
        with db.write() as s:
            return create_member(s, data, confirmed=True, today=today).id

    return make
