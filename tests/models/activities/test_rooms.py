"""Rooms are data: add, rename, change the capacity, retire and reinstate — with
refusals that name the activity in the way."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

import models.activities as act
from models.activities.programme import ActivityInput, create_activity, update_activity
from models.core.errors import LinliError, ValidationFailed
from models.safety.security import CLERK, VOLUNTEER, Actor, PermissionDenied, acting_as

NOW = dt.datetime(2026, 11, 20, 10, 0)  # a Friday
SAT = dt.datetime(2026, 11, 21, 9, 0)


def room_id(db, name="活动室") -> int:
    with db.session() as s:
        return s.scalar(select(act.ActivityRoom.id).where(act.ActivityRoom.name == name))


def make_activity(db, *, capacity=3, start=SAT, room="活动室", title="书法班") -> int:
    data = ActivityInput(title=title, category="culture", room_id=room_id(db, room), starts_at=start,
                         ends_at=start + dt.timedelta(hours=2), capacity=capacity)
    with db.write() as s:
        return create_activity(s, data).id


def save_room(db, name, capacity, rid=None):
    with db.write() as s:
        return act.save_room(s, name, capacity, rid, now=NOW).id


def test_add_a_room_then_it_is_offered(db) -> None:
    rid = save_room(db, "  图书 角 ", 12)
    with db.session() as s:
        rooms = {r.name: r.capacity for r in act.list_rooms(s)}
    assert rooms["图书 角"] == 12
    make_activity(db, room="图书 角", capacity=12)
    with pytest.raises(ValidationFailed) as err:
        make_activity(db, room="图书 角", capacity=13, start=SAT + dt.timedelta(days=1))
    assert "图书 角 holds 12 people" in err.value.errors["capacity"]
    assert rid


def test_room_names_are_required_unique_and_short(db) -> None:
    with pytest.raises(ValidationFailed) as err:
        save_room(db, "  ", 0)
    assert set(err.value.errors) == {"name", "capacity"}
    with pytest.raises(ValidationFailed) as err:
        save_room(db, "活动室", 10)
    assert err.value.errors["name"] == "A room named 活动室 exists already."
    with pytest.raises(ValidationFailed) as err:
        save_room(db, "厅" * 41, 10)
    assert "40" in err.value.errors["name"]
    with pytest.raises(ValidationFailed) as err:
        save_room(db, "大操场", act.MAX_ROOM_CAPACITY + 1)
    assert "capacity" in err.value.errors


def test_rename_keeps_the_activities_in_the_room(db) -> None:
    aid = make_activity(db)
    save_room(db, "活动室（二楼）", 30, room_id(db))
    with db.session() as s:
        assert act.activity_row(s, aid).room == "活动室（二楼）"
    # Keeping its own name is not a clash with itself.
    save_room(db, "活动室（二楼）", 30, room_id(db, "活动室（二楼）"))


def test_capacity_below_a_coming_activity_is_refused_naming_it(db) -> None:
    make_activity(db, capacity=20, title="象棋比赛")
    make_activity(db, capacity=25, title="书法展", start=SAT + dt.timedelta(days=7))
    rid = room_id(db)
    with pytest.raises(ValidationFailed) as err:
        save_room(db, "活动室", 24, rid)
    message = err.value.errors["capacity"]
    assert "书法展" in message and "25 seats" in message and "活动室 cannot hold fewer than 25" in message
    assert "象棋比赛" not in message  # the biggest one is what stands in the way
    save_room(db, "活动室", 25, rid)
    with db.session() as s:
        assert act.get_room(s, rid).capacity == 25


def test_past_and_cancelled_activities_do_not_hold_the_capacity(db) -> None:
    past = make_activity(db, capacity=30, start=NOW - dt.timedelta(days=3))
    cancelled = make_activity(db, capacity=28)
    with db.write() as s:
        act.set_activity_status(s, cancelled, "cancelled")
    save_room(db, "活动室", 10, room_id(db))
    with db.session() as s:
        assert act.get_activity(s, past).capacity == 30  # history keeps its seats


def test_retire_refused_while_coming_activities_use_the_room(db) -> None:
    aid = make_activity(db, title="象棋比赛")
    for k in range(1, 5):
        make_activity(db, title=f"第{k}课", start=SAT + dt.timedelta(days=7 * k))
    rid = room_id(db)
    with db.write() as s, pytest.raises(LinliError) as err:
        act.retire_room(s, rid, now=NOW)
    message = str(err.value)
    assert "活动室 cannot be retired: 5 coming activities" in message
    assert "象棋比赛 (Saturday, November 21, 2026, 09:00)" in message and "and 2 more" in message
    with db.session() as s:
        assert not act.get_room(s, rid).archived
    assert aid


def test_retired_room_is_not_offered_but_history_keeps_it(db) -> None:
    past = make_activity(db, start=NOW - dt.timedelta(days=7), title="旧课")
    rid = room_id(db)
    with db.write() as s:
        act.retire_room(s, rid, now=NOW)
    with db.session() as s:
        assert "活动室" not in [r.name for r in act.list_rooms(s)]
        assert "活动室" in [r.name for r in act.list_rooms(s, include_archived=True)]
        assert act.activity_row(s, past).room == "活动室"
    with pytest.raises(ValidationFailed) as err:
        make_activity(db)
    assert err.value.errors["room_id"] == "活动室 is retired; choose another room."
    # The past activity can still be edited in its own room.
    with db.write() as s:
        data = ActivityInput.from_activity(act.get_activity(s, past))
        data.description = "补记"
        update_activity(s, past, data)
    with db.write() as s:
        act.reinstate_room(s, rid)
    make_activity(db)


def test_reopening_a_cancelled_activity_in_a_retired_room_is_refused(db) -> None:
    aid, rid = make_activity(db), room_id(db)
    with db.write() as s:
        act.set_activity_status(s, aid, "cancelled")
        act.retire_room(s, rid, now=NOW)
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        act.set_activity_status(s, aid, "open")
    assert "retired" in err.value.errors["room_id"]


def test_clerks_may_edit_rooms_volunteers_may_not(db) -> None:
    with acting_as(Actor("clerk", CLERK)):
        rid = save_room(db, "调解室二", 6)
    with acting_as(Actor("vol", VOLUNTEER)):
        with pytest.raises(PermissionDenied):
            save_room(db, "调解室三", 6)
        with db.write() as s, pytest.raises(PermissionDenied):
            act.retire_room(s, rid, now=NOW)
        with db.write() as s, pytest.raises(PermissionDenied):
            act.reinstate_room(s, rid)
