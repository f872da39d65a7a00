"""A database with a few residents and Party members for the requests' rules."""

from __future__ import annotations

import datetime as dt

import pytest

from models.party.members import MemberInput, create_member
from models.party.orgs import save_org
from models.residents.registry import ResidentInput, create_resident


@pytest.fixture
def people(db):
    """Residents 张三明 (asks), 郑𠮷 (a member reporting in, fixes things), 钱多多 (a registered member), 吴志愿."""
    today = dt.date(2026, 11, 2)
    with db.write() as s:
        ids = {}
        for key, name, phone in (("asker", "张三明", "13900001111"), ("fixer", "郑𠮷", "13900002222"),
                                 ("registered", "钱多多", "13900003333"), ("volunteer", "吴志愿", "13900004444"),
                                 ("lawyer", "欧阳明理", "13900005555")):
            ids[key] = create_resident(s, ResidentInput(name=name, phone=phone, birth_date=dt.date(1970, 5, 1)),
                                       confirmed=True, today=today).id
        committee = save_org(s, name="社区党委")
        branch = save_org(s, name="幸福小区党支部", parent_id=committee.id)
        for key, mtype, post, skills in (("fixer", "reporting_in", "楼道清洁", "电器维修"),
                                          ("registered", "registered", "", ""),
                                          ("lawyer", "reporting_in", "矛盾调解", "法律咨询")):
            member = create_member(s, MemberInput(
                resident_id=ids[key], joined_on=dt.date(2000, 7, 1), full_on=dt.date(2001, 7, 1), branch_id=branch.id,
                member_type=mtype, service_post=post, skills=skills,
                reported_on=dt.date(2025, 1, 1) if mtype == "reporting_in" else None,
                work_unit="市供电公司" if mtype == "reporting_in" else ""), confirmed=True, today=today)
            ids[key + "_member"] = member.id
    return ids
