"""Benchmark of the Party roster: 2,000 members, two years of dues (bulk inserted).

    python benchmarks/bench_party.py [--db PATH]

Prints each figure with its target and a verdict (median and worst of several runs):
member search under 50 ms, the roster PDF under 3 s, the arrears list under 200 ms
(plus the dues summary of a year, for information).
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from models.core.db import open_database  # noqa: E402
from models.core.settings import CentreInfo  # noqa: E402
from models.party.dues import DuesCalculator, arrears, dues_summary, months_between  # noqa: E402
from models.party.entities import DuesPayment, PartyMember, PartyOrg  # noqa: E402
from models.party.roster import MemberListSource, roster_rows  # noqa: E402
from models.residents.entities import Resident  # noqa: E402
from models.residents.names import name_keys  # noqa: E402

MEMBERS = 2_000
TODAY = dt.date(2026, 11, 22)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚"


def build(db) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(6)
    with db.write() as s:
        if s.scalar(select(func.count()).select_from(PartyMember)):
            return
        committee = PartyOrg(kind="committee", name="社区党委", leader_name="", position=0, archived=False)
        s.add(committee)
        s.flush()
        branches = []
        for i in range(10):
            b = PartyOrg(kind="branch", name=f"第{i + 1}党支部", parent_id=committee.id, leader_name="", position=i, archived=False)
            s.add(b)
            branches.append(b)
        s.flush()
        residents = []
        for i in range(MEMBERS):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            keys = name_keys(name)
            residents.append(dict(
                name=name, name_pinyin=keys.pinyin, name_initials=keys.initials, gender="male",
                birth_date=dt.date(1940 + i % 60, 1 + i % 12, 1 + i % 28), phone=f"138{i:08d}",
                compound="", building="", unit="", room="", grid="", lives_alone=False, empty_nest=False,
                minimum_allowance=False, extreme_poverty=False, disabled=False, entitled_group=False,
                notes="", created_at=dt.datetime(2026, 1, 1), updated_at=dt.datetime(2026, 1, 1), archived=False,
            ))
        s.execute(insert(Resident), residents)
        rids = list(s.scalars(select(Resident.id).order_by(Resident.id)))
        members = [
            dict(resident_id=rid, ethnicity="汉族", native_place="", education="bachelor",
                 joined_on=dt.date(1990 + i % 30, 7, 1), full_on=dt.date(1991 + i % 30, 7, 1), standing="full",
                 branch_id=branches[i % 10].id, group_id=None, post="", work_unit="", member_type="registered",
                 flow_direction=None, other_org="", service_post="", skills="", reported_on=None, status="active",
                 status_on=None, destination="", dues_category="employed" if i % 3 else "retired",
                 dues_base_fen=200_000 + (i * 3_777) % 1_200_000,
                 created_at=dt.datetime(2026, 1, 1), updated_at=dt.datetime(2026, 1, 1))
            for i, rid in enumerate(rids)
        ]
        s.execute(insert(PartyMember), members)
        calc = DuesCalculator(s)
        months = months_between(dt.date(2024, 11, 1), dt.date(2026, 10, 1))
        payments = []
        for mid, cat, base in s.execute(select(PartyMember.id, PartyMember.dues_category, PartyMember.dues_base_fen)):
            for m in months:
                if rng.random() < 0.03:
                    continue  # a few arrears
                due = calc.due(cat, base, m)
                payments.append(dict(member_id=mid, period=m, due_fen=due, amount_fen=due, paid_on=m + dt.timedelta(days=9),
                                     method="wechat", paid_by="", deferred=False, deferral_reason="",
                                     recorded_at=dt.datetime(2026, 1, 1)))
        s.execute(insert(DuesPayment), payments)


def timed(fn, runs: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), max(times)


def report(label: str, figures: tuple[float, float], target: float | None) -> None:
    median, worst = figures
    verdict = "" if target is None else ("OK" if worst < target else "TOO SLOW")
    target_text = f"target < {target * 1000:.0f} ms" if target is not None else "no target"
    print(f"{label:<34} median {median * 1000:8.1f} ms  worst {worst * 1000:8.1f} ms  {target_text:<18} {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database file (built if empty; default: a temporary file)")
    args = parser.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench_party.sqlite3"
    db = open_database(path)
    t0 = time.perf_counter()
    build(db)
    with db.session() as s:
        n_members = s.scalar(select(func.count()).select_from(PartyMember))
        n_dues = s.scalar(select(func.count()).select_from(DuesPayment))
    print(f"dataset: {n_members} members, {n_dues} dues records ({time.perf_counter() - t0:.1f} s to build) at {path}")
    source = MemberListSource()

    def search() -> None:
        with db.session() as s:
            for q in ("wfj", "王", "第3党支部", "13800001"):
                ids = source.ids(s, q, None, False)
                source.rows(s, ids[:200])

    def arrears_list() -> None:
        with db.session() as s:
            arrears(s, dt.date(2025, 11, 1), dt.date(2026, 10, 1))

    def summary() -> None:
        with db.session() as s:
            dues_summary(s, dt.date(2026, 1, 1), dt.date(2026, 12, 1))

    def roster() -> None:
        from reports.party import roster_pdf

        with db.session() as s:
            rows = roster_rows(s)
        roster_pdf(rows, CentreInfo(name="幸福里社区党群服务中心"), today=TODAY)

    med, worst = timed(search, 5)
    report("search (per query, 4 kinds)", (med / 4, worst / 4), 0.050)
    report("arrears list (12 months)", timed(arrears_list, 5), 0.200)
    report("dues summary (a year)", timed(summary, 5), None)
    report("roster PDF (2,000 members)", timed(roster, 3), 3.0)
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
