"""Several centres on one server (issue 19): one database each, the grants of docs/server.md, the
sub-district reading every centre read-only — on a real server (tests/conftest.py ``pg_server``)."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from models.core.db import DatabaseOpenError, open_database
from models.district import Centre, district_figures, open_centre
from models.figures import parse_period
from models.residents.entities import Resident
from tests.pg import district_servers
from tests.pg.district_servers import sqlite_centre


def _sql(server, sql: str, database: str | None = None) -> None:
    server._admin(sql, database)


@pytest.fixture
def two_centres(pg_server, pg_template):  # type: ignore[no-untyped-def]
    """Two centres' databases, a desk role for each and the sub-district's role, granted as docs/server.md says."""
    names = {k: pg_server.new_name(f"linli_{k}") for k in ("a", "b")}
    roles = {k: pg_server.new_name(f"desk_{k}") for k in ("a", "b")}
    district = pg_server.new_name("district")
    for k, db in names.items():
        pg_server.create(db, template=pg_template)
        _sql(pg_server, f'CREATE ROLE "{roles[k]}" LOGIN')
    _sql(pg_server, f'CREATE ROLE "{district}" LOGIN')
    for k, db in names.items():
        _sql(pg_server, f'REVOKE CONNECT ON DATABASE "{db}" FROM PUBLIC')
        _sql(pg_server, f'GRANT CONNECT ON DATABASE "{db}" TO "{roles[k]}", "{district}"')
        pg_server.grant_desk(db, roles[k])
        _sql(pg_server, f'GRANT USAGE ON SCHEMA public TO "{district}"; '
                        f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{district}"', db)
    urls = {k: {"owner": pg_server.url(db), "desk": pg_server.url(db, username=roles[k]),
                "district": pg_server.url(db, username=district)} for k, db in names.items()}
    desk = open_database(urls["a"]["desk"])
    try:
        with desk.write() as s:  # a desk of centre A at work
            s.add_all([Resident(name="王秀英"), Resident(name="𠮷大妈")])
    finally:
        desk.dispose()
    yield urls
    for db in names.values():
        pg_server.drop(db)
    for role in [*roles.values(), district]:
        _sql(pg_server, f'DROP ROLE IF EXISTS "{role}"')


def test_a_write_through_the_read_only_open_is_refused_by_the_server(two_centres) -> None:
    # Even as the databases' owner: the connection itself is read-only.
    db = open_centre(Centre("幸福里社区", two_centres["a"]["owner"]))
    try:
        with pytest.raises(DatabaseError, match="read-only transaction"), db.session() as s, s.begin():
            s.execute(text("INSERT INTO setting (key, value) VALUES ('x', 'y')"))
        with db.session() as s:
            assert s.scalar(text("SHOW default_transaction_read_only")) == "on"
            assert s.scalar(text("SELECT count(*) FROM resident")) == 2
    finally:
        db.dispose()


def test_the_district_role_reads_both_and_may_not_write_even_when_it_asks_for_read_write(two_centres) -> None:
    centres = [Centre("幸福里社区", two_centres["a"]["district"], 1), Centre("和平社区", two_centres["b"]["district"], 2)]
    figures = district_figures(centres, parse_period("2026"), now=dt.datetime(2026, 12, 7, 10))
    assert [c.error for c in figures.columns] == ["", ""]
    assert len(figures.rows()) > 20
    u = make_url(two_centres["a"]["district"])
    with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database, autocommit=True) as conn:
        conn.execute("SET default_transaction_read_only = off")  # the second wall: the grants
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO setting (key, value) VALUES ('x', 'y')")
        assert conn.execute("SELECT count(*) FROM resident").fetchone()[0] == 2


def test_a_desk_of_one_centre_cannot_connect_to_another_centres_database(two_centres) -> None:
    open_database(two_centres["b"]["desk"]).dispose()  # its own: yes
    a_desk_on_b = make_url(two_centres["b"]["desk"]).set(username=make_url(two_centres["a"]["desk"]).username)
    with pytest.raises(DatabaseOpenError, match="permission denied for database"):
        open_database(a_desk_on_b.render_as_string(hide_password=False))
    # And the sub-district's list naming it says so for that centre, the others still answer.
    centres = [Centre("幸福里社区", two_centres["a"]["district"], 1),
               Centre("和平社区", a_desk_on_b.render_as_string(hide_password=False), 2)]
    figures = district_figures(centres, parse_period("2026-12"), now=dt.datetime(2026, 12, 7, 10))
    assert figures.columns[0].answered
    assert figures.columns[1].error.startswith("和平社区: ") and "permission denied" in figures.columns[1].error


# --- a server whose password is not in the password file (tests/pg/district_servers.py) ---


@pytest.fixture
def password_centres(pg_server, pg_template, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Two centres on the server as its password role, no password file (tests/pg/district_servers.py)."""
    yield from district_servers.password_centres(pg_server, pg_template, tmp_path, monkeypatch)


def test_the_centres_needing_a_password_are_found_and_read_with_the_one_given(
        pg_server, password_centres, tmp_path) -> None:
    from models.core.db import PasswordNeeded, PasswordRefused
    from models.district import ServerPassword, centres_needing_password, check_server, server_key

    a, b = password_centres
    centres = [Centre("幸福里社区", a, 1), Centre("和平社区", b, 2),
               Centre("东风社区", str(sqlite_centre(tmp_path / "c.sqlite3")), 3)]
    assert centres_needing_password(centres) == centres[:2]
    assert server_key(centres[0]) == server_key(centres[1]) == ("127.0.0.1", make_url(a).port, "linli_pw")
    with pytest.raises(PasswordRefused, match="refused the password of linli_pw"):
        check_server(centres[0], password="wrong-password")
    with pytest.raises(PasswordNeeded):
        check_server(centres[1])
    check_server(centres[1], password=pg_server.role_password)

    period, now = parse_period("2026"), dt.datetime(2026, 12, 7, 10)
    # A script: no password given, the centre says why in one line naming ~/.pgpass.
    figures = district_figures(centres, period, now=now)
    assert [c.answered for c in figures.columns] == [False, False, True]
    assert "asks for the password of linli_pw" in figures.columns[0].error and ".pgpass" in figures.columns[0].error

    given = ServerPassword(password=pg_server.role_password)
    assert pg_server.role_password not in repr(given)
    figures = district_figures(centres, period, now=now, counts=True, passwords={server_key(centres[0]): given})
    assert [c.error for c in figures.columns] == ["", "", ""]
    assert [c.counts["resident"] for c in figures.columns] == [2, 0, 3]

    cancelled = ServerPassword(refusal="no password given")
    figures = district_figures(centres, period, now=now, passwords={server_key(centres[0]): cancelled})
    assert [c.error for c in figures.columns] == ["幸福里社区: no password given", "和平社区: no password given", ""]
