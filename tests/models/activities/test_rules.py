"""Activities: rooms, clashes, series, capacity, waitlist, refusals, overrides, attendance."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

import models.activities as act
import models.activities.bookings as booking_rules
from models.activities.bookings import BookingRequest, book, cancel_booking
from models.activities.entities import ActivityBooking, BookingOverride, BookingRefused
from models.activities.programme import (
    ActivityInput,
    create_activity,
    create_series,
    update_activity,
)
from models.core.db import open_database
from models.core.errors import LinliError, NeedsConfirmation, ValidationFailed
from models.residents.entities import Resident
from models.residents.registry import ResidentInput, create_resident

NOW = dt.datetime(2026, 11, 20, 10, 0)  # a Friday
SAT = dt.datetime(2026, 11, 21, 9, 0)


def room_id(db, name="活动室") -> int:
    with db.session() as s:
        return s.scalar(select(act.ActivityRoom.id).where(act.ActivityRoom.name == name))


def make_activity(db, *, capacity=3, start=SAT, hours=2, room="活动室", **kw) -> int:
    data = ActivityInput(
        title=kw.pop("title", "书法班"), category=kw.pop("category", "culture"), room_id=room_id(db, room),
        starts_at=start, ends_at=start + dt.timedelta(hours=hours), capacity=capacity, **kw,
    )
    with db.write() as s:
        return create_activity(s, data).id


def person(db, name, birth=dt.date(1950, 1, 1), phone="") -> int:
    with db.write() as s:
        return create_resident(s, ResidentInput(name=name, birth_date=birth, phone=phone), today=NOW.date()).id


def do_book(db, aid, rid=None, seats=1, **kw):
    with db.write() as s:
        return book(s, BookingRequest(activity_id=aid, resident_id=rid, seats=seats, **kw), now=NOW)


def statuses(db, aid) -> list[tuple[int | None, str]]:
    with db.session() as s:
        return [(b.resident_id, b.status) for b in act.activity_bookings(s, aid)]


# --- rooms and clashes ------------------------------------------------------------------


def test_the_default_rooms_are_there(db) -> None:
    with db.session() as s:
        names = [r.name for r in act.list_rooms(s)]
    assert {"议事厅", "活动室", "调解室"} <= set(names)


def test_capacity_may_not_exceed_the_room(db) -> None:
    with pytest.raises(ValidationFailed) as err:
        make_activity(db, capacity=9, room="调解室")
    assert "调解室 holds 8 people" in err.value.errors["capacity"]


def test_room_clash_names_the_other_activity(db) -> None:
    make_activity(db, title="象棋比赛")
    with pytest.raises(ValidationFailed) as err:
        make_activity(db, title="义诊", start=SAT + dt.timedelta(hours=1))
    assert "象棋比赛" in err.value.errors["room_id"]
    # Back to back is fine; another room is fine.
    make_activity(db, title="义诊", start=SAT + dt.timedelta(hours=2))
    make_activity(db, title="义诊", start=SAT, room="议事厅")
    with db.session() as s:
        clashes = act.find_clashes(s, room_id(db), SAT + dt.timedelta(minutes=30), SAT + dt.timedelta(minutes=90))
    assert [c.title for c in clashes] == ["象棋比赛"]


def test_a_cancelled_activity_frees_its_room(db) -> None:
    aid = make_activity(db, title="象棋比赛")
    with db.write() as s:
        act.set_activity_status(s, aid, "cancelled")
    make_activity(db, title="义诊")


def test_editing_an_activity_does_not_clash_with_itself(db) -> None:
    aid = make_activity(db)
    with db.write() as s:
        data = ActivityInput.from_activity(act.get_activity(s, aid))
        data.ends_at += dt.timedelta(minutes=30)
        update_activity(s, aid, data)


# --- series -------------------------------------------------------------------------------


def test_weekly_series_in_one_step_then_sessions_differ(db) -> None:
    data = ActivityInput(title="四点半课堂", category="children", room_id=room_id(db), starts_at=SAT,
                         ends_at=SAT + dt.timedelta(hours=2), capacity=10,
                         signup_deadline=SAT - dt.timedelta(days=1))
    with db.write() as s:
        sessions = create_series(s, data, sessions=8)
        ids = [a.id for a in sessions]
    with db.session() as s:
        rows = [act.get_activity(s, i) for i in ids]
        assert [r.starts_at for r in rows] == [SAT + dt.timedelta(weeks=k) for k in range(8)]
        assert [r.signup_deadline for r in rows] == [SAT - dt.timedelta(days=1) + dt.timedelta(weeks=k) for k in range(8)]
        assert len({r.series_id for r in rows}) == 1 and rows[0].series_id is not None
    with db.write() as s:
        third = ActivityInput.from_activity(act.get_activity(s, ids[2]))
        third.title, third.capacity = "四点半课堂（家长开放日）", 20
        update_activity(s, ids[2], third)
    with db.session() as s:
        assert act.get_activity(s, ids[2]).title.endswith("家长开放日）")
        assert act.get_activity(s, ids[3]).title == "四点半课堂"


def test_series_refused_whole_when_one_session_clashes(db) -> None:
    make_activity(db, title="法律咨询", start=SAT + dt.timedelta(weeks=3))
    data = ActivityInput(title="四点半课堂", category="children", room_id=room_id(db), starts_at=SAT,
                         ends_at=SAT + dt.timedelta(hours=2), capacity=10)
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        create_series(s, data, sessions=6)
    assert "法律咨询" in err.value.errors["room_id"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(act.Activity)) == 1


# --- capacity and waitlist ---------------------------------------------------------------


def test_capacity_then_waitlist_in_order(db) -> None:
    aid = make_activity(db, capacity=3)
    people = [person(db, n) for n in ("甲一", "乙二", "丙三", "丁四", "戊五")]
    results = [do_book(db, aid, p) for p in people]
    assert [r.status for r in results] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert [r.waitlist_position for r in results] == [None, None, None, 1, 2]
    assert results[2].seats_left == 0
    with db.session() as s:
        assert act.seats_left(s, aid) == 0


def test_multi_seat_booking_and_promotion_of_the_first_that_fits(db) -> None:
    aid = make_activity(db, capacity=4)
    a, b, c, d = (person(db, n) for n in ("甲一", "乙二", "丙三", "丁四"))
    assert do_book(db, aid, a, seats=3).status == "confirmed"
    assert do_book(db, aid, b, seats=1).status == "confirmed"
    big = do_book(db, aid, c, seats=2)  # a parent with a child: no room
    small = do_book(db, aid, d, seats=1)
    assert (big.status, small.status) == ("waitlisted", "waitlisted")
    # b cancels: one seat free; c (2 seats) does not fit, d does and is called.
    with db.write() as s:
        called = cancel_booking(s, results_id(s, aid, b), now=NOW)
    assert [p.name for p in called] == ["丁四"]
    # a cancels: three seats free; c moves up.
    with db.write() as s:
        called = cancel_booking(s, results_id(s, aid, a), now=NOW)
    assert [(p.name, p.seats) for p in called] == [("丙三", 2)]
    assert dict(statuses(db, aid))[c] == "confirmed"


def results_id(session, aid, rid) -> int:
    return session.scalar(
        select(ActivityBooking.id).where(
            ActivityBooking.activity_id == aid, ActivityBooking.resident_id == rid,
            ActivityBooking.status != "cancelled",
        )
    )


def test_promotion_keeps_booking_order(db) -> None:
    aid = make_activity(db, capacity=1)
    first, w1, w2 = (person(db, n) for n in ("甲一", "乙二", "丙三"))
    do_book(db, aid, first)
    do_book(db, aid, w1)
    do_book(db, aid, w2)
    with db.write() as s:
        called = cancel_booking(s, results_id(s, aid, first), now=NOW)
    assert [p.name for p in called] == ["乙二"]
    assert dict(statuses(db, aid)) == {first: "cancelled", w1: "confirmed", w2: "waitlisted"}
    with db.session() as s:
        rows = act.activity_bookings(s, aid)
    assert [r.waitlist_position for r in rows if r.status == "waitlisted"] == [1]


def test_cancelling_a_waitlisted_booking_promotes_nobody(db) -> None:
    aid = make_activity(db, capacity=1)
    a, b = person(db, "甲一"), person(db, "乙二")
    do_book(db, aid, a)
    do_book(db, aid, b)
    with db.write() as s:
        assert cancel_booking(s, results_id(s, aid, b), now=NOW) == []


def test_raising_the_seats_promotes_and_lowering_below_booked_is_refused(db) -> None:
    aid = make_activity(db, capacity=1)
    a, b = person(db, "甲一"), person(db, "乙二")
    do_book(db, aid, a)
    do_book(db, aid, b)
    with db.write() as s:
        data = ActivityInput.from_activity(act.get_activity(s, aid))
        data.capacity = 2
        assert [p.name for p in update_activity(s, aid, data)] == ["乙二"]
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        data.capacity = 1
        update_activity(s, aid, data)
    assert "2 seats are booked" in err.value.errors["capacity"]


def test_two_copies_of_the_app_race_for_the_last_seat(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "race.sqlite3"
    setup = open_database(path)
    aid = make_activity(setup, capacity=2)
    first, a, b = person(setup, "甲一"), person(setup, "乙二"), person(setup, "丙三")
    do_book(setup, aid, first)  # one seat left
    setup.dispose()

    # Two separate engines, as two PCs would have.
    one, two = open_database(path, create=False), open_database(path, create=False)
    real = act.seats_taken

    def slow_seats_taken(session, activity_id):
        taken = real(session, activity_id)
        time.sleep(0.3)  # both would see the free seat if the check were not locked
        return taken

    monkeypatch.setattr(booking_rules, "seats_taken", slow_seats_taken)
    barrier = threading.Barrier(2)
    results: dict[int, object] = {}

    def run(database, rid):
        barrier.wait()
        try:
            with database.write() as s:
                results[rid] = book(s, BookingRequest(activity_id=aid, resident_id=rid), now=NOW).status
        except Exception as exc:  # pragma: no cover - reported below
            results[rid] = exc

    threads = [threading.Thread(target=run, args=(one, a)), threading.Thread(target=run, args=(two, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    one.dispose()
    two.dispose()
    assert sorted(results.values()) == ["confirmed", "waitlisted"], results
    check = open_database(path, create=False)
    try:
        with check.session() as s:
            assert real(s, aid) == 2  # never above capacity
    finally:
        check.dispose()


# --- refusals and overrides -----------------------------------------------------------------


def test_same_person_twice_is_refused(db) -> None:
    aid = make_activity(db)
    a = person(db, "甲一")
    do_book(db, aid, a)
    with pytest.raises(BookingRefused) as err:
        do_book(db, aid, a)
    assert err.value.kind == "duplicate" and "甲一 is already booked" in str(err.value)
    # After cancelling, the same person may book again.
    with db.write() as s:
        cancel_booking(s, results_id(s, aid, a), now=NOW)
    assert do_book(db, aid, a).status == "confirmed"


def test_after_the_deadline_refused_then_overridden_and_recorded(db) -> None:
    aid = make_activity(db, signup_deadline=NOW - dt.timedelta(hours=1))
    a = person(db, "甲一")
    with pytest.raises(BookingRefused) as err:
        do_book(db, aid, a)
    assert err.value.kind == "deadline" and err.value.overridable
    assert "deadline" in str(err.value)
    result = do_book(db, aid, a, override_deadline=True)
    assert result.status == "confirmed" and result.overrides == ("deadline",)
    with db.session() as s:
        kinds = s.scalars(select(BookingOverride.kind).where(BookingOverride.booking_id == result.booking_id)).all()
    assert kinds == ["deadline"]


def test_before_sign_up_opens_and_closed_are_deadline_refusals(db) -> None:
    aid = make_activity(db, signup_opens_at=NOW + dt.timedelta(hours=1))
    with pytest.raises(BookingRefused, match="opens on"):
        do_book(db, aid, person(db, "甲一"))
    other = make_activity(db, start=SAT + dt.timedelta(days=1), status="closed")
    with pytest.raises(BookingRefused, match="closed"):
        do_book(db, other, person(db, "乙二"))


def test_a_cancelled_activity_refuses_even_with_an_override(db) -> None:
    aid = make_activity(db)
    with db.write() as s:
        act.set_activity_status(s, aid, "cancelled")
    with pytest.raises(BookingRefused) as err:
        do_book(db, aid, person(db, "甲一"), override_deadline=True)
    assert err.value.kind == "cancelled" and not err.value.overridable


def test_elders_only_refuses_a_younger_resident_unless_overridden_with_a_reason(db) -> None:
    aid = make_activity(db, target_group="elders")
    young = person(db, "甲一", birth=dt.date(1990, 5, 5))
    with pytest.raises(BookingRefused) as err:
        do_book(db, aid, young)
    assert err.value.kind == "target_group" and "甲一 is 36" in str(err.value)
    result = do_book(db, aid, young, override_reason="陪同母亲")
    assert result.overrides == ("target_group",)
    with db.session() as s:
        reason = s.scalar(select(BookingOverride.reason).where(BookingOverride.booking_id == result.booking_id))
    assert reason == "陪同母亲"
    # A 60-year-old on the day of the activity is in.
    assert do_book(db, aid, person(db, "乙二", birth=dt.date(1966, 11, 21))).status == "confirmed"


def test_children_need_a_guardian_seat(db) -> None:
    aid = make_activity(db, target_group="children", capacity=10)
    with pytest.raises(BookingRefused, match="at least 2 seats"):
        do_book(db, aid, person(db, "甲一"))
    assert do_book(db, aid, person(db, "乙二"), seats=2).status == "confirmed"


# --- walk-ins ----------------------------------------------------------------------------------


def test_walk_in_booking_and_registering_in_one_step(db) -> None:
    aid = make_activity(db)
    with pytest.raises(ValidationFailed) as err:
        do_book(db, aid, walkin_name="", walkin_phone="12")
    assert set(err.value.errors) == {"walkin_name", "walkin_phone"}
    result = do_book(db, aid, walkin_name="阿卜杜·热合曼", walkin_phone="139 0000 1112")
    with pytest.raises(BookingRefused):
        do_book(db, aid, walkin_name="阿卜杜·热合曼", walkin_phone="13900001112")
    with db.write() as s:
        resident = act.register_walkin(s, result.booking_id, today=NOW.date())
        rid = resident.id
    with db.session() as s:
        b = s.get(ActivityBooking, result.booking_id)
        assert b.resident_id == rid and b.walkin_name is None and b.walkin_phone is None
        assert s.get(Resident, rid).phone == "13900001112"


def test_registering_a_walk_in_who_exists_asks_first(db) -> None:
    person(db, "𠮷祥", phone="13900001113")
    aid = make_activity(db)
    result = do_book(db, aid, walkin_name="𠮷祥", walkin_phone="13900001113")
    with db.write() as s, pytest.raises(NeedsConfirmation):
        act.register_walkin(s, result.booking_id, today=NOW.date())


# --- attendance and history ------------------------------------------------------------------


def test_attendance_no_shows_and_history(db) -> None:
    aid = make_activity(db, capacity=3)
    a, b, c = (person(db, n) for n in ("甲一", "乙二", "丙三"))
    for p in (a, b, c):
        do_book(db, aid, p)
    with db.write() as s:
        act.check_in(s, aid, a, now=SAT)
        act.set_attended(s, results_id(s, aid, b), True, now=SAT)
        assert act.mark_no_shows(s, aid) == 1
        assert act.get_activity(s, aid).status == "done"
    assert dict(statuses(db, aid)) == {a: "attended", b: "attended", c: "no_show"}
    with db.write() as s, pytest.raises(LinliError, match="no booking"):
        act.check_in(s, aid, person(db, "丁四"), now=SAT)
    with db.session() as s:
        history = act.resident_history(s, c)
    assert history.no_shows == 1 and history.rows[0].title == "书法班"


def test_desk_lists_this_weekend_and_next_week_with_seats_left(db) -> None:
    soon = make_activity(db, capacity=5)
    next_week = make_activity(db, start=SAT + dt.timedelta(days=8), title="义诊")
    make_activity(db, start=SAT + dt.timedelta(days=16), title="太远")
    make_activity(db, start=SAT + dt.timedelta(days=1), title="草稿", status="draft")
    do_book(db, soon, person(db, "甲一"), seats=2)
    with db.session() as s:
        rows = act.desk_activities(s, NOW)
    assert [r.id for r in rows] == [soon, next_week]
    assert rows[0].seats_left == 3


def test_catalogue_filters_in_sql(db) -> None:
    make_activity(db, title="书法班")
    make_activity(db, title="义诊", category="clinic", start=SAT + dt.timedelta(days=1))
    source = act.ActivityListSource(now=NOW)
    with db.session() as s:
        assert len(source.ids(s, "", None, False)) == 2
        ids = source.ids(s, "义诊", None, False)
        assert len(ids) == 1
        assert source.rows(s, ids)[ids[0]][1] == "义诊"
        assert len(source.ids(s, "Free clinic", None, False)) == 1


def test_monthly_statistics(db) -> None:
    aid = make_activity(db, capacity=5)
    other = make_activity(db, capacity=5, category="clinic", start=SAT + dt.timedelta(days=1))
    for p in ("甲一", "乙二"):
        do_book(db, aid, person(db, p))
    do_book(db, other, person(db, "丙三"), seats=2)
    with db.write() as s:
        first = results_id(s, aid, s.scalar(select(Resident.id).where(Resident.name == "甲一")))
        act.set_attended(s, first, True, now=SAT)
        act.mark_no_shows(s, aid)
        booking = s.scalar(select(ActivityBooking.id).where(ActivityBooking.activity_id == other))
        act.set_attended(s, booking, True, now=SAT)
    with db.session() as s:
        stats = act.monthly_statistics(s, 2026, 11, now=dt.datetime(2026, 11, 30))
    assert stats.held == 2
    by = {c.category: c for c in stats.by_category}
    assert (by["culture"].attended, by["culture"].booked) == (1, 2)
    assert by["clinic"].attended == 2
    assert stats.rate == pytest.approx(3 / 4)
