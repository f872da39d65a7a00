"""Day care benchmark: 300 enrolled elders, three years of visits.

    python benchmarks/bench_daycare.py --db /tmp/bench-daycare.sqlite3

Builds the dataset deterministically (bulk inserts) when the file is new,
then prints each figure with its target and a verdict (median and worst of
several runs):

* the board for a day            < 100 ms
* a check-in (domain + board)    <  50 ms
* the monthly statistics         < 300 ms
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

from models import daycare as dc  # noqa: E402
from models.core.db import open_database  # noqa: E402
from models.demo import resident_inputs  # noqa: E402
from models.residents.registry import create_resident  # noqa: E402

ELDERS = 300
YEARS = 3


def build(db, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(42)
    start = today - dt.timedelta(days=365 * YEARS)
    with db.write() as s:
        if s.scalar(select(func.count()).select_from(dc.Enrolment)):
            return
        ids = []
        for data in resident_inputs(42, ELDERS * 2, today):
            data.birth_date = data.birth_date or dt.date(1945, 1, 1)
            data.id_number = ""
            ids.append(create_resident(s, data, confirmed=True, today=today).id)
            if len(ids) == ELDERS:
                break
        enrolments, history, contacts = [], [], []
        for i, rid in enumerate(ids, start=1):
            days = "12345" if i % 4 else "135"
            enrolments.append(
                dict(id=i, resident_id=rid, enrolled_on=start, care_level=dc.CARE_LEVELS[i % 5], service_days=days,
                     status="active", status_since=start, diet="", allergies="", conditions="", medications="",
                     created_at=dt.datetime.combine(start, dt.time(9)), updated_at=dt.datetime.combine(start, dt.time(9)))
            )
            history.append(dict(enrolment_id=i, status="active", effective_on=start, reason="", recorded_by="",
                                recorded_at=dt.datetime.combine(start, dt.time(9))))
            contacts.append(dict(id=i, enrolment_id=i, position=0, name="家属", relation="女儿", phone="13800138000",
                                 emergency=True, may_collect=True, active=True))
        s.execute(insert(dc.Enrolment), enrolments)
        s.execute(insert(dc.StatusChange), history)
        s.execute(insert(dc.Contact), contacts)
        rows = []
        day = start
        while day < today:
            for e in enrolments:
                if str(day.isoweekday()) in e["service_days"] and rng.random() < 0.8:
                    cin = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=rng.randrange(90))
                    cout = dt.datetime.combine(day, dt.time(16)) + dt.timedelta(minutes=rng.randrange(90))
                    rows.append(dict(enrolment_id=e["id"], visit_date=day, check_in=cin, check_out=cout,
                                     collector_id=e["id"], collected_by="家属", unlisted_collector=False,
                                     corrected=False, created_at=cin, updated_at=cout))
            if len(rows) > 20000:
                s.execute(insert(dc.Visit), rows)
                rows = []
            day += dt.timedelta(days=1)
        if rows:
            s.execute(insert(dc.Visit), rows)


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def report(label: str, times: list[float], target: float) -> bool:
    med, worst = statistics.median(times), max(times)
    ok = med < target
    print(f"{label:<34} median {med:7.1f} ms   worst {worst:7.1f} ms   target < {target:.0f} ms   {'OK' if ok else 'TOO SLOW'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the benchmark database (built if empty)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    today = dt.date.today()
    db = open_database(args.db)
    t0 = time.perf_counter()
    build(db, today)
    with db.session() as s:
        visits = s.scalar(select(func.count()).select_from(dc.Visit))
        enrolled = s.scalar(select(func.count()).select_from(dc.Enrolment))
    print(f"dataset: {enrolled} enrolled elders, {visits} visits (ready in {time.perf_counter() - t0:.1f} s)")
    # A weekday in the past with a full board.
    day = today - dt.timedelta(days=7 + today.weekday())  # last week's Monday
    ok = True

    def board_once() -> None:
        with db.session() as s:
            dc.board(s, day)

    ok &= report("board for a day", timed(board_once, args.runs), 100)

    # Check-ins at "now" on a day in the future (no visits yet), one elder per run.
    with db.session() as s:
        resident_ids = list(s.scalars(select(dc.Enrolment.resident_id).order_by(dc.Enrolment.id)))
    bench_day = today + dt.timedelta(days=400)
    while bench_day.isoweekday() != 1:
        bench_day += dt.timedelta(days=1)
    queue = iter(resident_ids)

    def check_in_once() -> None:
        rid = next(queue)
        with db.write() as s:
            dc.check_in(s, rid, at=dt.datetime.combine(bench_day, dt.time(8, 30)))
        with db.session() as s:
            dc.board(s, bench_day)

    ok &= report("check-in + board re-query", timed(check_in_once, args.runs), 50)

    last_month = today.replace(day=1) - dt.timedelta(days=1)

    def stats_once() -> None:
        with db.session() as s:
            dc.month_stats(s, last_month.year, last_month.month)

    ok &= report("monthly statistics", timed(stats_once, args.runs), 300)
    # Leave the dataset as it was: remove the benchmark's own check-ins.
    with db.write() as s:
        for v in s.scalars(select(dc.Visit).where(dc.Visit.visit_date == bench_day)):
            s.delete(v)
    db.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
