"""Benchmark of the Activities tab's hot paths (the issue's targets).

    python benchmarks/bench_activities.py [--db PATH] [--runs 15]

Builds (deterministically, by bulk insert) 6,000 activities and 120,000
bookings over two years around today, then times:

* the sign-up desk listing (this weekend and next week, seats left) — < 150 ms;
* a booking from Enter to seats-left updated (the write transaction with its
  capacity check, then the activity's seats re-read) — < 50 ms;
* filtering the catalogue (SQL filter + the first page of rows) — < 100 ms.

Prints each figure's median and worst with its target and a verdict.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

import models.activities as act  # noqa: E402
from models.core.db import open_database  # noqa: E402
from models.residents.entities import Resident  # noqa: E402
from models.residents.names import name_keys  # noqa: E402

ACTIVITIES = 6_000
BOOKINGS = 120_000
RESIDENTS = 8_000
TITLES = ("老年书法班", "社区义诊", "法律援助咨询", "象棋友谊赛", "四点半课堂", "露天电影", "跳蚤市场", "防诈骗讲座")
CATS = ("culture", "clinic", "legal", "games", "children", "film", "market", "talk")


def build(db, seed: int = 2026) -> None:
    rng = random.Random(seed)
    now = dt.datetime.now().replace(second=0, microsecond=0)
    with db.write() as s:
        if s.scalar(select(func.count()).select_from(act.Activity)) >= ACTIVITIES:
            return
        s.execute(insert(act.ActivityRoom), [{"name": f"活动室{i}", "capacity": 200, "archived": False} for i in range(1, 21)])
        rooms = list(s.scalars(select(act.ActivityRoom.id)))
        people = []
        for i in range(RESIDENTS):
            name = "张王李赵刘陈"[i % 6] + "明华建国丽"[i % 5] + "一二三四五六七八九十"[i % 10]
            keys = name_keys(name)
            people.append(dict(
                name=name, name_pinyin=keys.pinyin, name_initials=keys.initials, phone=f"138{i:08d}",
                birth_date=dt.date(1940 + i % 60, 1 + i % 12, 1), compound="", building="", unit="", room="",
                grid="", lives_alone=False, empty_nest=False, minimum_allowance=False, extreme_poverty=False,
                disabled=False, entitled_group=False, notes="", created_at=now, updated_at=now, archived=False,
            ))
        s.execute(insert(Resident), people)
        resident_ids = list(s.scalars(select(Resident.id)))
        start0 = now - dt.timedelta(days=365)
        acts = []
        for i in range(ACTIVITIES):
            start = start0 + dt.timedelta(hours=2 * i + 8 * (i // 6))
            k = i % len(TITLES)
            acts.append(dict(
                title=TITLES[k], category=CATS[k], description="", room_id=rooms[i % len(rooms)], starts_at=start,
                ends_at=start + dt.timedelta(hours=2), capacity=rng.choice((20, 30, 40, 60)), signup_opens_at=None,
                signup_deadline=None, target_group="everyone", organiser="居委会", contact="",
                status="done" if start < now else "open", series_id=None, created_at=now, updated_at=now,
            ))
        s.execute(insert(act.Activity), acts)
        activity_rows = list(s.execute(select(act.Activity.id, act.Activity.capacity, act.Activity.starts_at)))
        per = BOOKINGS // len(activity_rows)
        bookings = []
        for aid, _capacity, starts in activity_rows:
            for rid in rng.sample(resident_ids, per):
                past = starts < now
                bookings.append(dict(
                    activity_id=aid, resident_id=rid, walkin_name=None, walkin_phone=None, seats=1,
                    status=("attended" if rng.random() < 0.85 else "no_show") if past else "confirmed",
                    booked_at=starts - dt.timedelta(days=2), note="",
                ))
        for chunk in range(0, len(bookings), 20_000):
            s.execute(insert(act.ActivityBooking), bookings[chunk : chunk + 20_000])


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def report(label: str, figures: tuple[float, float], target: float) -> None:
    median, worst = figures
    verdict = "PASS" if median < target else "FAIL"
    print(f"{label:<44} median {median:7.1f} ms   worst {worst:7.1f} ms   target < {target:.0f} ms   {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database file (default: a temporary file)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = str(Path(tmp.name) / "bench.sqlite3")
    db = open_database(args.db)
    t0 = time.perf_counter()
    build(db)
    with db.session() as s:
        n_act = s.scalar(select(func.count()).select_from(act.Activity))
        n_book = s.scalar(select(func.count()).select_from(act.ActivityBooking))
    print(f"dataset: {n_act} activities, {n_book} bookings (built in {time.perf_counter() - t0:.1f} s)")

    def desk():
        with db.session() as s:
            rows = act.desk_activities(s)
            assert rows
        return rows

    report("sign-up desk listing", timed(desk, args.runs), 150)

    target = next(r.id for r in desk() if r.starts_at > dt.datetime.now() + dt.timedelta(hours=1))
    with db.session() as s:
        booked = set(s.scalars(select(act.ActivityBooking.resident_id).where(act.ActivityBooking.activity_id == target)))
        free = [r for r in s.scalars(select(Resident.id).order_by(Resident.id)) if r not in booked]
    queue = iter(free)

    def booking():
        with db.write() as s:
            act.book(s, act.BookingRequest(activity_id=target, resident_id=next(queue)))
        with db.session() as s:
            act.activity_row(s, target).seats_left  # noqa: B018 - what the screen shows next

    report("booking: Enter to seats left updated", timed(booking, args.runs), 50)

    source = act.ActivityListSource(scope="all")
    words = iter(["书法", "义诊", "法律", "象棋", "电影", "跳蚤", "讲座", "课堂"] * 10)

    def catalogue():
        with db.session() as s:
            ids = source.ids(s, next(words), None, False)
            source.rows(s, ids[:200])

    report("catalogue filter (ids + first page)", timed(catalogue, args.runs), 100)
    db.dispose()
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
