"""The window's open: network share and lock BEFORE the file is opened or migrated; damaged files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import main
import models.startup as startup
from models.backup import backup_folder, make_backup
from models.db import DatabaseOpenError, open_database
from models.lockfile import DatabaseInUse, acquire, lock_path_for, read_holder
from models.residents import ResidentInput, create_resident
from models.startup import NetworkShareRefused, open_for_window, start_up


def _corrupt_a_data_page(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='resident'").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))


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
    opened = open_for_window(made)
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


def test_a_damaged_file_opens_read_only_without_migrating(made, today) -> None:
    _corrupt_a_data_page(made)
    opened = open_for_window(made)
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
