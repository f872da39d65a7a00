"""The database lifecycle: where the file lives, the engine, sessions, migrations.

* :func:`default_db_path` — the single SQLite file in the user's data folder.
* :func:`make_engine` — an engine for a file path, ``:memory:`` or any URL;
  on SQLite every connection gets foreign_keys=ON, WAL, synchronous=FULL and a
  busy timeout, and transactions are begun explicitly (``BEGIN`` or, for a
  :func:`write_session`, ``BEGIN IMMEDIATE``) so that a write is one
  transaction that commits whole or not at all.
* :func:`database_file` — the file a ``--db`` argument names (None for a server).
* :func:`open_database` — open (creating or migrating) a Linli database; an
  online backup is taken before any migration touches an existing file.

Nothing outside this module issues SQLite-only SQL, so the same code runs on a
PostgreSQL URL (``postgresql+psycopg://USER@HOST[:PORT]/DBNAME``, docs/server.md).

What differs between the two backends is said in one place, the section
"Dialects" below: SQLite (a file) gets its PRAGMAs and ``BEGIN IMMEDIATE``;
PostgreSQL (a server) gets pre-ping, a connect timeout, one advisory lock per
write transaction (the same one-writer-at-a-time guarantee ``BEGIN IMMEDIATE``
gives on SQLite), a lock timeout, and its connection failures in one line. The
file lock, the network-share check, the sqlite3 backups and the read-only URIs
exist only for a file (``Database.path`` is None on a server).
"""

from __future__ import annotations

import ast
import contextlib
import logging
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from i18n import _
from models.core.errors import LinliError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

APP_NAME = "Linli"
BUSY_TIMEOUT_MS = 5000
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


class DatabaseOpenError(Exception):
    """The database cannot be opened; the message is one line for the clerk."""


def data_dir() -> Path:
    """The user's data folder for Linli (created on demand)."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """Where the centre's database lives unless ``--db`` says otherwise."""
    return data_dir() / "linli.sqlite3"


def _is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _url_for(target: str | Path | URL) -> URL:
    """A file path, ``:memory:`` or a URL string as a SQLAlchemy URL.

    A path becomes a URL object, never a string: a '?', '#' or '%' in a folder
    name must not be read as URL syntax.
    """
    if isinstance(target, URL):
        return target
    text_target = str(target)
    if text_target in (":memory:", "", "sqlite://"):
        return make_url("sqlite://")
    if "://" in text_target:
        return make_url(text_target)
    return URL.create("sqlite", database=str(Path(text_target).expanduser().resolve()))


def _file_path(url: URL) -> Path | None:
    """The database file of a SQLite URL (None for memory or another server)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def database_file(target: str | Path | URL) -> Path | None:
    """The SQLite file a ``--db`` argument names (a path or a ``sqlite:///`` URL), resolved;
    None for an in-memory database or another server's URL, which have no file to check,
    lock or back up."""
    return _file_path(_url_for(target))


def make_engine(target: str | Path | URL = ":memory:", *, echo: bool = False,
                password: str | None = None, read_only: bool = False) -> Engine:
    """Create an engine for a SQLite file path, ``:memory:`` or a database URL.

    ``password``: a server's password typed by the clerk (else libpq reads ~/.pgpass
    or PGPASSFILE); it goes to the driver, never into the URL.
    ``read_only``: on a server, every transaction of every connection is read-only
    (:func:`_server_engine_options`; the sub-district's view). A file is opened
    read-only by :func:`models.safety.startup.open_read_only` instead.

    An in-memory database uses one shared connection (StaticPool) so that
    every session in a test sees the same data — and therefore serves one
    thread at a time: the window, which reads in worker threads, needs a file.
    """
    url = _url_for(target)
    kwargs: dict = {"echo": echo}
    memory = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
    if memory:
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif url.get_backend_name() == "sqlite":
        kwargs.update(connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    else:
        kwargs.update(_server_engine_options(password, read_only=read_only))
    engine = create_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":
        _install_sqlite_hooks(engine, memory=memory)
    elif url.get_backend_name() == "postgresql":
        _install_postgresql_hooks(engine)
    return engine


# --- Dialects: everything that differs between the SQLite file and a PostgreSQL server ----
#
#                     SQLite (a file)                      PostgreSQL (a server)
#  connection         foreign_keys, WAL, synchronous,       pre-ping (reconnects after the
#                     busy_timeout PRAGMAs                  server comes back), connect timeout
#  a write            BEGIN IMMEDIATE (the file's write     BEGIN + pg_advisory_xact_lock(WRITE)
#                     lock, waits busy_timeout)             + SET LOCAL lock_timeout
#  the audit append   under the write lock                  pg_advisory_xact_lock(AUDIT) too
#  migrations         foreign_keys OFF, foreign_key_check   one advisory lock (two desks starting
#                                                           a new version migrate once)
#  integrity          PRAGMA integrity_check, fk check      the server's own (always "ok")
#  backup / restore   sqlite3 backup API (models.safety)    pg_dump / pg_restore (models.safety.server_backup)
#  file lock, network-share check, read-only URIs: a file only (``Database.path``).
#  password           none                                  ~/.pgpass / PGPASSFILE, or typed
#                                                           (never in the URL, files or logs)
#  read-only          mode=ro URI (models.safety.startup.     default_transaction_read_only=on for
#                     open_read_only)                       the connection (libpq options): the
#                                                           server refuses any write (sub-district)

#: Advisory lock keys (per database on the server): one writer at a time, the audit chain.
PG_WRITE_LOCK = 0x4C494E4C49  # "LINLI"
PG_AUDIT_LOCK = 0x4C494E4C49 + 1
PG_MIGRATE_LOCK = 0x4C494E4C49 + 2
CONNECT_TIMEOUT_S = 10


#: libpq's options for a read-only connection: the server itself refuses every write
#: ("cannot execute INSERT in a read-only transaction"), whatever the code tries.
PG_READ_ONLY_OPTIONS = "-c default_transaction_read_only=on"


def _server_engine_options(password: str | None, *, read_only: bool = False) -> dict:
    connect_args: dict = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": APP_NAME}
    if read_only:
        connect_args["options"] = PG_READ_ONLY_OPTIONS
    if password is not None:
        # Given to the driver only: never part of the URL, so never rendered or logged.
        connect_args["password"] = password
    return {"pool_pre_ping": True, "connect_args": connect_args}


def _install_postgresql_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get("linli_write", False):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_MS}ms'")
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def serialise(conn, key: int) -> None:  # type: ignore[no-untyped-def]
    """Hold the advisory lock ``key`` until this transaction ends (PostgreSQL); a no-op
    on SQLite, whose writers are one at a time already."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(key)})")


def is_server(engine: Engine) -> bool:
    """Whether ``engine`` reaches a database server rather than a SQLite file."""
    return not _is_sqlite(engine)


def _install_sqlite_hooks(engine: Engine, *, memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # The driver's own implicit transactions are turned off: SQLAlchemy
        # emits BEGIN itself (below), which also makes DDL transactional.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        immediate = conn.get_execution_options().get("linli_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextlib.contextmanager
def large_cache(connection, mebibytes: int = 512) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A larger page cache on this connection for one big bulk transaction.

    SQLite's default (2 MiB) spills a large uncommitted transaction's pages to
    the WAL and reads them back at every index insert; a bulk load of a
    million rows then takes minutes instead of seconds. No-op elsewhere.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size={-1024 * int(mebibytes)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


class ServerWriteFailed(LinliError):
    """A write on a server failed whole: the server went away, or another desk held the lock too long."""


def server_write_failure(exc: OperationalError) -> ServerWriteFailed:
    """The clerk's one line for a failed write on a server (nothing of it was kept)."""
    reason = str(getattr(exc, "orig", exc))
    if "lock timeout" in reason or "LockNotAvailable" in type(getattr(exc, "orig", exc)).__name__:
        return ServerWriteFailed(_("Not saved: another desk was saving for too long. Try again."))
    return ServerWriteFailed(_("Not saved: the server cannot be reached. Nothing was changed; "
                               "try again when the network is back."))


class ReadOnlyDatabase(LinliError):
    """A write refused: the file failed its start-up check and is open read-only."""


class WriteGate:
    """Writes wait while the file's start-up check runs in the background.

    The window opens at once on a large file; ``PRAGMA quick_check`` (about a
    second on ten years of data) runs meanwhile (:func:`models.safety.startup.deferred_checks`).
    A write asked for before it ends waits for it; after a failed check every
    write is refused with the check's message.
    """

    def __init__(self) -> None:
        self._done = threading.Event()
        self.refusal: str | None = None

    @property
    def decided(self) -> bool:
        return self._done.is_set()

    def open(self) -> None:
        self._done.set()

    def refuse(self, message: str) -> None:
        self.refusal = message
        self._done.set()

    def wait(self, timeout: float | None = None) -> None:
        """Return when writes may go ahead; raises :class:`ReadOnlyDatabase` after a failed check."""
        self._done.wait(timeout)
        if self.refusal is not None:
            raise ReadOnlyDatabase(self.refusal)


@dataclass
class Database:
    """An open Linli database: its engine, a session factory and where it is.

    ``write_gate``: set while the file's start-up check runs in the background
    (:class:`WriteGate`); :meth:`write` waits for it.
    """

    engine: Engine
    path: Path | None
    sessions: sessionmaker[Session]
    writes: sessionmaker[Session]
    write_gate: WriteGate | None = None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def session(self) -> Session:
        """A session for reading (and simple writes); use as a context manager."""
        return self.sessions()

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commits whole on success, rolls back on error.

        On SQLite the transaction starts with ``BEGIN IMMEDIATE``: it takes the
        write lock first, so a check-then-insert cannot race another copy of
        the app. While the start-up check runs, the write waits for it
        (:class:`WriteGate`); after a failed check it raises :class:`ReadOnlyDatabase`.
        """
        if self.write_gate is not None:
            self.write_gate.wait()
        if self.path is not None or _is_sqlite(self.engine):
            with self.writes() as session, session.begin():
                yield session
            return
        try:
            with self.writes() as session, session.begin():
                yield session
        except OperationalError as exc:
            raise server_write_failure(exc) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Config values go through configparser interpolation: escape '%'.
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


_REVISION_LINE = re.compile(r"^(down_revision|revision)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


def _revision_graph() -> dict[str, tuple[str, ...]]:
    """Each migration's revision → its down revisions, read from the files' text.

    Importing Alembic's script machinery (and Mako) to learn the head took a
    quarter of a second at every start (issue 9); Alembic is imported only
    when a migration actually runs. tests/models/test_db.py checks that this
    agrees with Alembic's own reading.
    """
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        values: dict[str, object] = {}
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            values.setdefault(name, ast.literal_eval(value))
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue
        down = values.get("down_revision")
        graph[revision] = (down,) if isinstance(down, str) else tuple(down or ())
    return graph


def head_revision() -> str:
    """The newest schema revision this code knows (heads joined by '+' if branched)."""
    graph = _revision_graph()
    below = {down for downs in graph.values() for down in downs}
    return "+".join(sorted(set(graph) - below))


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database, or None for an empty one."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        heads = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return "+".join(sorted(heads)) if heads else None


def read_only_uri(path: Path | str) -> str:
    """A SQLite URI opening ``path`` read-only (``sqlite3.connect(..., uri=True)``).

    ``as_uri()`` percent-encodes the path: a '#' or '?' in a folder name must
    not cut it short (SQLite would open another file).
    """
    return Path(path).resolve().as_uri() + "?mode=ro"


def backup_sqlite(source: Path, dest: Path) -> Path:
    """Copy a live SQLite database with the online backup API (never a file copy)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    return dest


def backup_dir_for(db_path: Path) -> Path:
    """The backup folder beside a database file."""
    return db_path.parent / "backups"


def migrate(engine: Engine, *, db_path: Path | None = None) -> Path | None:
    """Bring the schema to head; back up an existing file first.

    Migrations run with foreign keys off (a batch rebuild of a parent table
    must not cascade into its children) and ``foreign_key_check`` runs before
    the transaction commits. Returns the backup's path when one was taken.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    backup = None
    if db_path is not None and current is not None:
        # Verified, named and rotated with the other backups (models.safety.backup).
        from models.safety.backup import BackupError, backup_before_migration

        try:
            backup = backup_before_migration(db_path, current)
        except BackupError as exc:
            raise DatabaseOpenError(str(exc)) from None
        log.info("backup before migration written to %s", backup)
    elif current is not None and not _is_sqlite(engine):
        # A server: a dump with its own pg_dump first, verified and rotated (models.safety.server_backup).
        from models.safety.backup import BackupError
        from models.safety.server_backup import backup_server_before_migration

        try:
            backup = backup_server_before_migration(engine, current)
        except BackupError as exc:
            raise DatabaseOpenError(str(exc)) from None
        log.info("dump before migration written to %s", backup)
    from alembic import command

    cfg = _alembic_config(engine)
    with engine.connect() as conn:
        sqlite = _is_sqlite(engine)
        # PRAGMA foreign_keys is a no-op inside a transaction: set it on the
        # raw driver connection (in autocommit) before SQLAlchemy begins.
        raw = conn.connection.dbapi_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                # Two desks starting a newer Linli at once: the second waits, then finds
                # the schema at head and Alembic does nothing.
                serialise(conn, PG_MIGRATE_LOCK)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")
                if sqlite:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise DatabaseOpenError(
                            _("The schema upgrade left {count} broken references; nothing was changed.").format(
                                count=len(bad)
                            )
                        )
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")
    return backup


def _looks_like_linli(engine: Engine) -> bool:
    names = set(inspect(engine).get_table_names())
    return not names or "alembic_version" in names


class PasswordNeeded(DatabaseOpenError):
    """The server asks for a password that neither ~/.pgpass nor PGPASSFILE holds."""


class PasswordRefused(DatabaseOpenError):
    """The server refused the password given (typed, or from ~/.pgpass)."""


def server_failure(url: URL, exc: BaseException) -> DatabaseOpenError:
    """One line naming the server and what failed: refused, unknown host, bad password,
    no such database, no answer. The URL is shown without any password."""
    reason = str(getattr(exc, "orig", exc)).strip()
    first = reason.splitlines()[0] if reason else type(exc).__name__
    host = url.host or "localhost"
    where = f"{host}:{url.port}" if url.port else host
    low = reason.lower()
    if "no password supplied" in low:
        return PasswordNeeded(_("The server {host} asks for the password of {user}: put it in ~/.pgpass "
                                "(or the file PGPASSFILE names), or type it when asked.").format(
            host=where, user=url.username or "?"))
    if "password authentication failed" in low:
        return PasswordRefused(_("The server {host} refused the password of {user}.").format(
            host=where, user=url.username or "?"))
    if "does not exist" in low and "database" in low:
        return DatabaseOpenError(_("The server {host} has no database {name}.").format(
            host=where, name=url.database or "?"))
    if "translate host name" in low or "name or service not known" in low or "nodename nor servname" in low:
        return DatabaseOpenError(_("Unknown host {host}: check the server's name or address.").format(host=host))
    if "connection refused" in low:
        return DatabaseOpenError(_("The server {host} refused the connection: is PostgreSQL running there "
                                   "and accepting connections from this PC?").format(host=where))
    if "timeout" in low or "timed out" in low:
        return DatabaseOpenError(_("The server {host} did not answer within {seconds} seconds.").format(
            host=where, seconds=CONNECT_TIMEOUT_S))
    return DatabaseOpenError(_("Cannot open {path}: {reason}").format(
        path=url.render_as_string(hide_password=True), reason=first))


def open_database(target: str | Path | None = None, *, create: bool = True,
                  password: str | None = None) -> Database:
    """Open a Linli database, creating it at head or migrating it as needed.

    Args:
        target: a file path, ``:memory:`` or a URL; None means the default file.
        create: create a missing file (False: a missing file is an error).
        password: a server's password the clerk typed (:class:`PasswordNeeded` asks
            for it); a password inside the URL is refused, it would end up in files.

    Raises:
        DatabaseOpenError: a one-line reason (missing, unreadable, not a
            SQLite file, not a Linli database, newer than this program).
    """
    if target is None:
        target = default_db_path()
    url = _url_for(target)
    path = _file_path(url)
    if path is not None:
        if path.is_dir():
            raise DatabaseOpenError(_("{path} is a folder, not a database file.").format(path=path))
        if not path.exists():
            if not create:
                raise DatabaseOpenError(_("No database at {path}.").format(path=path))
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseOpenError(
                    _("Cannot create the folder for {path}: {reason}").format(path=path, reason=exc.strerror)
                ) from None
        elif path.stat().st_size and not _has_sqlite_header(path):
            raise DatabaseOpenError(_("{path} is not a Linli database.").format(path=path))
    elif url.get_backend_name() != "sqlite" and url.password is not None:
        raise DatabaseOpenError(_("Leave the password out of the database address: Linli reads it from "
                                  "~/.pgpass (or PGPASSFILE) or asks for it."))
    engine = make_engine(url, password=password)
    try:
        if not _looks_like_linli(engine):
            raise DatabaseOpenError(_("{path} is not a Linli database.").format(path=path or url))
        current = current_revision(engine)
        if current is not None and not set(current.split("+")) <= _known_revisions():
            raise DatabaseOpenError(
                _("{path} was written by a newer Linli (schema {rev}); update the program.").format(
                    path=path or url, rev=current
                )
            )
        migrate(engine, db_path=path)
    except DatabaseOpenError:
        engine.dispose()
        raise
    except (OperationalError, DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        if path is None and url.get_backend_name() != "sqlite":
            raise server_failure(url, exc) from None
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise DatabaseOpenError(
            _("Cannot open {path}: {reason}").format(path=path or url, reason=reason)
        ) from None
    sessions = sessionmaker(engine, expire_on_commit=False)
    writes = sessionmaker(engine.execution_options(linli_write=True), expire_on_commit=False)
    return Database(engine=engine, path=path, sessions=sessions, writes=writes)


def _has_sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError as exc:
        raise DatabaseOpenError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None


def _known_revisions() -> set[str]:
    return set(_revision_graph())


@dataclass
class CheckReport:
    """What ``main.py check`` prints."""

    revision: str | None
    head: str
    row_counts: dict[str, int]
    integrity: list[str]
    foreign_key_problems: list[tuple]
    #: The server's product and version ("PostgreSQL 15.18"); None for a SQLite file.
    server: str | None = None

    @property
    def sound(self) -> bool:
        return (
            self.revision == self.head
            and self.integrity == ["ok"]
            and not self.foreign_key_problems
        )


def check_database(db: Database) -> CheckReport:
    """Schema revision, row counts per table, integrity and foreign-key checks."""
    from models.core.base import Base

    engine = db.engine
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = conn.execute(text(f'SELECT COUNT(*) FROM "{table.name}"')).scalar_one()
        if _is_sqlite(engine):
            integrity = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            fk = [tuple(row) for row in conn.exec_driver_sql("PRAGMA foreign_key_check")]
            server = None
        else:  # PostgreSQL enforces both itself
            integrity, fk = ["ok"], []
            server = "PostgreSQL " + str(conn.exec_driver_sql("SHOW server_version").scalar_one()).split()[0]
    return CheckReport(
        revision=current_revision(engine),
        head=head_revision(),
        row_counts=counts,
        integrity=integrity,
        foreign_key_problems=fk,
        server=server,
    )
