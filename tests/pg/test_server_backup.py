"""Backups and restore on a PostgreSQL server with pg_dump / pg_restore (issue 19), on a real server.

tests/conftest.py gives the server (``pg_server``, ``pg_url``: LINLI_TEST_PG_URL or a throwaway cluster).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from models.core.db import open_database
from models.residents.entities import Resident
from models.residents.registry import ResidentInput, create_resident
from models.safety import server_backup
from models.safety.backup import BackupError, list_backups, meta_path, read_meta, record_restore
from models.safety.security import ADMIN, Actor, PermissionDenied, acting_as
from models.safety.server_backup import (
    DUMP_SUFFIX,
    Server,
    ToolMissing,
    check_server_dump,
    dump_argv,
    find_tool,
    make_server_backup,
    restore_argv,
    restore_server_backup,
)

ROOT = Path(__file__).resolve().parents[2]
ADMIN_ACTOR = Actor("admin", ADMIN)
RARE = "王𠮷祥"


def scratch_databases(pg_server) -> list[str]:
    engine = open_database(pg_server.url("postgres"), create=False).engine
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE '%linli_verify%'"))
                        .scalars())
    finally:
        engine.dispose()


def add_resident(db, name: str, phone: str = "13900001111") -> int:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return create_resident(s, ResidentInput(name=name, phone=phone), confirmed=True).id


def fake_dump(folder: Path, stem: str, when: dt.datetime, sequence: int, kind: str = "timer") -> Path:
    """An older dump as an earlier run left it (its bytes do not matter to the rotation)."""
    path = folder / f"{stem}-{when.strftime('%Y%m%d-%H%M%S')}-{kind}.dump"
    path.write_bytes(b"PGDMP old")
    meta_path(path).write_text(json.dumps({"taken_at": when.isoformat(), "sequence": sequence, "kind": kind}),
                               encoding="utf-8")
    return path


def test_a_dump_is_made_verified_listed_and_older_ones_pruned_by_the_rotation(pg_server, pg_url, tmp_path) -> None:
    db = open_database(pg_url)
    folder = tmp_path / "dumps"
    folder.mkdir()
    stem = db.engine.url.database
    now = dt.datetime(2026, 12, 7, 15, 0, 0)
    old = [fake_dump(folder, stem, now - dt.timedelta(minutes=30 * (12 - i)), i) for i in range(1, 12)]
    try:
        add_resident(db, RARE)
        with acting_as(ADMIN_ACTOR):
            result = make_server_backup(db, "manual", dest=folder, clock=lambda: now)
    finally:
        db.dispose()
    assert result.path == folder / f"{stem}-20261207-150000-manual.dump"
    assert result.path.read_bytes()[:5] == b"PGDMP" and not list(folder.glob("*.partial"))
    assert result.row_counts["resident"] == 1 and result.row_counts["alembic_version"] == 1
    meta = read_meta(result.path)
    assert meta["verified"] is True and meta["sequence"] == 12 and meta["kind"] == "manual"
    assert meta["rows"] == sum(result.row_counts.values()) and "password" not in json.dumps(meta)
    # Twelve routine dumps on one day: the ten newest stay (plan_rotation, as for files).
    assert sorted(result.removed) == sorted(old[:2])
    listed = list_backups(folder, stem, DUMP_SUFFIX)
    assert [b.path for b in listed][0] == result.path and len(listed) == 10
    assert list_backups(folder, stem) == []  # a file's listing does not see the dumps
    assert scratch_databases(pg_server) == []  # the scratch database of the check is gone


def test_a_dump_by_hand_needs_backup_make(pg_url, tmp_path) -> None:
    db = open_database(pg_url)
    try:
        with acting_as(Actor("helper", "volunteer")), pytest.raises(PermissionDenied):
            make_server_backup(db, "manual", dest=tmp_path)
        assert list(tmp_path.iterdir()) == []
    finally:
        db.dispose()


def test_the_restore_brings_back_a_deleted_row_and_keeps_the_rare_character(pg_url, tmp_path) -> None:
    from models.safety.audit import verify_chain

    db = open_database(pg_url)
    try:
        kept = add_resident(db, RARE)
        with acting_as(ADMIN_ACTOR):
            dump = make_server_backup(db, "manual", dest=tmp_path).path
        with db.write() as s:
            s.execute(text("DELETE FROM resident WHERE id = :id"), {"id": kept})
        add_resident(db, "后来的", "13900002222")
        check = check_server_dump(server_backup.server_of(db), dump)
        assert check.ok and check.row_counts["resident"] == 1 and check.revision is not None
        with acting_as(ADMIN_ACTOR):
            result = restore_server_backup(db, dump, checked=check)
        db.dispose()
        db = open_database(pg_url, create=False)
        record_restore(db, dump)
        with db.session() as s:
            names = list(s.scalars(select(Resident.name)))
            chain = verify_chain(s)
        assert names == [RARE]  # the deleted row is back, 𠮷 kept; the later one is gone
        assert chain.sound  # one chain: the dump's, then the restore's own entry
        assert result.safety_copy is not None and result.safety_copy.name.endswith("-restore.dump")
        before = check_server_dump(server_backup.server_of(db), result.safety_copy)
        assert before.ok and before.row_counts["resident"] == 1  # the state before: 后来的 alone
    finally:
        db.dispose()


def test_a_restore_needs_an_administrator(pg_url, tmp_path) -> None:
    db = open_database(pg_url)
    try:
        with acting_as(ADMIN_ACTOR):
            dump = make_server_backup(db, "manual", dest=tmp_path).path
        with acting_as(Actor("clerk1", "clerk")), pytest.raises(PermissionDenied):
            restore_server_backup(db, dump)
    finally:
        db.dispose()


def test_a_file_that_is_not_a_dump_and_a_dump_from_a_newer_linli_are_refused(pg_url, tmp_path) -> None:
    db = open_database(pg_url)
    try:
        server = server_backup.server_of(db)
        junk = tmp_path / "linli-20261207-100000-manual.dump"
        junk.write_bytes(b"SQLite format 3\x00")
        assert "not a dump" in check_server_dump(server, junk).problems[0]
        with acting_as(ADMIN_ACTOR):
            dump = make_server_backup(db, "manual", dest=tmp_path).path
        refused = check_server_dump(server, dump, known_revisions=["0001"])
        assert not refused.ok and "newer Linli" in refused.problems[-1]
    finally:
        db.dispose()


# --- the tools ----------------------------------------------------------------------------------


def make_tool(folder: Path, name: str, script: str = "exit 0") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return tool


def test_a_missing_pg_dump_names_itself_and_how_to_get_it(tmp_path, pg_url, monkeypatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ToolMissing) as missing:
        find_tool("pg_dump", search_path=str(empty), install_dirs=[str(tmp_path / "nowhere" / "*" / "bin")])
    message = str(missing.value)
    assert message.startswith("pg_dump was not found on this PC")
    assert "apt-get install postgresql-client" in message and "Command Line Tools" in message
    # The window's and the command's way: PATH emptied, no installer folders.
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(server_backup, "DEBIAN_DIRS", str(tmp_path / "nowhere" / "*" / "bin"))
    db = open_database(pg_url)
    try:
        with acting_as(ADMIN_ACTOR), pytest.raises(ToolMissing, match="pg_dump was not found"):
            make_server_backup(db, "manual", dest=tmp_path / "dumps")
    finally:
        db.dispose()
    assert not (tmp_path / "dumps").exists() or list((tmp_path / "dumps").iterdir()) == []


def test_the_highest_installed_version_is_found_after_the_path(tmp_path) -> None:
    for version in ("9.6", "15", "12"):
        make_tool(tmp_path / "pg" / version / "bin", "pg_dump")
    empty = tmp_path / "empty"
    empty.mkdir()
    found = find_tool("pg_dump", search_path=str(empty), install_dirs=[str(tmp_path / "pg" / "*" / "bin")])
    assert found == tmp_path / "pg" / "15" / "bin" / "pg_dump"
    on_path = make_tool(tmp_path / "onpath", "pg_dump")
    assert find_tool("pg_dump", search_path=str(on_path.parent),
                     install_dirs=[str(tmp_path / "pg" / "*" / "bin")]) == on_path


def test_pg_dumps_own_refusal_is_shown_and_nothing_is_kept(tmp_path, pg_url, monkeypatch) -> None:
    fake = tmp_path / "bin"
    make_tool(fake, "pg_dump", 'echo "pg_dump: error: aborting because of server version mismatch" >&2\n'
                               'echo "pg_dump: detail: server version: 17.2; pg_dump version: 15.8" >&2\nexit 1')
    make_tool(fake, "pg_restore")
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    db = open_database(pg_url)
    try:
        with acting_as(ADMIN_ACTOR), pytest.raises(BackupError) as failed:
            make_server_backup(db, "manual", dest=tmp_path / "dumps")
    finally:
        db.dispose()
    assert "aborting because of server version mismatch" in str(failed.value)
    assert "server version: 17.2" in str(failed.value)
    assert list((tmp_path / "dumps").iterdir()) == []


# --- the password -------------------------------------------------------------------------------


@pytest.fixture
def password_db(pg_server, pg_template, tmp_path, monkeypatch):
    """A database the password role (scram over TCP) reaches with a typed password; no password file."""
    if pg_server.password_role is None:
        pytest.skip("the password role exists on the throwaway cluster only")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    name = pg_server.new_name()
    pg_server.create(name, template=pg_template)
    pg_server.grant_desk(name, pg_server.password_role)
    url = pg_server.url(name, username=pg_server.password_role)
    yield url, pg_server.role_password
    pg_server.drop(name)


def test_the_password_goes_to_the_tools_in_their_environment_never_in_argv_or_logs(
        password_db, tmp_path, monkeypatch, caplog) -> None:
    url, password = password_db
    calls: list[tuple[list[str], dict]] = []
    real_run = subprocess.run

    def spy(argv, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((list(argv), dict(kwargs.get("env") or {})))
        return real_run(argv, **kwargs)

    monkeypatch.setattr(server_backup.subprocess, "run", spy)
    caplog.set_level(logging.DEBUG)
    db = open_database(url, password=password)
    try:
        add_resident(db, RARE)
        with acting_as(ADMIN_ACTOR):
            result = make_server_backup(db, "manual", dest=tmp_path / "dumps")
    finally:
        db.dispose()
    assert read_meta(result.path)["verified"] is True and result.row_counts["resident"] == 1
    assert [Path(argv[0]).name for argv, _env in calls] == ["pg_dump", "pg_restore"]
    for argv, env in calls:
        assert not any(password in arg for arg in argv), argv
        assert env["PGPASSWORD"] == password
        assert any(arg.startswith("--dbname=postgresql://linli_pw@") for arg in argv)
    assert "PGPASSWORD" not in os.environ
    assert password not in caplog.text
    assert password not in meta_path(result.path).read_text(encoding="utf-8")


def test_the_address_keeps_its_options_and_never_a_password() -> None:
    from sqlalchemy.engine import make_url

    server = Server(make_url("postgresql+psycopg://desk1@backoffice-pc:5433/linli?sslmode=require"), "s3cret")
    argv = dump_argv(Path("pg_dump"), server, Path("/tmp/x.dump"), "00000003-1")
    assert argv[-1] == "--dbname=postgresql://desk1@backoffice-pc:5433/linli?sslmode=require"
    assert "--format=custom" in argv and "--snapshot=00000003-1" in argv
    into = restore_argv(Path("pg_restore"), server, Path("/tmp/x.dump"), clean=True)
    assert {"--clean", "--if-exists", "--single-transaction"} <= set(into) and "--no-owner" not in into
    assert "--dbname=postgresql://desk1@backoffice-pc:5433/linli?sslmode=require" in into
    scratch = restore_argv(Path("pg_restore"), server, Path("/tmp/x.dump"), database="linli_linli_verify_1")
    assert "--dbname=postgresql://desk1@backoffice-pc:5433/linli_linli_verify_1?sslmode=require" in scratch
    assert {"--no-owner", "--no-privileges", "--single-transaction"} <= set(scratch) and "--clean" not in scratch
    assert not any("s3cret" in a for a in argv + into + scratch)
    assert server.env()["PGPASSWORD"] == "s3cret"


def test_a_role_that_may_not_create_databases_keeps_its_dump_unverified_and_prunes_nothing(
        pg_server, pg_url, tmp_path) -> None:
    role = pg_server.new_name("nocreate")
    pg_server._admin(f'CREATE ROLE "{role}" LOGIN NOCREATEDB')
    database = pg_url.rsplit("/", 1)[1]
    pg_server.grant_desk(database, role)
    folder = tmp_path / "dumps"
    folder.mkdir()
    now = dt.datetime(2026, 12, 7, 15, 0, 0)
    old = [fake_dump(folder, database, now - dt.timedelta(minutes=30 * (12 - i)), i) for i in range(1, 12)]
    try:
        db = open_database(pg_server.url(database, username=role), create=False)
        try:
            with acting_as(ADMIN_ACTOR):
                result = make_server_backup(db, "manual", dest=folder, clock=lambda: now)
        finally:
            db.dispose()
    finally:
        pg_server._admin(f'DROP OWNED BY "{role}"', database)
        pg_server._admin(f'DROP ROLE "{role}"')
    assert result.path.exists() and read_meta(result.path)["verified"] is False
    assert any("may not create databases" in n and "CREATEDB" in n for n in result.notes)
    assert result.removed == [] and all(p.exists() for p in old)


# --- the commands, end to end ---------------------------------------------------------------------


def run(args: list[str], tmp_path: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
           "LINLI_CONFIG_DIR": str(tmp_path / "config"), "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300, input=stdin)


def test_the_backup_and_restore_commands_on_a_server(pg_url, tmp_path) -> None:
    from models.demo import DEMO_PASSWORD, add_demo_accounts

    db = open_database(pg_url)
    try:
        with db.write() as s:
            add_demo_accounts(s)
        kept = add_resident(db, RARE)
    finally:
        db.dispose()
    made = run(["backup", "--db", pg_url], tmp_path)
    assert made.returncode == 0, made.stderr
    database = pg_url.rsplit("/", 1)[1]
    folder = tmp_path / "xdg-data" / "Linli" / "backups" / f"127.0.0.1-{database}"
    assert str(folder) in made.stdout and "checked" in made.stdout
    dumps = list_backups(folder, database, DUMP_SUFFIX)
    assert len(dumps) == 1 and dumps[0].kind == "manual"
    to = run(["backup", "--db", pg_url, "--to", str(tmp_path / "usb"), "--user", "demo-admin"], tmp_path,
             DEMO_PASSWORD + "\n")
    assert to.returncode == 0, to.stderr
    assert len(list_backups(tmp_path / "usb", database, DUMP_SUFFIX)) == 1

    db = open_database(pg_url)
    try:
        with db.write() as s:
            s.execute(text("DELETE FROM resident WHERE id = :id"), {"id": kept})
    finally:
        db.dispose()
    clerk = run(["restore", str(dumps[0].path), "--db", pg_url, "--yes", "--user", "demo-clerk"], tmp_path,
                DEMO_PASSWORD + "\n")
    assert clerk.returncode == 1 and "Traceback" not in clerk.stderr
    restored = run(["restore", str(dumps[0].path), "--db", pg_url, "--yes", "--user", "demo-admin"], tmp_path,
                   DEMO_PASSWORD + "\n")
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout and "-restore.dump" in restored.stdout
    db = open_database(pg_url)
    try:
        with db.session() as s:
            assert s.scalar(select(Resident.name).where(Resident.id == kept)) == RARE
            last = s.execute(text("SELECT action, summary FROM audit_entry ORDER BY id DESC LIMIT 1")).one()
        assert last.action == "restore" and dumps[0].path.name in last.summary
    finally:
        db.dispose()
    trail = run(["audit", "check", "--db", pg_url], tmp_path)
    assert trail.returncode == 0 and "chain verified" in trail.stdout, trail.stderr


def test_an_upgrade_of_a_server_dumps_it_first(pg_server, tmp_path, monkeypatch) -> None:
    from alembic import command

    from models.core.db import _alembic_config, head_revision, make_engine
    from models.core.settings import save_preference

    save_preference(server_backup.FOLDER_PREFERENCE, str(tmp_path / "dumps"))
    name = pg_server.new_name()
    url = pg_server.create(name)
    try:
        engine = make_engine(url)
        try:
            with engine.connect() as conn, conn.begin():
                cfg = _alembic_config(engine)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "0011")  # a server left at the previous version
        finally:
            engine.dispose()
        db = open_database(url)  # the new program: dump, then migrate
        try:
            with db.session() as s:
                assert s.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
        finally:
            db.dispose()
        made = list_backups(tmp_path / "dumps" / f"127.0.0.1-{name}", name, DUMP_SUFFIX)
        assert [(b.kind, b.note) for b in made] == [("migration", "0011")]
        assert read_meta(made[0].path)["verified"] is True and read_meta(made[0].path)["revision"] == "0011"
    finally:
        pg_server.drop(name)


def test_a_restore_while_another_desk_is_in_the_middle_of_something_gives_up_and_changes_nothing(
        pg_url, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(server_backup, "RESTORE_LOCK_WAIT_S", 1.0)
    db = open_database(pg_url)
    other = open_database(pg_url)
    try:
        add_resident(db, RARE)
        with acting_as(ADMIN_ACTOR):
            dump = make_server_backup(db, "manual", dest=tmp_path).path
        add_resident(db, "后来的", "13900002222")
        with other.session() as busy:
            assert busy.scalar(select(func_count()).select_from(Resident)) == 2  # its transaction stays open
            with acting_as(ADMIN_ACTOR), pytest.raises(BackupError, match="waited more than 1 seconds") as failed:
                restore_server_backup(db, dump)
        assert "-restore.dump" in str(failed.value)  # where the state before went
        reopened = open_database(pg_url, create=False)
        try:
            with reopened.session() as s:
                assert sorted(s.scalars(select(Resident.name))) == sorted([RARE, "后来的"])  # all or nothing
        finally:
            reopened.dispose()
    finally:
        other.dispose()
        db.dispose()


def func_count():  # type: ignore[no-untyped-def]
    from sqlalchemy import func

    return func.count()


def test_the_backup_command_without_pg_dump_says_what_to_install(pg_url, tmp_path, monkeypatch, capsys) -> None:
    import main

    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(server_backup, "DEBIAN_DIRS", str(tmp_path / "nowhere" / "*" / "bin"))
    monkeypatch.setattr(server_backup, "WINDOWS_DIRS", str(tmp_path / "nowhere" / "*" / "bin"))
    assert main.main(["--lang", "en", "backup", "--db", pg_url]) == 1
    err = capsys.readouterr().err
    assert "pg_dump was not found on this PC" in err and "apt-get install postgresql-client" in err
    assert "Traceback" not in err


def test_an_import_into_a_server_dumps_it_first(pg_url, tmp_path) -> None:
    """As a file is backed up before an import writes, a server is dumped (verified) first."""
    from models.core.importer import import_people

    source = tmp_path / "people.csv"
    source.write_text("姓名,性别,电话\n𠮷祥,女,13900002222\n张三,男,13800138000\n", encoding="utf-8")
    db = open_database(pg_url)
    try:
        with acting_as(ADMIN_ACTOR):
            report = import_people(db, source, today=dt.date(2026, 12, 7))
        assert report.written and report.created == 2
        assert report.backup is not None and report.backup.suffix == DUMP_SUFFIX and "-import-" in report.backup.name
        assert read_meta(report.backup)["kind"] == "import"
        with db.session() as s:
            assert {"𠮷祥", "张三"} <= set(s.scalars(select(Resident.name)))
        listed = [b for b in list_backups(report.backup.parent, suffix=DUMP_SUFFIX) if b.kind == "import"]
        assert [b.path for b in listed] == [report.backup]
    finally:
        db.dispose()
