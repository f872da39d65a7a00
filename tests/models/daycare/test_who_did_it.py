""""Who did it" in day care is the logged-in account (security.current_actor), not the computer's login."""

from __future__ import annotations

import datetime as dt
import getpass

import pytest
from sqlalchemy import select

import models.daycare
from models.daycare.corrections import SheetEntry, correct_visit, enter_paper_sheet
from models.daycare.desk import check_in, check_out, checked_in_resident_ids
from models.daycare.enrolment import ContactInput, EnrolmentInput, enrol, set_status
from models.daycare.entities import Correction, StatusChange
from models.residents.registry import ResidentInput, create_resident
from models.safety import accounts
from models.safety.accounts import ScryptParams, create_account
from models.safety.security import CLERK, acting_as

MON = dt.date(2026, 11, 2)  # a Monday


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch) -> None:
    monkeypatch.setattr(accounts, "PARAMS", ScryptParams(n=2**4, r=1, p=1))


@pytest.fixture
def clerk(db):
    """The account ``desk-li`` (a clerk), logged in."""
    with db.write() as s:
        create_account(s, "desk-li", "clerk password", CLERK)
    actor = accounts.login(db, "desk-li", "clerk password")
    assert actor.username == "desk-li" and actor.username != getpass.getuser()
    return actor


def _elder(db, today, name="张三明"):
    with db.write() as s:
        return create_resident(s, ResidentInput(name=name, birth_date=dt.date(1940, 11, 5), phone=""), today=today).id


def _enrol(db, resident_id):
    with db.write() as s:
        return enrol(
            s,
            EnrolmentInput(
                resident_id=resident_id,
                enrolled_on=MON - dt.timedelta(days=30),
                service_days=frozenset(range(1, 8)),
                contacts=[ContactInput("王芳", "女儿", "13800138001")],
            ),
            today=MON,
        ).id


def _recorded_by(db):
    with db.session() as s:
        return list(s.execute(select(StatusChange.status, StatusChange.recorded_by).order_by(StatusChange.id)))


def test_enrolment_and_status_changes_record_the_logged_in_account(db, today, clerk):
    rid = _elder(db, today)
    with acting_as(clerk):
        eid = _enrol(db, rid)
        with db.write() as s:
            set_status(s, eid, "paused", effective_on=MON, reason="住院", today=MON)
        with db.write() as s:  # the desk's "resume and check in"
            set_status(s, eid, "active", effective_on=MON, today=MON)
            check_in(s, rid, at=dt.datetime.combine(MON, dt.time(8, 30)))
    assert _recorded_by(db) == [("active", "desk-li"), ("paused", "desk-li"), ("active", "desk-li")]


def test_corrections_and_the_paper_sheet_record_the_logged_in_account(db, today, clerk):
    rid = _elder(db, today)
    eid = _enrol(db, rid)
    with acting_as(clerk):
        with db.write() as s:
            correct_visit(s, eid, MON, check_in_time=dt.time(8, 30), reason="停电，补录")
        with db.write() as s:
            enter_paper_sheet(s, MON + dt.timedelta(days=1), [SheetEntry(eid, True, dt.time(8, 40))])
    with db.session() as s:
        log = list(s.execute(select(Correction.reason, Correction.corrected_by).order_by(Correction.id)))
    assert log == [("停电，补录", "desk-li"), ("Entered from the paper attendance sheet", "desk-li")]


def test_an_explicit_by_still_wins_and_headless_work_is_the_system(db, today):
    rid = _elder(db, today)
    eid = _enrol(db, rid)  # no login: the system acts
    with db.write() as s:
        set_status(s, eid, "paused", effective_on=MON, reason="住院", by="import", today=MON)
    assert _recorded_by(db) == [("active", "system"), ("paused", "import")]


def test_checked_in_resident_ids_lists_the_day_s_checked_in_elders_only(db, today):
    """The function the meals desk calls: checked in that day (out or not), nobody else."""
    inside, gone_home, absent, not_enrolled = (
        _elder(db, today, name) for name in ("张三明", "李𠮷", "王秀英", "赵小明")
    )
    for rid in (inside, gone_home, absent):
        _enrol(db, rid)
    with db.write() as s:
        check_in(s, inside, at=dt.datetime.combine(MON, dt.time(8, 30)))
        check_in(s, gone_home, at=dt.datetime.combine(MON, dt.time(8, 40)))
        check_out(s, gone_home, at=dt.datetime.combine(MON, dt.time(11, 0)), collector_name="王芳")
        check_in(s, absent, at=dt.datetime.combine(MON - dt.timedelta(days=1), dt.time(9, 0)))  # another day
    with db.session() as s:
        got = checked_in_resident_ids(s, MON)
        assert sorted(got) == sorted([inside, gone_home])
        assert absent not in got and not_enrolled not in got
        assert checked_in_resident_ids(s, MON + dt.timedelta(days=1)) == []
    assert models.daycare.checked_in_resident_ids is checked_in_resident_ids  # the name other jobs import
