"""Demo data for the Party roster: a committee, 3 branches with groups, members, a year of dues, service."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.party.dues import (
    defer_payment,
    ensure_default_bands,
    month_start,
    months_between,
    record_payment,
)
from models.party.members import (
    ETHNICITIES,
    MemberInput,
    add_years,
    age_on,
    create_member,
)
from models.party.orgs import save_org
from models.party.service import add_service
from models.residents.entities import Resident

BRANCHES = (
    ("幸福小区党支部", ("1号楼党小组", "2号楼党小组")),
    ("和平里党支部", ("第一党小组", "第二党小组", "第三党小组")),
    ("阳光花园党支部", ("东区党小组", "西区党小组")),
)
NATIVE_PLACES = ("江苏南京", "浙江杭州", "山东青岛", "湖北武汉", "北京", "安徽合肥", "河南郑州", "江苏苏州")
WORK_UNITS = ("市第一人民医院", "区教育局", "市供电公司", "区税务局", "市自来水公司", "区人民法院", "第三中学")
SERVICE_POSTS = ("垃圾分类督导", "楼道清洁", "文明劝导", "老年人助餐志愿", "四点半课堂辅导", "矛盾调解")
SKILLS = ("法律咨询", "医疗保健", "电器维修", "书法", "心理疏导", "理财知识")
EDUCATIONS = ("junior", "senior", "vocational", "college", "bachelor", "bachelor", "master")
SHARE = 0.35


def fill_party_demo(session: Session, seed: int, today: dt.date) -> dict[str, int]:
    """Write the Party demo data in the caller's transaction; returns counts by kind."""
    rng = random.Random(seed + 5)
    ensure_default_bands(session)
    committee = save_org(session, name="幸福里社区党委", leader_name="")
    branch_ids: list[tuple[int, list[int]]] = []
    for bname, groups in BRANCHES:
        branch = save_org(session, name=bname, parent_id=committee.id)
        gids = [save_org(session, name=g, parent_id=branch.id).id for g in groups]
        branch_ids.append((branch.id, gids))
    adults = session.execute(
        select(Resident.id, Resident.birth_date, Resident.minimum_allowance)
        .where(Resident.birth_date.is_not(None), Resident.archived.is_(False))
        .order_by(Resident.id)
    ).all()
    adults = [a for a in adults if age_on(a.birth_date, today) >= 19]
    chosen = [a for a in adults if rng.random() < SHARE]
    members: list[tuple[int, str, dt.date]] = []
    leaders: dict[int, int] = {}
    for i, a in enumerate(chosen):
        age = age_on(a.birth_date, today)
        if i % 25 == 3:  # a probationary member whose year ends within the month
            joined = add_years(today, -1) + dt.timedelta(days=rng.randint(1, 25))
        else:
            youngest = add_years(a.birth_date, 18)
            span = (today - youngest).days
            joined = youngest + dt.timedelta(days=rng.randint(0, max(0, min(span, 40 * 365))))
        if age_on(a.birth_date, joined) < 18:
            joined = add_years(a.birth_date, 18) + dt.timedelta(days=1)
        probationary = add_years(joined, 1) > today
        if age >= 60:
            mtype = "retired"
        else:
            mtype = rng.choice(("registered", "registered", "reporting_in", "reporting_in", "floating"))
        branch_id, gids = branch_ids[rng.randrange(len(branch_ids))]
        if a.minimum_allowance:
            category, base = "minimum_allowance", 0
        elif mtype == "retired":
            category, base = "retired", rng.randrange(250_000, 800_000, 100)
        elif age < 23:
            category, base = "student", 0
        elif rng.random() < 0.05:
            category, base = "unemployed", 0
        else:
            category, base = "employed", rng.choice((280_000, 300_000, 450_000, 650_000, 880_000, 1_200_000))
        data = MemberInput(
            resident_id=a.id,
            ethnicity=ETHNICITIES[0] if rng.random() < 0.9 else rng.choice(ETHNICITIES[1:12]),
            native_place=rng.choice(NATIVE_PLACES),
            education=rng.choice(EDUCATIONS),
            joined_on=joined,
            full_on=None if probationary else add_years(joined, 1),
            standing="probationary" if probationary else "full",
            branch_id=branch_id,
            group_id=rng.choice(gids),
            work_unit=rng.choice(WORK_UNITS) if mtype in ("reporting_in", "registered") else "",
            member_type=mtype,
            flow_direction=rng.choice(("inflow", "outflow")) if mtype == "floating" else None,
            other_org="江苏省南京市某街道党工委" if mtype == "floating" else "",
            service_post=rng.choice(SERVICE_POSTS) if mtype == "reporting_in" else "",
            skills=rng.choice(SKILLS) if mtype == "reporting_in" else "",
            reported_on=max(joined, today - dt.timedelta(days=rng.randint(60, 900))) if mtype == "reporting_in" else None,
            dues_category=category,
            dues_base_fen=base,
        )
        member = create_member(session, data, confirmed=True, today=today)
        members.append((member.id, mtype, joined))
        leaders.setdefault(branch_id, a.id)
    for branch_id, resident_id in leaders.items():
        from models.party.entities import PartyOrg

        org = session.get(PartyOrg, branch_id)
        save_org(session, name=org.name, org_id=branch_id, leader_resident_id=resident_id)

    # A year of dues: most months paid on time, a few deferred, a few in arrears.
    last = month_start(today.replace(day=1) - dt.timedelta(days=1))
    months = months_between(month_start(add_years(last, -1)) + dt.timedelta(days=32), last)
    months = [month_start(m) for m in months]
    payments = 0
    for member_id, _mtype, joined in members:
        laggard = rng.random() < 0.08
        for month in months:
            if month < month_start(joined):
                continue
            if laggard and month >= months[-3]:
                continue
            if rng.random() < 0.01:
                defer_payment(session, member_id, month, "因病住院，申请缓交")
                continue
            paid_on = min(today, month + dt.timedelta(days=rng.randint(3, 25)))
            method = rng.choice(("wechat", "wechat", "cash", "alipay", "bank"))
            record_payment(session, member_id, month, paid_on=paid_on, method=method, today=today)
            payments += 1

    # Service of reporting-in members over the last three months.
    services = 0
    for member_id, mtype, _joined in members:
        if mtype != "reporting_in" or rng.random() < 0.2:
            continue
        for _k in range(rng.randint(1, 6)):
            day = today - dt.timedelta(days=rng.randint(0, 90))
            add_service(
                session, member_id, day, rng.choice((60, 90, 120, 180)),
                description=rng.choice(SERVICE_POSTS), today=today,
            )
            services += 1
    return {"party_members": len(members), "party_dues_payments": payments, "party_service": services}
