"""Several desks at once on one PostgreSQL server (issue 19): two processes race for the
last seat, the same elder's check-in, the same meal, and the audit chain's end.

Each race is two real processes (tests/pg/desk_worker.py) against a real server; each
slows its own check down between reading and writing, so without the write lock
(``pg_advisory_xact_lock`` in :mod:`models.core.db`) both would win.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.activities.bookings import seats_taken
from models.activities.entities import ActivityRoom
from models.activities.programme import ActivityInput, create_activity
from models.core.db import open_database
from models.daycare.enrolment import ContactInput, EnrolmentInput, enrol
from models.daycare.entities import Visit
from models.meals.entities import Meal
from models.meals.menu import MenuEntry, save_menu
from models.residents.registry import ResidentInput, create_resident
from models.safety.audit import AuditEntry, verify_chain

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("desk_worker.py")
MON = dt.date(2026, 11, 2)
SAT = dt.datetime(2026, 11, 21, 9, 0)


@pytest.fixture
def server_db(pg_url):
    db = open_database(pg_url)
    try:
        yield db
    finally:
        db.dispose()


def race(url: str, *calls: list[str]) -> list[str]:
    """Run one worker per call, starting together; their one-line answers, in order."""
    start = time.time() + 4.0  # time enough for both to import and connect
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, str(WORKER), call[0], url, str(start), *call[1:]],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for call in calls]
    answers = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        answers.append(out.strip().splitlines()[-1])
    return answers


def resident(db, name: str) -> int:
    with db.write() as s:
        return create_resident(s, ResidentInput(name=name, birth_date=dt.date(1948, 3, 1)), today=MON).id


def test_two_desks_book_the_last_seat_one_gets_it_the_other_the_waitlist(server_db, pg_url) -> None:
    with server_db.write() as s:
        room = s.scalar(select(ActivityRoom.id).order_by(ActivityRoom.id).limit(1))
        aid = create_activity(s, ActivityInput(title="书法班", category="culture", room_id=room, starts_at=SAT,
                                               ends_at=SAT + dt.timedelta(hours=2), capacity=1)).id
    a, b = resident(server_db, "郑𠮷"), resident(server_db, "阿依古丽·买买提")
    answers = race(pg_url, ["book", str(aid), str(a)], ["book", str(aid), str(b)])
    assert sorted(answers) == ["ok confirmed", "ok waitlisted"], answers
    with server_db.session() as s:
        assert seats_taken(s, aid) == 1  # never a double booking


def test_two_desks_check_the_same_elder_in_one_is_refused(server_db, pg_url) -> None:
    rid = resident(server_db, "郑𠮷")
    with server_db.write() as s:
        enrol(s, EnrolmentInput(resident_id=rid, enrolled_on=MON - dt.timedelta(days=30), care_level="mild",
                                service_days=frozenset((1, 2, 3, 4, 5)),
                                contacts=[ContactInput(name="王芳", relation="女儿", phone="13800138001",
                                                       emergency=True, may_collect=True)]), today=MON)
    at = dt.datetime.combine(MON, dt.time(8, 30)).isoformat()
    answers = race(pg_url, ["checkin", str(rid), at], ["checkin", str(rid), at])
    assert sorted(a.split()[0] for a in answers) == ["ok", "refused"], answers
    assert any("already checked in" in a and "郑𠮷" in a for a in answers), answers
    with server_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 1


def test_two_desks_log_the_same_meal_one_is_asked_to_confirm(server_db, pg_url) -> None:
    rid = resident(server_db, "欧阳明理")
    with server_db.write() as s:
        save_menu(s, [MenuEntry(MON, "lunch", "红烧肉", 1500)])
    answers = race(pg_url, ["meal", str(rid), MON.isoformat()], ["meal", str(rid), MON.isoformat()])
    assert sorted(a.split()[0] for a in answers) == ["ok", "refused"], answers
    assert any("already has" in a for a in answers), answers
    with server_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Meal).where(Meal.resident_id == rid)) == 1


def test_two_desks_writing_audit_entries_keep_one_chain(server_db, pg_url) -> None:
    answers = race(pg_url, ["audit", "25", "desk-1"], ["audit", "25", "desk-2"])
    assert answers == ["ok 25", "ok 25"]
    with server_db.session() as s:
        report = verify_chain(s)
        summaries = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "print")).all()
    assert report.sound, report
    assert len(summaries) == 50 and {x.split()[0] for x in summaries} == {"desk-1", "desk-2"}
