"""Ten years of synthetic data: the benchmark database (``demo --scale ten-years``).

Roughly 5,000 residents, 800 day-care elders with 150,000 visits, 1,000,000
meals, 6,000 activities with 120,000 bookings, 2,000 Party members with
240,000 dues records, 20,000 residents' requests, 1,000 mediation cases and a
long audit trail — deterministically (same seed, same ``today``, same data)
and in one transaction.

Every row obeys the rules real data obeys: residents are validated by
:func:`models.residents.registry.validate_resident` (valid ID numbers, search keys);
one visit per elder and day, on service days, while enrolled; every subsidy
computed by :func:`models.meals.compute_subsidy`; bookings never exceed an
activity's capacity and rooms never clash; dues from the bands
(:class:`models.party.dues.DuesCalculator`); the audit trail is one hash
chain. Small tables go through the domain's own writes; the large ones are
bulk Core inserts (``insert()`` with lists of dicts, in chunks), and each
bulk insert records one summary entry in the audit trail (see
:mod:`models.safety.audit`).

``factor`` scales every count (tests use a tiny one).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from models.core.db import Database, large_cache
from models.core.errors import LinliError, ValidationFailed
from models.demo import DemoSummary, refuse_unless_empty, resident_inputs
from models.residents.entities import Resident
from models.residents.registry import age_on, validate_resident
from models.safety.audit import GENESIS, AuditEntry, chain_hash, entry_content, record

#: The issue's sizes at ``factor=1``.
TEN_YEARS = {
    "residents": 5_000,
    "elders": 800,
    "visits": 150_000,
    "meals": 1_000_000,
    "diners": 800,
    "activities": 6_000,
    "bookings": 120_000,
    "members": 2_000,
    "audit": 60_000,
    "requests": 20_000,
    "grid_visits": 60_000,
    "mediation": 1_000,
}
YEARS = 10
CHUNK = 20_000

Progress = Callable[[str], None]


@dataclass(frozen=True)
class _Plan:
    seed: int
    today: dt.date
    factor: float

    def n(self, key: str) -> int:
        return max(1, round(TEN_YEARS[key] * self.factor))

    @property
    def first_day(self) -> dt.date:
        return self.today - dt.timedelta(days=365 * YEARS + 2)


def _bulk(session, table, rows: Iterable[dict]) -> int:  # type: ignore[no-untyped-def]
    """Core ``insert()`` executemany in chunks; returns the row count."""
    table = getattr(table, "__table__", table)  # Core, not the ORM's bulk path: a third of the time
    conn = session.connection()
    stmt = insert(table)
    count, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            conn.execute(stmt, chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        conn.execute(stmt, chunk)
        count += len(chunk)
    return count


def _next_id(session, model) -> int:  # type: ignore[no-untyped-def]
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def _stamp(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


# --- audit history ------------------------------------------------------------------------

_AUDIT_ACTORS = ("admin", "desk1", "desk2", "desk3", "volunteer1")
_AUDIT_KINDS = (
    ("login", None, ""), ("logout", None, ""), ("print", "meal", "month reconciliation"),
    ("export", "resident", "residents list, .xlsx"), ("backup", None, "automatic"),
    ("change", "resident", "fields: phone"), ("print", "activity", "sign-up sheet"),
    ("reveal", "resident", "phone"), ("screen_lock", None, ""), ("create", "resident", ""),
)


def _audit_history(session, plan: _Plan) -> int:  # type: ignore[no-untyped-def]
    """Ten years of desk work in the trail (logins, prints, exports, ...), one chain."""
    rng = random.Random(plan.seed + 9)
    table = AuditEntry.__table__
    last = session.execute(select(table.c.id, table.c.hash).order_by(table.c.id.desc()).limit(1)).first()
    next_id, prev = (last.id + 1, last.hash) if last else (1, GENESIS)
    total = plan.n("audit")
    span = (plan.today - plan.first_day).total_seconds()
    start = dt.datetime.combine(plan.first_day, dt.time(8))

    def rows():  # type: ignore[no-untyped-def]
        nonlocal next_id, prev
        for k in range(total):
            at = (start + dt.timedelta(seconds=span * k / total + rng.randrange(0, 600))).replace(microsecond=0)
            actor = rng.choice(_AUDIT_ACTORS)
            action, tname, summary = rng.choice(_AUDIT_KINDS)
            rid = rng.randint(1, 5000) if tname else None
            content = entry_content(next_id, at, actor, None, action, tname, rid, summary)
            digest = chain_hash(prev, content)
            yield {"id": next_id, "at": at, "actor": actor, "actor_id": None, "action": action,
                   "table_name": tname, "record_id": rid, "summary": summary, "prev_hash": prev, "hash": digest}
            next_id, prev = next_id + 1, digest

    return _bulk(session, table, rows())


# --- residents ----------------------------------------------------------------------------


def _residents(session, plan: _Plan) -> int:  # type: ignore[no-untyped-def]
    rng = random.Random(plan.seed + 10)
    rows = []
    moved: dict[tuple[str, str, str, str], bool] = {}  # a household moves away (is archived) whole
    for data in resident_inputs(plan.seed, plan.n("residents"), plan.today):
        clean = validate_resident(data, today=plan.today)
        created = _stamp(plan.first_day + dt.timedelta(days=rng.randrange(0, 365 * YEARS)), 9, rng.randrange(60))
        # (drawn for everyone, as before: the stream of the rest stays the same)
        gone = moved.setdefault((data.compound, data.building, data.unit, data.room), rng.random() < 0.02)
        clean.update(created_at=created, updated_at=created, archived=gone)
        rows.append(clean)
    count = _bulk(session, Resident, rows)
    record(session, "import", table="resident", summary=f"ten-years demo: {count} residents (bulk)")
    return count


# --- day care -----------------------------------------------------------------------------


def _daycare(session, plan: _Plan, people: list) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from models.daycare.demo import fill_ten_years_daycare

    return fill_ten_years_daycare(session, seed=plan.seed, first_day=plan.first_day, today=plan.today, people=people,
                                  elders=plan.n("elders"), visits=plan.n("visits"), bulk=_bulk)


# --- meals --------------------------------------------------------------------------------


def _meals(session, plan: _Plan, people: list) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from models.meals.demo import fill_ten_years_meals

    return fill_ten_years_meals(session, seed=plan.seed, first_day=plan.first_day, today=plan.today, people=people,
                                diners=plan.n("diners"), meals=plan.n("meals"), bulk=_bulk)


# --- activities ---------------------------------------------------------------------------

_ACTIVITY_KINDS = (
    ("老年书法班", "culture", "elders"), ("社区义诊", "clinic", "everyone"), ("法律援助咨询", "legal", "everyone"),
    ("象棋友谊赛", "games", "everyone"), ("太极拳晨练", "sport", "elders"), ("露天电影之夜", "film", "everyone"),
    ("防诈骗知识讲座", "talk", "elders"), ("主题党日", "themed", "everyone"),
)


def _activities(session, plan: _Plan, people: list) -> dict[str, int]:  # type: ignore[no-untyped-def]
    import models.activities as act

    rng = random.Random(plan.seed + 13)
    rooms = [r for r in act.list_rooms(session) if r.capacity >= 24] or [act.save_room(session, "活动室", 40)]
    categories = set(act.CATEGORIES) if hasattr(act, "CATEGORIES") else None
    total = plan.n("activities")
    per = plan.n("bookings") / total
    now = _stamp(plan.today, 9)
    start_day = plan.today - dt.timedelta(days=int(total * 5 / 8) - 60)  # about two months ahead of today
    aid = _next_id(session, act.Activity)
    activities, plans = [], []
    for i in range(total):
        # At most two a day, in different time slots: rooms never clash.
        day = start_day + dt.timedelta(days=i * 5 // 8)
        title, cat, target = _ACTIVITY_KINDS[i % len(_ACTIVITY_KINDS)]
        if categories is not None and cat not in categories:
            cat = "other" if "other" in categories else next(iter(categories))
        room = rooms[i % len(rooms)]
        starts = _stamp(day, (9, 14, 19)[i % 3])
        capacity = min(room.capacity, rng.choice((24, 30, 40, 60)))
        past = starts + dt.timedelta(hours=2) <= now
        activities.append(dict(
            id=aid, title=title, category=cat, description="欢迎居民报名参加。", room_id=room.id, starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2), capacity=capacity, signup_opens_at=None,
            signup_deadline=starts - dt.timedelta(hours=2), target_group=target, organiser="居委会",
            contact="社区服务中心", status="done" if past else "open", series_id=None,
            created_at=starts - dt.timedelta(days=14), updated_at=starts - dt.timedelta(days=14)))
        plans.append((aid, starts, capacity, target, past))
        aid += 1
    _bulk(session, act.Activity, activities)
    everyone = [p.id for p in people]
    elders = [p.id for p in people if age_on(p.birth_date, plan.today) >= act.ELDER_AGE]

    def bookings():  # type: ignore[no-untyped-def]
        for a, starts, capacity, target, past in plans:
            pool = elders if target == "elders" else everyone
            wanted = min(capacity, len(pool), max(1, round(rng.gauss(per, per / 5))))  # never over capacity
            for rid in rng.sample(pool, wanted):
                booked = starts - dt.timedelta(days=rng.randint(1, 10), minutes=rng.randrange(600))
                if past:
                    came = rng.random() < 0.85
                    yield dict(activity_id=a, resident_id=rid, seats=1, status="attended" if came else "no_show",
                               booked_at=booked, attended_at=starts if came else None, note="")
                else:
                    yield dict(activity_id=a, resident_id=rid, seats=1, status="confirmed",
                               booked_at=min(booked, now), attended_at=None, note="")

    count = _bulk(session, act.ActivityBooking, bookings())
    record(session, "import", table="activity_booking",
           summary=f"ten-years demo: {len(activities)} activities, {count} bookings (bulk)")
    return {"activities": len(activities), "activity bookings": count}


# --- the Party roster ---------------------------------------------------------------------


def _party(session, plan: _Plan, people: list) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from models.party.demo import BRANCHES, EDUCATIONS, NATIVE_PLACES
    from models.party.dues import DuesCalculator, ensure_default_bands, month_start, months_between
    from models.party.entities import DuesPayment, PartyMember, PartyMemberStatus
    from models.party.members import add_years, save_org

    rng = random.Random(plan.seed + 14)
    today = plan.today
    ensure_default_bands(session)
    committee = save_org(session, name="幸福里社区党委", leader_name="")
    branches = []
    for bname, groups in BRANCHES:
        branch = save_org(session, name=bname, parent_id=committee.id)
        branches.append((branch.id, [save_org(session, name=g, parent_id=branch.id).id for g in groups]))
    adults = [p for p in people if age_on(p.birth_date, today) >= 30]
    chosen = sorted(rng.sample(adults, min(plan.n("members"), len(adults))), key=lambda p: p.id)
    window_start = month_start(add_years(today, -YEARS))
    mid = _next_id(session, PartyMember)
    members, history, dues_plan = [], [], []
    for p in chosen:
        adult = add_years(p.birth_date, 18) + dt.timedelta(days=1)
        latest = today - dt.timedelta(days=400)
        if rng.random() < 0.95:  # most joined before the ten years began
            latest = min(latest, window_start - dt.timedelta(days=1))
        joined = adult + dt.timedelta(days=rng.randrange(0, max(1, (latest - adult).days)))
        joined = max(adult, joined)
        age = age_on(p.birth_date, today)
        if p.minimum_allowance:
            category, base = "minimum_allowance", 0
        elif age >= 60:
            category, base = "retired", rng.randrange(250_000, 800_000, 100)
        else:
            category, base = "employed", rng.choice((280_000, 300_000, 450_000, 650_000, 880_000, 1_200_000))
        branch_id, gids = branches[rng.randrange(len(branches))]
        stamp = _stamp(max(joined, plan.first_day), 10)
        members.append(dict(
            id=mid, resident_id=p.id, ethnicity="汉族", native_place=rng.choice(NATIVE_PLACES),
            education=rng.choice(EDUCATIONS), joined_on=joined, full_on=add_years(joined, 1), standing="full",
            branch_id=branch_id, group_id=rng.choice(gids), post="", work_unit="",
            member_type="retired" if age >= 60 else "registered", flow_direction=None, other_org="", service_post="",
            skills="", reported_on=None, status="active", status_on=joined, destination="", dues_category=category,
            dues_base_fen=base, created_at=stamp, updated_at=stamp))
        history.append(dict(member_id=mid, status="active", since=joined, destination="", recorded_at=stamp))
        dues_plan.append((mid, category, base, month_start(joined)))
        mid += 1
    _bulk(session, PartyMember, members)
    _bulk(session, PartyMemberStatus, history)
    calc = DuesCalculator(session)
    last = month_start(today.replace(day=1) - dt.timedelta(days=1))
    months = [month_start(m) for m in months_between(window_start, last)]
    dues_cache: dict[tuple, int] = {}

    def payments():  # type: ignore[no-untyped-def]
        for member_id, category, base, first in dues_plan:
            laggard = rng.random() < 0.05
            for month in months:
                if month < first or (laggard and month >= months[-3]):
                    continue  # before joining; a few months in arrears
                key = (category, base, month)
                due = dues_cache.get(key)
                if due is None:
                    due = dues_cache[key] = calc.due(category, base, month)
                if rng.random() < 0.005:
                    yield dict(member_id=member_id, period=month, due_fen=due, amount_fen=0, paid_on=None,
                               method="cash", paid_by="", deferred=True, deferral_reason="因病住院，申请缓交",
                               recorded_at=_stamp(month, 10))
                    continue
                paid = min(today, month + dt.timedelta(days=rng.randint(3, 25)))
                yield dict(member_id=member_id, period=month, due_fen=due, amount_fen=due, paid_on=paid,
                           method=rng.choice(("wechat", "wechat", "cash", "alipay", "bank")), paid_by="",
                           deferred=False, deferral_reason="", recorded_at=_stamp(paid, 10))

    count = _bulk(session, DuesPayment, payments())
    record(session, "import", table="party_member",
           summary=f"ten-years demo: {len(members)} members, {count} dues records (bulk)")
    return {"party_members": len(members), "party_dues_payments": count}


# --- residents' requests -----------------------------------------------------------------


def _requests(session, plan: _Plan, people: list) -> dict[str, int]:  # type: ignore[no-untyped-def]  # noqa: ARG001
    from models.requests.demo import fill_ten_years_requests

    return fill_ten_years_requests(session, seed=plan.seed, first_day=plan.first_day, today=plan.today,
                                   count=plan.n("requests"), bulk=_bulk, next_id=lambda m: _next_id(session, m))


# --- grids: places, households, visits --------------------------------------------------


def _grids(session, plan: _Plan, people: list) -> dict[str, int]:  # type: ignore[no-untyped-def]  # noqa: ARG001
    from models.grids.demo import fill_grids_demo

    return fill_grids_demo(session, plan.seed, plan.today, first_day=plan.first_day, visits=plan.n("grid_visits"))


# --- mediation ----------------------------------------------------------------------------


def _mediation(session, plan: _Plan, people: list) -> dict[str, int]:  # type: ignore[no-untyped-def]  # noqa: ARG001
    from models.mediation.demo import fill_ten_years_mediation

    return fill_ten_years_mediation(session, seed=plan.seed, first_day=plan.first_day, today=plan.today,
                                    count=plan.n("mediation"), bulk=_bulk, next_id=lambda m: _next_id(session, m))


# --- the whole --------------------------------------------------------------------------


def fill_ten_years(
    db: Database,
    *,
    seed: int = 2026,
    today: dt.date | None = None,
    factor: float = 1.0,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with ten years of data (one transaction).

    Raises:
        LinliError: the database already holds residents.
    """
    plan = _Plan(seed, today or dt.date.today(), factor)
    say = progress or (lambda _text: None)
    with db.write() as session:
        refuse_unless_empty(session)
        with large_cache(session.connection()):
            return _fill(session, plan, say)


def fill_ten_years_residents(db: Database, *, seed: int = 2026, today: dt.date | None = None,
                             factor: float = 1.0) -> int:
    """Only the ten-years demo's residents — the same people and address text as :func:`fill_ten_years`
    writes — and nothing else (no places, households, visits or meals); how many were written.

    What migration 0011 reads, in seconds rather than the whole fill's minute: the test of the address
    migration on a ten-years-sized registry uses it.
    """
    plan = _Plan(seed, today or dt.date.today(), factor)
    with db.write() as session:
        refuse_unless_empty(session)
        return _residents(session, plan)


def _fill(session, plan: _Plan, say: Progress) -> DemoSummary:  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    say("audit trail")
    counts["audit entries (history)"] = _audit_history(session, plan)
    say("residents")
    written = _residents(session, plan)
    people = session.execute(
        select(Resident.id, Resident.name, Resident.gender, Resident.birth_date, Resident.lives_alone, Resident.empty_nest,
               Resident.minimum_allowance, Resident.extreme_poverty, Resident.disabled, Resident.entitled_group)
        .where(Resident.archived.is_(False), Resident.birth_date.is_not(None))
        .order_by(Resident.id)
    ).all()
    # Meals (the largest table) last: the smaller tables' indexes stay in the page cache.
    for name, step in (("day care", _daycare), ("activities", _activities), ("party", _party), ("requests", _requests),
                       ("grids", _grids), ("mediation", _mediation), ("meals", _meals)):
        say(name)
        try:
            counts.update(step(session, plan, people))
        except ValidationFailed as exc:  # a bug in this module, not in the data: say where
            raise LinliError(f"ten-years demo, {name}: {exc.errors}") from exc
    return DemoSummary(residents=written, counts=counts)
