"""Linli on a PostgreSQL server (issue 19): the commands, the password, the failures in one line.

A real server (tests/conftest.py ``pg_server``: LINLI_TEST_PG_URL or a throwaway cluster).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from models.core.db import DatabaseOpenError, PasswordNeeded, open_database
from models.residents.entities import Resident
from models.residents.registry import ResidentInput, create_resident

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], tmp_path: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
           "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT), **env_extra}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300, stdin=subprocess.DEVNULL)


def test_the_demo_command_fills_a_server_and_check_reports_version_revision_and_counts(pg_url, tmp_path) -> None:
    filled = run(["demo", "--db", pg_url, "--residents", "40"], tmp_path)
    assert filled.returncode == 0, filled.stderr
    checked = run(["check", "--db", pg_url], tmp_path)
    assert checked.returncode == 0, checked.stderr
    lines = checked.stdout.splitlines()
    assert any(line.startswith("Server: PostgreSQL ") and line.split()[-1][0].isdigit() for line in lines), lines
    from models.core.db import head_revision

    head = head_revision()
    assert f"Schema revision: {head} (this program: {head})" in lines
    counts = {parts[0]: int(parts[1]) for parts in (line.split() for line in lines if line.startswith("  "))}
    assert counts["resident"] == 40 and counts["audit_entry"] > 0
    assert lines[-1] == "Verdict: sound."
    trail = run(["audit", "check", "--db", pg_url], tmp_path)
    assert trail.returncode == 0 and "chain verified" in trail.stdout, trail.stderr


def test_rare_characters_and_the_middle_dot_are_kept_on_the_server(pg_url) -> None:
    db = open_database(pg_url)
    try:
        with db.write() as s:
            rid = create_resident(s, ResidentInput(name="阿依古丽·𠮷买提", phone="13900001111"), confirmed=True).id
        with db.session() as s:
            assert s.scalar(select(Resident.name).where(Resident.id == rid)) == "阿依古丽·𠮷买提"
            assert s.scalar(text("SELECT count(*) FROM resident WHERE name LIKE '%𠮷%'")) == 1
    finally:
        db.dispose()


def test_the_trail_is_append_only_on_the_server(pg_url) -> None:
    from sqlalchemy.exc import DatabaseError

    from models.safety.audit import record

    db = open_database(pg_url)
    try:
        with db.write() as s:
            record(s, "print", summary="sign-in sheet")
        for sql in ("UPDATE audit_entry SET summary = 'x'", "DELETE FROM audit_entry", "TRUNCATE audit_entry"):
            with pytest.raises(DatabaseError, match="append-only"), db.write() as s:
                s.execute(text(sql))
    finally:
        db.dispose()


@pytest.fixture
def password_db(pg_server, pg_template):
    if pg_server.password_role is None:
        pytest.skip("the server has no password role (LINLI_TEST_PG_URL): the throwaway cluster makes one")
    name = pg_server.new_name()
    pg_server.create(name, template=pg_template)
    pg_server.grant_desk(name, pg_server.password_role)
    yield pg_server.url(name, username=pg_server.password_role, host="127.0.0.1")
    pg_server.drop(name)


def pgpass(tmp_path: Path, url: str, password: str) -> Path:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    path = tmp_path / "pgpass"
    path.write_text(f"{u.host}:{u.port}:{u.database}:{u.username}:{password}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def test_the_password_comes_from_pgpassfile_and_never_reaches_the_log(pg_server, password_db, tmp_path,
                                                                      monkeypatch) -> None:
    PG_TEST_ROLE_PASSWORD = pg_server.role_password  # noqa: N806
    passfile = pgpass(tmp_path, password_db, PG_TEST_ROLE_PASSWORD)
    result = run(["--verbose", "check", "--db", password_db], tmp_path, PGPASSFILE=str(passfile))
    assert result.returncode == 0, result.stderr
    assert "linli_pw@127.0.0.1" in result.stdout
    logs = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "xdg-data").rglob("*.log*"))
    assert PG_TEST_ROLE_PASSWORD not in result.stdout + result.stderr + logs

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(PasswordNeeded, match=r"asks for the password of linli_pw.*\.pgpass"):
        open_database(password_db, create=False)
    db = open_database(password_db, create=False, password=PG_TEST_ROLE_PASSWORD)  # typed at the prompt
    try:
        assert PG_TEST_ROLE_PASSWORD not in db.url
    finally:
        db.dispose()
    with pytest.raises(DatabaseOpenError, match="refused the password of linli_pw"):
        open_database(password_db, create=False, password="wrong")


def test_a_password_inside_the_address_is_refused(pg_server) -> None:
    url = pg_server.url("postgres", password="secret")
    with pytest.raises(DatabaseOpenError, match="Leave the password out") as caught:
        open_database(url, create=False)
    assert "secret" not in str(caught.value)


def test_the_server_going_away_is_said_in_one_line_naming_the_host(pg_server, tmp_path) -> None:
    missing = pg_server.url("no_such_linli_db")
    with pytest.raises(DatabaseOpenError, match="has no database no_such_linli_db"):
        open_database(missing, create=False)
    port = pg_server.free_port()
    refused = pg_server.url("postgres", host="127.0.0.1", port=port)
    with pytest.raises(DatabaseOpenError, match=f"127.0.0.1:{port} refused the connection"):
        open_database(refused, create=False)
    unknown = pg_server.url("postgres", host="no-such-host.invalid")
    with pytest.raises(DatabaseOpenError, match="Unknown host no-such-host.invalid"):
        open_database(unknown, create=False)
    result = run(["check", "--db", missing], tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "no_such_linli_db" in result.stderr


def test_a_write_whose_connection_dies_fails_whole_and_the_next_one_reconnects(pg_server, pg_url) -> None:
    from models.core.db import ServerWriteFailed

    db = open_database(pg_url)
    try:
        with pytest.raises(ServerWriteFailed, match="the server cannot be reached"), db.write() as s:
            create_resident(s, ResidentInput(name="钱多多"), confirmed=True)
            s.flush()
            pid = s.scalar(text("SELECT pg_backend_pid()"))
            pg_server._admin(f"SELECT pg_terminate_backend({pid})")  # the network drops mid-write
            create_resident(s, ResidentInput(name="孙小美"), confirmed=True)
            s.flush()
        with db.write() as s:  # pre-ping: a new connection, no restart
            create_resident(s, ResidentInput(name="孙小美"), confirmed=True)
        with db.session() as s:
            assert s.scalars(select(Resident.name)).all() == ["孙小美"]  # nothing of the first write
    finally:
        db.dispose()
