"""Demo data for activities: a year of monthly events, dense weeks around today
(one weekly series), bookings with a full activity and a waitlist, attendance.
Called by :mod:`models.demo`; writes through the domain's rules.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from models.activities.bookings import BookingRequest, book
from models.activities.entities import Activity, ActivityBooking
from models.activities.labels import ELDER_AGE
from models.activities.programme import ActivityInput, create_activity, create_series
from models.activities.rooms import list_rooms
from models.core.errors import LinliError, ValidationFailed
from models.residents.demo_names import CENTRE_PHONE
from models.residents.entities import Resident
from models.residents.registry import age_on

_DEMO_PROGRAMME: tuple[tuple[str, str, str, str, int, str, str], ...] = (
    # title, category, room, target, capacity, organiser, weekday-hour "d:h:len"
    ("社区义诊：量血压测血糖", "clinic", "多功能厅", "everyone", 60, "社区卫生服务中心", "2:9:2"),
    ("法律援助咨询", "legal", "调解室", "everyone", 6, "区法律援助中心", "3:14:2"),
    ("老年书法班", "culture", "活动室", "elders", 20, "老年大学", "1:9:2"),
    ("象棋与扑克友谊赛", "games", "活动室", "elders", 24, "老年协会", "4:14:3"),
    ("四点半课堂", "children", "议事厅", "children", 30, "青年志愿者服务队", "0:16:2"),
    ("露天电影之夜", "film", "户外广场", "everyone", 150, "文化站", "5:19:2"),
    ("跳蚤市场", "market", "户外广场", "everyone", 120, "居委会", "6:9:3"),
    ("防诈骗知识讲座", "talk", "议事厅", "everyone", 40, "派出所", "3:10:1"),
)


def fill_demo_activities(session: Session, seed: int, today: dt.date) -> dict[str, int]:
    """Demo rooms' activities: a year of monthly events, dense weeks around today
    (one weekly series), bookings with a full activity and a waitlist, attendance.

    Uses its own ``random.Random(seed + 4)``; writes through the domain's rules.
    """
    import random

    rng = random.Random(seed + 4)
    rooms = {r.name: r.id for r in list_rooms(session)}
    people = list(session.execute(select(Resident.id, Resident.birth_date).where(Resident.archived == false())))
    if not rooms or not people:
        return {}
    elders = [p.id for p in people if p.birth_date and age_on(p.birth_date, today) >= ELDER_AGE]
    everyone = [p.id for p in people]
    monday = today - dt.timedelta(days=today.weekday())
    made: list[Activity] = []

    def add(data: ActivityInput) -> Activity | None:
        try:
            a = create_activity(session, data)
        except ValidationFailed:
            return None
        made.append(a)
        return a

    def data_for(title, cat, room, target, cap, org, start, hours) -> ActivityInput:
        return ActivityInput(
            title=title, category=cat, room_id=rooms[room], starts_at=start, ends_at=start + dt.timedelta(hours=hours),
            capacity=min(cap, 200), target_group=target, organiser=org, contact="社区服务中心 " + CENTRE_PHONE,
            signup_deadline=start - dt.timedelta(hours=2),
            description="欢迎居民报名参加。请提前十分钟到场。",
        )

    # A year of monthly themed events.
    for k in range(12, 0, -1):
        first = (today.replace(day=1) - dt.timedelta(days=31 * k)).replace(day=15)
        start = dt.datetime.combine(first, dt.time(9, 30))
        add(data_for(f"{first.month}月主题党日·邻里节", "themed", "多功能厅", "everyone", 80, "社区党委", start, 3))
    # Four weeks back and four ahead: the weekly programme, with gaps.
    for week in range(-4, 4):
        for title, cat, room, target, cap, org, when in _DEMO_PROGRAMME:
            if rng.random() < 0.3:
                continue
            day, hour, length = (int(x) for x in when.split(":"))
            start = dt.datetime.combine(monday + dt.timedelta(weeks=week, days=day), dt.time(hour))
            add(data_for(title, cat, room, target, cap, org, start, length))
    # One weekly series: Saturday calligraphy for eight weeks from four weeks ago.
    sat = monday + dt.timedelta(days=5, weeks=-4)
    series_start = dt.datetime.combine(sat, dt.time(15, 0))
    try:
        made += create_series(
            session, data_for("周六亲子手工课", "children", "议事厅", "children", 12, "妇联", series_start, 2), sessions=8
        )
    except ValidationFailed:
        pass

    bookings = 0
    now = dt.datetime.combine(today, dt.time(9, 0))
    nearest_full: Activity | None = None
    for a in sorted(made, key=lambda x: x.starts_at):
        pool = elders if a.target_group == "elders" else everyone
        seats = 2 if a.target_group == "children" else 1
        if a.ends_at <= now:
            # History: written directly (the rules held when it happened):
            # at most the capacity, most came, the rest did not.
            count = min(len(pool), a.capacity // seats, rng.randint(3, 15))
            for rid in rng.sample(pool, count):
                came = rng.random() < 0.85
                session.add(ActivityBooking(
                    activity_id=a.id, resident_id=rid, seats=seats, status="attended" if came else "no_show",
                    booked_at=a.starts_at - dt.timedelta(days=rng.randint(1, 6)), note="",
                    attended_at=a.starts_at if came else None,
                ))
            a.status = "done"
            bookings += count
            continue
        if nearest_full is None and a.capacity <= 12 and a.category != "legal":
            nearest_full = a
            wanted = a.capacity // seats + 3  # full, and three on the waitlist
        else:
            wanted = rng.randint(1, max(1, min(len(pool), a.capacity // seats, 12)))
        for rid in rng.sample(pool, min(len(pool), wanted)):
            try:
                book(session, BookingRequest(activity_id=a.id, resident_id=rid, seats=seats), now=min(now, a.starts_at))
                bookings += 1
            except LinliError:
                continue
    # One walk-in on a coming activity.
    coming = next((a for a in made if a.starts_at > now and a.target_group == "everyone"), None)
    if coming is not None:
        try:
            book(session, BookingRequest(activity_id=coming.id, walkin_name="周丽萍", walkin_phone="13851762043"), now=now)
            bookings += 1
        except LinliError:
            pass
    session.flush()
    return {"activities": len(made), "activity bookings": bookings}
