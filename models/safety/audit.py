"""The audit trail: who did what to which record, append-only and tamper-evident.

Every entry says when, who (the current :func:`models.safety.security.current_actor`),
what (an action, a table and a record id) and a summary that names the
fields changed but never their values. Entries form a hash chain: each one
carries ``SHA-256(previous hash + its own content)``, so an edited, inserted
or removed entry breaks the chain at that point (:func:`verify_chain`,
``python main.py audit check --db PATH``).

Why about 800 lines: the entry, its hash chain, the anchors that extend it
outside the database and the trigger checks are one tamper-evidence
argument; they are read together (docs/security.md, "Anchors").

Two ways in:

* :func:`record` — an explicit entry (login, failed login, export, print,
  reveal, backup, restore, ...). Call it inside the write transaction the
  entry belongs to; it is written when that transaction commits.
* an ``after_flush`` listener on every :class:`~sqlalchemy.orm.Session`,
  which records each create, change, archive and delete of a row in a
  personal table (see :func:`audited_tables`) — generically, for every job.
  Bulk Core statements (``session.execute(insert(...))``) bypass it; a job
  that writes personal data in bulk records one summary entry itself.

Entries are never updated or deleted by Linli and never pruned (the issue
asks for at least three years); triggers refuse UPDATE and DELETE on the
table (migration 0007: SQLite's, and PostgreSQL's plpgsql one). On a server the
append holds an advisory lock (:func:`models.core.db.serialise`), so two desks'
entries never share a number or a previous hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import (
    DateTime,
    Index,
    Integer,
    String,
    Text,
    and_,
    event,
    inspect,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from i18n import N_, _, format_date, format_time
from models.core.base import Base, now_local
from models.core.listing import ListColumn
from models.safety.security import current_actor, os_login, require

log = logging.getLogger(__name__)

#: The previous hash of the first entry.
GENESIS = "0" * 64

#: Actions and their labels (the viewer's filter and column).
ACTION_LABELS: dict[str, str] = {
    "create": N_("Created"),
    "change": N_("Changed"),
    "archive": N_("Archived"),
    "unarchive": N_("Restored from archive"),
    "delete": N_("Deleted"),
    "login": N_("Logged in"),
    "login_failed": N_("Failed login"),
    "account_locked": N_("Account locked"),
    "logout": N_("Logged out"),
    "screen_lock": N_("Screen locked"),
    "account": N_("Account changed"),
    "reveal": N_("Revealed"),
    "view": N_("Viewed"),  # a confidential record opened (a mediation case)
    "export": N_("Exported"),
    "publish": N_("Published"),
    "print": N_("Printed"),
    "backup": N_("Backup"),
    "restore": N_("Restore"),
    "import": N_("Imported"),
}

#: Columns whose change says nothing on its own (search keys, timestamps).
_QUIET_FIELDS = frozenset({"updated_at", "name_pinyin", "name_initials"})

#: Tables the generic listener never records: the trail itself, and the
#: accounts (whose changes are recorded explicitly, without hashes).
_NEVER = frozenset({"audit_entry", "user_account", "alembic_version"})

#: Tables recorded although they hold no personal data: policies and settings.
_ALSO = frozenset({"setting", "subsidy_policy", "subsidy_rule", "party_dues_band"})

#: The clock of new entries (tests may replace it).
clock: Callable[[], dt.datetime] = now_local


class AuditEntry(Base):
    """One entry of the trail. Never updated, never deleted."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    table_name: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    #: The computer's login that made the entry (migration 0008; None on older entries).
    os_user: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_entry_at", "at"),
        Index("ix_audit_entry_action", "action", "at"),
        Index("ix_audit_entry_record", "table_name", "record_id"),
        Index("ix_audit_entry_actor", "actor", "at"),
    )

    def __repr__(self) -> str:
        return f"<AuditEntry id={self.id} {self.action}>"


# --- the chain ------------------------------------------------------------------------


def entry_content(
    entry_id: int,
    at: dt.datetime,
    actor: str,
    actor_id: int | None,
    action: str,
    table_name: str | None,
    record_id: int | None,
    summary: str,
    os_user: str | None = None,
) -> str:
    """The canonical text an entry's hash covers.

    ``os_user`` is appended only when the entry has one, so that entries
    written before migration 0008 keep their hash.
    """
    fields: list = [entry_id, at.isoformat(sep=" "), actor, actor_id, action, table_name, record_id, summary]
    if os_user is not None:
        fields.append(os_user)
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def chain_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


_table = AuditEntry.__table__
_engines_with_table: weakref.WeakSet = weakref.WeakSet()


def _has_table(conn: Connection) -> bool:
    """Whether the audit table exists (False on a database at an older schema)."""
    engine = conn.engine
    if engine in _engines_with_table:
        return True
    if inspect(conn).has_table("audit_entry"):
        _engines_with_table.add(engine)
        return True
    return False


def _append(conn: Connection, items: Sequence[tuple[str, str | None, int | None, str]]) -> None:
    """Append entries ``(action, table, record_id, summary)`` after the last one."""
    if not items:
        return
    from models.core.db import PG_AUDIT_LOCK, serialise

    # Two desks appending at once on a server: one after the other, so the chain stays one chain.
    serialise(conn, PG_AUDIT_LOCK)
    last = conn.execute(select(_table.c.id, _table.c.hash).order_by(_table.c.id.desc()).limit(1)).first()
    next_id, prev = (last.id + 1, last.hash) if last else (1, GENESIS)
    actor = current_actor()
    who = os_login()
    at = clock().replace(microsecond=0)
    rows = []
    for action, table_name, record_id, summary in items:
        content = entry_content(next_id, at, actor.username, actor.user_id, action, table_name, record_id, summary,
                                who)
        digest = chain_hash(prev, content)
        rows.append(
            {
                "id": next_id,
                "at": at,
                "actor": actor.username,
                "actor_id": actor.user_id,
                "action": action,
                "table_name": table_name,
                "record_id": record_id,
                "summary": summary,
                "os_user": who,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        next_id, prev = next_id + 1, digest
    conn.execute(_table.insert(), rows)


def record(
    session: Session,
    action: str,
    *,
    table: str | None = None,
    record_id: int | None = None,
    summary: str = "",
) -> None:
    """Append one entry in ``session``'s transaction (actor: the current one).

    ``summary`` must not hold the sensitive values themselves (no ID numbers,
    phones, health notes): say what was done, e.g. "residents list, 120 rows,
    .xlsx" or "ID number of resident 12".
    """
    conn = session.connection()
    if _has_table(conn):
        _append(conn, [(action, table, record_id, summary)])


# --- a read-only (damaged) database ---------------------------------------------------


@dataclass(frozen=True)
class UnwrittenEntry:
    """An entry that could not be written because the database is open read-only."""

    at: dt.datetime
    actor: str
    action: str
    table_name: str | None
    record_id: int | None
    summary: str


#: Entries of this session that a read-only database could not take. They are
#: kept in memory only (and logged without personal data): a damaged file
#: must not be written, and a login must still work to reach the restore.
UNWRITTEN: list[UnwrittenEntry] = []


def is_read_only(db: object) -> bool:
    """Whether ``db`` (a :class:`models.core.db.Database`) was opened read-only (a damaged file)."""
    return bool(getattr(db, "read_only", False))


def keep_unwritten(action: str, *, table: str | None = None, record_id: int | None = None,
                   summary: str = "") -> UnwrittenEntry:
    """Remember an entry the read-only database cannot take, with a warning in the log."""
    entry = UnwrittenEntry(now_local(), current_actor().username, action, table, record_id, summary)
    UNWRITTEN.append(entry)
    log.warning("database is read-only: audit entry %s (%s %s) kept in memory only", action, table, record_id)
    return entry


def record_now(db, action: str, *, table: str | None = None, record_id: int | None = None,  # type: ignore[no-untyped-def]
               summary: str = "") -> bool:
    """Record one entry in its own transaction; on a read-only database keep it in memory instead.

    Returns True when it was written to the trail.
    """
    if is_read_only(db):
        keep_unwritten(action, table=table, record_id=record_id, summary=summary)
        return False
    with db.write() as s:
        record(s, action, table=table, record_id=record_id, summary=summary)
    return True


# --- the generic listener -------------------------------------------------------------

_audited: frozenset[str] | None = None


def audited_tables() -> frozenset[str]:
    """Tables whose rows are personal data: ``resident``, every table that
    refers to it (directly or through another such table), the Party roster,
    plus settings and policies."""
    global _audited
    if _audited is None:
        tables = Base.metadata.tables
        personal = {"resident"} | {name for name in tables if name.startswith("party_")}
        grew = True
        while grew:
            grew = False
            for name, table in tables.items():
                if name in personal:
                    continue
                if any(fk.column.table.name in personal for fk in table.foreign_keys):
                    personal.add(name)
                    grew = True
        _audited = frozenset((personal | _ALSO) & set(tables)) - _NEVER
    return _audited


def _record_id(obj: object) -> tuple[int | None, str]:
    state = inspect(obj)
    # In after_flush a new object has its key but no identity yet.
    identity = state.mapper.primary_key_from_instance(obj)
    if identity and len(identity) == 1 and isinstance(identity[0], int):
        return identity[0], ""
    # A text key (a setting's name) is not personal: it goes in the summary.
    return None, " ".join(str(part) for part in identity or ())


def _changed_fields(obj: object) -> list[str]:
    state = inspect(obj)
    changed = []
    for attr in state.mapper.column_attrs:
        if attr.key in _QUIET_FIELDS:
            continue
        if state.attrs[attr.key].history.has_changes():
            changed.append(attr.key)
    return changed


def _archive_flip(obj: object) -> bool | None:
    """True/False when an ``archived`` flag was set/cleared in this flush."""
    state = inspect(obj)
    if "archived" not in state.mapper.column_attrs:
        return None
    history = state.attrs["archived"].history
    if not history.has_changes() or not history.added:
        return None
    return bool(history.added[0])


def _describe(session: Session) -> list[tuple[str, str | None, int | None, str]]:
    tables = audited_tables()
    items: list[tuple[str, str | None, int | None, str]] = []

    def table_of(obj: object) -> str | None:
        name = getattr(getattr(obj, "__table__", None), "name", None)
        return name if name in tables else None

    for obj in list(session.new):
        name = table_of(obj)
        if name:
            rid, key = _record_id(obj)
            items.append(("create", name, rid, key))
    for obj in list(session.dirty):
        name = table_of(obj)
        if not name or not session.is_modified(obj, include_collections=False):
            continue
        fields = _changed_fields(obj)
        if not fields:
            continue
        rid, key = _record_id(obj)
        flip = _archive_flip(obj)
        if flip is not None and fields == ["archived"]:
            items.append(("archive" if flip else "unarchive", name, rid, key))
            continue
        action = "change" if flip is None else ("archive" if flip else "unarchive")
        summary = _("fields: {fields}").format(fields=", ".join(fields))
        items.append((action, name, rid, (key + "; " if key else "") + summary))
    for obj in list(session.deleted):
        name = table_of(obj)
        if name:
            rid, key = _record_id(obj)
            items.append(("delete", name, rid, key))
    return items


@event.listens_for(Session, "after_flush")
def _audit_after_flush(session: Session, _context: object) -> None:
    items = _describe(session)
    if not items:
        return
    conn = session.connection()
    if _has_table(conn):
        _append(conn, items)


# --- verification ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found."""

    entries: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def sound(self) -> bool:
        return self.broken_id is None


def verify_chain(session: Session) -> ChainReport:
    """Recompute every entry's hash in order; report the first that breaks."""
    prev = GENESIS
    expected_id = None
    count = 0
    stmt = select(_table).order_by(_table.c.id).execution_options(yield_per=2000)
    for row in session.execute(stmt):
        count += 1
        if expected_id is not None and row.id != expected_id:
            return ChainReport(count, row.id, _("entries before {id} are missing").format(id=row.id))
        if row.prev_hash != prev:
            return ChainReport(count, row.id, _("its link to the previous entry does not match"))
        content = entry_content(
            row.id, row.at, row.actor, row.actor_id, row.action, row.table_name, row.record_id, row.summary,
            row.os_user,
        )
        if chain_hash(prev, content) != row.hash:
            return ChainReport(count, row.id, _("its content was changed after it was written"))
        prev = row.hash
        expected_id = row.id + 1
    return ChainReport(count)


# --- reading (administrators only) ----------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer filters by (all optional)."""

    action: str | None = None
    actor: str | None = None
    table_name: str | None = None
    record_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def actors(session: Session) -> list[str]:
    """Every actor name in the trail (for the viewer's filter)."""
    require("audit.read")
    return list(session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))


class AuditListSource:
    """The audit viewer's list: newest first, filtered in SQL."""

    columns: Sequence[ListColumn] = (
        ListColumn("at", N_("When")),
        ListColumn("actor", N_("Who")),
        ListColumn("action", N_("What")),
        ListColumn("table", N_("Table")),
        ListColumn("record", N_("Record"), align="right"),
        ListColumn("summary", N_("Change summary"), sortable=False),
    )

    _sort_columns = {
        "at": AuditEntry.id,
        "actor": AuditEntry.actor,
        "action": AuditEntry.action,
        "table": AuditEntry.table_name,
        "record": AuditEntry.record_id,
    }

    def __init__(self, audit_filter: AuditFilter | None = None):
        self.filter = audit_filter or AuditFilter()

    def _conditions(self, filter_text: str) -> list:
        f = self.filter
        conditions: list = []
        if f.action:
            conditions.append(AuditEntry.action == f.action)
        if f.actor:
            conditions.append(AuditEntry.actor == f.actor)
        if f.table_name:
            conditions.append(AuditEntry.table_name == f.table_name)
        if f.record_id is not None:
            conditions.append(AuditEntry.record_id == f.record_id)
        if f.since:
            conditions.append(AuditEntry.at >= dt.datetime.combine(f.since, dt.time()))
        if f.until:
            conditions.append(AuditEntry.at < dt.datetime.combine(f.until + dt.timedelta(days=1), dt.time()))
        for word in filter_text.split():
            like = f"%{word}%"
            options: list = [AuditEntry.summary.ilike(like), AuditEntry.actor.ilike(like), AuditEntry.table_name.ilike(like)]
            if word.isdigit():
                options.append(AuditEntry.record_id == int(word))
            conditions.append(or_(*options))
        return conditions

    def ids(self, session: Session, filter_text: str, sort_key: str | None, descending: bool) -> list[int]:
        require("audit.read")
        column = self._sort_columns.get(sort_key or "at", AuditEntry.id)
        if sort_key is None:
            descending = True
        order = [column.desc() if descending else column.asc(), AuditEntry.id.desc()]
        stmt = select(AuditEntry.id).where(and_(true(), *self._conditions(filter_text))).order_by(*order)
        return list(session.scalars(stmt))

    def rows(self, session: Session, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        require("audit.read")
        out: dict[int, tuple[str, ...]] = {}
        for e in session.scalars(select(AuditEntry).where(AuditEntry.id.in_(list(ids)))):
            label = ACTION_LABELS.get(e.action)
            out[e.id] = (
                f"{format_date(e.at.date())} {format_time(e.at)}",
                e.actor,
                _(label) if label else e.action,
                e.table_name or "",
                "" if e.record_id is None else str(e.record_id),
                e.summary,
            )
        return out


# --- revealing a masked value ---------------------------------------------------------

#: Fields of a resident that lists mask and a record reveals on request.
REVEALABLE = {"id_number": N_("ID number"), "phone": N_("phone")}


def reveal(session: Session, resident_id: int, field: str) -> str:
    """The full value of a masked field of one resident; the reveal is recorded.

    Raises:
        PermissionDenied: the role may not reveal (volunteers).
        ValueError: ``field`` is not revealable.
    """
    from models.residents.entities import Resident

    require("residents.reveal")
    if field not in REVEALABLE:
        raise ValueError(f"not a revealable field: {field}")
    value = session.scalar(select(getattr(Resident, field)).where(Resident.id == resident_id))
    record(session, "reveal", table="resident", record_id=resident_id, summary=REVEALABLE[field])
    return value or ""


# --- anchors: the chain's last entry, written down outside the database ---------------
#
# The hash chain alone proves that the entries it holds were not edited, but
# not that none were cut off the end (a shorter chain is still a sound one),
# nor that the whole chain was not recomputed after an edit (with the
# triggers dropped). An *anchor* is the number and hash of the last entry at
# a moment (each verified backup, each start-up), written where the database
# cannot rewrite it: an append-only log beside the file, and the backup
# itself (whose own last entry is its anchor). The live chain must extend
# every anchor: the entry with that number exists and has that hash.

#: The triggers that make the trail append-only on SQLite (migration 0007),
#: as their names and SQL with whitespace and case folded.
AUDIT_TRIGGERS: dict[str, str] = {
    "audit_entry_no_update": "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "audit_entry_no_delete": "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
}

#: Why an anchor was written.
ANCHOR_STARTUP = "start-up"
ANCHOR_BACKUP = "backup"
#: A restore replaced the chain with a backup's: anchors before it no longer apply.
ANCHOR_RESTORE = "restore"


def _fold_sql(sql: str) -> str:
    return " ".join(sql.replace("(", " ( ").replace(")", " ) ").replace(";", " ; ").split()).lower()


def trigger_problems(sqlite_conn) -> list[str]:  # type: ignore[no-untyped-def]
    """The append-only triggers that are missing or altered, as one line each (a sqlite3 connection)."""
    found = {
        name: sql or ""
        for name, sql in sqlite_conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
        )
    }
    problems = []
    for name, expected in AUDIT_TRIGGERS.items():
        if name not in found:
            problems.append(_("the trigger {name} is missing: the audit trail can be edited").format(name=name))
        elif _fold_sql(found[name]) != _fold_sql(expected):
            problems.append(_("the trigger {name} was altered: the audit trail can be edited").format(name=name))
    return problems


@dataclass(frozen=True)
class Anchor:
    """The chain's last entry at a moment: its number and hash, when and why written down."""

    entry_id: int
    hash: str
    at: str = ""
    reason: str = ""
    source: str = ""  # where it was read: "anchor log, line N" or a backup's file name

    def to_json(self) -> str:
        return json.dumps({"at": self.at, "entry": self.entry_id, "hash": self.hash, "reason": self.reason},
                          ensure_ascii=False, separators=(",", ":"))


def anchor_path(db_path) -> Path:  # type: ignore[no-untyped-def]
    """The anchor log of a database file: ``<file>.anchors`` beside it."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".anchors")


def last_entry(sqlite_conn) -> tuple[int, str] | None:  # type: ignore[no-untyped-def]
    """``(id, hash)`` of the last entry (a sqlite3 connection); None: no entries or no table."""
    try:
        row = sqlite_conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.DatabaseError:
        return None
    return (int(row[0]), str(row[1])) if row else None


def last_entry_of_file(path) -> tuple[int, str] | None:  # type: ignore[no-untyped-def]
    """``(id, hash)`` of the last entry of a database file, opened read-only (None: none, or unreadable)."""
    from models.core.db import read_only_uri

    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        return last_entry(conn)
    finally:
        conn.close()


def read_anchors(db_path) -> tuple[list[Anchor], list[str]]:  # type: ignore[no-untyped-def]
    """The anchors in the log beside ``db_path``, oldest first, and a line per unreadable log line."""
    path = anchor_path(db_path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [_("cannot read the anchor log {path}: {reason}").format(path=path.name, reason=exc.strerror)]
    anchors: list[Anchor] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            anchor = Anchor(int(data["entry"]), str(data["hash"]), str(data.get("at", "")),
                            str(data.get("reason", "")), _("anchor log, line {n}").format(n=number))
        except (ValueError, KeyError, TypeError):
            problems.append(_("line {n} of the anchor log {path} is not an anchor").format(n=number, path=path.name))
            continue
        anchors.append(anchor)
    return anchors, problems


def last_anchor(db_path) -> Anchor | None:  # type: ignore[no-untyped-def]
    """The log's last anchor, read from its tail only (the log grows by a line a start-up or backup)."""
    try:
        with anchor_path(db_path).open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 4096))
            tail = fh.read().decode("utf-8", errors="replace")
    except OSError:
        return None
    for line in reversed(tail.splitlines()):
        try:
            data = json.loads(line)
            return Anchor(int(data["entry"]), str(data["hash"]), str(data.get("at", "")),
                          str(data.get("reason", "")), _("anchor log, last line"))
        except (ValueError, KeyError, TypeError):
            continue
    return None


def write_anchor(db_path, entry: tuple[int, str] | None, reason: str, *,  # type: ignore[no-untyped-def]
                 at: dt.datetime | None = None) -> Anchor | None:
    """Append an anchor for ``entry`` (``(id, hash)``) to the log beside ``db_path``.

    Nothing is written for an empty trail, nor when the log's last anchor is
    the same entry (a start-up with nothing new). The line is appended and
    flushed to disk in one write. Raises OSError (the caller decides whether
    that matters: a backup or a start-up goes on, with a warning).
    """
    if entry is None:
        if reason != ANCHOR_RESTORE:
            return None
        entry = (0, GENESIS)  # restored to an empty trail: the anchors before no longer apply
    previous = last_anchor(db_path)
    if reason != ANCHOR_RESTORE and previous is not None and (previous.entry_id, previous.hash) == entry:
        return None
    stamp = (at or now_local()).replace(microsecond=0).isoformat(sep=" ")
    anchor = Anchor(entry[0], entry[1], stamp, reason)
    with anchor_path(db_path).open("a", encoding="utf-8") as fh:
        fh.write(anchor.to_json() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return anchor


def anchor_file(db_path, reason: str) -> Anchor | None:  # type: ignore[no-untyped-def]
    """Anchor the chain of the database file at ``db_path`` as it is now; never raises.

    Returns the anchor written (None: nothing to anchor, or it could not be written,
    which is logged).
    """
    try:
        return write_anchor(db_path, last_entry_of_file(db_path), reason)
    except OSError as exc:
        log.warning("cannot write the audit anchor log beside %s: %s", Path(db_path).name, exc.strerror)
        return None


def current_anchors(db_path, backups: Iterable[Path] = ()) -> tuple[list[Anchor], list[str]]:  # type: ignore[no-untyped-def]
    """The anchors the live chain must extend, and problems reading them.

    From the log: every anchor from the last restore on (a restore replaces
    the chain with an older one: the anchors before it describe a chain that
    no longer is the live one). From ``backups`` (files): each one's last
    entry and the anchor in its metadata (``<backup>.json``), for the backups
    whose file is newer than that restore.
    """
    from models.safety.backup import meta_anchor

    anchors, problems = read_anchors(db_path)
    since: dt.datetime | None = None
    for i in range(len(anchors) - 1, -1, -1):
        if anchors[i].reason == ANCHOR_RESTORE:
            try:
                since = dt.datetime.fromisoformat(anchors[i].at)
            except ValueError:
                since = None
            anchors = anchors[i:]
            break
    for path in backups:
        try:
            taken = dt.datetime.fromtimestamp(Path(path).stat().st_mtime)
        except OSError:
            continue
        # The safety copy a restore makes is older than its anchor (stamped to the second).
        if since is not None and taken < since + dt.timedelta(seconds=1):
            continue
        stamp = taken.replace(microsecond=0).isoformat(sep=" ")
        entry = last_entry_of_file(path)
        if entry is not None:
            anchors.append(Anchor(entry[0], entry[1], stamp, ANCHOR_BACKUP, Path(path).name))
        recorded = meta_anchor(Path(path))
        if recorded is not None:
            anchors.append(Anchor(recorded[0], recorded[1], stamp, ANCHOR_BACKUP, Path(path).name + ".json"))
    return anchors, problems


def anchor_problems(sqlite_conn, anchors: Iterable[Anchor]) -> list[str]:  # type: ignore[no-untyped-def]
    """One line per anchor the live chain does not extend (its entry missing or with another hash).

    ``sqlite_conn``: a sqlite3 connection to the live file. One lookup by number per anchor.
    """
    problems = []
    checked: set[tuple[int, str]] = set()
    for anchor in anchors:
        key = (anchor.entry_id, anchor.hash)
        if key in checked or anchor.entry_id == 0:  # 0: a restore to an empty trail
            continue
        checked.add(key)
        row = sqlite_conn.execute("SELECT hash FROM audit_entry WHERE id = ?", (anchor.entry_id,)).fetchone()
        live = row[0] if row else None
        where = anchor.source or anchor.reason
        if live is None:
            problems.append(_("entry {id} is missing, but {where} ({at}) anchors the trail there: "
                              "entries were removed").format(id=anchor.entry_id, where=where, at=anchor.at))
        elif live != anchor.hash:
            problems.append(_("entry {id} does not have the hash {where} ({at}) recorded: "
                              "the trail was rewritten").format(id=anchor.entry_id, where=where, at=anchor.at))
    return problems


@dataclass
class TrailCheck:
    """What ``audit check`` found: the chain, the anchors it must extend, the triggers."""

    chain: ChainReport
    anchors: int = 0
    last_anchor: int | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return self.chain.sound and not self.problems


def check_trail(db_path, *, backups: Iterable[Path] | None = None) -> TrailCheck:  # type: ignore[no-untyped-def]
    """The whole audit check of a database file, opened read-only.

    The chain is verified entry by entry, the triggers looked for, and every
    anchor (the log beside the file; ``backups`` — by default the backups in
    the folder beside it) checked against the live chain.
    """
    from sqlalchemy import create_engine

    from models.core.db import read_only_uri
    from models.safety.backup import backup_folder, list_backups

    db_path = Path(db_path)
    if backups is None:
        backups = [b.path for b in list_backups(backup_folder(db_path), db_path.stem)]
    uri = read_only_uri(db_path)
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with Session(engine) as session:
            raw = session.connection().connection.dbapi_connection
            has_table = raw.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_entry'").fetchone()
            if not has_table:
                return TrailCheck(ChainReport(0), problems=[_("the audit trail (table audit_entry) is missing")])
            chain = verify_chain(session)
            report = TrailCheck(chain)
            report.problems.extend(trigger_problems(raw))
            anchors, unreadable = current_anchors(db_path, backups)
            report.warnings.extend(unreadable)
            report.anchors = len(anchors)
            report.last_anchor = max((a.entry_id for a in anchors), default=None)
            report.problems.extend(anchor_problems(raw, anchors))
    finally:
        engine.dispose()
    if not anchors and chain.entries:
        report.warnings.append(_("no anchors (no anchor log {path} and no backup): a trail cut short "
                                 "cannot be told from a sound one").format(path=anchor_path(db_path).name))
    return report
