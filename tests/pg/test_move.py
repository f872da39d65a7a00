"""``main.py move``: a centre's demo file onto a server, verified; a second move refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import main
from models.core.base import Base
from models.core.db import open_database
from models.core.move import table_digest
from models.demo import fill_demo
from models.residents.entities import Resident

CENTRE = "幸福里社区党群服务中心"  # the demo's centre


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "centre.sqlite3"
    db = open_database(path)
    try:
        fill_demo(db, residents=60, accounts=True)
    finally:
        db.dispose()
    return path


def trail(url):  # type: ignore[no-untyped-def]
    from models.safety.audit import AuditEntry

    db = open_database(url, create=False)
    try:
        with db.session() as s:
            return [(e.hash, e.action, e.table_name) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    finally:
        db.dispose()


def names_and_digests(url):  # type: ignore[no-untyped-def]
    db = open_database(url, create=False)
    try:
        with db.engine.connect() as conn:
            digests = {t.name: table_digest(conn, t) for t in Base.metadata.sorted_tables}
        with db.session() as s:
            names = set(s.scalars(select(Resident.name)))
    finally:
        db.dispose()
    return names, digests


def test_move_copies_every_table_verified_and_refuses_a_second_time(demo_file, pg_url, as_demo_admin,
                                                                    capsys) -> None:
    before_names, before = names_and_digests(demo_file)
    assert any("𠮷" in n for n in before_names) and any("·" in n for n in before_names)  # the hard names
    args = ["--lang", "en", "move", "--from", str(demo_file), "--to", pg_url, "--centre", CENTRE]
    assert main.main([*args, *as_demo_admin(demo_file, accounts=False)]) == 0
    out = capsys.readouterr().out
    assert "every table's count and digest checked" in out

    after_names, after = names_and_digests(pg_url)
    assert after_names == before_names
    # The file as it was copied: after the administrator's login, before the move's own entry.
    source_names, source = names_and_digests(demo_file)
    assert source_names == before_names
    assert {k: v for k, v in after.items() if k != "audit_entry"} == {k: v for k, v in source.items()
                                                                       if k != "audit_entry"}
    assert after["resident"][0] == 60
    assert trail(pg_url) == trail(demo_file)[:-1]
    assert trail(demo_file)[-1][1:] == ("export", None)  # "moved to …", recorded in the file afterwards

    server = open_database(pg_url, create=False)
    try:
        from models.core.settings import load_centre_info
        from models.residents.registry import ResidentInput, create_resident

        with server.session() as s:
            assert load_centre_info(s).name == CENTRE
        with server.write() as s:  # the server's ids go on after the copied ones
            assert create_resident(s, ResidentInput(name="郑𠮷新"), confirmed=True).id == 61
    finally:
        server.dispose()

    assert main.main([*args, *as_demo_admin(demo_file, accounts=False)]) == 1
    err = capsys.readouterr().err
    assert f"already holds a centre ({CENTRE}: 61 residents" in err and "nothing was copied" in err


def test_move_needs_an_administrator_and_a_server(demo_file, tmp_path, pg_url, monkeypatch, capsys) -> None:
    import io

    from models.demo import DEMO_PASSWORD

    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    assert main.main(["--lang", "en", "move", "--from", str(demo_file), "--to", str(tmp_path / "x.sqlite3"),
                      "--user", "demo-admin"]) == 1
    assert "not to a file" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    assert main.main(["--lang", "en", "move", "--from", str(demo_file), "--to", pg_url,
                      "--user", "demo-clerk"]) == 1
    assert "linli:" in capsys.readouterr().err  # a clerk may not move the centre
    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    assert main.main(["--lang", "en", "move", "--from", str(demo_file), "--to", pg_url, "--centre", "另一个中心",
                      "--user", "demo-admin"]) == 1
    assert f"is the database of {CENTRE}, not of 另一个中心" in capsys.readouterr().err
    names, digests = names_and_digests(pg_url)
    assert not names and digests["audit_entry"][0] == 0
