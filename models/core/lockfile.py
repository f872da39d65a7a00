"""One writer per database file on one PC: a lock file beside the database.

``linli.sqlite3.lock`` holds who has the database open (process id, host,
user, start time) as JSON, and the holder keeps an operating-system lock on it
(``flock`` on POSIX, ``msvcrt.locking`` on Windows). The OS lock is what
decides: the kernel drops it when the holder exits or is killed, so a lock
left behind by a crashed copy of Linli is recovered by the next start without
anyone deleting files by hand. Where the file system offers no OS locks, the
file's content decides instead: a lock whose process is no longer alive on
this host is stale and taken over, as is an empty or garbled one (a crash
while it was written). The text is written whole or not at all (a new file,
locked, renamed over the old one: :func:`_publish`); a lock that cannot be
written on a full disk is removed and reported in one line.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import json
import logging
import os
import secrets
import socket
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from i18n import _
from models.core.errors import LinliError
from models.core.files import os_error_message

log = logging.getLogger(__name__)

_LOCK_OFFSET = 1 << 20  # Windows: lock a byte far past the text, so others can read it


@dataclass(frozen=True)
class LockInfo:
    """Who holds a database."""

    pid: int
    host: str
    user: str
    started: str  # ISO local time

    @classmethod
    def mine(cls) -> LockInfo:
        try:
            user = getpass.getuser()
        except Exception:  # no user name in some service environments
            user = "?"
        return cls(os.getpid(), socket.gethostname(), user, dt.datetime.now().replace(microsecond=0).isoformat())

    @classmethod
    def parse(cls, text: str) -> LockInfo | None:
        try:
            data = json.loads(text)
            return cls(int(data["pid"]), str(data["host"]), str(data["user"]), str(data["started"]))
        except (ValueError, KeyError, TypeError):
            return None


class DatabaseInUse(LinliError):
    """Another copy of Linli holds the database. ``holder`` says who (when known)."""

    def __init__(self, path: Path, holder: LockInfo | None):
        self.holder = holder
        if holder is None:
            message = _("{path} is in use by another copy of Linli. Close it there first.").format(path=path.name)
        else:
            message = _(
                "{path} is in use by {user} on {host} (process {pid}, since {started}). Close Linli there first."
            ).format(path=path.name, user=holder.user, host=holder.host, pid=holder.pid,
                     started=holder.started.replace("T", " "))
        super().__init__(message)


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this PC."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _os_lock(fd: int) -> bool | None:
    """Try the OS lock: True taken, False held by another, None unsupported here."""
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import msvcrt

            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        import errno

        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return False
        return None  # ENOLCK, EOPNOTSUPP…: this file system has no locks


def _os_unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import msvcrt

            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def read_holder(db_path: Path) -> LockInfo | None:
    try:
        return LockInfo.parse(lock_path_for(db_path).read_text(encoding="utf-8"))
    except OSError:
        return None


def _stale(info: LockInfo | None) -> bool:
    return info is None or (info.host == socket.gethostname() and not pid_alive(info.pid))


class DatabaseLock:
    """The lock this process holds on a database; :meth:`release` it when done."""

    def __init__(self, db_path: Path, fd: int, info: LockInfo, os_locked: bool, recovered: LockInfo | None):
        self.db_path = db_path
        self.path = lock_path_for(db_path)
        self.info = info
        self.recovered = recovered  # the stale holder that was taken over, if any
        self._fd: int | None = fd
        self._os_locked = os_locked

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if read_holder(self.db_path) == self.info:
                self.path.unlink(missing_ok=True)
        except OSError:
            pass
        if self._os_locked:
            _os_unlock(fd)
        os.close(fd)

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _publish(fd: int, path: Path, info: LockInfo, locked: bool) -> int:
    """Write who holds the lock; returns the descriptor to keep (holding the OS lock).

    POSIX: whole or not at all — a new file under a temporary name gets the
    text, is fsync-ed and OS-locked, then renamed over the lock file (a reader
    sees the old text or the new, never an empty file); the old file's lock is
    let go after the rename. Another copy that opened the old file notices
    the swap (its inode is no longer the path's) and tries again. Windows
    cannot rename over an open file: the text is written in place there.
    """
    data = json.dumps(asdict(info)).encode("utf-8")
    if sys.platform == "win32":  # pragma: no cover - Windows only
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        _write_all(fd, data)
        os.fsync(fd)
        return fd
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    new = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        if locked and _os_lock(new) is not True:
            raise OSError(errno.ENOLCK, "cannot lock the new lock file")
        _write_all(new, data)
        os.fsync(new)
        os.replace(tmp, path)
    except BaseException:
        os.close(new)
        tmp.unlink(missing_ok=True)
        raise
    if locked:
        _os_unlock(fd)
    os.close(fd)
    return new


def acquire(db_path: Path) -> DatabaseLock:
    """Take the database's lock, recovering a stale one.

    Raises:
        DatabaseInUse: another live copy of Linli holds it (the message says who).
    """
    db_path = Path(db_path).resolve()
    path = lock_path_for(db_path)
    info = LockInfo.mine()
    for _attempt in range(3):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise LinliError(
                _("Cannot create the lock file {path}: {reason}").format(path=path, reason=exc.strerror)
            ) from None
        locked = _os_lock(fd)
        if locked is False:
            os.close(fd)
            raise DatabaseInUse(db_path, read_holder(db_path))
        previous = read_holder(db_path)
        if locked is None and previous is not None and previous != info and not _stale(previous):
            os.close(fd)
            raise DatabaseInUse(db_path, previous)
        # The file may have been removed (a holder released it) after we opened it.
        try:
            same = os.fstat(fd).st_ino == path.stat().st_ino
        except OSError:
            same = False
        if not same:
            if locked:
                _os_unlock(fd)
            os.close(fd)
            continue
        recovered = previous if previous is not None and previous != info else None
        try:
            fd = _publish(fd, path, info, bool(locked))
        except OSError as exc:
            # Nothing half-written stays: an empty lock file (ours, or a crash's) goes.
            try:
                if os.fstat(fd).st_size == 0:
                    path.unlink(missing_ok=True)
            except OSError:
                pass
            if locked:
                _os_unlock(fd)
            os.close(fd)
            raise LinliError(os_error_message(exc, path)) from None
        if recovered is not None:
            log.warning("recovered a stale lock of process %s on %s", recovered.pid, recovered.host)
        return DatabaseLock(db_path, fd, info, bool(locked), recovered)
    raise DatabaseInUse(db_path, read_holder(db_path))
