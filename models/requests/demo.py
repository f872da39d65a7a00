"""Demo data for residents' requests: a year of requests in every state with a realistic spread, and ten years in bulk.

Most requests are dispatched the same or the next working day, taken, done on
time and rated; some are done late, a few stay overdue, a few are returned and
dispatched again, escalated to a department (吹哨), cancelled, or rated "not
satisfied" and reopened; about one in five is never rated (the 5 working days
pass). Each request's story is planned once (:func:`plan_story`): the demo
replays it through the domain's own functions (every rule, every audit entry);
the ten-years database writes the same stories as bulk rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models.core.workdays import is_working_day, working_days_after
from models.party.entities import PartyMember
from models.requests.categories import deadline_for, time_limit
from models.requests.entities import RequestCategory
from models.requests.labels import (
    ACTION_CANCEL,
    ACTION_DISPATCH,
    ACTION_DONE,
    ACTION_RATE,
    ACTION_REOPEN,
    ACTION_RETURN,
    ACTION_TAKE,
    BASIC,
    CHANNELS,
    DEPARTMENT,
    MEMBER,
    SATISFIED,
    UNIT,
    UNSATISFIED,
    VOLUNTEER,
)
from models.requests.rating import rating_deadline
from models.residents.entities import Resident

TEXTS: dict[str, tuple[str, ...]] = {
    "维修": ("厨房水龙头漏水", "楼道灯不亮", "卫生间下水道堵塞", "家里插座没电", "防盗门锁坏了", "热水器不出热水"),
    "代办": ("代缴水电费", "帮忙办理老年卡", "代取药品", "帮忙预约挂号", "代办居住证明"),
    "助医": ("陪同去医院复查", "去社区卫生服务中心体检需要陪同", "出院后需要有人接送"),
    "陪伴": ("独居老人希望有人聊聊天", "周末陪老人散步", "子女在外地，希望定期上门看看"),
    "法律咨询": ("房屋租赁合同纠纷咨询", "遗嘱怎么写才有效", "邻里漏水赔偿问题"),
    "政策咨询": ("高龄津贴怎么申请", "医保异地报销政策", "低保申请条件"),
    "环境": ("楼下垃圾桶满了没人清", "小区绿化带有积水", "楼道堆放杂物"),
    "其他": ("家里老人走失后找回，想了解防走失手环", "想报名社区志愿者"),
}
DONE_NOTES: dict[str, tuple[str, ...]] = {
    "维修": ("已更换垫圈，不再漏水", "已更换灯泡", "已疏通", "已更换插座", "已联系物业维修完毕"),
    "代办": ("已办理完毕，材料已送回", "已代缴", "已办好"),
    "助医": ("已陪同就医并送回家", "已接送"),
    "陪伴": ("上门陪伴两小时", "已陪同散步"),
    "法律咨询": ("已解答并提供法律援助中心联系方式", "已解答"),
    "政策咨询": ("已解答并协助准备材料", "已解答"),
    "环境": ("已清理", "已联系物业处理"),
    "其他": ("已解答", "已登记"),
}
UNITS = ("幸福里物业服务中心", "市自来水公司第三营业所", "社区卫生服务中心", "区法律援助中心", "城东供电所")
DEPARTMENTS = ("街道城管科", "街道社会事务办", "街道综治中心", "区住建局")
RETURN_REASONS = ("需要专业工具，建议转物业", "本周出差，无法上门", "超出服务范围")
COMMENTS = ("师傅很耐心", "很及时，谢谢", "", "", "希望下次早点来", "请下次提前打电话13912345678", "")
CALLER_NAMES = ("王秀英", "李建国", "张桂兰", "刘德福", "陈美华", "赵淑芬")


@dataclass
class Story:
    """One request's planned life: when received, what, by whom, and its steps (action, day, argument)."""

    received: dt.date
    category: str
    text: str
    urgent: bool
    channel: str
    resident_id: int | None
    caller: tuple[str, str] | None
    steps: list[tuple[str, dt.date, object]] = field(default_factory=list)


def _next_working(day: dt.date, after: int = 0) -> dt.date:
    return working_days_after(day + dt.timedelta(days=1), after) if after else (
        day if is_working_day(day) else working_days_after(day, 1))


def _phone(rng: random.Random) -> str:
    return rng.choice(("139", "138", "186", "135", "177")) + f"{rng.randrange(10**8):08d}"


def plan_story(rng: random.Random, received: dt.date, today: dt.date, category: RequestCategory,
               residents: list[int], members: list[tuple[int, str]], volunteers: list[int], *,
               returned: bool = False) -> Story:
    """Plan a request's life from ``received`` until ``today`` (steps after today are left off).

    ``returned``: the first handler gives it back (and it is dispatched again a working day later).
    """
    urgent = rng.random() < 0.08
    channel = rng.choices(CHANNELS, weights=(45, 35, 12, 8))[0]
    caller = None
    resident = None
    if rng.random() < 0.12 or not residents:
        caller = (rng.choice(CALLER_NAMES), _phone(rng))
    else:
        resident = rng.choice(residents)
    story = Story(received, category.name, rng.choice(TEXTS.get(category.name, TEXTS["其他"])), urgent, channel,
                  resident, caller)
    deadline = deadline_for(received, time_limit(category, urgent))
    day = received
    rounds = 0
    while rounds < 2:
        rounds += 1
        if rng.random() < 0.02:
            story.steps.append((ACTION_CANCEL, day + dt.timedelta(days=rng.randint(0, 2)), "居民表示不再需要"))
            break
        # dispatch
        slow = rng.random() < 0.06  # a request that waits (most of the overdue ones)
        day = _next_working(day, rng.choice((0, 0, 1)) + (rng.randint(3, 12) if slow else 0))
        handler = _handler(rng, category, members, volunteers)
        story.steps.append((ACTION_DISPATCH, day, handler))
        if returned or rng.random() < 0.05:  # given back, dispatched again to someone else
            day = _next_working(day, 1)
            story.steps.append((ACTION_RETURN, day, rng.choice(RETURN_REASONS)))
            day = _next_working(day, 1)
            story.steps.append((ACTION_DISPATCH, day, _handler(rng, category, members, volunteers)))
        day = _next_working(day, rng.choice((0, 0, 1)) + (rng.randint(2, 8) if slow else 0))
        story.steps.append((ACTION_TAKE, day, None))
        late = slow or rng.random() < 0.08
        if late:
            day = deadline + dt.timedelta(days=rng.randint(1, 6))
        else:
            room = max(0, (deadline - day).days)
            day = day + dt.timedelta(days=rng.randint(0, min(room, 3)))
        hours = rng.choice((0.5, 1, 1, 1.5, 2, 3))
        story.steps.append((ACTION_DONE, day, (hours, rng.choice(DONE_NOTES.get(category.name, DONE_NOTES["其他"])))))
        if rng.random() < 0.2:
            break  # never rated: after 5 working days it counts as not rated
        rating = rng.choices((SATISFIED, BASIC, UNSATISFIED), weights=(84, 12, 4))[0]
        window = rating_deadline(day)
        rated_on = min(window, day + dt.timedelta(days=rng.randint(0, 4)))
        story.steps.append((ACTION_RATE, rated_on, (rating, rng.choice(COMMENTS))))
        if rating != UNSATISFIED or rounds >= 2 or rng.random() < 0.5:
            break
        day = rated_on + dt.timedelta(days=1)
        story.steps.append((ACTION_REOPEN, day, "居民不满意，重新派单"))
        deadline = deadline_for(day, time_limit(category, urgent))
    # Keep what happened by today, in order (a later step never before an earlier one).
    kept, last = [], received
    for action, on, arg in story.steps:
        on = max(on, last)
        if on > today:
            break
        kept.append((action, on, arg))
        last = on
    story.steps = kept
    return story


def _handler(rng: random.Random, category: RequestCategory, members: list[tuple[int, str]],
             volunteers: list[int]) -> tuple[str, int | str]:
    roll = rng.random()
    if roll < 0.05:
        return DEPARTMENT, rng.choice(DEPARTMENTS)
    if roll < 0.15:
        return UNIT, rng.choice(UNITS)
    if roll < 0.27 and volunteers:
        return VOLUNTEER, rng.choice(volunteers)
    if members:
        words = [category.name, *category.keywords.split()]
        matching = [rid for rid, text in members if any(w in text for w in words)]
        pool = matching if matching and rng.random() < 0.8 else [rid for rid, _t in members]
        return MEMBER, rng.choice(pool)
    return UNIT, rng.choice(UNITS)


def _received_days(rng: random.Random, first: dt.date, today: dt.date, count: int) -> list[dt.date]:
    span = (today - first).days
    days = []
    while len(days) < count:
        day = first + dt.timedelta(days=rng.randrange(span + 1))
        if not is_working_day(day) and rng.random() < 0.6:
            continue  # fewer requests on holidays and weekends (the centre is open, callers fewer)
        days.append(day)
    return sorted(days)


def _people(session: Session) -> tuple[list[int], list[tuple[int, str]], list[int]]:
    """Residents who ask, members reporting in (resident id, post and skills) and volunteers (residents)."""
    residents = list(session.scalars(select(Resident.id).where(Resident.archived.is_(False)).order_by(Resident.id)))
    members = [(rid, f"{post} {skills}") for rid, post, skills in session.execute(
        select(PartyMember.resident_id, PartyMember.service_post, PartyMember.skills)
        .where(PartyMember.status == "active", PartyMember.member_type == "reporting_in")
        .order_by(PartyMember.resident_id))]
    taken = {rid for rid, _t in members}
    volunteers = [r for r in residents[::17] if r not in taken][:25]
    return residents, members, volunteers


def replay(session: Session, story: Story, today: dt.date):  # noqa: ANN201
    """Write one story through the domain's functions (every rule and audit entry applies)."""
    from models.requests.dispatch import Handler, dispatch
    from models.requests.intake import RequestInput, take_request
    from models.requests.rating import rate
    from models.requests.workflow import cancel, done, reopen, return_request, take

    request = take_request(session, RequestInput(
        category=story.category, text=story.text, resident_id=story.resident_id,
        caller_name=story.caller[0] if story.caller else "", caller_phone=story.caller[1] if story.caller else "",
        urgent=story.urgent, channel=story.channel, received_on=story.received), today=today)
    for action, on, arg in story.steps:
        if action == ACTION_DISPATCH:
            kind, who = arg
            handler = Handler(kind, resident_id=who) if kind in (MEMBER, VOLUNTEER) else Handler(kind, name=who)
            dispatch(session, request, handler, on=on, today=today)
        elif action == ACTION_TAKE:
            take(session, request, on=on, today=today)
        elif action == ACTION_RETURN:
            return_request(session, request, arg, on=on, today=today)
        elif action == ACTION_DONE:
            done(session, request, arg[0], arg[1], on=on, today=today)
        elif action == ACTION_RATE:
            rate(session, request, arg[0], arg[1], on=on, today=today)
        elif action == ACTION_REOPEN:
            reopen(session, request, reason=arg, on=on, today=today)
        elif action == ACTION_CANCEL:
            cancel(session, request, arg, on=on, today=today)
    return request


def fill_requests_demo(session: Session, seed: int, today: dt.date, *, per_year: int = 260) -> dict[str, int]:
    """A year of requests in the caller's transaction, through the domain's functions; counts by kind."""
    rng = random.Random(seed + 16)
    residents, members, volunteers = _people(session)
    cats = list(session.scalars(select(RequestCategory).where(RequestCategory.archived.is_(False))))
    weights = [{"维修": 30, "代办": 18, "助医": 10, "陪伴": 10, "法律咨询": 8, "政策咨询": 10, "环境": 10}.get(c.name, 4)
               for c in cats]
    days = _received_days(rng, today - dt.timedelta(days=365), today, per_year)
    # The last requests stop at every open step, so that each state shows today (and a few stay overdue).
    cut = {len(days) - 1 - k: k % 5 for k in range(10)}
    count = 0
    for i, received in enumerate(days):
        category = rng.choices(cats, weights=weights)[0]
        story = plan_story(rng, received, today, category, residents, members, volunteers,
                           returned=cut.get(i) == 2)
        if i in cut:
            story.steps = story.steps[:cut[i]]
        replay(session, story, today)
        count += 1
    return {"requests": count}


# --- ten years, in bulk -------------------------------------------------------------------


def fill_ten_years_requests(session: Session, *, seed: int, first_day: dt.date, today: dt.date, count: int,
                            bulk: Callable, next_id: Callable) -> dict[str, int]:  # type: ignore[type-arg]
    """``count`` requests over ten years as bulk rows (the same stories), their events and the members' service.

    The ten-years roster has no members reporting in: one in seven active
    members below 60 is made one here, with a service post and skills, so the
    suggestions and the hours in the Party tab have someone to show.
    """
    from models.party.demo import SERVICE_POSTS, SKILLS
    from models.party.entities import ServiceRecord
    from models.requests.entities import RequestEvent, ServiceRequest
    from models.safety.audit import record

    rng = random.Random(seed + 16)
    candidates = list(session.execute(select(PartyMember.id, PartyMember.joined_on).where(
        PartyMember.status == "active", PartyMember.member_type == "registered").order_by(PartyMember.id)))
    for mid, joined in candidates[::7]:
        session.execute(update(PartyMember).where(PartyMember.id == mid).values(
            member_type="reporting_in", service_post=rng.choice(SERVICE_POSTS), skills=rng.choice(SKILLS),
            reported_on=max(joined, first_day)))
    residents, members, volunteers = _people(session)
    member_ids = dict(session.execute(select(PartyMember.resident_id, PartyMember.id)
                                      .where(PartyMember.status == "active")).all())
    cats = list(session.scalars(select(RequestCategory).where(RequestCategory.archived.is_(False))))
    by_name = {c.name: c for c in cats}
    weights = [{"维修": 30, "代办": 18, "助医": 10, "陪伴": 10, "法律咨询": 8, "政策咨询": 10, "环境": 10}.get(c.name, 4)
               for c in cats]
    rid = next_id(ServiceRequest)
    requests, events, services = [], [], []
    seqs: dict[int, int] = {}
    for received in _received_days(rng, first_day, today, count):
        category = rng.choices(cats, weights=weights)[0]
        story = plan_story(rng, received, today, category, residents, members, volunteers)
        seqs[received.year] = seqs.get(received.year, 0) + 1
        row, evs, service = _apply(rid, seqs[received.year], story, by_name[story.category], member_ids)
        requests.append(row)
        events.extend(evs)
        if service:
            services.append(service)
        rid += 1
    n = bulk(session, ServiceRequest, requests)
    bulk(session, RequestEvent, events)
    bulk(session, ServiceRecord, services)
    record(session, "import", table="service_request",
           summary=f"ten-years demo: {n} requests, {len(events)} steps (bulk)")
    return {"requests": n, "request steps": len(events), "request service records": len(services)}


def _apply(rid: int, seq: int, story: Story, category: RequestCategory,
           member_ids: dict[int, int]) -> tuple[dict, list[dict], dict | None]:
    """One story as the rows the domain would have written (the state machine's fields, the events)."""
    stamp = dt.datetime.combine(story.received, dt.time(9, 30))
    row = dict(id=rid, year=story.received.year, seq=seq, resident_id=story.resident_id,
               caller_name=story.caller[0] if story.caller else "", caller_phone=story.caller[1] if story.caller else "",
               category_id=category.id, text=story.text, urgent=story.urgent, channel=story.channel, state="received",
               received_on=story.received, deadline=deadline_for(story.received, time_limit(category, story.urgent)),
               handler_kind=None, handler_member_id=None, handler_resident_id=None, handler_name="", escalated=False,
               dispatched_on=None, taken_on=None, done_on=None, done_note="", minutes=0, rating=None,
               rating_comment="", rated_on=None, reopened=0, created_at=stamp, updated_at=stamp)
    events = [dict(request_id=rid, action="receive", from_state=None, to_state="received", on=story.received,
                   actor="desk1", handler="", note="", recorded_at=stamp)]
    service = None
    for action, on, arg in story.steps:
        before, handler, note = row["state"], "", ""
        if action == ACTION_DISPATCH:
            kind, who = arg
            person = who if kind in (MEMBER, VOLUNTEER) else None
            row.update(state="dispatched", handler_kind=kind, handler_resident_id=person,
                       handler_member_id=member_ids.get(who) if kind == MEMBER else None,
                       handler_name="" if person else who, dispatched_on=on)
            row["escalated"] = row["escalated"] or kind == DEPARTMENT
            handler = f"{kind}:{who}"
        elif action == ACTION_TAKE:
            row.update(state="taken", taken_on=on)
        elif action == ACTION_RETURN:
            row.update(state="returned", taken_on=None)
            note = arg
        elif action == ACTION_DONE:
            hours, note = arg
            row.update(state="done", done_on=on, done_note=note, minutes=row["minutes"] + round(hours * 60))
            if row["handler_kind"] == MEMBER and row["handler_member_id"]:
                service = dict(member_id=row["handler_member_id"], served_on=on, minutes=row["minutes"],
                               person_times=1, description=f"{story.received.year}-{seq:04d} {category.name}",
                               recorded_at=dt.datetime.combine(on, dt.time(17)), request_id=rid)
        elif action == ACTION_RATE:
            row.update(state="rated", rating=arg[0], rating_comment=arg[1], rated_on=on)
            note = arg[0]
        elif action == ACTION_REOPEN:
            note = f"{row['rating']}; {arg}"
            row.update(state="received", reopened=row["reopened"] + 1, handler_kind=None, handler_member_id=None,
                       handler_resident_id=None, handler_name="", dispatched_on=None, taken_on=None, done_on=None,
                       rated_on=None, rating=None, rating_comment="",
                       deadline=deadline_for(on, time_limit(category, story.urgent)))
        elif action == ACTION_CANCEL:
            row["state"] = "cancelled"
            note = arg
        events.append(dict(request_id=rid, action=action, from_state=before, to_state=row["state"], on=on,
                           actor="desk1", handler=handler, note=note,
                           recorded_at=dt.datetime.combine(on, dt.time(10))))
        row["updated_at"] = dt.datetime.combine(on, dt.time(10))
    return row, events, service
