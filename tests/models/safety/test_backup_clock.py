"""Backups and a wrong clock (issue 13): rotation by the recorded time and the sequence.

Backups dated in the future by a clock that was ahead must not push out
today's and must be pruned in the end; a clock that is behind now must not
get the real history pruned; a clock that went back is told in one line.
"""

from __future__ import annotations

import datetime as dt
import errno
import os

import pytest

from models.core.db import open_database
from models.residents.registry import ResidentInput, create_resident
from models.safety.backup import (
    BackupError,
    list_backups,
    make_backup,
    meta_path,
    plan_rotation,
    read_meta,
)


class FakeClock:
    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += dt.timedelta(**kw)


@pytest.fixture
def file_db(tmp_db_path, today):
    database = open_database(tmp_db_path)
    with database.write() as s:
        create_resident(s, ResidentInput(name="张三"), today=today)
    yield database
    database.dispose()


def _backups(db):
    return list_backups(db.path.parent / "backups", db.path.stem)


def test_each_backup_records_its_time_and_a_rising_sequence(file_db):
    clock = FakeClock(dt.datetime(2026, 12, 1, 9, 0))
    first = make_backup(file_db.path, "timer", clock=clock, second_folder="")
    clock.advance(minutes=30)
    second = make_backup(file_db.path, "manual", clock=clock, second_folder="")
    assert (first.sequence, second.sequence) == (1, 2)
    meta = read_meta(second.path)
    assert meta["sequence"] == 2 and meta["taken_at"] == "2026-12-01T09:30:00" and meta["kind"] == "manual"
    assert [b.sequence for b in _backups(file_db)] == [2, 1]  # the last made first


def test_the_recorded_time_is_judged_not_the_file_name(file_db):
    clock = FakeClock(dt.datetime(2026, 12, 1, 9, 0))
    result = make_backup(file_db.path, "timer", clock=clock, second_folder="")
    renamed = result.path.with_name(result.path.name.replace("20261201", "20300101"))
    result.path.rename(renamed)
    meta_path(result.path).rename(meta_path(renamed))
    (b,) = _backups(file_db)
    assert b.taken_at == dt.datetime(2026, 12, 1, 9, 0) and b.sequence == 1


def test_backups_dated_in_the_future_do_not_push_out_todays_and_are_pruned_in_the_end(file_db):
    clock = FakeClock(dt.datetime(2026, 12, 1, 9, 0))
    made = []

    def back_up():  # every 30 minutes of real time, whatever the clock says
        result = make_backup(file_db.path, "timer", clock=clock, second_folder="")
        made.append(result)
        clock.advance(minutes=30)
        return result

    for _ in range(12):  # 09:00–14:30, the clock right
        back_up()
    clock.advance(days=365)  # the clock jumps a year ahead
    future = [back_up() for _ in range(4)]
    assert all(not r.clock_warning for r in made)
    clock.advance(days=-365)  # put right: 2026-12-01 17:00
    fixed = back_up()
    assert fixed.clock_warning and "2026-12-01 17:00:00" in fixed.clock_warning
    assert "2027-12-01 16:30:00" in fixed.clock_warning and fixed.clock_warning in fixed.notes
    assert len(fixed.clock_warning.splitlines()) == 1
    today = [fixed] + [back_up() for _ in range(9)]  # 17:00–21:30
    assert all(not r.clock_warning for r in today[1:])  # told once, when it happened
    kept = {b.path for b in _backups(file_db)}
    assert {r.path for r in today} <= kept  # today's ten newest are all there
    one_more = back_up()
    kept = {b.path for b in _backups(file_db)}
    assert not {r.path for r in future} & kept  # the misdated ones went
    assert not any(meta_path(r.path).exists() for r in future)  # with their metadata
    assert {r.path for r in today[1:]} | {one_more.path} <= kept


def test_rotation_by_sequence_against_rotation_by_date():
    """The same history through plan_rotation, with and without the sequence."""
    base = dt.datetime(2026, 12, 1, 9, 0)
    items = [(base + dt.timedelta(minutes=30 * i), "timer", i + 1) for i in range(12)]
    items += [(base + dt.timedelta(days=365, minutes=30 * (12 + i)), "timer", 13 + i) for i in range(4)]
    items += [(base + dt.timedelta(minutes=30 * (16 + i)), "timer", 17 + i) for i in range(10)]
    now = items[-1][0]
    kept = plan_rotation(items, now)
    assert set(range(16, 26)) <= kept  # the ten made today after the clock was put right
    assert not kept & set(range(12, 16))  # the misdated four: placed after 14:30, older than ten others
    # by the dates alone (no sequence) the four take four of the ten "newest" places
    by_date = plan_rotation([(ts, kind) for ts, kind, _s in items], now)
    assert set(range(12, 16)) <= by_date and not set(range(16, 26)) <= by_date


def test_a_clock_that_is_behind_now_does_not_get_the_history_pruned():
    # Two years of daily backups, then the clock falls back to a date inside them (a dead CMOS battery).
    start = dt.datetime(2024, 6, 1, 9, 0)
    items = [(start + dt.timedelta(days=d), "timer", d + 1) for d in range(730)]
    wrong = dt.datetime(2025, 1, 1, 9, 0)
    items += [(wrong + dt.timedelta(minutes=30 * i), "timer", 731 + i) for i in range(40)]
    kept = plan_rotation(items, items[-1][0])
    # every backup dated after the wrong "now" is kept: the clock may be the one that is wrong
    assert {i for i, (ts, _k, _s) in enumerate(items) if ts > items[-1][0]} <= kept


def test_a_run_in_the_future_longer_than_the_time_around_it_is_kept():
    base = dt.datetime(2026, 12, 1, 9, 0)
    items = [(base, "timer", 1),
             (base + dt.timedelta(days=400), "timer", 2), (base + dt.timedelta(days=420), "timer", 3),
             *[(base + dt.timedelta(hours=1, minutes=30 * i), "timer", 4 + i) for i in range(20)]]
    kept = plan_rotation(items, items[-1][0])
    assert {1, 2} <= kept  # 20 days of span between two backups one hour apart: cannot be placed


def test_a_backup_whose_metadata_cannot_be_written_is_not_kept(file_db, monkeypatch):
    clock = FakeClock(dt.datetime(2026, 12, 1, 9, 0))
    first = make_backup(file_db.path, "timer", clock=clock, second_folder="")
    clock.advance(minutes=30)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    import models.safety.backup as backup

    monkeypatch.setattr(backup, "_write_meta", full)
    with pytest.raises(BackupError, match="disk is full"):
        make_backup(file_db.path, "timer", clock=clock, second_folder="")
    monkeypatch.undo()
    folder = file_db.path.parent / "backups"
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.path.name, meta_path(first.path).name])


def test_the_command_line_prints_the_clock_warning(file_db, tmp_path, monkeypatch, capsys):
    import main
    import models.safety.backup as backup

    clock = FakeClock(dt.datetime(2027, 12, 1, 9, 0))
    make_backup(file_db.path, "timer", clock=clock, second_folder="")
    monkeypatch.setattr(backup, "_now", lambda: dt.datetime(2026, 12, 1, 9, 0))
    monkeypatch.setattr(backup.make_backup, "__kwdefaults__", {**backup.make_backup.__kwdefaults__, "clock": backup._now})
    assert main.main(["--lang", "en", "backup", "--db", str(file_db.path)]) == 0
    err = capsys.readouterr().err
    assert "clock went back" in err and len([ln for ln in err.splitlines() if "clock" in ln]) == 1
