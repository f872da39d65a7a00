"""Test-wide set-up: no test writes to the real user folders."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("LINLI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def _damage_table(path: Path, table: str = "resident") -> None:
    """Overwrite ``table``'s first page with garbage; the schema stays readable (quick_check fails)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with Path(path).open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))


@pytest.fixture
def damage_table():
    """``damage_table(path, table="resident")``: a damaged database file, as a failing disk leaves one."""
    return _damage_table


@pytest.fixture
def as_demo_admin(monkeypatch):
    """``as_demo_admin(path, accounts=True)``: the demo accounts in the database at ``path``
    (unless ``accounts=False``) and the administrator's password on standard input, one
    line, as a script gives it; returns the arguments that make a command run as ``demo-admin``."""

    def arrange(path: Path, *, accounts: bool = True) -> list[str]:
        import io

        from models.core.db import open_database
        from models.demo import DEMO_PASSWORD, add_demo_accounts

        if accounts:
            db = open_database(path, create=False)
            try:
                with db.write() as s:
                    add_demo_accounts(s)
            finally:
                db.dispose()
        monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
        return ["--user", "demo-admin"]

    return arrange


# --- PostgreSQL: a real server for the tests that run on it (issue 19) ----------------------
#
# ``LINLI_TEST_PG_URL`` names a server where the test role may create databases
# (e.g. ``postgresql+psycopg://postgres@localhost/postgres``). Unset, a throwaway
# cluster is started from Debian's binaries (/usr/lib/postgresql/*/bin): initdb into a
# temporary folder, pg_ctl on a free local port with its socket in that folder, stopped
# and removed at the end. initdb refuses to run as root: as root the cluster runs as
# the ``postgres`` user. With neither, every PostgreSQL test skips with the reason.
#
# ``pytest --pg`` runs the domain tests that use the ``db`` fixture (tests/models) on
# PostgreSQL instead of SQLite, each on a fresh database copied from a template at the
# head revision; every other test is deselected (they ran in the SQLite pass). A test
# about the SQLite file itself is marked ``sqlite_only``.

PG_TEST_ROLE_PASSWORD = "desk-2-secret"


def pytest_addoption(parser):
    parser.addoption(
        "--pg", action="store_true",
        help="run the domain tests (the `db` fixture) on PostgreSQL: LINLI_TEST_PG_URL or a throwaway cluster",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself; left out of the --pg pass")
    config.addinivalue_line("markers", "pg: also runs in the --pg pass")


#: Domain test files left out of the --pg pass, and why (CI time: the pass stays near two minutes).
PG_PASS_LEAVES_OUT = {
    "tests/models/test_demo.py": "the demo on a server: tests/pg/test_server.py runs `main.py demo` there",
    "tests/models/test_demo_large.py": "ten years of data: a benchmark, not a rule",
}


#: The window's desk flows, also run on PostgreSQL (their ``demo_db`` on the server: tests/ui/conftest.py).
PG_PASS_DESK_FLOWS = (
    "tests/ui/daycare/test_daycare_tab.py",
    "tests/ui/meals/test_meals_tab.py",
    "tests/ui/activities/test_tab.py",
)


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--pg"):
        return
    keep, drop = [], []
    for item in items:
        path = Path(str(item.path)).as_posix()
        domain = ("/tests/models/" in path and "db" in getattr(item, "fixturenames", ())
                  and not any(path.endswith(left) for left in PG_PASS_LEAVES_OUT))
        desk = any(path.endswith(f) for f in PG_PASS_DESK_FLOWS)
        wanted = (domain or desk or item.get_closest_marker("pg")) and not item.get_closest_marker("sqlite_only")
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _pg_bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else None


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """A PostgreSQL server for tests: ``admin_url`` reaches its maintenance database."""

    def __init__(self, admin_url: str, *, pgpass_dir: Path | None = None):
        from sqlalchemy.engine import make_url

        self.admin_url = make_url(admin_url)
        self.pgpass_dir = pgpass_dir
        self._count = 0
        #: A login role with a password (PG_TEST_ROLE_PASSWORD, scram over TCP): our own cluster only.
        self.password_role: str | None = None
        self.role_password = PG_TEST_ROLE_PASSWORD

    free_port = staticmethod(lambda: _free_port())

    def url(self, database: str, **changes) -> str:
        return self.admin_url.set(database=database, **changes).render_as_string(hide_password=False)

    def _admin(self, sql: str, database: str | None = None) -> None:
        import psycopg

        u = self.admin_url
        with psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password,
                             dbname=database or u.database, autocommit=True) as conn:
            conn.execute(sql)

    def grant_desk(self, database: str, role: str) -> None:
        """What a desk's login role needs on a Linli database (docs/server.md): read and write its rows."""
        self._admin(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"; '
                    f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"', database)

    def new_name(self, stem: str = "linli_test") -> str:
        self._count += 1
        return f"{stem}_{os.getpid()}_{self._count}"

    def create(self, name: str, template: str | None = None, owner: str | None = None) -> str:
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
                    + (f' OWNER "{owner}"' if owner else ""))
        return self.url(name)

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start_cluster(bindir: Path):  # type: ignore[no-untyped-def]
    import shutil
    import subprocess
    import tempfile

    as_root = os.geteuid() == 0
    run_as: list[str] = []
    if as_root:
        import pwd

        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            return None, "running as root and there is no postgres user to run initdb as"
        run_as = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="linli-pg-"))
    if as_root:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, port = base / "data", _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "text": True}
    done = subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                           "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], **quiet, check=False)
    if done.returncode:
        shutil.rmtree(base, ignore_errors=True)
        return None, "initdb failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    # A password role for the .pgpass test; everyone else is trusted (a local throwaway cluster).
    (data / "pg_hba.conf").write_text(
        "local all all trust\n"
        "host all linli_pw 127.0.0.1/32 scram-sha-256\n"
        "host all all 127.0.0.1/32 trust\n", encoding="utf-8")
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " \
              "-c full_page_writes=off -c max_connections=60"
    done = subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"),
                           "-o", options, "-w", "-t", "60", "start"], **quiet, check=False)
    if done.returncode:
        log_text = (base / "log").read_text(errors="replace") if (base / "log").exists() else done.stderr
        shutil.rmtree(base, ignore_errors=True)
        return None, "pg_ctl start failed: " + (log_text.strip().splitlines() or ["?"])[-1]

    def stop() -> None:
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       **quiet, check=False)
        shutil.rmtree(base, ignore_errors=True)

    return (f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop), None


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server (:class:`PgServer`), or a skip that says why there is none."""
    url = os.environ.get("LINLI_TEST_PG_URL")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL tests need psycopg (pip install 'psycopg[binary]')")
    if url:
        yield PgServer(url)
        return
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL: set LINLI_TEST_PG_URL or install Debian's postgresql (initdb not found)")
    started, reason = _start_cluster(bindir)
    if started is None:
        pytest.skip(f"no PostgreSQL: {reason}")
    admin_url, stop = started
    try:
        server = PgServer(admin_url)
        server._admin(f"CREATE ROLE linli_pw LOGIN PASSWORD '{PG_TEST_ROLE_PASSWORD}' CREATEDB")
        server.password_role = "linli_pw"
        yield server
    finally:
        stop()


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """The name of a database at the head revision, the template of every test's database."""
    from models.core.db import open_database

    name = pg_server.new_name("linli_template")
    url = pg_server.create(name)
    open_database(url).dispose()
    yield name
    pg_server.drop(name)  # a server of LINLI_TEST_PG_URL keeps nothing of the run


@pytest.fixture
def pg_url(pg_server, pg_template):
    """The URL of a fresh Linli database at head on the test server, dropped afterwards."""
    name = pg_server.new_name()
    url = pg_server.create(name, template=pg_template)
    yield url
    pg_server.drop(name)
