"""Tests for models.core.db: pragmas, creation, migration with a backup first, refusals, backup, check."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select

import models.core.db as mdb
from models.core.base import Base
from models.core.db import (
    DatabaseOpenError,
    backup_sqlite,
    check_database,
    current_revision,
    head_revision,
    open_database,
)
from models.residents.entities import Resident
from models.residents.registry import ResidentInput, create_resident

NAMES = ["张三明", "𠮷祥", "阿卜杜·热合曼"]


@pytest.fixture
def file_db(tmp_db_path: Path) -> Iterator[mdb.Database]:
    database = open_database(tmp_db_path)
    try:
        yield database
    finally:
        database.dispose()


def fill(database: mdb.Database, today, names=NAMES) -> None:
    with database.write() as s:
        for name in names:
            create_resident(s, ResidentInput(name=name), today=today)


def sqlite_rows(path: Path, sql: str) -> list[tuple]:
    assert path.exists(), path  # sqlite3.connect would create an empty file
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def tables_of(path: Path) -> set[str]:
    return {r[0] for r in sqlite_rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


# --- connection settings ---------------------------------------------------------------


def test_pragmas_on_a_file_database(file_db) -> None:
    for session in (file_db.session(), file_db.writes()):
        with session as s:
            conn = s.connection()
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


@pytest.mark.sqlite_only
def test_pragmas_on_an_in_memory_database(db) -> None:
    with db.session() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_in_memory_sessions_share_one_database(db, today) -> None:
    fill(db, today, ["张三"])
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Resident)) == 1


# --- creation ------------------------------------------------------------------------------


def test_a_new_file_is_created_at_head(tmp_db_path: Path) -> None:
    assert not tmp_db_path.exists()
    database = open_database(tmp_db_path)
    try:
        assert database.path == tmp_db_path.resolve()
        assert current_revision(database.engine) == head_revision()
        tables = set(inspect(database.engine).get_table_names())
    finally:
        database.dispose()
    assert tmp_db_path.is_file()
    assert {t.name for t in Base.metadata.sorted_tables} | {"alembic_version", "resident"} <= tables
    assert not (tmp_db_path.parent / "backups").exists()  # nothing to back up in a new file


def test_missing_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "linli.sqlite3"
    open_database(path).dispose()
    assert path.is_file()


def test_reopening_a_current_file_keeps_the_data_and_takes_no_backup(
    tmp_db_path: Path, today
) -> None:
    database = open_database(tmp_db_path)
    fill(database, today)
    database.dispose()
    database = open_database(tmp_db_path, create=False)
    try:
        with database.session() as s:
            assert sorted(s.scalars(select(Resident.name))) == sorted(NAMES)
    finally:
        database.dispose()
    assert not (tmp_db_path.parent / "backups").exists()


def test_models_and_migrations_agree(db) -> None:
    """A model change without its migration fails here (autogenerate finds a difference)."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_models_and_migrations_agree_on_a_file(file_db) -> None:
    with file_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


# --- migrating an existing file: a backup first ---------------------------------------------


def _migrations_with(tmp_path: Path, body: str, rev: str = "9001") -> Path:
    """A copy of the real migrations plus one test revision on top of head."""
    target = tmp_path / "migrations"
    shutil.copytree(mdb.MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    head = head_revision()
    source = (
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        f"revision = {rev!r}\n"
        f"down_revision = {head!r}\n"
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        "def upgrade():\n"
        + textwrap.indent(textwrap.dedent(body), "    ")
        + "\n\ndef downgrade():\n    pass\n"
    )
    (target / "versions" / f"{rev}_test_revision.py").write_text(source, encoding="utf-8")
    return target


ADD_COLUMN = """\
with op.batch_alter_table("resident", recreate="always") as batch:
    batch.add_column(sa.Column("probe", sa.Integer(), nullable=True))
"""


def resident_columns(path: Path) -> list[str]:
    return [r[1] for r in sqlite_rows(path, "PRAGMA table_info(resident)")]


def test_migrating_an_existing_file_takes_a_backup_first(
    tmp_db_path, tmp_path, today, monkeypatch
) -> None:
    database = open_database(tmp_db_path)
    fill(database, today)
    database.dispose()
    old_head = head_revision()
    # This code version brings one more migration (a table rebuild in batch mode).
    monkeypatch.setattr(mdb, "MIGRATIONS_DIR", _migrations_with(tmp_path, ADD_COLUMN))
    assert head_revision() == "9001"

    database = open_database(tmp_db_path)
    try:
        assert current_revision(database.engine) == "9001"
        with database.session() as s:
            assert sorted(s.scalars(select(Resident.name))) == sorted(
                NAMES
            )  # the rebuild kept the rows
    finally:
        database.dispose()
    assert "probe" in resident_columns(tmp_db_path)

    backups = list((tmp_db_path.parent / "backups").glob("*.sqlite3"))  # beside each: its .json metadata
    assert len(backups) == 1
    backup = backups[0]
    assert old_head in backup.name
    # The backup is the file as it was before the migration ran.
    assert sqlite_rows(backup, "SELECT version_num FROM alembic_version") == [(old_head,)]
    assert "probe" not in resident_columns(backup)
    assert sorted(r[0] for r in sqlite_rows(backup, "SELECT name FROM resident")) == sorted(NAMES)
    assert sqlite_rows(backup, "PRAGMA integrity_check") == [("ok",)]


def test_a_failing_migration_changes_nothing_and_leaves_the_backup(
    tmp_db_path, tmp_path, today, monkeypatch
) -> None:
    database = open_database(tmp_db_path)
    fill(database, today)
    database.dispose()
    old_head = head_revision()
    failing = ADD_COLUMN + 'op.execute("INSERT INTO no_such_table VALUES (1)")\n'
    monkeypatch.setattr(mdb, "MIGRATIONS_DIR", _migrations_with(tmp_path, failing))

    with pytest.raises(DatabaseOpenError) as info:
        open_database(tmp_db_path)
    assert "\n" not in str(info.value)
    assert sqlite_rows(tmp_db_path, "SELECT version_num FROM alembic_version") == [(old_head,)]
    assert "probe" not in resident_columns(tmp_db_path)
    assert sorted(r[0] for r in sqlite_rows(tmp_db_path, "SELECT name FROM resident")) == sorted(
        NAMES
    )
    assert len(list((tmp_db_path.parent / "backups").glob("*.sqlite3"))) == 1


def test_a_file_from_a_newer_program_is_refused(tmp_db_path) -> None:
    open_database(tmp_db_path).dispose()
    conn = sqlite3.connect(tmp_db_path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    with pytest.raises(DatabaseOpenError) as info:
        open_database(tmp_db_path)
    assert "9999" in str(info.value) and "newer" in str(info.value)
    assert "\n" not in str(info.value)
    assert sqlite_rows(tmp_db_path, "SELECT version_num FROM alembic_version") == [("9999",)]


# --- refusals ------------------------------------------------------------------------------


def _assert_one_line(info: pytest.ExceptionInfo, path: Path | None = None) -> str:
    message = str(info.value)
    assert message and "\n" not in message
    if path is not None:
        assert str(path) in message
    return message


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(DatabaseOpenError) as info:
        open_database(path)
    _assert_one_line(info, path)
    assert path.read_text(encoding="utf-8") == "not a database\n"  # untouched


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError) as info:
        open_database(tmp_path)
    _assert_one_line(info, tmp_path)


def test_a_missing_file_with_create_false_is_refused(tmp_db_path: Path) -> None:
    with pytest.raises(DatabaseOpenError) as info:
        open_database(tmp_db_path, create=False)
    _assert_one_line(info, tmp_db_path)
    assert not tmp_db_path.exists()


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.close()
    with pytest.raises(DatabaseOpenError) as info:
        open_database(path)
    _assert_one_line(info, path)
    assert tables_of(path) == {"contacts"}  # nothing was added to it


def test_a_damaged_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    with pytest.raises(DatabaseOpenError) as info:
        open_database(path)
    _assert_one_line(info, path)


def test_a_folder_with_a_percent_sign(tmp_path: Path) -> None:
    path = tmp_path / "100%" / "linli.sqlite3"
    open_database(path).dispose()
    assert path.is_file()


def test_a_folder_with_a_question_mark(tmp_path: Path) -> None:
    folder = tmp_path / "a?b"
    folder.mkdir()
    open_database(folder / "linli.sqlite3").dispose()
    assert (folder / "linli.sqlite3").is_file()
    assert not (tmp_path / "a").exists()


# --- transactions ---------------------------------------------------------------------------


def test_a_write_that_raises_rolls_back_completely(file_db, today) -> None:
    fill(file_db, today, ["张三"])
    with pytest.raises(RuntimeError), file_db.write() as s:
        create_resident(s, ResidentInput(name="李四"), today=today)
        create_resident(s, ResidentInput(name="王五"), today=today)
        s.get(Resident, 1).name = "改名"
        raise RuntimeError("power cut")
    with file_db.session() as s:
        assert list(s.scalars(select(Resident.name))) == ["张三"]


def test_a_write_commits_whole(file_db, today) -> None:
    with file_db.write() as s:
        create_resident(s, ResidentInput(name="李四"), today=today)
        create_resident(s, ResidentInput(name="王五"), today=today)
    file_db.dispose()
    assert sorted(r[0] for r in sqlite_rows(file_db.path, "SELECT name FROM resident")) == [
        "李四",
        "王五",
    ]


def test_a_write_takes_the_write_lock_at_once(file_db, tmp_db_path) -> None:
    """BEGIN IMMEDIATE: while one write is open, another program cannot start writing."""
    with file_db.write() as s:
        s.connection()  # the transaction has begun
        other = sqlite3.connect(tmp_db_path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


# --- backup ----------------------------------------------------------------------------------


def test_backup_holds_the_same_rows_and_passes_integrity_check(file_db, tmp_path, today) -> None:
    fill(file_db, today)
    # The rows are still in the write-ahead log (the connection is open):
    # a plain file copy would miss them, the online backup must not.
    wal = Path(str(file_db.path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    out = backup_sqlite(file_db.path, tmp_path / "usb" / "copy.sqlite3")
    assert out.is_file()
    assert sqlite_rows(out, "PRAGMA integrity_check") == [("ok",)]
    query = "SELECT id, name, name_pinyin, id_number, phone FROM resident ORDER BY id"
    with file_db.engine.connect() as conn:
        live = [tuple(r) for r in conn.exec_driver_sql(query)]
    assert sqlite_rows(out, query) == live
    assert [r[1] for r in live] == NAMES


def test_backup_does_not_change_the_source(file_db, tmp_path, today) -> None:
    fill(file_db, today)
    backup_sqlite(file_db.path, tmp_path / "copy.sqlite3")
    fill(file_db, today, ["李四"])  # the live database keeps working
    with file_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Resident)) == len(NAMES) + 1
    assert sqlite_rows(tmp_path / "copy.sqlite3", "SELECT COUNT(*) FROM resident") == [
        (len(NAMES),)
    ]


def test_backup_from_a_folder_with_a_hash(tmp_path: Path, today) -> None:
    folder = tmp_path / "a#b"
    database = open_database(folder / "linli.sqlite3")
    try:
        fill(database, today)
        out = backup_sqlite(database.path, tmp_path / "copy.sqlite3")
    finally:
        database.dispose()
    assert sqlite_rows(out, "SELECT COUNT(*) FROM resident") == [(len(NAMES),)]


@pytest.mark.parametrize("folder", ["a#b", "a?b", "a%41b", "社区 2"])
def test_backup_of_a_file_whose_path_looks_like_a_uri(tmp_path: Path, folder: str) -> None:
    source = tmp_path / folder / "linli.sqlite3"
    source.parent.mkdir()
    conn = sqlite3.connect(source)
    with conn:
        conn.execute("CREATE TABLE t (name TEXT)")
        conn.execute("INSERT INTO t VALUES ('𠮷祥')")
    conn.close()
    out = backup_sqlite(source, tmp_path / "copy.sqlite3")
    assert sqlite_rows(out, "SELECT name FROM t") == [("𠮷祥",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [folder, "copy.sqlite3"]
    )  # no stray file


# --- check -----------------------------------------------------------------------------------


def test_check_report_on_a_sound_database(file_db, today) -> None:
    fill(file_db, today)
    report = check_database(file_db)
    assert report.sound
    assert report.revision == report.head == head_revision()
    assert report.integrity == ["ok"]
    assert report.foreign_key_problems == []
    assert report.row_counts["resident"] == len(NAMES)
    assert set(report.row_counts) == {t.name for t in Base.metadata.sorted_tables}


def test_check_report_is_unsound_off_head(file_db) -> None:
    with file_db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'older'")
    report = check_database(file_db)
    assert report.revision == "older"
    assert not report.sound
