"""A small hand-built database for the figures: every row typed here, every answer counted by hand in the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from models.activities import Activity, ActivityBooking, ActivityRoom
from models.daycare.entities import Enrolment, StatusChange, Visit
from models.meals import Meal
from models.party.entities import DuesBand, DuesPayment, PartyMember, PartyOrg, ServiceRecord
from models.residents.entities import Resident

D = dt.date


def _enrol(s, resident: Resident, changes: list[tuple[str, dt.date]], visits: list[dt.date]) -> Enrolment:  # type: ignore[no-untyped-def]
    e = Enrolment(resident_id=resident.id, enrolled_on=changes[0][1], care_level="intact", service_days="1234567",
                  status=changes[-1][0], status_since=changes[-1][1])
    s.add(e)
    s.flush()
    for status, day in changes:
        s.add(StatusChange(enrolment_id=e.id, status=status, effective_on=day, reason="test"))
    for day in visits:
        s.add(Visit(enrolment_id=e.id, visit_date=day, check_in=dt.datetime.combine(day, dt.time(9)),
                    check_out=dt.datetime.combine(day, dt.time(16))))
    return e


def _meal(s, resident: Resident, day: dt.date, kind: str, mode: str, qty: int, price: int, subsidy: int,  # type: ignore[no-untyped-def]
          band: str = "", cats: str = "", reason: str = "", cancelled: bool = False) -> None:
    s.add(Meal(resident_id=resident.id, day=day, kind=kind, mode=mode, quantity=qty, unit_price_fen=price // qty,
               price_fen=price, subsidy_fen=subsidy, paid_fen=price - subsidy, age_band=band, categories=cats,
               reason=reason, cancelled=cancelled))


def _activity(s, room: ActivityRoom, start: dt.datetime, capacity: int, category: str, status: str,  # type: ignore[no-untyped-def]
              bookings: list[tuple[str, int]]) -> Activity:
    a = Activity(title="活动", category=category, room_id=room.id, starts_at=start, ends_at=start + dt.timedelta(hours=2),
                 capacity=capacity, status=status)
    s.add(a)
    s.flush()
    for i, (state, seats) in enumerate(bookings):
        s.add(ActivityBooking(activity_id=a.id, walkin_name=f"来宾{i}", seats=seats, status=state))
    return a


def _member(s, resident: Resident, branch: PartyOrg, mtype: str, joined: dt.date, *,  # type: ignore[no-untyped-def]
            reported: dt.date | None = None, status: str = "active", status_on: dt.date | None = None) -> PartyMember:
    m = PartyMember(resident_id=resident.id, joined_on=joined, branch_id=branch.id, member_type=mtype,
                    reported_on=reported, status=status, status_on=status_on, dues_category="employed")
    s.add(m)
    s.flush()
    return m


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    """The centre of the tests (see tests/models/figures/test_figures.py for what each row is for)."""
    with db.write() as s:
        r = [Resident(name=n) for n in ("王一", "李二", "张三", "赵四", "钱五", "孙六", "𠮷七")]
        s.add_all(r)
        s.flush()
        # --- day care
        _enrol(s, r[0], [("active", D(2024, 11, 1)), ("left", D(2025, 3, 10))],
               [D(2024, 12, 30), D(2025, 1, 6), D(2025, 1, 7), D(2025, 2, 3), D(2025, 3, 3)])
        _enrol(s, r[1], [("active", D(2025, 2, 15)), ("paused", D(2025, 4, 1))], [D(2025, 2, 17), D(2025, 3, 3)])
        _enrol(s, r[2], [("active", D(2024, 6, 1)), ("left", D(2024, 12, 1)), ("active", D(2025, 5, 5))],
               [D(2025, 5, 6)])
        _enrol(s, r[3], [("active", D(2025, 8, 1))], [D(2025, 8, 4)])
        # --- meals
        _meal(s, r[0], D(2025, 1, 6), "lunch", "dine_in", 1, 1500, 500, "80-89")
        _meal(s, r[4], D(2025, 1, 6), "lunch", "delivered", 2, 3000, 500, "70-79", "minimum_allowance")
        _meal(s, r[4], D(2025, 2, 10), "dinner", "take_away", 1, 1200, 0, reason="no_rule")
        _meal(s, r[5], D(2025, 2, 10), "lunch", "dine_in", 1, 1500, 500, "80-89", cancelled=True)
        _meal(s, r[0], D(2025, 7, 1), "breakfast", "dine_in", 1, 500, 0, reason="no_rule")
        _meal(s, r[0], D(2024, 1, 8), "lunch", "dine_in", 3, 4500, 1500, "80-89")
        # --- activities
        a_room = ActivityRoom(name="测试活动室", capacity=30)
        b_room = ActivityRoom(name="测试大厅", capacity=60)
        s.add_all([a_room, b_room])
        s.flush()
        _activity(s, a_room, dt.datetime(2025, 3, 1, 9), 20, "culture", "done",
                  [("attended", 2), ("attended", 1), ("no_show", 1), ("confirmed", 1), ("waitlisted", 2),
                   ("cancelled", 1)])
        _activity(s, b_room, dt.datetime(2025, 3, 15, 9), 10, "clinic", "open", [("attended", 4)])
        _activity(s, b_room, dt.datetime(2025, 4, 1, 9), 50, "film", "cancelled", [("attended", 5)])
        _activity(s, a_room, dt.datetime(2025, 6, 30, 14), 15, "culture", "open", [("confirmed", 2)])
        # --- Party
        committee = PartyOrg(kind="committee", name="社区党委")
        s.add(committee)
        s.flush()
        b1 = PartyOrg(kind="branch", name="第一支部", parent_id=committee.id, position=1)
        b2 = PartyOrg(kind="branch", name="第二支部", parent_id=committee.id, position=2)
        s.add_all([b1, b2])
        s.flush()
        s.add(DuesBand(category="employed", effective_from=D(2020, 1, 1), upper_fen=None, rate_bp=0, fixed_fen=100))
        p1 = _member(s, r[0], b1, "registered", D(2000, 1, 1))
        p2 = _member(s, r[1], b1, "reporting_in", D(2010, 5, 1), reported=D(2024, 3, 1))
        p3 = _member(s, r[2], b2, "reporting_in", D(2025, 3, 1), reported=D(2025, 4, 1))
        _member(s, r[3], b2, "retired", D(1990, 1, 1), status="transferred_out", status_on=D(2025, 5, 1))
        p5 = _member(s, r[4], b2, "reporting_in", D(2015, 1, 1), reported=D(2025, 9, 1))
        p6 = _member(s, r[5], b1, "reporting_in", D(2012, 1, 1), reported=D(2024, 1, 1))
        s.add_all([
            DuesPayment(member_id=p1.id, period=D(2025, 1, 1), due_fen=100, amount_fen=100, paid_on=D(2025, 1, 5)),
            DuesPayment(member_id=p1.id, period=D(2025, 2, 1), due_fen=100, amount_fen=100, paid_on=D(2025, 2, 5)),
            DuesPayment(member_id=p2.id, period=D(2025, 1, 1), due_fen=100, amount_fen=0, deferred=True,
                        deferral_reason="住院"),
            DuesPayment(member_id=p6.id, period=D(2025, 3, 1), due_fen=80, amount_fen=50, paid_on=D(2025, 3, 5)),
        ])
        s.add_all([
            ServiceRecord(member_id=p2.id, served_on=D(2025, 2, 1), minutes=90, person_times=3),
            ServiceRecord(member_id=p2.id, served_on=D(2025, 5, 1), minutes=30, person_times=1),
            ServiceRecord(member_id=p3.id, served_on=D(2025, 6, 1), minutes=60, person_times=2),
            ServiceRecord(member_id=p5.id, served_on=D(2025, 6, 2), minutes=60, person_times=1),
        ])
    return db
