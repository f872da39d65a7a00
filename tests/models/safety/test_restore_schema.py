"""Restore compares the backup's schema with the schema of its revision, and refuses a difference."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

import main
from models.core.db import _alembic_config, head_revision, make_engine, open_database
from models.residents.registry import ResidentInput, create_resident
from models.safety.backup import (
    BackupError,
    check_restorable,
    make_backup,
    restore_backup,
    revision_schema,
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def backup(tmp_db_path, today) -> Path:
    db = open_database(tmp_db_path)
    with db.write() as s:
        create_resident(s, ResidentInput(name="张三"), today=today)
    db.dispose()
    return make_backup(tmp_db_path, "manual", second_folder="").path


def _edit(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_a_backup_with_tables_dropped_is_refused_and_the_live_file_is_unchanged(tmp_db_path, backup) -> None:
    _edit(backup, "DROP TABLE audit_entry", "DROP TABLE user_account")
    before = _digest(tmp_db_path)
    backups_before = sorted(p.name for p in backup.parent.iterdir())
    with pytest.raises(BackupError) as caught:
        restore_backup(tmp_db_path, backup)
    assert "the backup lacks table audit_entry, user_account" in str(caught.value)
    assert f"its schema {head_revision()}" in str(caught.value)
    assert _digest(tmp_db_path) == before
    assert sorted(p.name for p in backup.parent.iterdir()) == backups_before  # not even a safety copy


def _as_admin(tmp_db_path: Path, monkeypatch, capsys) -> list[str]:
    """The arguments that make the command run as an administrator (``--user``, the password
    on standard input) where the command line asks for an account."""
    import io

    from models.safety.accounts import create_first_admin

    try:
        main.build_parser().parse_args(["restore", "x", "--db", "y", "--user", "admin"])
    except SystemExit:  # no accounts on the command line
        capsys.readouterr()
        return []
    db = open_database(tmp_db_path)
    with db.write() as s:
        create_first_admin(s, "admin", "a-long-pass-phrase-1")
    db.dispose()
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-pass-phrase-1\n"))
    return ["--user", "admin"]


def test_the_restore_command_refuses_it_in_one_line(tmp_db_path, backup, capsys, monkeypatch) -> None:
    _edit(backup, "DROP TABLE audit_entry", "DROP TABLE user_account")
    user = _as_admin(tmp_db_path, monkeypatch, capsys)
    assert main.main(["restore", str(backup), "--db", str(tmp_db_path), "--yes", *user]) == 1
    err = capsys.readouterr().err
    assert "lacks table audit_entry, user_account" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    # Not restored (a login may have been recorded in the live file, nothing else).
    assert list(backup.parent.glob("*-restore*.sqlite3")) == []
    conn = sqlite3.connect(tmp_db_path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"audit_entry", "user_account"} <= tables


def test_a_missing_column_and_trigger_are_named(backup) -> None:
    _edit(
        backup,
        "DROP TRIGGER audit_entry_no_update",
        "DROP INDEX IF EXISTS ix_resident_phone",
        "ALTER TABLE resident DROP COLUMN phone",
        "CREATE TABLE stolen (x)",
    )
    check = check_restorable(backup)
    assert not check.ok
    text = " ".join(check.problems)
    assert "lacks column resident.phone" in text
    assert "lacks trigger audit_entry_no_update" in text
    assert "has table stolen" in text


def test_a_sound_backup_of_an_older_revision_is_accepted(tmp_path) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    cfg = _alembic_config(engine)
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    engine.dispose()
    check = check_restorable(path)
    assert check.ok, check.problems
    assert check.revision == "0005"
    assert "audit_entry" not in revision_schema("0005").tables
    assert "party_member" in revision_schema("0005").tables


def test_the_revision_schema_is_computed_once(monkeypatch) -> None:
    first = revision_schema("0007")
    from alembic import command

    monkeypatch.setattr(command, "upgrade", lambda *a, **k: pytest.fail("migrations run again"))
    assert revision_schema("0007") is first
