"""Backups and restore of the centre's SQLite file.

* :func:`make_backup` — an online backup with SQLite's backup API (never a
  file copy of a live database). The row counts of the source are read in the
  same read transaction as the pages are copied, so the backup is checked
  against exactly what it should hold: it is written under a ``.partial``
  name, opened, ``integrity_check``-ed and its row counts compared; only then
  is it renamed to its final name and are older backups pruned.
* :func:`plan_rotation` — a pure function over ``(timestamp, kind)``: which
  backups to keep (7 daily, 8 weekly, 12 monthly, the 10 latest routine ones,
  the 10 latest made before a risky operation).
* A second folder (a USB stick) set in the database's settings is written
  too when it is present; when absent the backup says so in its notes.
* :class:`ChangeWatcher` — whether anything was committed since the last
  backup (``PRAGMA data_version`` on a connection of its own).
* :func:`restore_backup` — verify a chosen backup, back up the current file,
  then copy the backup into the live path with the backup API.

File names carry the time and the kind: ``linli-20261122-083000-timer.sqlite3``,
``linli-20261122-090000-migration-0005.sqlite3``.

Why one module of about a thousand lines: a backup, its rotation, its
metadata, the restore and the restore's schema check share one file format
(the names, the ``.json`` beside each backup, the verification) and one set
of failure rules; each is a section below, and splitting them would spread
that format over several files that must change together.

This module, like :mod:`models.safety.startup` and :mod:`models.core.lockfile`, works on
the SQLite file itself: it is the one place besides :mod:`models.core.db` that issues
SQLite-only statements. A PostgreSQL server is dumped with its own tools by
:mod:`models.safety.server_backup`, which keeps this module's names, metadata and rotation.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from i18n import N_, _
from models.core.db import read_only_uri

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]

#: Why a backup was made. Routine ones are rotated by day/week/month; the
#: risky ones (made before something that may go wrong) by count.
ROUTINE_KINDS: tuple[str, ...] = ("timer", "close", "manual")
RISKY_KINDS: tuple[str, ...] = ("migration", "import", "restore", "bulk")
KINDS = ROUTINE_KINDS + RISKY_KINDS
KIND_LABELS: dict[str, str] = {
    "timer": N_("Every 30 minutes"),
    "close": N_("On closing"),
    "manual": N_("Made by hand"),
    "migration": N_("Before a schema upgrade"),
    "import": N_("Before an import"),
    "restore": N_("Before a restore"),
    "bulk": N_("Before a bulk change"),
}

KEEP_DAILY = 7
KEEP_WEEKLY = 8
KEEP_MONTHLY = 12
KEEP_RECENT = 10
KEEP_RISKY = 10

#: Minutes between two automatic backups while there are changes.
INTERVAL_MINUTES = 30

SECOND_FOLDER_KEY = "backup.second_folder"

_NAME = re.compile(
    r"^(?P<stem>.+?)-(?P<ts>\d{8}-\d{6})-(?P<kind>[a-z]+)(?:-(?P<note>[A-Za-z0-9_.+-]+))?(?P<suffix>\.sqlite3|\.dump)$"
)
#: A database file's backups end in ``.sqlite3``; a server's dumps (:mod:`models.safety.server_backup`) in ``.dump``.
SUFFIX = ".sqlite3"
_STAMP = "%Y%m%d-%H%M%S"


class BackupError(Exception):
    """A backup or restore could not be done; the message is for the clerk."""


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --- names ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupFile:
    """A backup found in a folder: where, when and why it was made."""

    path: Path
    taken_at: dt.datetime  # the recorded time (the metadata's, else the name's)
    kind: str
    note: str = ""
    sequence: int | None = None  # the metadata's sequence number (None: made before issue 13)
    placed_at: dt.datetime | None = None  # dated in the future by a clock that was ahead: rotated as of this time

    @property
    def risky(self) -> bool:
        return self.kind in RISKY_KINDS

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


def backup_name(stem: str, taken_at: dt.datetime, kind: str, note: str = "", suffix: str = SUFFIX) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    note = re.sub(r"[^A-Za-z0-9_.+-]", "_", note)
    return f"{stem}-{taken_at.strftime(_STAMP)}-{kind}" + (f"-{note}" if note else "") + suffix


def parse_backup_name(path: Path, stem: str | None = None, suffix: str = SUFFIX) -> BackupFile | None:
    """The time and kind in a backup's file name (None: not one of ours, or another ``suffix``)."""
    m = _NAME.match(path.name)
    if (not m or m.group("kind") not in KINDS or m.group("suffix") != suffix
            or (stem is not None and m.group("stem") != stem)):
        return None
    try:
        taken = dt.datetime.strptime(m.group("ts"), _STAMP)
    except ValueError:
        return None
    return BackupFile(path=path, taken_at=taken, kind=m.group("kind"), note=m.group("note") or "")


def list_backups(folder: Path, stem: str | None = None, suffix: str = SUFFIX) -> list[BackupFile]:
    """The backups in ``folder`` (of the database named ``stem``), newest (by sequence) first.

    Each one's time and sequence come from its metadata (:func:`read_meta`)
    when it has some, else from its name.
    """
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [_with_meta(b) for p in entries if p.is_file() and (b := parse_backup_name(p, stem, suffix)) is not None]
    return sorted(found, key=lambda b: (*_order(b.sequence, b.taken_at), b.path.name), reverse=True)


# --- metadata: a small JSON file beside each backup ------------------------------------------

#: ``linli-20261122-083000-timer.sqlite3.json`` beside ``linli-20261122-083000-timer.sqlite3``.
META_SUFFIX = ".json"


def meta_path(backup: Path) -> Path:
    return backup.with_name(backup.name + META_SUFFIX)


def read_meta(backup: Path) -> dict:
    """The backup's metadata (``taken_at`` ISO time, ``sequence``, ``kind``…); {} when it has none."""
    import json

    try:
        data = json.loads(meta_path(backup).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_meta(backup: Path, meta: dict) -> None:
    import json

    from models.core.files import write_text

    write_text(meta_path(backup), json.dumps(meta, ensure_ascii=False, indent=1))


def _with_meta(b: BackupFile) -> BackupFile:
    meta = read_meta(b.path)
    taken, seq, placed = b.taken_at, meta.get("sequence"), None
    try:
        taken = dt.datetime.fromisoformat(meta["taken_at"])
    except (KeyError, TypeError, ValueError):
        pass
    try:
        placed = dt.datetime.fromisoformat(meta["placed_at"])
    except (KeyError, TypeError, ValueError):
        pass
    if not isinstance(seq, int) or isinstance(seq, bool):
        seq = None
    return BackupFile(path=b.path, taken_at=taken, kind=b.kind, note=b.note, sequence=seq, placed_at=placed)


def _order(seq: int | None, taken_at: dt.datetime) -> tuple:
    """Which backup was made later: the sequence decides; those without one (older) by their time."""
    return (seq is not None, seq if seq is not None else 0, taken_at)


def next_sequence(backups: Iterable[BackupFile]) -> int:
    """The sequence number of the next backup in a folder: one more than the highest there."""
    return 1 + max((b.sequence for b in backups if b.sequence is not None), default=0)


def backup_folder(db_path: Path) -> Path:
    """The main backup folder: ``backups`` beside the database file."""
    return db_path.parent / "backups"


# --- rotation ---------------------------------------------------------------------------


#: How far the span of a run of backups dated in the future may exceed the
#: real time between its neighbours and still be judged "made with a clock
#: that was ahead" (see :func:`plan_rotation`).
CLOCK_SLACK = dt.timedelta(hours=1)


def _placed_times(items: list[tuple[dt.datetime, str, int | None]], now: dt.datetime) -> list[dt.datetime | None]:
    """Each backup's time for the daily/weekly/monthly slots; None: cannot be placed (kept).

    A backup dated after ``now`` was made with a clock that was ahead, or the
    clock is behind now. Judged per run of such backups (consecutive by
    sequence): when correctly dated backups were made both before and after
    the run (``before`` and ``after``) and the run's own span fits in the real
    time between them, the clock was ahead during the run: it is placed at
    ``before``'s time (it was made after it) and rotated like any other.
    Otherwise (the clock may be behind now) it cannot be placed.
    """
    order = sorted(range(len(items)), key=lambda i: _order(items[i][2], items[i][0]))
    placed: list[dt.datetime | None] = [ts if ts <= now else None for ts, _k, _s in items]
    pos = 0
    while pos < len(order):
        if items[order[pos]][0] <= now:
            pos += 1
            continue
        end = pos
        while end < len(order) and items[order[end]][0] > now:
            end += 1
        run = [items[i][0] for i in order[pos:end]]
        if pos > 0 and end < len(order):
            before, after = items[order[pos - 1]][0], items[order[end]][0]
            if max(run) - min(run) <= after - before + CLOCK_SLACK:
                for i in order[pos:end]:
                    placed[i] = before
        pos = end
    return placed


def plan_rotation(
    backups: Iterable[tuple[dt.datetime, str] | tuple[dt.datetime, str, int | None]],
    now: dt.datetime,
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
    recent: int = KEEP_RECENT,
    risky: int = KEEP_RISKY,
) -> set[int]:
    """Which backups to keep: the indexes (into ``backups``) of the kept ones.

    ``backups`` are ``(recorded time, kind)`` or ``(recorded time, kind,
    sequence)``; "newer" means a higher sequence (the order they were made in,
    whatever the clock said), and by time among those without one.

    Routine backups: the ``recent`` newest whatever their time, and the newest
    of each of the last ``daily`` days that have one, of the last ``weekly``
    ISO weeks, of the last ``monthly`` months. Risky ones (before a migration,
    an import, a restore, a bulk change): the ``risky`` newest. A backup dated
    after ``now`` takes no slot in the days, weeks and months by its date: it
    is placed after the last correctly dated backup before it when the clock
    was ahead while it was made (see :func:`_placed_times`), else it is kept.
    """
    items = [(b[0], b[1], b[2] if len(b) > 2 else None) for b in backups]  # type: ignore[misc]
    placed = _placed_times(items, now)
    keep: set[int] = {i for i, ts in enumerate(placed) if ts is None}

    def newest_first(indexes: Iterable[int], key) -> list[int]:  # type: ignore[no-untyped-def]
        return sorted(indexes, key=key, reverse=True)

    by_order = lambda i: _order(items[i][2], items[i][0])  # noqa: E731
    routine = [i for i, (_ts, kind, _s) in enumerate(items) if kind not in RISKY_KINDS]
    keep.update(newest_first(routine, by_order)[:recent])
    keep.update(newest_first((i for i, it in enumerate(items) if it[1] in RISKY_KINDS), by_order)[:risky])
    by_time = newest_first((i for i in routine if placed[i] is not None), lambda i: (placed[i], by_order(i)))
    for limit, period in (
        (daily, lambda ts: ts.date()),
        (weekly, lambda ts: ts.isocalendar()[:2]),
        (monthly, lambda ts: (ts.year, ts.month)),
    ):
        seen: set = set()
        for i in by_time:  # newest first: the first of each period is its newest
            key = period(placed[i])
            if key in seen:
                continue
            if len(seen) == limit:
                break
            seen.add(key)
            keep.add(i)
    return keep


def prune(folder: Path, stem: str, now: dt.datetime, suffix: str = SUFFIX) -> list[Path]:
    """Delete the backups (ending in ``suffix``) :func:`plan_rotation` does not keep; returns them."""
    found = list_backups(folder, stem, suffix)
    items = [(b.placed_at or b.taken_at, b.kind, b.sequence) for b in found]
    for i, placed in enumerate(_placed_times(items, now)):
        if items[i][0] > now and placed is not None:
            # Judged once, while the correctly dated neighbours are there; kept in its metadata,
            # so that the judgement stands after they have been pruned.
            items[i] = (placed, items[i][1], items[i][2])
            meta = read_meta(found[i].path)
            if meta:
                try:
                    _write_meta(found[i].path, {**meta, "placed_at": placed.isoformat()})
                except OSError:
                    log.warning("cannot update the metadata of %s", found[i].path.name)
    kept = plan_rotation(items, now)
    removed = []
    for i, b in enumerate(found):
        if i not in kept:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                log.warning("cannot remove an old backup %s", b.path.name)
                continue
            meta_path(b.path).unlink(missing_ok=True)
    return removed


def clock_warning(found: Sequence[BackupFile], taken_at: dt.datetime) -> str:
    """One line when ``taken_at`` is earlier than the recorded time of the last backup made (else "").

    ``found`` as :func:`list_backups` returns it (the last made first): the
    warning comes once, with the first backup after the clock went back.
    """
    newest = found[0].taken_at if found else None
    if newest is None or taken_at >= newest:
        return ""
    return _(
        "The computer's clock went back: this backup is dated {now}, an earlier one {newest}. "
        "Check the date and time."
    ).format(now=taken_at.isoformat(sep=" "), newest=newest.isoformat(sep=" "))


# --- checking a file ----------------------------------------------------------------------


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


@dataclass
class Verification:
    """What opening a backup found."""

    integrity: list[str]
    row_counts: dict[str, int]
    revision: str | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_file(path: Path, expected_counts: dict[str, int] | None = None) -> Verification:
    """Open a database file read-only: integrity_check, row counts, schema revision.

    ``expected_counts`` (the source's, read in the backup's snapshot) must match.
    """
    problems: list[str] = []
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        return Verification([], {}, None, [_("Cannot open {path}: {reason}").format(path=path.name, reason=exc)])
    try:
        try:
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            counts = _table_counts(conn)
        except sqlite3.DatabaseError as exc:
            return Verification([], {}, None, [_("{path} is damaged: {reason}").format(path=path.name, reason=exc)])
        revision = None
        if "alembic_version" in counts:
            rows = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
            revision = "+".join(sorted(rows)) if rows else None
    finally:
        conn.close()
    if integrity != ["ok"]:
        problems.append(
            _("{path} fails the integrity check: {detail}").format(path=path.name, detail="; ".join(integrity[:3]))
        )
    if "alembic_version" not in counts:
        problems.append(_("{path} is not a Linli database.").format(path=path.name))
    if expected_counts is not None and counts != expected_counts:
        differ = sorted(
            t for t in set(counts) | set(expected_counts) if counts.get(t) != expected_counts.get(t)
        )
        problems.append(
            _("{path} does not hold the same rows as the database ({tables}).").format(
                path=path.name, tables=", ".join(differ[:5])
            )
        )
    return Verification(integrity, counts, revision, problems)


# --- making a backup ------------------------------------------------------------------------


#: ``progress(stage, done, total)``: stage "copy" (pages done of total) or "verify" (0, 0).
Progress = Callable[[str, int, int], None]


def _copy_online(source: Path, dest: Path, progress: Progress | None = None) -> dict[str, int]:
    """Copy ``source`` into ``dest`` with the backup API; returns the source's row counts.

    The counts are read in the same read transaction the pages are copied
    in, so they describe exactly the state the backup holds. The copy is
    turned into a single self-contained file (journal mode DELETE).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(read_only_uri(source), uri=True, isolation_level=None)
    try:
        src.execute("BEGIN")
        counts = _table_counts(src)
        out = sqlite3.connect(dest, isolation_level=None)
        try:
            if progress is None:
                src.backup(out)
            else:  # in steps (the same read transaction), reporting the pages copied
                src.backup(out, pages=2048, progress=lambda _s, left, total: progress("copy", total - left, total))
            out.execute("PRAGMA journal_mode=DELETE")
        finally:
            out.close()
        src.execute("COMMIT")
    finally:
        src.close()
    return counts


@dataclass
class BackupResult:
    """A verified backup, where its copies went and what was pruned."""

    path: Path
    kind: str
    taken_at: dt.datetime
    row_counts: dict[str, int]
    copies: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sequence: int = 0  # in its folder's metadata: the order backups were made in, whatever the clock said
    clock_warning: str = ""  # the clock went back (also one of the notes)
    anchor: tuple[int, str] | None = None  # the audit trail's last entry in the backup (id, hash)


def _unique_target(folder: Path, stem: str, taken_at: dt.datetime, kind: str, note: str,
                   suffix: str = SUFFIX) -> Path:
    target = folder / backup_name(stem, taken_at, kind, note, suffix)
    n = 2
    while target.exists():
        target = folder / backup_name(stem, taken_at, kind, f"{note}-{n}" if note else str(n), suffix)
        n += 1
    return target


def _backup_into(source: Path, folder: Path, stem: str, taken_at: dt.datetime, kind: str, note: str,
                 progress: Progress | None = None) -> tuple[Path, dict[str, int]]:
    target = _unique_target(folder, stem, taken_at, kind, note)
    partial = target.with_name(target.name + ".partial")
    try:
        counts = _copy_online(source, partial, progress)
        if progress is not None:
            progress("verify", 0, 0)
        check = verify_file(partial, counts)
        if not check.ok:
            raise BackupError("; ".join(check.problems))
        partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(
            _("The backup to {folder} failed: {reason}").format(folder=folder, reason=getattr(exc, "strerror", None) or exc)
        ) from None
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    return target, counts


def _keep_meta(target: Path, taken_at: dt.datetime, kind: str, sequence: int) -> None:
    """Write a new backup's metadata; without it the backup is not kept (it could not be rotated right)."""
    meta = {"taken_at": taken_at.isoformat(), "sequence": sequence, "kind": kind}
    try:
        _write_meta(target, meta)
    except OSError as exc:
        target.unlink(missing_ok=True)
        from models.core.files import os_error_message

        raise BackupError(
            _("The backup to {folder} failed: {reason}").format(
                folder=target.parent, reason=os_error_message(exc, meta_path(target)))
        ) from None


def second_folder_of(db_path: Path) -> str:
    """The second backup folder set in the database (empty when none)."""
    try:
        conn = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (SECOND_FOLDER_KEY,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return ""
    return (row[0] or "").strip() if row else ""


def load_second_folder(session) -> str:  # type: ignore[no-untyped-def]
    """The second backup folder as the Backups dialog shows it (empty when none is set)."""
    from models.core.settings import Setting

    setting = session.get(Setting, SECOND_FOLDER_KEY)
    return setting.value if setting else ""


def save_second_folder(db, folder: str) -> None:  # type: ignore[no-untyped-def]
    """Set the second backup folder (a USB stick), in its own transaction of ``db``.

    Raises:
        PermissionDenied: the actor lacks ``settings.write`` (checked before the file is written).
    """
    from models.core.settings import Setting
    from models.safety.security import require

    require("settings.write")
    with db.write() as s:
        s.merge(Setting(key=SECOND_FOLDER_KEY, value=folder.strip()))


def record_backup(db, kind: str, result: BackupResult) -> None:  # type: ignore[no-untyped-def]
    """The audit entry of a backup made from the window (Back up now, the timer), in its own transaction."""
    from models.safety.audit import record

    with db.write() as s:
        record(s, "backup", summary=f"{kind}, {result.path.name}")


def make_backup(
    db_path: Path,
    kind: str,
    *,
    dest: Path | None = None,
    note: str = "",
    clock: Clock = _now,
    second_folder: str | None = None,
    rotate: bool = True,
    progress: Progress | None = None,
) -> BackupResult:
    """Back up the database file at ``db_path``, verify it, copy it, prune old ones.

    Args:
        kind: why (one of :data:`KINDS`); it is part of the file name.
        dest: the folder (default: ``backups`` beside the database).
        second_folder: a second folder (a USB stick); None reads the setting
            from the database. Written when present, skipped with a note when not.
        rotate: prune older backups (after this one has been verified).
        progress: called as the pages are copied and when the check starts
            (from the thread running the backup: the window runs it in a worker).

    Raises:
        BackupError: the copy could not be written or does not check out (the
            older backups are then left alone).
        PermissionDenied: a backup a person asked for (``manual``, or to another
            folder) and the actor lacks ``backup.make``.
    """
    from models.safety.security import require

    if kind == "manual" or dest is not None:  # the automatic ones (every 30 minutes, on closing, before an import…) are the program's own
        require("backup.make")
    db_path = Path(db_path)
    if not db_path.is_file():
        raise BackupError(_("No database at {path}.").format(path=db_path))
    folder = Path(dest) if dest is not None else backup_folder(db_path)
    taken_at = clock()
    stem = db_path.stem
    found = list_backups(folder, stem)
    sequence, warning = next_sequence(found), clock_warning(found, taken_at)
    target, counts = _backup_into(db_path, folder, stem, taken_at, kind, note, progress)
    _keep_meta(target, taken_at, kind, sequence)
    result = BackupResult(path=target, kind=kind, taken_at=taken_at, row_counts=counts, sequence=sequence)
    if warning:
        log.info("the clock went back: a backup dated %s after one dated %s", taken_at, found[0].taken_at)
        result.clock_warning = warning
        result.notes.append(warning)
    log.info("backup (%s) written to %s", kind, target)
    result.anchor = anchor_backup(db_path, target)
    if rotate:
        result.removed += prune(folder, stem, taken_at)
    second = second_folder_of(db_path) if second_folder is None else second_folder
    if second:
        second_path = Path(second).expanduser()
        if second_path.is_dir():
            try:
                second_seq = max(sequence, next_sequence(list_backups(second_path, stem)))
                copy, _counts = _backup_into(target, second_path, stem, taken_at, kind, note)
                _keep_meta(copy, taken_at, kind, second_seq)
            except BackupError as exc:
                result.notes.append(str(exc))
            else:
                result.copies.append(copy)
                if rotate:
                    result.removed += prune(second_path, stem, taken_at)
        else:
            result.notes.append(
                _("The second backup folder {folder} is not there (USB stick not plugged in?); skipped.").format(
                    folder=second_path
                )
            )
    return result


def backup_before_migration(db_path: Path, revision: str) -> Path:
    """The backup :func:`models.core.db.migrate` takes before changing the schema."""
    return make_backup(db_path, "migration", note=revision, second_folder="").path


class ChangeWatcher:
    """Tells whether anything was committed to the file since :meth:`mark`.

    It keeps one read-only connection of its own: SQLite's ``data_version``
    changes on it whenever any other connection (this program's pool or
    another process) commits.
    """

    def __init__(self, db_path: Path):
        self._conn = sqlite3.connect(read_only_uri(Path(db_path)), uri=True, check_same_thread=False)
        self._seen = self._version()
        self._dirty = False

    def _version(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def changed(self) -> bool:
        version = self._version()
        if version != self._seen:
            self._dirty, self._seen = True, version
        return self._dirty

    def version(self) -> int:
        """The file's change counter now (pass it to :meth:`mark` when the backup it starts ends)."""
        return self._version()

    def mark(self, as_of: int | None = None) -> None:
        """A backup was just taken: no changes since (or since ``as_of``, its :meth:`version` at the start,
        when it ran in the background while the clerk kept working)."""
        current = self._version()
        self._seen, self._dirty = current, as_of is not None and as_of != current

    def close(self) -> None:
        self._conn.close()


def backup_if_changed(db_path: Path, watcher: ChangeWatcher, kind: str, *, clock: Clock = _now) -> BackupResult | None:
    """Back up when something was committed since the last backup (else None)."""
    if not watcher.changed():
        return None
    result = make_backup(db_path, kind, clock=clock)
    watcher.mark()
    return result


# --- restore ----------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None
    row_counts: dict[str, int]
    notes: list[str] = field(default_factory=list)


def check_restorable(backup: Path, known_revisions: Sequence[str] | None = None) -> Verification:
    """Verify a backup chosen for a restore (sound, a Linli file, not from a newer program)."""
    backup = Path(backup)
    if not backup.is_file():
        return Verification([], {}, None, [_("No backup at {path}.").format(path=backup)])
    with backup.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        return Verification([], {}, None, [_("{path} is not a Linli database.").format(path=backup.name)])
    check = verify_file(backup)
    if check.ok and known_revisions is not None and check.revision is not None:
        if not set(check.revision.split("+")) <= set(known_revisions):
            check.problems.append(
                _("{path} was written by a newer Linli (schema {rev}); update the program first.").format(
                    path=backup.name, rev=check.revision
                )
            )
    if check.ok:
        check.problems.extend(schema_problems(backup, check.revision))
    return check


def check_for_restore(backup: Path) -> Verification:
    """:func:`check_restorable` against the schema revisions this program knows (the window's first step)."""
    from models.core.db import _known_revisions

    return check_restorable(backup, sorted(_known_revisions()))


def record_restore(db, backup: Path) -> None:  # type: ignore[no-untyped-def]
    """The audit entry of a restore, written into the restored (and reopened) database ``db``."""
    from models.safety.audit import record

    with db.write() as s:
        record(s, "restore", summary=f"from {Path(backup).name}")


def restore_backup(db_path: Path, backup: Path, *, clock: Clock = _now,
                   progress: Progress | None = None) -> RestoreResult:
    """Replace the database at ``db_path`` with ``backup``.

    The backup is verified first; then the current file is backed up (kind
    "restore"; if it is too damaged for the backup API, its bytes are set
    aside as ``…-damaged``); then the backup's pages are written into the
    live path with the backup API, and the result is checked. The caller must
    have closed every connection to ``db_path`` (the UI disposes its Database)
    and reopens it afterwards (which migrates an older schema, with a backup).

    ``progress(stage, done, total)`` (from the thread running the restore: the
    window runs it in a worker): "copy" and "verify" for the backup of the
    current file, then "restore" with the pages written into the live path
    (in steps of one write transaction: it still commits whole or not at
    all), then "check" (0, 0) while the restored file is verified.

    Raises:
        BackupError: the backup is unsound, or the restore failed (the
            message says where the safety copy is).
        PermissionDenied: the actor lacks ``restore`` (administrators only).
    """
    from models.core.db import _known_revisions
    from models.safety.security import require

    require("restore")

    db_path, backup = Path(db_path), Path(backup)
    check = check_restorable(backup, sorted(_known_revisions()))
    if not check.ok:
        raise BackupError("; ".join(check.problems))
    notes: list[str] = []
    safety: Path | None = None
    if db_path.exists():
        try:
            safety = make_backup(db_path, "restore", clock=clock, second_folder="", progress=progress).path
        except BackupError as exc:
            # Too damaged for the backup API: keep its bytes (no connection is open).
            stamp = clock()
            safety = backup_folder(db_path) / f"{db_path.stem}-{stamp.strftime(_STAMP)}-damaged.sqlite3"
            safety.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(db_path, safety)
            for suffix in ("-wal",):
                side = db_path.with_name(db_path.name + suffix)
                if side.exists():
                    shutil.copy2(side, safety.with_name(safety.name + suffix))
            notes.append(_("The current file could not be backed up ({reason}); its bytes were kept as {path}.").format(
                reason=exc, path=safety.name))
    try:
        _write_into_live(backup, db_path, progress)
    except sqlite3.Error as exc:
        raise BackupError(
            _("The restore failed: {reason}. The previous database is kept as {path}.").format(
                reason=exc, path=safety or "-"
            )
        ) from None
    if progress is not None:
        progress("check", 0, 0)
    after = verify_file(db_path, check.row_counts)
    if not after.ok:
        raise BackupError(
            _("The restored file does not check out: {problems}. The previous database is kept as {path}.").format(
                problems="; ".join(after.problems), path=safety or "-"
            )
        )
    anchor_restore(db_path)
    log.info("restored %s from %s", db_path.name, backup.name)
    return RestoreResult(restored_from=backup, safety_copy=safety, row_counts=after.row_counts, notes=notes)


def _write_into_live(backup: Path, db_path: Path, progress: Progress | None = None) -> None:
    def copy(out: sqlite3.Connection) -> None:
        if progress is None:
            src.backup(out)
        else:  # in steps, one write transaction on ``out`` until the last page (the source is read-only)
            src.backup(out, pages=2048, progress=lambda _s, left, total: progress("restore", total - left, total))

    src = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        try:
            out = sqlite3.connect(db_path)
            try:
                copy(out)
                out.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                out.close()
        except sqlite3.DatabaseError:
            # The live file is too damaged to be written through SQLite: start
            # it afresh (its bytes were set aside above).
            for suffix in ("", "-wal", "-shm", "-journal"):
                db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
            out = sqlite3.connect(db_path)
            try:
                copy(out)
            finally:
                out.close()
    finally:
        src.close()


# --- the audit trail's anchors --------------------------------------------------------------


def anchor_backup(db_path: Path, backup: Path) -> tuple[int, str] | None:
    """Anchor the audit trail at the verified ``backup``'s last entry, in the log beside ``db_path``.

    The backup holds the chain as it was in the backup's snapshot, so its
    last entry is the backup's own anchor (read again by ``audit check``);
    the log keeps it when the backup is pruned. Never raises: a log that
    cannot be written is logged, the backup stands.
    """
    from models.safety.audit import ANCHOR_BACKUP, last_entry_of_file, write_anchor

    entry = last_entry_of_file(backup)
    try:
        write_anchor(db_path, entry, ANCHOR_BACKUP)
    except OSError as exc:
        log.warning("cannot write the audit anchor log beside %s: %s", db_path.name, exc.strerror)
    if entry is not None:
        _anchor_into_meta(backup, entry)
    return entry


#: The key of the audit anchor in a backup's metadata (``<backup>.json``, when it has one).
META_ANCHOR_KEY = "audit_anchor"


def _anchor_into_meta(backup: Path, entry: tuple[int, str]) -> None:
    """Add the anchor to the backup's metadata file (``<backup>.json``) when it has one; never raises."""
    import json
    import os

    meta = backup.with_name(backup.name + ".json")
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no metadata (or unreadable): the backup's own last entry is its anchor
    if not isinstance(data, dict):
        return
    data[META_ANCHOR_KEY] = {"entry": entry[0], "hash": entry[1]}
    partial = meta.with_name(meta.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps(data, ensure_ascii=False, indent=1))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, meta)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        log.warning("cannot add the audit anchor to %s: %s", meta.name, exc.strerror)


def meta_anchor(backup: Path) -> tuple[int, str] | None:
    """The audit anchor recorded in the backup's metadata file (None: none there)."""
    import json

    try:
        data = json.loads(backup.with_name(backup.name + ".json").read_text(encoding="utf-8"))
        anchor = data[META_ANCHOR_KEY]
        return int(anchor["entry"]), str(anchor["hash"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def anchor_restore(db_path: Path) -> None:
    """After a restore: the live chain is the backup's now; anchor it (the anchors before no longer apply)."""
    from models.safety.audit import ANCHOR_RESTORE, last_entry_of_file, write_anchor

    try:
        write_anchor(db_path, last_entry_of_file(db_path), ANCHOR_RESTORE)
    except OSError as exc:
        log.warning("cannot write the audit anchor log beside %s: %s", db_path.name, exc.strerror)


# --- the schema of a backup against the schema of its revision -------------------------------


@dataclass(frozen=True)
class Schema:
    """The tables (with their columns) and triggers of a database file."""

    tables: dict[str, frozenset[str]]
    triggers: frozenset[str]


def schema_of(conn: sqlite3.Connection) -> Schema:
    """The schema read from ``sqlite_master`` (SQLite's own tables left out)."""
    tables: dict[str, frozenset[str]] = {}
    triggers: set[str] = set()
    for kind, name in conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        if kind == "trigger":
            triggers.add(name)
        else:
            tables[name] = frozenset(row[1] for row in conn.execute(f'PRAGMA table_info("{name}")'))
    return Schema(tables, frozenset(triggers))


_revision_schemas: dict[str, Schema] = {}


def revision_schema(revision: str) -> Schema:
    """The schema the migrations build up to ``revision`` (heads joined by '+'), on an
    in-memory database; computed once per revision and kept."""
    cached = _revision_schemas.get(revision)
    if cached is not None:
        return cached
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from models.core.db import _alembic_config

    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        cfg = _alembic_config(engine)
        with engine.connect() as conn:
            with conn.begin():
                cfg.attributes["connection"] = conn
                for head in revision.split("+"):
                    command.upgrade(cfg, head)
            schema = schema_of(conn.connection.dbapi_connection)
    finally:
        engine.dispose()
    _revision_schemas[revision] = schema
    return schema


def schema_difference(expected: Schema, actual: Schema) -> list[str]:
    """What ``actual`` lacks or has more than ``expected``, one phrase per kind."""
    parts: list[str] = []
    lacks = sorted(set(expected.tables) - set(actual.tables))
    if lacks:
        parts.append(_("lacks table {names}").format(names=", ".join(lacks)))
    columns = sorted(
        f"{t}.{c}" for t in set(expected.tables) & set(actual.tables) for c in expected.tables[t] - actual.tables[t]
    )
    if columns:
        parts.append(_("lacks column {names}").format(names=", ".join(columns)))
    triggers = sorted(expected.triggers - actual.triggers)
    if triggers:
        parts.append(_("lacks trigger {names}").format(names=", ".join(triggers)))
    extra = sorted(set(actual.tables) - set(expected.tables))
    if extra:
        parts.append(_("has table {names} that its schema does not").format(names=", ".join(extra)))
    extra_columns = sorted(
        f"{t}.{c}" for t in set(expected.tables) & set(actual.tables) for c in actual.tables[t] - expected.tables[t]
    )
    if extra_columns:
        parts.append(_("has column {names} that its schema does not").format(names=", ".join(extra_columns)))
    extra_triggers = sorted(actual.triggers - expected.triggers)
    if extra_triggers:
        parts.append(_("has trigger {names} that its schema does not").format(names=", ".join(extra_triggers)))
    return parts


def schema_problems(backup: Path, revision: str | None) -> list[str]:
    """A line naming how ``backup``'s schema differs from its revision's (empty: the same).

    A backup of a revision this program does not know is left to the
    "newer Linli" check.
    """
    from models.core.db import _known_revisions

    if revision is None or not set(revision.split("+")) <= _known_revisions():
        return []
    try:
        conn = sqlite3.connect(read_only_uri(backup), uri=True)
        try:
            actual = schema_of(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [_("{path} is damaged: {reason}").format(path=backup.name, reason=exc)]
    parts = schema_difference(revision_schema(revision), actual)
    if not parts:
        return []
    return [_("{path} does not have the tables of its schema {rev}: the backup {difference}.").format(
        path=backup.name, rev=revision, difference="; ".join(parts))]
