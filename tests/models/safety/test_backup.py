"""Backups: online copy checked before pruning, rotation with a fake clock, restore round trip."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from models.core.db import open_database
from models.residents.registry import ResidentInput, create_resident
from models.safety.backup import (
    BackupError,
    ChangeWatcher,
    backup_if_changed,
    backup_name,
    list_backups,
    make_backup,
    parse_backup_name,
    plan_rotation,
    restore_backup,
    verify_file,
)


class FakeClock:
    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now += dt.timedelta(**kw)


def count(path: Path, table: str = "resident") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def file_db(tmp_db_path, today):
    database = open_database(tmp_db_path)
    with database.write() as s:
        for name in ("张三", "李四", "王五"):
            create_resident(s, ResidentInput(name=name), today=today)
    yield database
    database.dispose()


# --- names and rotation ---------------------------------------------------------------------


def test_backup_names_carry_time_and_kind():
    name = backup_name("linli", dt.datetime(2026, 11, 22, 8, 30, 5), "import")
    assert name == "linli-20261122-083005-import.sqlite3"
    parsed = parse_backup_name(Path(name), "linli")
    assert parsed.taken_at == dt.datetime(2026, 11, 22, 8, 30, 5) and parsed.kind == "import" and parsed.risky
    assert parse_backup_name(Path("linli-20261122-083005-migration-0005.sqlite3")).note == "0005"
    assert parse_backup_name(Path("other.sqlite3")) is None
    assert parse_backup_name(Path(name), "another") is None


def test_rotation_keeps_7_daily_8_weekly_12_monthly():
    clock = FakeClock(dt.datetime(2025, 1, 1, 9, 0))
    items = []
    for _day in range(500):  # every day for 500 days: 16 backups during opening hours
        for _i in range(16):
            items.append((clock(), "timer"))
            clock.advance(minutes=30)
        clock.advance(hours=16)
    now = clock()
    kept = [items[i][0] for i in sorted(plan_rotation(items, now))]
    days = {ts.date() for ts in kept}
    newest = max(ts for ts, _k in items)
    # the newest of each of the last 7 days
    for back in range(7):
        day = newest.date() - dt.timedelta(days=back)
        assert max(ts for ts, _k in items if ts.date() == day) in kept
    # the last 8 ISO weeks and 12 months have a backup each
    assert len({ts.isocalendar()[:2] for ts in kept}) >= 8
    assert len({(ts.year, ts.month) for ts in kept}) >= 12
    # the 10 newest are all kept (a mistake at 11:00 can go back to 10:30)
    assert sorted(ts for ts, _k in items)[-10:] == sorted(kept)[-10:]
    # and not much more: 10 recent + 7 + 8 + 12 at most
    assert len(kept) <= 37 and len(days) <= 7 + 8 + 12


def test_rotation_keeps_the_last_10_risky_apart_from_routine():
    base = dt.datetime(2026, 1, 1)
    items = [(base + dt.timedelta(hours=i), "import") for i in range(15)]
    items += [(base + dt.timedelta(hours=i, minutes=5), "timer") for i in range(15)]
    kept = plan_rotation(items, base + dt.timedelta(days=1))
    risky = sorted(items[i][0] for i in kept if items[i][1] == "import")
    assert risky == [ts for ts, _k in items[5:15]]
    # routine backups do not push risky ones out
    assert sum(1 for i in kept if items[i][1] == "timer") == 10


def test_rotation_keeps_backups_dated_in_the_future():
    now = dt.datetime(2026, 1, 1)
    items = [(now + dt.timedelta(days=400), "timer")] + [(now - dt.timedelta(minutes=i), "timer") for i in range(30)]
    assert 0 in plan_rotation(items, now)


# --- making backups ---------------------------------------------------------------------------


def test_backup_is_verified_and_holds_uncheckpointed_commits(file_db, tmp_path, today):
    # Recent commits sit in the -wal file; the online backup must hold them.
    with file_db.write() as s:
        create_resident(s, ResidentInput(name="赵六"), today=today)
    result = make_backup(file_db.path, "manual", second_folder="")
    assert result.path.parent == file_db.path.parent / "backups"
    assert result.path.name.endswith("-manual.sqlite3")
    assert count(result.path) == 4
    assert result.row_counts["resident"] == 4
    assert verify_file(result.path, result.row_counts).ok
    # a single self-contained file, not a WAL database
    conn = sqlite3.connect(result.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not list(result.path.parent.glob("*.partial"))


def test_rotation_prunes_only_after_a_verified_backup(file_db, tmp_path):
    clock = FakeClock(dt.datetime(2026, 1, 1, 9, 0))
    for _ in range(30):
        make_backup(file_db.path, "timer", clock=clock, second_folder="")
        clock.advance(minutes=30)
    folder = file_db.path.parent / "backups"
    assert len(list_backups(folder, file_db.path.stem)) == 10  # one day: the 10 newest
    unrelated = folder / "notes.txt"
    unrelated.write_text("keep me")
    for _ in range(3):
        make_backup(file_db.path, "import", clock=clock, second_folder="")
        clock.advance(days=1)
    assert unrelated.exists()
    kinds = [b.kind for b in list_backups(folder, file_db.path.stem)]
    assert kinds.count("import") == 3


def test_a_failed_verification_keeps_older_backups(file_db, monkeypatch):
    clock = FakeClock(dt.datetime(2026, 1, 1, 9, 0))
    for _ in range(12):
        make_backup(file_db.path, "timer", clock=clock, second_folder="")
        clock.advance(minutes=30)
    folder = file_db.path.parent / "backups"
    before = {b.path for b in list_backups(folder)}
    import models.safety.backup as backup_module

    real = backup_module.verify_file

    def broken(path, expected=None):
        check = real(path, expected)
        check.problems.append("simulated damage")
        return check

    monkeypatch.setattr(backup_module, "verify_file", broken)
    with pytest.raises(BackupError, match="simulated damage"):
        make_backup(file_db.path, "timer", clock=clock, second_folder="")
    assert {b.path for b in list_backups(folder)} == before
    assert not list(folder.glob("*.partial"))


def test_second_folder_written_when_present_skipped_with_a_note_when_absent(file_db, tmp_path):
    usb = tmp_path / "usb"
    absent = make_backup(file_db.path, "manual", second_folder=str(usb))
    assert absent.copies == [] and "not there" in absent.notes[0]
    usb.mkdir()
    present = make_backup(file_db.path, "manual", second_folder=str(usb))
    assert len(present.copies) == 1 and present.copies[0].parent == usb
    assert count(present.copies[0]) == 3


def test_second_folder_is_read_from_the_settings(file_db, tmp_path):
    from models.core.settings import Setting

    usb = tmp_path / "stick"
    usb.mkdir()
    with file_db.write() as s:
        s.merge(Setting(key="backup.second_folder", value=str(usb)))
    result = make_backup(file_db.path, "manual")
    assert [p.parent for p in result.copies] == [usb]


def test_change_watcher_sees_commits_of_other_connections(file_db, today):
    watcher = ChangeWatcher(file_db.path)
    try:
        assert backup_if_changed(file_db.path, watcher, "timer") is None
        with file_db.write() as s:
            create_resident(s, ResidentInput(name="钱七"), today=today)
        result = backup_if_changed(file_db.path, watcher, "timer")
        assert result is not None and count(result.path) == 4
        assert backup_if_changed(file_db.path, watcher, "timer") is None
    finally:
        watcher.close()


def test_migration_backup_goes_through_the_backup_module(tmp_db_path):
    from models.safety.backup import backup_before_migration

    database = open_database(tmp_db_path)
    database.dispose()
    path = backup_before_migration(tmp_db_path, "0004")
    assert parse_backup_name(path).kind == "migration" and "0004" in path.name


# --- restore ------------------------------------------------------------------------------------


def test_restore_round_trip(file_db, today):
    path = file_db.path
    saved = make_backup(path, "manual", second_folder="")
    with file_db.write() as s:
        create_resident(s, ResidentInput(name="孙八"), today=today)
    file_db.dispose()
    result = restore_backup(path, saved.path)
    assert count(path) == 3
    assert result.safety_copy is not None and count(result.safety_copy) == 4
    assert parse_backup_name(result.safety_copy).kind == "restore"
    reopened = open_database(path, create=False)
    try:
        with reopened.write() as s:  # writable and sound again
            create_resident(s, ResidentInput(name="周九"), today=today)
        from models.core.db import check_database

        assert check_database(reopened).sound
    finally:
        reopened.dispose()
    assert count(path) == 4


def test_restore_reports_its_stages_in_order(file_db, today):
    path = file_db.path
    saved = make_backup(path, "manual", second_folder="")
    with file_db.write() as s:
        create_resident(s, ResidentInput(name="孙八"), today=today)
    file_db.dispose()
    steps = []
    result = restore_backup(path, saved.path, progress=lambda stage, done, total: steps.append((stage, done, total)))
    stages = [stage for stage, _done, _total in steps]
    assert stages == sorted(stages, key=["copy", "verify", "restore", "check"].index)  # in this order
    assert {"copy", "verify", "restore", "check"} == set(stages)
    restored = [(done, total) for stage, done, total in steps if stage == "restore"]
    assert restored[-1][0] == restored[-1][1] > 0  # every page written
    assert count(path) == 3 and count(result.safety_copy) == 4


def test_restore_refuses_an_unsound_backup_and_changes_nothing(file_db, tmp_path):
    path = file_db.path
    file_db.dispose()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError, match="not a Linli database"):
        restore_backup(path, junk)
    plain = tmp_path / "plain.sqlite3"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t(x)")
    conn.close()
    with pytest.raises(BackupError, match="not a Linli database"):
        restore_backup(path, plain)
    assert count(path) == 3
    assert not (path.parent / "backups").exists()


def test_restore_over_a_damaged_file(file_db, tmp_path):
    path = file_db.path
    saved = make_backup(path, "manual", second_folder="")
    file_db.dispose()
    path.write_bytes(b"\0" * 8192)  # wrecked
    result = restore_backup(path, saved.path)
    assert count(path) == 3
    assert result.safety_copy is not None and result.safety_copy.exists()


# --- what the window's Backups dialog and restore call ------------------------------------------


def test_the_second_folder_is_saved_behind_settings_write_and_read_back(file_db):
    from models.safety.backup import load_second_folder, save_second_folder, second_folder_of
    from models.safety.security import Actor, PermissionDenied, acting_as

    with file_db.session() as s:
        assert load_second_folder(s) == ""
    save_second_folder(file_db, "  /media/usb/LinliBackups ")
    with file_db.session() as s:
        assert load_second_folder(s) == "/media/usb/LinliBackups"
    assert second_folder_of(file_db.path) == "/media/usb/LinliBackups"
    with acting_as(Actor("clerk1", "clerk")), pytest.raises(PermissionDenied):
        save_second_folder(file_db, "/elsewhere")
    with file_db.session() as s:
        assert load_second_folder(s) == "/media/usb/LinliBackups"


def test_backups_and_restores_from_the_window_are_audited(file_db, tmp_path):
    from sqlalchemy import select

    from models.safety.audit import AuditEntry
    from models.safety.backup import check_for_restore, record_backup, record_restore

    result = make_backup(file_db.path, "manual", second_folder="")
    assert check_for_restore(result.path).ok
    assert not check_for_restore(tmp_path / "missing.sqlite3").ok
    record_backup(file_db, "manual", result)
    record_restore(file_db, result.path)
    with file_db.session() as s:
        entries = [(e.action, e.summary) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert ("backup", f"manual, {result.path.name}") in entries
    assert ("restore", f"from {result.path.name}") in entries
