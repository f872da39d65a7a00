"""Writing a file whole or not at all, and saying why a write failed in one line.

Every PDF, export and lock file goes through :func:`atomic_path` (or its
helpers :func:`write_bytes` / :func:`atomic_open`): the content is written to a
temporary name in the same folder (``.NAME.xxxxxxxx.partial``), flushed to the
disk (``fsync``) and only then renamed over the final name with
``os.replace`` (atomic on POSIX and on NTFS). On any error — a full disk, a
permission, an exception in the caller's code — the temporary file is
removed and the final name is untouched: either the old file or the new one,
never a 0-byte or half-written one.

:func:`os_error_message` and :func:`disk_full` turn an ``OSError`` or SQLite's
"database or disk is full" into the one line the clerk reads.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from i18n import _

#: What a temporary file's name ends with (never a name the app lists).
PARTIAL_SUFFIX = ".partial"


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":  # pragma: no cover - Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on a clean exit it replaces ``path``.

    For writers that want a file name (``openpyxl``'s ``wb.save(tmp)``,
    ReportLab's ``canvas.Canvas(str(tmp))``). The temporary file exists
    (empty) when the block starts, created with the usual permissions.
    On any exception it is removed and the exception propagates.
    """
    final = Path(path)
    tmp = _temp_name(final)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(final.parent)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "wb", **kwargs: Any) -> Iterator[IO[Any]]:
    """``open(path, mode)`` on a temporary name, renamed over ``path`` when the block ends cleanly."""
    if not mode.startswith("w"):
        raise ValueError("atomic_open writes a new file: mode must start with 'w'")
    with atomic_path(path) as tmp:
        with open(tmp, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """``Path(path).write_bytes(data)``, whole or not at all."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """``Path(path).write_text(text)``, whole or not at all."""
    with atomic_open(path, "w", encoding=encoding) as fh:
        fh.write(text)


# --- saying why ---------------------------------------------------------------------------------

_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (an OSError, sqlite3 or SQLAlchemy error) means the disk or quota is full."""
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS:
        return True
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's exception
    for e in (exc, orig):
        if e is None:
            continue
        code = getattr(e, "sqlite_errorcode", None)
        if code == 13:  # SQLITE_FULL
            return True
        if "database or disk is full" in str(e):
            return True
    return False


def os_error_message(exc: OSError, path: str | os.PathLike[str] | None = None) -> str:
    """One line for the clerk: what could not be written and why."""
    where = path if path is not None else (exc.filename or "")
    if disk_full(exc):
        return _("The disk is full: {path} could not be written. Free some space and try again.").format(path=where)
    reason = exc.strerror or str(exc)
    return _("Cannot write {path}: {reason}").format(path=where, reason=reason)
