"""The window's open: network share and lock BEFORE the file is opened or migrated; damaged files."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import main
import models.safety.startup as startup
from models.core.db import DatabaseOpenError, ReadOnlyDatabase, open_database
from models.core.lockfile import DatabaseInUse, acquire, lock_path_for, read_holder
from models.residents.registry import ResidentInput, create_resident
from models.safety.backup import backup_folder, make_backup
from models.safety.startup import NetworkShareRefused, open_for_window, start_up


def _destroy_header(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    with path.open("r+b") as fh:
        fh.write(b"\x00" * 100)


@pytest.fixture
def made(tmp_db_path, today) -> Path:
    db = open_database(tmp_db_path)
    with db.write() as s:
        for i in range(30):
            create_resident(s, ResidentInput(name=f"居民{i}"), today=today)
    db.dispose()
    return tmp_db_path


def test_a_sound_file_is_opened_with_the_lock_held(made, today) -> None:
    opened = open_for_window(made, defer_check=False)
    try:
        assert opened.checked == ["ok"] and opened.lock is not None and opened.lock.held
        assert read_holder(made) == opened.lock.info
        with opened.db.session() as s:
            assert s.execute(text("SELECT count(*) FROM resident")).scalar() == 30
        # The start-up step uses that lock and that check: not taken or run twice.
        result = start_up(opened.db, lock=opened.lock, checked=opened.checked, today=today)
        assert result.lock is opened.lock and not result.read_only and result.db is opened.db
    finally:
        opened.db.dispose()
        opened.lock.release()
    assert not lock_path_for(made).exists()


def test_a_file_in_use_is_not_even_created_or_migrated(tmp_path) -> None:
    path = tmp_path / "new.sqlite3"
    holder = acquire(path)
    try:
        with pytest.raises(DatabaseInUse, match="in use"):
            open_for_window(path)
        assert not path.exists()
    finally:
        holder.release()


def test_a_network_share_is_refused_before_the_lock_and_the_file(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(startup, "network_share", lambda path: "cifs")
    path = tmp_path / "share.sqlite3"
    with pytest.raises(NetworkShareRefused):
        open_for_window(path)
    assert not path.exists() and not lock_path_for(path).exists()


def test_a_damaged_file_opens_read_only_without_migrating(made, today, damage_table) -> None:
    damage_table(made)
    opened = open_for_window(made, defer_check=False)
    try:
        assert opened.checked != ["ok"] and startup.is_read_only(opened.db)
        with pytest.raises(OperationalError, match="readonly"), opened.db.write() as s:
            s.execute(text("INSERT INTO setting (key, value) VALUES ('x', 'y')"))
        assert not any("migration" in p.name for p in backup_folder(made).glob("*.sqlite3"))
        result = start_up(opened.db, lock=opened.lock, checked=opened.checked, today=today)
        assert result.read_only and result.db is opened.db and "read-only" in result.messages[-1]
    finally:
        opened.db.dispose()
        opened.lock.release()


def test_a_destroyed_header_gives_one_line_naming_the_newest_backup(made) -> None:
    backup = make_backup(made, "manual").path
    _destroy_header(made)
    with pytest.raises(DatabaseOpenError) as caught:
        open_for_window(made)
    message = str(caught.value)
    assert "damaged beyond reading" in message and str(backup) in message and "\n" not in message
    acquire(made).release()  # the lock was released again


def test_the_window_command_fails_in_one_line(made, capsys) -> None:
    _destroy_header(made)
    assert main.main(["--db", str(made)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("linli: ") and "no backup was found" in err and err.count("\n") == 1
    holder = acquire(made)
    try:
        assert main.main(["--db", str(made)]) == 1
        assert "in use by" in capsys.readouterr().err
    finally:
        holder.release()


def test_a_file_at_the_current_schema_opens_before_its_check_and_writes_wait_for_it(made, today) -> None:
    opened = open_for_window(made)
    try:
        assert opened.deferred and opened.checked is None and opened.lock.held
        result = start_up(opened.db, lock=opened.lock, checked=None, deferred=True, today=today)
        assert result.deferred and not result.messages and result.db is opened.db
        gate = opened.db.write_gate
        assert gate is not None and not gate.decided
        with opened.db.session() as s:  # reading does not wait
            assert s.execute(text("SELECT count(*) FROM resident")).scalar() == 30
        wrote: list[str] = []

        def write() -> None:
            with opened.db.write() as s:
                create_resident(s, ResidentInput(name="等检查的人"), today=today)
            wrote.append("done")

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(0.3)
        assert writer.is_alive() and wrote == []  # held until the check has decided
        found = startup.deferred_checks(opened.db, today=today)
        writer.join(10)
        assert wrote == ["done"] and gate.decided and not found.read_only and not found.messages
        with opened.db.session() as s:
            assert s.execute(text("SELECT count(*) FROM resident")).scalar() == 31
            # The weekly full check ran too (and is remembered).
            assert s.execute(text("SELECT value FROM setting WHERE key = :k"),
                             {"k": startup.FULL_CHECK_KEY}).scalar() == today.isoformat()
    finally:
        opened.db.dispose()
        opened.lock.release()


def test_a_damaged_file_at_the_current_schema_refuses_writes_once_checked(made, today, damage_table) -> None:
    damage_table(made)
    opened = open_for_window(made)
    try:
        assert opened.deferred
        start_up(opened.db, lock=opened.lock, deferred=True, today=today)
        found = startup.deferred_checks(opened.db, today=today)
        assert found.read_only and "failed its quick check" in found.messages[0]
        assert startup.is_read_only(opened.db)
        with pytest.raises(ReadOnlyDatabase, match="read-only"), opened.db.write() as s:
            s.execute(text("INSERT INTO setting (key, value) VALUES ('x', 'y')"))
    finally:
        opened.db.dispose()
        opened.lock.release()
    conn = sqlite3.connect(made)
    try:
        assert conn.execute("SELECT count(*) FROM setting WHERE key = 'x'").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_damaged_file_that_needs_a_migration_is_checked_before_anything(made, damage_table) -> None:
    conn = sqlite3.connect(made)
    conn.execute("UPDATE alembic_version SET version_num = '0006'")
    conn.commit()
    conn.close()
    damage_table(made)
    opened = open_for_window(made)
    try:
        assert not opened.deferred and opened.checked != ["ok"] and startup.is_read_only(opened.db)
        assert not any("migration" in p.name for p in backup_folder(made).glob("*.sqlite3"))
    finally:
        opened.db.dispose()
        opened.lock.release()
