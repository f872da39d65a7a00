"""Demo data for mediation: a year of cases through the domain's functions, and ten years in bulk.

Each case's story is planned once (:func:`plan_case`): its kind, two parties
(residents, or a resident and a property company or parking operator), one or
two named mediators, one to three sessions within a few weeks, and the outcome —
about 99% of the closed cases resolved with an agreement, as in the source
documents (2,844 mediated, 2,817 resolved), the rest partly resolved, not
resolved or referred. The latest cases are still open. No name here is a real
person's or company's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.mediation.labels import KINDS, PARTLY, REFERRED, RESOLVED, UNRESOLVED
from models.residents.demo_names import landline
from models.residents.entities import Resident

MATTERS: dict[str, tuple[str, ...]] = {
    "neighbours": ("楼上卫生间漏水殃及楼下", "楼道公共区域堆放杂物", "空调外机滴水到楼下阳台", "阳台晾衣滴水纠纷"),
    "family": ("赡养老人费用分担分歧", "老房继承分歧", "子女探望老人安排矛盾", "夫妻家庭矛盾"),
    "property": ("物业费收缴争议", "电梯维修费用分摊", "小区公共收益分配", "楼顶渗水维修责任"),
    "noise": ("夜间装修噪音", "广场舞音响扰民", "宠物狗夜间吠叫", "楼上深夜走动拖椅子"),
    "parking": ("占用他人固定车位", "私装地锁", "电动车楼道停放充电", "消防通道停车"),
    "other": ("宠物伤人赔偿", "高空抛物", "房屋租赁押金纠纷", "菜园占用公共绿地"),
}
AGREEMENTS: dict[str, tuple[str, ...]] = {
    "neighbours": ("楼上住户负责维修防水并赔偿楼下墙面修补费用。", "双方同意三日内清理杂物，今后不再堆放。"),
    "family": ("子女按月分担赡养费用，每月五日前转账。", "兄妹按协议分配房产，签字确认。"),
    "property": ("物业公司公示收支明细，业主按期缴费。", "维修费用按户分摊，由业委会监督使用。"),
    "noise": ("装修仅在工作日 8:00—12:00、14:00—18:00 进行。", "活动音响音量降低，晚八点半前结束。"),
    "parking": ("占用方当日移车并书面致歉。", "拆除地锁，车位按物业登记使用。"),
    "other": ("责任方赔偿医药费，双方和解。", "押金扣除维修费后当场退还。"),
}
MEDIATORS = ("周建华", "孙丽萍", "社区法律顾问 何律师", "老党员 钱志坚")
COMPANIES: dict[str, tuple[str, ...]] = {
    "property": ("幸福里物业服务中心", "锦绣物业管理公司"),
    "parking": ("和顺停车管理公司",),
}
REFERRALS = ("街道司法所", "区人民法院诉前调解", "派出所", "区住建局")
KIND_WEIGHTS = (30, 15, 15, 20, 12, 8)  # neighbours, family, property, noise, parking, other


@dataclass
class CaseStory:
    kind: str
    opened: dt.date
    matter: str
    residents: list[int]
    outsiders: list[tuple[str, str]]
    mediators: list[str]
    sessions: list[dt.date] = field(default_factory=list)
    outcome: str | None = None
    closed: dt.date | None = None
    agreement: str = ""
    referred_to: str = ""


def plan_case(rng: random.Random, opened: dt.date, today: dt.date, residents: list[int]) -> CaseStory:
    """One case's story; a case whose last step would fall after ``today`` stays open."""
    kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
    first = rng.choice(residents)
    outsiders: list[tuple[str, str]] = []
    people = [first]
    if kind in COMPANIES and rng.random() < 0.6:
        outsiders.append((rng.choice(COMPANIES[kind]), landline(rng)))
    else:
        other = rng.choice(residents)
        if other != first:
            people.append(other)
    mediators = rng.sample(MEDIATORS, rng.choice((1, 1, 2)))
    story = CaseStory(kind, opened, rng.choice(MATTERS[kind]), people, outsiders, mediators)
    roll = rng.random()
    if roll < 0.003:  # referred at once, without a session
        story.outcome, story.referred_to = REFERRED, rng.choice(REFERRALS)
        story.closed = opened + dt.timedelta(days=rng.randint(0, 3))
    else:
        day = opened + dt.timedelta(days=rng.randint(0, 5))
        for _i in range(rng.choice((1, 1, 1, 2, 2, 3))):
            story.sessions.append(day)
            day += dt.timedelta(days=rng.randint(3, 12))
        story.closed = story.sessions[-1] + dt.timedelta(days=rng.randint(0, 2))
        story.outcome = UNRESOLVED if roll < 0.006 else PARTLY if roll < 0.01 else RESOLVED
        if story.outcome in (RESOLVED, PARTLY):
            story.agreement = rng.choice(AGREEMENTS[kind])
    if story.closed > today:
        story.outcome = story.closed = None
        story.agreement = story.referred_to = ""
        story.sessions = [d for d in story.sessions if d <= today]
    return story


def _days(rng: random.Random, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    span = (last - first).days
    return sorted(first + dt.timedelta(days=rng.randint(0, span)) for _i in range(count))


def _residents(session: Session) -> list[int]:
    return list(session.scalars(select(Resident.id).where(Resident.archived.is_(False)).order_by(Resident.id)))


def fill_mediation_demo(session: Session, seed: int, today: dt.date, *, per_year: int = 40) -> dict[str, int]:
    """A year of cases in the caller's transaction, through the domain's functions (every rule, every audit entry)."""
    from models.mediation.cases import (
        CaseInput,
        MediatorInput,
        PartyInput,
        add_session,
        close_case,
        open_case,
    )

    rng = random.Random(seed + 17)
    residents = _residents(session)
    if not residents:
        return {"mediation cases": 0}
    count = 0
    for opened in _days(rng, today - dt.timedelta(days=365), today, per_year):
        story = plan_case(rng, opened, today, residents)
        parties = [PartyInput(resident_id=r) for r in story.residents] + [
            PartyInput(name=n, phone=p) for n, p in story.outsiders]
        case = open_case(session, CaseInput(kind=story.kind, parties=parties, matter=story.matter, opened_on=opened,
                                            mediators=[MediatorInput(name=m) for m in story.mediators]), today=today)
        for day in story.sessions:
            add_session(session, case.id, held_on=day, today=today)
        if story.outcome:
            close_case(session, case.id, story.outcome, agreement=story.agreement, referred_to=story.referred_to,
                       closed_on=story.closed, today=today)
        count += 1
    return {"mediation cases": count}


def fill_ten_years_mediation(session: Session, *, seed: int, first_day: dt.date, today: dt.date, count: int,
                             bulk: Callable, next_id: Callable) -> dict[str, int]:  # type: ignore[type-arg]
    """``count`` cases over ten years as bulk rows (the same stories), with one summary audit entry."""
    from models.mediation.entities import (
        MediationCase,
        MediationMediator,
        MediationParty,
        MediationSession,
    )
    from models.safety.audit import record

    rng = random.Random(seed + 17)
    residents = _residents(session)
    cid = next_id(MediationCase)
    cases, parties, mediators, sessions = [], [], [], []
    # Numbers go on from any case already there (the ten-years database starts empty).
    seqs: dict[int, int] = dict(session.execute(select(MediationCase.year, func.max(MediationCase.seq))
                                                .group_by(MediationCase.year)).all())
    for opened in _days(rng, first_day, today, count):
        story = plan_case(rng, opened, today, residents)
        seqs[opened.year] = seqs.get(opened.year, 0) + 1
        stamp = dt.datetime.combine(opened, dt.time(10))
        cases.append(dict(id=cid, year=opened.year, seq=seqs[opened.year], kind=story.kind, matter=story.matter,
                          opened_on=opened, state="closed" if story.outcome else "open", outcome=story.outcome,
                          referred_to=story.referred_to, agreement=story.agreement, closed_on=story.closed,
                          created_at=stamp, updated_at=dt.datetime.combine(story.closed or opened, dt.time(16))))
        position = 0
        for rid in story.residents:
            position += 1
            parties.append(dict(case_id=cid, position=position, resident_id=rid, name="", phone=""))
        for name, phone in story.outsiders:
            position += 1
            parties.append(dict(case_id=cid, position=position, resident_id=None, name=name, phone=phone))
        for i, name in enumerate(story.mediators, 1):
            mediators.append(dict(case_id=cid, position=i, account_id=None, name=name))
        for day in story.sessions:
            sessions.append(dict(case_id=cid, held_on=day, note="", recorded_at=dt.datetime.combine(day, dt.time(15))))
        cid += 1
    n = bulk(session, MediationCase, cases)
    bulk(session, MediationParty, parties)
    bulk(session, MediationMediator, mediators)
    bulk(session, MediationSession, sessions)
    record(session, "import", table="mediation_case", summary=f"ten-years demo: {n} mediation cases (bulk)")
    return {"mediation cases": n, "mediation sessions": len(sessions)}
