"""Backups and restore of a centre's database on a PostgreSQL server (issue 19), with the server's own tools.

* :func:`find_tool` — ``pg_dump`` / ``pg_restore``: on the PATH, else the highest version in
  Debian's ``/usr/lib/postgresql/*/bin`` or Windows' ``C:\\Program Files\\PostgreSQL\\*\\bin``;
  a missing one is a :class:`ToolMissing` that names it and how to get it.
* :func:`make_server_backup` — ``pg_dump -Fc`` into ``<folder>/<dbname>-YYYYMMDD-HHMMSS-<kind>.dump``,
  written as ``.partial``. The source's row counts are read in a REPEATABLE READ transaction
  whose snapshot is exported (``pg_export_snapshot``) and given to ``pg_dump --snapshot``:
  the dump holds exactly the state that was counted. The dump is then restored into a
  scratch database (``<dbname>_linli_verify_<random>``, created by the same role: it needs
  CREATEDB) and its counts compared; the scratch database is dropped; only then is the dump
  renamed and are older dumps pruned by the files' rotation (:func:`models.safety.backup.prune`,
  the one :func:`~models.safety.backup.plan_rotation`). A role without CREATEDB keeps its
  dump under the final name marked ``"verified": false`` in its metadata, and nothing is pruned.
* :func:`restore_server_backup` — the chosen dump is verified the same way (``pg_restore --list``,
  a scratch restore, its schema revision known to this program), the current state is dumped
  (kind "restore"), then ``pg_restore --clean --if-exists --single-transaction`` into the
  database. The caller reopens the database (which migrates an older dump) and records the
  restore in the trail (:func:`models.safety.backup.record_restore`).
* :func:`back_up_database`, :func:`backups_of`, :func:`backup_folder_of` — one entry for the
  window and the commands whatever the database (a file or a server).

The password never reaches a command line or a log: the tools get the address as a libpq
URI (``--dbname=postgresql://USER@HOST:PORT/DB?sslmode=…``, from SQLAlchemy's
``postgresql+psycopg://`` form, options kept) and the password the open connection used
(libpq's ``PQpass``: typed at the prompt, or read from the password file) as ``PGPASSWORD``
in the child's environment only.

Why one module of about seven hundred lines: finding the tools, running them without the
password on a command line, the scratch database, the dump, its check and the restore share
one set of failure rules and one format (:mod:`models.safety.backup`'s names, metadata and
rotation, with ``.dump`` for ``.sqlite3``); each is a section below.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from i18n import _
from models.safety.backup import (
    BackupError,
    BackupFile,
    BackupResult,
    Clock,
    Progress,
    RestoreResult,
    Verification,
    _keep_meta,
    _now,
    _unique_target,
    _write_meta,
    clock_warning,
    list_backups,
    next_sequence,
    prune,
    read_meta,
)

log = logging.getLogger(__name__)

#: A server's dumps end in ``.dump`` (a file's backups in ``.sqlite3``).
DUMP_SUFFIX = ".dump"

#: Where the PostgreSQL client tools are looked for after the PATH (the highest version first).
DEBIAN_DIRS = "/usr/lib/postgresql/*/bin"
WINDOWS_DIRS = r"C:\Program Files\PostgreSQL\*\bin"

#: The per-user preference naming the folder of a server's dumps (models.core.settings).
FOLDER_PREFERENCE = "backup.server_folder"

#: How long a tool may run (a large centre's dump takes seconds; a dead network must not hang the window).
TOOL_TIMEOUT_S = 3600


class ToolMissing(BackupError):
    """pg_dump or pg_restore is not on this PC; the message names it and how to get it."""


# --- the tools ------------------------------------------------------------------------------


def tool_missing_message(tool: str) -> str:
    return _(
        "{tool} was not found on this PC: Linli backs up a PostgreSQL server with the server's own tools. "
        "Install them: on Debian or Ubuntu, apt-get install postgresql-client; on Windows, the official "
        "PostgreSQL installer with its \"Command Line Tools\" (C:\\Program Files\\PostgreSQL\\<version>\\bin)."
    ).format(tool=tool)


def _version_key(bindir: Path) -> tuple[int, ...]:
    """``.../15/bin`` → (15,); ``.../9.6/bin`` → (9, 6); a folder without a number last."""
    parts = re.findall(r"\d+", bindir.parent.name)
    return tuple(int(p) for p in parts) if parts else (-1,)


def _candidates(pattern: str, exe: str) -> list[Path]:
    import glob

    found = [Path(d) / exe for d in glob.glob(pattern)]
    return sorted((p for p in found if p.is_file()), key=lambda p: _version_key(p.parent), reverse=True)


def find_tool(tool: str, *, search_path: str | None = None,
              install_dirs: Sequence[str] | None = None) -> Path:
    """The ``tool`` (``pg_dump``, ``pg_restore``) to run: the PATH first, then the installers' folders.

    ``search_path`` (default: the PATH) and ``install_dirs`` (default: Debian's and Windows'
    folders, as glob patterns) are for tests.

    Raises:
        ToolMissing: nowhere to be found.
    """
    found = shutil.which(tool, path=search_path)
    if found:
        return Path(found)
    exe = tool + (".exe" if os.name == "nt" else "")
    for pattern in (install_dirs if install_dirs is not None else (DEBIAN_DIRS, WINDOWS_DIRS)):
        candidates = _candidates(pattern, exe)
        if candidates:
            return candidates[0]
    raise ToolMissing(tool_missing_message(tool))


# --- the server: its address for the tools and its password ----------------------------------


@dataclass(frozen=True)
class Server:
    """A server database as the tools reach it: the address (no password) and the password in memory."""

    url: URL  # SQLAlchemy's form, without any password
    password: str | None = None

    @property
    def name(self) -> str:
        return self.url.database or ""

    @property
    def stem(self) -> str:
        """The dumps' names begin with it: the database's name."""
        return re.sub(r"[^A-Za-z0-9_.+]", "_", self.name) or "linli"

    @property
    def host(self) -> str:
        return self.url.host or "localhost"

    def shown(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def conninfo(self, database: str | None = None) -> str:
        """The libpq URI of the database (or of ``database`` on the same server), options kept, no password."""
        url = self.url.set(drivername="postgresql", password=None)
        if database is not None:
            url = url.set(database=database)
        return url.render_as_string(hide_password=False)

    def env(self) -> dict[str, str]:
        """The tools' environment: this process's (PGPASSFILE, PGSSLROOTCERT… as configured), and the
        password in PGPASSWORD when one is held in memory."""
        env = dict(os.environ)
        if self.password is not None:
            env["PGPASSWORD"] = self.password
        return env

    def engine(self, database: str | None = None):  # type: ignore[no-untyped-def]
        """An engine on ``database`` of this server (one connection at a time, none kept)."""
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        from models.core.db import CONNECT_TIMEOUT_S

        url = self.url.set(password=None, database=database or self.name)
        args: dict = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "Linli backup"}
        if self.password is not None:
            args["password"] = self.password
        return create_engine(url, poolclass=NullPool, connect_args=args)


def server_of(db) -> Server:  # type: ignore[no-untyped-def]
    """The server of an open :class:`~models.core.db.Database`, with the password its connection used."""
    url = db.engine.url.set(password=None)
    password = None
    with db.engine.connect() as conn:
        dbapi = conn.connection.dbapi_connection
        info = getattr(dbapi, "info", None)  # psycopg 3: libpq's PQpass / PQconnectionUsedPassword
        pgconn = getattr(dbapi, "pgconn", None)
        if info is not None and pgconn is not None and getattr(pgconn, "used_password", False):
            password = info.password or None
        conn.rollback()
    return Server(url=url, password=password)


def dump_argv(pg_dump: Path, server: Server, out: Path, snapshot: str | None = None) -> list[str]:
    """pg_dump's command line: the custom format into ``out``; never a password."""
    argv = [str(pg_dump), "--format=custom", f"--file={out}", "--no-password"]
    if snapshot:
        argv.append(f"--snapshot={snapshot}")
    return [*argv, f"--dbname={server.conninfo()}"]


def restore_argv(pg_restore: Path, server: Server, dump: Path, *, database: str | None = None,
                 clean: bool = False) -> list[str]:
    """pg_restore's command line into the database (or the scratch ``database``); never a password.

    One transaction (all or nothing). Into the live database: ``--clean --if-exists`` with the
    dump's owners and grants (the tables stay the owner role's, which runs the migrations, and the
    desks keep their grants; a role that may not give them away is refused, rolled back whole).
    Into a scratch database: owned by the checking role, no grants (``--no-owner --no-privileges``).
    """
    argv = [str(pg_restore), "--single-transaction", "--exit-on-error", "--no-password"]
    if clean:
        argv += ["--clean", "--if-exists"]
    else:
        argv += ["--no-owner", "--no-privileges"]
    return [*argv, f"--dbname={server.conninfo(database)}", str(dump)]


#: How long the restore's DROPs may wait for another desk's open transaction before the restore is
#: cancelled (rolled back whole): a desk left in the middle of something must not hang it for an hour.
#: (A dump's preamble sets ``lock_timeout = 0`` in pg_restore's session, so the wait is watched from here.)
RESTORE_LOCK_WAIT_S = 30.0


def _run(argv: list[str], server: Server) -> subprocess.CompletedProcess[str]:
    """Run a tool; its own message (first lines of stderr) on failure, e.g. pg_dump's version mismatch."""
    tool = Path(argv[0]).name
    log.info("running %s", tool)  # never the arguments' address options or the environment
    try:
        done = subprocess.run(argv, env=server.env(), capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=TOOL_TIMEOUT_S, stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        raise BackupError(_("{tool} did not finish within {minutes} minutes.").format(
            tool=tool, minutes=TOOL_TIMEOUT_S // 60)) from None
    except OSError as exc:
        raise BackupError(_("{tool} could not be started: {reason}").format(
            tool=tool, reason=exc.strerror or exc)) from None
    if done.returncode:
        raise BackupError(_failure(tool, done.stderr, done.returncode, server))
    return done


def _failure(tool: str, stderr: str, code: int, server: Server) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    detail = " ".join(lines[:3]) or _("exit status {code}").format(code=code)
    if server.password:
        detail = detail.replace(server.password, "***")
    return _("{tool} failed: {detail}").format(tool=tool, detail=detail)


def _run_watched(argv: list[str], server: Server) -> None:
    """Run pg_restore into the live database; cancel it when it waits for a lock more than
    :data:`RESTORE_LOCK_WAIT_S` (its single transaction is then rolled back: nothing changed)."""
    import tempfile
    import time

    tool = Path(argv[0]).name
    env = server.env()
    env["PGAPPNAME"] = marker = f"linli-restore-{secrets.token_hex(6)}"
    log.info("running %s", tool)
    watch = server.engine()
    waiting_since: float | None = None
    cancelled = False
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as errors:
        try:
            proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=errors, text=True)
        except OSError as exc:
            raise BackupError(_("{tool} could not be started: {reason}").format(
                tool=tool, reason=exc.strerror or exc)) from None
        started = time.monotonic()
        try:
            while True:
                try:
                    proc.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if time.monotonic() - started > TOOL_TIMEOUT_S:
                    proc.kill()
                    proc.wait()
                    raise BackupError(_("{tool} did not finish within {minutes} minutes.").format(
                        tool=tool, minutes=TOOL_TIMEOUT_S // 60))
                if cancelled:
                    continue
                with watch.connect() as conn:
                    pids = list(conn.execute(text(
                        "SELECT pid FROM pg_stat_activity WHERE application_name = :name "
                        "AND wait_event_type = 'Lock'"), {"name": marker}).scalars())
                    if not pids:
                        waiting_since = None
                    elif waiting_since is None:
                        waiting_since = time.monotonic()
                    elif time.monotonic() - waiting_since > RESTORE_LOCK_WAIT_S:
                        for pid in pids:
                            conn.execute(text("SELECT pg_cancel_backend(:pid)"), {"pid": pid})
                        cancelled = True
                        log.warning("restore cancelled: it waited more than %s s for another session's lock",
                                    RESTORE_LOCK_WAIT_S)
        finally:
            watch.dispose()
        if proc.returncode:
            if cancelled:
                raise BackupError(_(
                    "The restore waited more than {seconds} seconds for another desk that is in the middle of "
                    "something, and was cancelled; nothing was changed. Ask the other desks to close Linli, then "
                    "try again.").format(seconds=int(RESTORE_LOCK_WAIT_S)))
            errors.seek(0)
            raise BackupError(_failure(tool, errors.read(), proc.returncode, server))


# --- counting the rows ----------------------------------------------------------------------

_TABLES = text(
    "SELECT schemaname, tablename FROM pg_catalog.pg_tables "
    "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg\\_%' "
    "ORDER BY schemaname, tablename"
)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_counts(conn) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rows per table (``schema.table``, ``table`` alone in ``public``), in ``conn``'s transaction."""
    counts: dict[str, int] = {}
    for schema, table in conn.execute(_TABLES).all():
        key = table if schema == "public" else f"{schema}.{table}"
        counts[key] = conn.execute(text(f"SELECT count(*) FROM {_quote(schema)}.{_quote(table)}")).scalar_one()
    return counts


def _revision(conn, counts: dict[str, int]) -> str | None:  # type: ignore[no-untyped-def]
    if "alembic_version" not in counts:
        return None
    rows = sorted(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))
    return "+".join(rows) if rows else None


def _last_audit_entry(conn, counts: dict[str, int]) -> tuple[int, str] | None:  # type: ignore[no-untyped-def]
    if not counts.get("audit_entry"):
        return None
    row = conn.execute(text("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")).first()
    return (int(row[0]), str(row[1])) if row else None


# --- the scratch database -------------------------------------------------------------------


class _NoCreateDb(Exception):
    """The role may not create a database (CREATEDB): the dump cannot be verified."""


def _scratch_name(server: Server) -> str:
    stem = re.sub(r"[^a-z0-9_]", "_", server.name.lower())[:30] or "linli"
    return f"{stem}_linli_verify_{secrets.token_hex(4)}"


def _create_scratch(server: Server, name: str) -> None:
    engine = server.engine()
    try:
        with engine.connect() as conn:
            enc, collate, ctype = conn.execute(text(
                "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
                "WHERE datname = current_database()")).one()
            conn.rollback()
            auto = conn.execution_options(isolation_level="AUTOCOMMIT")
            try:
                auto.exec_driver_sql(
                    f"CREATE DATABASE {_quote(name)} TEMPLATE template0 ENCODING '{enc}' "
                    f"LC_COLLATE '{collate}' LC_CTYPE '{ctype}'")
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
                    raise _NoCreateDb from None
                raise
    finally:
        engine.dispose()


def _drop_scratch(server: Server, name: str) -> None:
    engine = server.engine()
    try:
        with engine.connect() as conn:
            version = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
            conn.rollback()
            force = " WITH (FORCE)" if version >= 130000 else ""
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                f"DROP DATABASE IF EXISTS {_quote(name)}{force}")
    except DBAPIError as exc:
        log.warning("cannot drop the scratch database %s: %s", name, str(exc.orig).splitlines()[0])
    finally:
        engine.dispose()


@dataclass
class DumpCheck(Verification):
    """What restoring a dump into a scratch database found; ``verified`` False: it could not be tried."""

    verified: bool = True
    anchor: tuple[int, str] | None = None


def verify_dump(server: Server, dump: Path, expected_counts: dict[str, int] | None = None, *,
                pg_restore: Path | None = None) -> DumpCheck:
    """Restore ``dump`` into a scratch database: row counts (compared with ``expected_counts``
    when given), schema revision; the scratch database is dropped again.

    A role without CREATEDB gives ``verified=False`` and the reason in ``problems``.
    """
    pg_restore = pg_restore or find_tool("pg_restore")
    scratch = _scratch_name(server)
    try:
        _create_scratch(server, scratch)
    except _NoCreateDb:
        return DumpCheck([], {}, None, [_(
            "The role {user} may not create databases, so the dump could not be checked by restoring it into "
            "a scratch database. Give it CREATEDB on the server (ALTER ROLE {user} CREATEDB).").format(
            user=server.url.username or "?")], verified=False)
    except DBAPIError as exc:
        raise BackupError(_("The scratch database for the check could not be created: {reason}").format(
            reason=str(exc.orig).splitlines()[0])) from None
    try:
        _run(restore_argv(pg_restore, server, dump, database=scratch), server)
        engine = server.engine(scratch)
        try:
            with engine.connect() as conn:
                counts = table_counts(conn)
                revision = _revision(conn, counts)
                anchor = _last_audit_entry(conn, counts)
        finally:
            engine.dispose()
    finally:
        _drop_scratch(server, scratch)
    problems: list[str] = []
    if "alembic_version" not in counts:
        problems.append(_("{path} is not a Linli database.").format(path=dump.name))
    if expected_counts is not None and counts != expected_counts:
        differ = sorted(t for t in set(counts) | set(expected_counts) if counts.get(t) != expected_counts.get(t))
        problems.append(_("{path} does not hold the same rows as the database ({tables}).").format(
            path=dump.name, tables=", ".join(differ[:5])))
    return DumpCheck(["ok"], counts, revision, problems, anchor=anchor)


# --- where the dumps go -----------------------------------------------------------------------


def server_backup_folder(server: Server) -> Path:
    """The folder of a server's dumps: the per-user preference, else ``backups/<host>-<dbname>/``
    in the user's data folder."""
    from models.core.db import data_dir
    from models.core.settings import load_preferences

    configured = str(load_preferences().get(FOLDER_PREFERENCE) or "").strip()
    base = Path(configured).expanduser() if configured else data_dir() / "backups"
    where = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{server.host}-{server.name}")
    return base / where


# --- making a dump ------------------------------------------------------------------------------


def make_server_backup(db, kind: str, *, dest: Path | None = None, note: str = "",  # type: ignore[no-untyped-def]
                       clock: Clock = _now, rotate: bool = True, progress: Progress | None = None,
                       server: Server | None = None) -> BackupResult:
    """Dump the server database of ``db`` with ``pg_dump -Fc``, verify it, prune older dumps.

    Args:
        kind: why (one of :data:`models.safety.backup.KINDS`); part of the file name.
        dest: the folder (default: :func:`server_backup_folder`).
        progress: ``("copy", 0, 0)`` as the dump starts, ``("verify", 0, 0)`` as its check starts.
        server: the address and password (default: read from ``db``'s connection).

    Raises:
        ToolMissing: pg_dump or pg_restore is not on this PC.
        BackupError: the dump failed (pg_dump's own message: e.g. older than the server) or does
            not check out; nothing is pruned then.
        PermissionDenied: a backup a person asked for (``manual``, or to another folder) and the
            actor lacks ``backup.make``.
    """
    from models.safety.security import require

    if kind == "manual" or dest is not None:
        require("backup.make")
    pg_dump, pg_restore = find_tool("pg_dump"), find_tool("pg_restore")
    server = server or server_of(db)
    folder = Path(dest) if dest is not None else server_backup_folder(server)
    stem = server.stem
    taken_at = clock()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(_("The backup to {folder} failed: {reason}").format(
            folder=folder, reason=exc.strerror or exc)) from None
    found = list_backups(folder, stem, DUMP_SUFFIX)
    sequence, warning = next_sequence(found), clock_warning(found, taken_at)
    target = _unique_target(folder, stem, taken_at, kind, note, DUMP_SUFFIX)
    partial = target.with_name(target.name + ".partial")
    try:
        if progress is not None:
            progress("copy", 0, 0)
        counts, anchor = _dump_in_snapshot(db, server, pg_dump, partial)
        if progress is not None:
            progress("verify", 0, 0)
        check = verify_dump(server, partial, counts, pg_restore=pg_restore)
        if check.verified and not check.ok:
            raise BackupError("; ".join(check.problems))
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The backup to {folder} failed: {reason}").format(
            folder=folder, reason=exc.strerror or exc)) from None
    except DBAPIError as exc:  # the server: gone, or a table this role may not read
        partial.unlink(missing_ok=True)
        raise BackupError(_("The backup to {folder} failed: {reason}").format(
            folder=folder, reason=str(exc.orig).strip().splitlines()[0])) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _keep_meta(target, taken_at, kind, sequence)
    meta = {**read_meta(target), "server": server.shown(), "revision": check.revision,
            "rows": sum(counts.values()), "verified": check.verified}
    if anchor is not None:
        meta["audit_anchor"] = {"entry": anchor[0], "hash": anchor[1]}
    try:
        _write_meta(target, meta)
    except OSError:
        log.warning("cannot add the server's details to the metadata of %s", target.name)
    result = BackupResult(path=target, kind=kind, taken_at=taken_at, row_counts=counts, sequence=sequence,
                          anchor=anchor)
    if warning:
        result.clock_warning = warning
        result.notes.append(warning)
    if not check.verified:
        result.notes.append(_("The dump was written but NOT checked, and no older dump was removed: {reason}").format(
            reason=" ".join(check.problems)))
        log.warning("dump (%s) written to %s, not verified", kind, target)
        return result
    log.info("dump (%s) written to %s and verified", kind, target)
    if rotate:
        result.removed += prune(folder, stem, taken_at, DUMP_SUFFIX)
    return result


def backup_server_before_migration(engine, revision: str) -> Path:  # type: ignore[no-untyped-def]
    """The dump :func:`models.core.db.migrate` takes of a server before changing its schema."""
    from types import SimpleNamespace

    return make_server_backup(SimpleNamespace(engine=engine, path=None), "migration", note=revision).path


def _dump_in_snapshot(db, server: Server, pg_dump: Path, out: Path):  # type: ignore[no-untyped-def]
    """Count the rows and run pg_dump in one exported snapshot; returns the counts and the trail's last entry."""
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts = table_counts(conn)
            anchor = _last_audit_entry(conn, counts)
            _run(dump_argv(pg_dump, server, out, snapshot), server)  # while the snapshot's transaction is open
    return counts, anchor


# --- restore ----------------------------------------------------------------------------------


def check_server_dump(server: Server, dump: Path, known_revisions: Sequence[str] | None = None) -> DumpCheck:
    """Verify a dump chosen for a restore: a pg_dump archive (``pg_restore --list``), restorable into a
    scratch database, a Linli database, not from a newer program."""
    dump = Path(dump)
    if not dump.is_file():
        return DumpCheck([], {}, None, [_("No backup at {path}.").format(path=dump)])
    with dump.open("rb") as fh:
        header = fh.read(5)
    if header != b"PGDMP":
        return DumpCheck([], {}, None, [_("{path} is not a dump of a PostgreSQL database (pg_dump -Fc).").format(
            path=dump.name)])
    pg_restore = find_tool("pg_restore")
    try:
        _run([str(pg_restore), "--list", str(dump)], server)
    except BackupError as exc:
        return DumpCheck([], {}, None, [str(exc)])
    try:
        check = verify_dump(server, dump, pg_restore=pg_restore)
    except DBAPIError as exc:
        return DumpCheck([], {}, None, [str(exc.orig).strip().splitlines()[0]])
    except BackupError as exc:
        return DumpCheck([], {}, None, [str(exc)])
    if check.ok and check.revision is not None:
        if known_revisions is None:
            from models.core.db import _known_revisions

            known_revisions = sorted(_known_revisions())
        if not set(check.revision.split("+")) <= set(known_revisions):
            check.problems.append(_("{path} was written by a newer Linli (schema {rev}); update the program "
                                    "first.").format(path=dump.name, rev=check.revision))
    return check


def restore_server_backup(db, dump: Path, *, clock: Clock = _now, progress: Progress | None = None,  # type: ignore[no-untyped-def]
                          server: Server | None = None, checked: DumpCheck | None = None) -> RestoreResult:
    """Replace the server database of ``db`` with ``dump``.

    The dump is verified (or ``checked`` already was, by :func:`check_server_dump`); the current
    state is dumped (kind "restore"); then ``pg_restore --clean --if-exists --single-transaction``
    writes the dump into the database, all or nothing, and its row counts are compared with the
    scratch restore's. The caller then reopens the database (:func:`models.core.db.open_database`
    migrates an older dump, with a dump first) and records the restore in the trail.
    Other desks' writes wait for the restore (its locks) and may fail with "another desk was saving".

    Raises:
        BackupError: the dump is unsound or the restore failed (the message says where the dump of
            the state before is); ToolMissing; PermissionDenied: the actor lacks ``restore``.
    """
    from models.safety.security import require

    require("restore")
    server = server or server_of(db)
    dump = Path(dump)
    check = checked if checked is not None else check_server_dump(server, dump)
    if not check.ok:
        raise BackupError("; ".join(check.problems))
    safety = make_server_backup(db, "restore", clock=clock, progress=progress, server=server)
    if progress is not None:
        progress("restore", 0, 0)
    db.engine.dispose()  # no idle connection of ours in the way of the DROPs
    try:
        _run_watched(restore_argv(find_tool("pg_restore"), server, dump, clean=True), server)
    except BackupError as exc:
        raise BackupError(_("The restore failed: {reason}. The previous database is kept as {path}.").format(
            reason=str(exc).rstrip("。."), path=safety.path)) from None
    if progress is not None:
        progress("check", 0, 0)
    engine = server.engine()
    try:
        with engine.connect() as conn:
            after = table_counts(conn)
    except DBAPIError as exc:
        raise BackupError(_("The restored database does not check out: {problems}. The previous database is "
                            "kept as {path}.").format(problems=str(exc.orig).strip().splitlines()[0],
                                                      path=safety.path)) from None
    finally:
        engine.dispose()
    if after != check.row_counts:
        differ = sorted(t for t in set(after) | set(check.row_counts) if after.get(t) != check.row_counts.get(t))
        raise BackupError(_("The restored database does not check out: {problems}. The previous database is "
                            "kept as {path}.").format(problems=", ".join(differ[:5]), path=safety.path))
    log.info("restored %s from %s", server.name, dump.name)
    return RestoreResult(restored_from=dump, safety_copy=safety.path, row_counts=after, notes=list(safety.notes))


# --- one entry for a file or a server ------------------------------------------------------------


def backup_folder_of(db) -> Path:  # type: ignore[no-untyped-def]
    """Where ``db``'s backups go: ``backups`` beside a file, :func:`server_backup_folder` for a server."""
    from models.safety.backup import backup_folder

    if db.path is not None:
        return backup_folder(db.path)
    return server_backup_folder(Server(url=db.engine.url.set(password=None)))


def backups_of(db) -> list[BackupFile]:  # type: ignore[no-untyped-def]
    """``db``'s backups, newest first (a file's ``.sqlite3`` ones, a server's ``.dump`` ones)."""
    if db.path is not None:
        from models.safety.backup import backup_folder

        return list_backups(backup_folder(db.path), db.path.stem)
    server = Server(url=db.engine.url.set(password=None))
    return list_backups(server_backup_folder(server), server.stem, DUMP_SUFFIX)


def is_verified(backup: Path) -> bool:
    """False only for a dump its metadata marks as not checked (a role without CREATEDB); a file's
    backups are never kept unchecked."""
    return read_meta(Path(backup)).get("verified", True) is not False


def back_up_database(db, kind: str, *, dest: Path | None = None, note: str = "",  # type: ignore[no-untyped-def]
                     progress: Progress | None = None) -> BackupResult:
    """Back up ``db`` whatever it is: :func:`models.safety.backup.make_backup` for a file,
    :func:`make_server_backup` for a server."""
    if db.path is not None:
        from models.safety.backup import make_backup

        return make_backup(db.path, kind, dest=dest, note=note, progress=progress)
    return make_server_backup(db, kind, dest=dest, note=note, progress=progress)
