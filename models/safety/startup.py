"""Checks at start-up: where the file lives, whether it is sound, who else has it.

* :func:`network_share` — SQLite's locking is unreliable on a network share,
  so such a database is refused. Best effort: on Linux the file system type
  of the mount holding the file (``/proc/mounts``: nfs, cifs, smbfs, sshfs…);
  on Windows a UNC path (``\\\\server\\share``) or a drive letter that
  ``GetDriveTypeW`` calls remote (a mapped network drive); elsewhere
  nothing is detected.
* :func:`quick_check` — ``PRAGMA quick_check`` on the file; a database that
  fails it is opened read-only (:func:`open_read_only`) and the UI offers a
  restore.
* :func:`weekly_check` — once a week the full ``integrity_check`` and
  ``foreign_key_check``; the date of the last one is kept in ``Setting``.
* :func:`start_up` — all of the above plus the lock file, in order.
* :func:`open_for_window` — what ``python main.py`` (the window) does before
  anything else: refuse a network share, take the lock, and open the file. A
  file that must be migrated is quick-checked first (migrated only when sound,
  else read-only); a file already at the current schema is opened at once and
  checked by :func:`deferred_checks` while the window opens (issue 9: on ten
  years of data the quick_check takes a second and the weekly check six),
  writes waiting for the verdict (:class:`models.core.db.WriteGate`).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import sessionmaker

from i18n import _, ngettext
from models.core.db import (
    Database,
    DatabaseOpenError,
    WriteGate,
    _file_path,
    _url_for,
    check_database,
    head_revision,
    open_database,
    read_only_uri,
)
from models.core.errors import LinliError
from models.core.lockfile import DatabaseLock, acquire
from models.core.settings import Setting

NETWORK_FS_TYPES = frozenset(
    {
        "nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs", "ncpfs", "coda",
        "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "davfs", "fuse.davfs2", "fuse.rclone",
        "fuse.s3fs", "lustre", "gpfs", "ocfs2", "gfs2",
    }
)
FULL_CHECK_KEY = "safety.last_full_check"
FULL_CHECK_DAYS = 7


class NetworkShareRefused(LinliError):
    """The database is on a network share."""


def _unescape_mount(text: str) -> str:
    # /proc/mounts writes a space as \040, a tab as \011, a backslash as \134.
    return text.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def network_share(path: Path, *, mounts: str | None = None, platform: str | None = None) -> str | None:
    """What makes ``path`` a network share (a file system type or "UNC path"), else None.

    Args:
        mounts: the text of /proc/mounts (tests pass their own).
        platform: ``sys.platform`` (tests pass their own).
    """
    platform = platform or sys.platform
    text_path = str(path)
    if platform == "win32":
        if text_path.startswith(("\\\\", "//")):
            return "UNC path"
        drive = os.path.splitdrive(text_path)[0]
        if drive and platform == sys.platform:  # pragma: no cover - Windows only
            import ctypes

            if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # DRIVE_REMOTE
                return "network drive"
        return None
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best: tuple[int, str] | None = None
    target = Path(os.path.abspath(text_path))
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point, fstype = Path(_unescape_mount(parts[1])), parts[2]
        if target == point or point in target.parents:
            depth = len(point.parts)
            if best is None or depth >= best[0]:
                best = (depth, fstype)
    if best is not None and best[1] in NETWORK_FS_TYPES:
        return best[1]
    return None


def refuse_network_share(path: Path) -> None:
    """Raises :class:`NetworkShareRefused` for a database on a network share."""
    kind = network_share(path)
    if kind is not None:
        raise NetworkShareRefused(
            _(
                "{path} is on a network share ({kind}). SQLite cannot lock a file there reliably and the "
                "data could be damaged: copy the database to this PC's own disk and open it there."
            ).format(path=path, kind=kind)
        )


def quick_check(path: Path) -> list[str]:
    """``PRAGMA quick_check`` of a file (["ok"] when sound)."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        return [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def open_read_only(path: Path) -> Database:
    """The database opened read-only (no migration): what a damaged file gets.

    Every write fails with "attempt to write a readonly database". The
    returned Database has ``read_only = True``.
    """
    uri = read_only_uri(path)
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN")

    sessions = sessionmaker(engine, expire_on_commit=False)
    db = Database(engine=engine, path=Path(path).resolve(), sessions=sessions, writes=sessions)
    db.read_only = True  # type: ignore[attr-defined]
    return db


def is_read_only(db: Database) -> bool:
    return bool(getattr(db, "read_only", False))


@dataclass
class WeeklyCheck:
    ran: bool
    sound: bool = True
    problems: list[str] = field(default_factory=list)


def weekly_check(db: Database, *, today: dt.date | None = None, force: bool = False) -> WeeklyCheck:
    """Run the full integrity and foreign-key checks once a week (remembered in Setting)."""
    today = today or dt.date.today()
    with db.session() as s:
        last_text = s.scalar(select(Setting.value).where(Setting.key == FULL_CHECK_KEY))
    try:
        last = dt.date.fromisoformat(last_text) if last_text else None
    except ValueError:
        last = None
    if not force and last is not None and dt.timedelta(0) <= today - last < dt.timedelta(days=FULL_CHECK_DAYS):
        return WeeklyCheck(ran=False)
    report = check_database(db)
    problems: list[str] = []
    if report.integrity != ["ok"]:
        problems.append(_("integrity_check: {detail}").format(detail="; ".join(report.integrity[:3])))
    if report.foreign_key_problems:
        problems.append(
            ngettext(
                "foreign_key_check: {count} broken reference",
                "foreign_key_check: {count} broken references",
                len(report.foreign_key_problems),
            ).format(count=len(report.foreign_key_problems))
        )
    if not problems and not is_read_only(db):
        with db.write() as s:
            s.merge(Setting(key=FULL_CHECK_KEY, value=today.isoformat()))
    return WeeklyCheck(ran=True, sound=not problems, problems=problems)


@dataclass
class StartUp:
    """What :func:`start_up` found; ``db`` is the Database to use."""

    db: Database
    lock: DatabaseLock | None
    read_only: bool = False
    messages: list[str] = field(default_factory=list)
    deferred: bool = False  # the file checks run later (deferred_checks), writes held meanwhile


def check_before_open(path: Path) -> DatabaseLock:
    """Refuse a network share, then take the lock (before the file is opened or migrated).

    Raises:
        NetworkShareRefused, DatabaseInUse.
    """
    refuse_network_share(path)
    return acquire(path)


def start_up(
    db: Database, *, today: dt.date | None = None, lock: DatabaseLock | None = None,
    checked: list[str] | None = None, deferred: bool = False,
) -> StartUp:
    """The start-up checks of an opened file database.

    Network share → refused; the lock taken (unless given); quick_check —
    on failure the file is reopened read-only with a message; the weekly full
    check. An in-memory or server database skips the file checks.
    ``checked`` is the quick_check already run by :func:`open_for_window`
    (not run twice on a large file). ``deferred``: the quick and weekly checks
    are left to :func:`deferred_checks` (run in the background by the window),
    and ``db.write_gate`` holds writes until it has decided.

    Raises:
        NetworkShareRefused, DatabaseInUse: nothing was changed.
    """
    if db.path is None:
        return StartUp(db=db, lock=None)
    path = db.path
    if lock is None:
        lock = check_before_open(path)
    result = StartUp(db=db, lock=lock)
    if lock.recovered is not None:
        result.messages.append(
            _("Linli was not closed properly last time (process {pid}); its lock was cleared.").format(
                pid=lock.recovered.pid
            )
        )
    if deferred and checked is None:
        db.write_gate = WriteGate()
        result.deferred = True
        return result
    check = checked if checked is not None else quick_check(path)
    if check != ["ok"]:
        if not is_read_only(db):
            db.dispose()
            try:
                result.db = open_read_only(path)
            except (sqlite3.Error, DatabaseOpenError):  # pragma: no cover - the file is unreadable
                result.db = db
        result.read_only = True
        result.messages.append(_failed_quick_check(check))
        return result
    result.messages.extend(_weekly_messages(weekly_check(result.db, today=today)))
    result.messages.extend(audit_start_up(result.db))
    return result


def audit_start_up(db: Database) -> list[str]:
    """The audit trail's start-up check of a sound file: its triggers, its anchors; then anchor it.

    Cheap on any size of trail: the triggers are read from ``sqlite_master``
    and the newest anchor (the last line of the log beside the file, read
    from its tail) is looked up by number (the whole chain and every anchor
    are verified by ``python main.py audit check``). The chain's
    last entry is then appended to the anchor log (unless the file is
    read-only or the trail no longer extends its anchors). Returns what to
    tell the clerk (one line per problem).
    """
    from models.safety.audit import (
        ANCHOR_STARTUP,
        anchor_file,
        anchor_problems,
        last_anchor,
        trigger_problems,
    )

    if db.path is None:
        return []
    try:
        conn = sqlite3.connect(read_only_uri(db.path), uri=True)
    except sqlite3.Error:
        return []
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_entry'").fetchone():
            return [_("The audit trail (table audit_entry) is missing from the database. Restore a backup.")]
        problems = trigger_problems(conn)
        # The newest anchor is enough here: a chain recomputed after an edit
        # changes every later hash, the anchored one too (audit check reads them all).
        newest = last_anchor(db.path)
        broken = anchor_problems(conn, [newest] if newest is not None else [])
    except sqlite3.DatabaseError as exc:
        return [_("The audit trail cannot be read: {reason}").format(reason=exc)]
    finally:
        conn.close()
    if not broken and not is_read_only(db):
        anchor_file(db.path, ANCHOR_STARTUP)
    messages = []
    if problems:
        messages.append(_("The audit trail is not protected: {problems}. Ask for help.").format(
            problems="; ".join(problems)))
    if broken:
        messages.append(_("The audit trail was cut short or rewritten: {problems}. "
                          "Run python main.py audit check and ask for help.").format(problems="; ".join(broken[:2])))
    return messages


def _failed_quick_check(check: list[str]) -> str:
    return _(
        "The database failed its quick check ({detail}). It is open read-only so that nothing "
        "more is damaged: restore the latest sound backup."
    ).format(detail="; ".join(check[:2]))


def _weekly_messages(weekly: WeeklyCheck) -> list[str]:
    if weekly.ran and not weekly.sound:
        return [_("The weekly full check found problems: {problems}. Restore a backup or ask for help.").format(
            problems="; ".join(weekly.problems))]
    return []


def deferred_checks(db: Database, *, today: dt.date | None = None) -> StartUp:
    """The file checks :func:`start_up` left for later (``deferred``); runs in a worker thread.

    ``PRAGMA quick_check`` on its own read-only connection, then the verdict
    to ``db.write_gate``: writes go ahead, or are refused from now on (the
    database marked read-only, as a damaged file is). A sound file then gets
    the weekly full check. Returns what to tell the clerk (``messages``,
    ``read_only``); ``lock`` is None (the caller holds it).
    """
    result = StartUp(db=db, lock=None)
    gate = db.write_gate
    try:
        check = quick_check(db.path) if db.path is not None else ["ok"]
    except Exception as exc:  # noqa: BLE001 - the writes must never be left waiting
        check = [str(exc) or type(exc).__name__]
    if check != ["ok"]:
        message = _failed_quick_check(check)
        db.read_only = True  # type: ignore[attr-defined]
        if gate is not None:
            gate.refuse(message)
        result.read_only = True
        result.messages.append(message)
        return result
    if gate is not None:
        gate.open()
    result.messages.extend(_weekly_messages(weekly_check(db, today=today)))
    result.messages.extend(audit_start_up(db))
    return result


@dataclass
class Opened:
    """What :func:`open_for_window` opened: the database, the lock held, the quick_check result."""

    db: Database
    lock: DatabaseLock | None
    checked: list[str] | None  # None: not a file (memory, a server), or the check is deferred
    deferred: bool = False  # a file at the current schema, opened before its quick_check (deferred_checks)


def _readable(db: Database) -> bool:
    """Whether SQLite can read the schema of a (damaged) file at all."""
    try:
        with db.engine.connect() as conn:
            names = {row[0] for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except Exception:  # noqa: BLE001 - any driver error means unreadable
        return False
    return "alembic_version" in names


def unreadable_message(path: Path, detail: str) -> str:
    """One line for a file SQLite cannot read at all: the newest backup and the restore command."""
    from models.safety.backup import backup_folder, list_backups

    backups = list_backups(backup_folder(path), path.stem)
    if backups:
        return _(
            "{path} is damaged beyond reading ({detail}). Restore the newest backup: "
            "python main.py restore \"{backup}\" --db \"{path}\""
        ).format(path=path, detail=detail, backup=backups[0].path)
    return _("{path} is damaged beyond reading ({detail}) and no backup was found beside it.").format(
        path=path, detail=detail
    )


def _at_head(path: Path) -> bool:
    """Whether the file is stamped with the current schema (nothing to migrate); False if unreadable."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return False
    try:
        heads = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return "+".join(sorted(heads)) == head_revision()


def open_for_window(target: str | Path | None, *, defer_check: bool = True) -> Opened:
    """Open the window's database safely: share refused and lock taken BEFORE anything touches the file.

    1. A network share is refused; the lock file is taken (a second copy is
       told who holds the file) — before any migration can write.
    2. A file at the current schema is opened at once (``deferred``): its
       quick_check runs while the window opens (:func:`deferred_checks`).
       Any other existing file (or ``defer_check=False``) gets ``quick_check``
       first. A sound one is opened with :func:`models.core.db.open_database`
       (migrated if older, with its backup first). A damaged one is NOT
       migrated: it is opened read-only, and the start-up step offers a restore.
    3. A file SQLite cannot read at all (its header destroyed) cannot even be
       shown read-only: :class:`DatabaseOpenError` with one line naming the
       newest backup and the restore command.

    The lock is released again on any error.

    Raises:
        NetworkShareRefused, DatabaseInUse, DatabaseOpenError.
    """
    from models.core.db import default_db_path

    url = _url_for(target if target is not None else default_db_path())
    path = _file_path(url)
    if path is None:
        return Opened(open_database(url), None, None)
    refuse_network_share(path)
    if path.is_dir():
        raise DatabaseOpenError(_("{path} is a folder, not a database file.").format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseOpenError(
            _("Cannot create the folder for {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    lock = acquire(path)
    try:
        exists = path.exists() and path.stat().st_size > 0
        if exists and defer_check and _at_head(path):
            return Opened(open_database(path), lock, None, deferred=True)
        checked = quick_check(path) if exists else ["ok"]
        if checked == ["ok"]:
            return Opened(open_database(path), lock, checked)
        db = open_read_only(path)
        if not _readable(db):
            db.dispose()
            raise DatabaseOpenError(unreadable_message(path, "; ".join(checked[:1])))
        return Opened(db, lock, checked)
    except BaseException:
        lock.release()
        raise
