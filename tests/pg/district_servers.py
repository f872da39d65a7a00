"""Two centres on the throwaway server reached as its password role (``linli_pw``), and no password
file: the sub-district's reader must ask (issue 19). Shared by tests/pg, tests/cli and tests/ui/district.

A test module's own fixture yields from :func:`password_centres` (a fixture cannot be imported
cleanly across folders without a shared conftest).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models.core.db import open_database
from models.residents.entities import Resident


def password_centres(pg_server, pg_template, tmp_path, monkeypatch) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The two centres' addresses as ``linli_pw`` over TCP (centre A holds two residents), and
    PGPASSFILE naming a file that does not exist (nor PGPASSWORD): no password anywhere."""
    if pg_server.password_role is None:
        pytest.skip("the server has no password role (LINLI_TEST_PG_URL): the throwaway cluster makes one")
    role = pg_server.password_role
    names = [pg_server.new_name(f"linli_pw{k}") for k in ("a", "b")]
    for name in names:
        pg_server.create(name, template=pg_template)
        pg_server._admin(f'GRANT USAGE ON SCHEMA public TO "{role}"; '
                         f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"', name)
    desk = open_database(pg_server.url(names[0]))
    try:
        with desk.write() as s:
            s.add_all([Resident(name="王秀英"), Resident(name="𠮷大妈")])
    finally:
        desk.dispose()
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-pgpass"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    yield [pg_server.url(name, username=role, host="127.0.0.1") for name in names]
    for name in names:
        pg_server.drop(name)


def sqlite_centre(path):  # type: ignore[no-untyped-def]
    """A centre kept in a file, with three residents: read whatever the servers answer."""
    db = open_database(path)
    try:
        with db.write() as s:
            s.add_all([Resident(name=f"居民{i}") for i in range(3)])
    finally:
        db.dispose()
    return path
