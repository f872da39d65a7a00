"""Moving a centre's SQLite file onto a PostgreSQL server (``main.py move``, issue 19).

One database per centre on the server (docs/architecture.md, "Several centres on
one server"): the target is an empty Linli database there (created at head if it
has no tables). Every table is copied in one transaction, in foreign-key order,
ids kept; the server's id sequences are moved past the copied ids; then, still
inside the transaction, every table is read back and its row count and content
digest (SHA-256 over the rows in primary-key order) compared with the source's.
Any difference rolls the whole copy back. Names are copied as stored: 𠮷 and ·
stay what they are, and the digest would say otherwise.

Refused: without the ``restore`` permission (administrators), a source that is
not a file, a target that is a file, a target that already holds a centre (any
resident, account or audit entry).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection

from i18n import _
from models.core.db import database_file, head_revision, open_database
from models.core.errors import LinliError
from models.safety.security import require

#: Tables whose rows mean "this database already holds a centre".
_CENTRE_TABLES = ("resident", "user_account", "audit_entry")
BATCH = 1000


class MoveRefused(LinliError):
    """The move cannot be done; nothing was written."""


@dataclass
class TableCopy:
    name: str
    rows: int
    digest: str


@dataclass
class MoveReport:
    target: str
    centre: str
    tables: list[TableCopy] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def _cell(value: object) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "T" if value else "F"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def table_digest(conn: Connection, table: Table) -> tuple[int, str]:
    """``(rows, SHA-256)`` of a table's content, rows in primary-key order, values as text."""
    digest = hashlib.sha256()
    count = 0
    order = list(table.primary_key.columns) or list(table.columns)
    for row in conn.execute(select(table).order_by(*order)).yield_per(BATCH):
        digest.update("\x1f".join(_cell(v) for v in row).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1e")
        count += 1
    return count, digest.hexdigest()


def _tables() -> list[Table]:
    import models  # noqa: F401  (registers every entity)
    from models.core.base import Base

    return list(Base.metadata.sorted_tables)


def _reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].type.python_type is not int:
            continue
        quoted = '"' + table.name + '"'
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": quoted, "c": pk[0].name}).scalar()
        if seq:
            conn.execute(text(f'SELECT setval(:s, COALESCE((SELECT MAX("{pk[0].name}") FROM {quoted}), 0) + 1, false)'),
                         {"s": seq})


def move(src, target: str, *, centre: str | None = None,  # type: ignore[no-untyped-def]
         progress: Callable[[str], None] | None = None) -> MoveReport:
    """Copy the open SQLite database ``src`` into the server database ``target``, verified.

    The caller opened ``src`` (and logged in: the whole centre leaves the PC).

    Raises:
        MoveRefused: the source or the target is not what a move needs, the target
            already holds a centre, or the copy differs from the source (rolled back).
        DatabaseOpenError: the target cannot be opened.
    """
    require("restore")  # administrators: every record of the centre changes place
    if src.path is None:
        raise MoveRefused(_("Move from a database file; {url} is already on a server.").format(url=src.url))
    if database_file(target) is not None or "://" not in str(target):
        raise MoveRefused(_("Move to a server's address (postgresql+psycopg://USER@HOST/DBNAME), not to a file."))
    dst = open_database(target)
    try:
        return _copy(src, dst, centre=centre, progress=progress or (lambda _step: None))
    finally:
        dst.dispose()


def _copy(src, dst, *, centre: str | None, progress: Callable[[str], None]) -> MoveReport:  # type: ignore[no-untyped-def]
    from models.core.settings import Setting

    tables = _tables()
    with src.engine.connect() as read, dst.engine.connect() as write, write.begin():
        held = {name: write.execute(select(func.count()).select_from(t)).scalar_one()
                for t in tables for name in [t.name] if name in _CENTRE_TABLES}
        source_centre = read.execute(select(Setting.value).where(Setting.key == "centre.name")).scalar() or ""
        target_centre = write.execute(select(Setting.value).where(Setting.key == "centre.name")).scalar() or ""
        name = centre or source_centre or target_centre
        if any(held.values()):
            raise MoveRefused(_("{target} already holds a centre ({name}: {residents} residents, {accounts} "
                                "accounts); nothing was copied. Each centre moves into a database of its own.").format(
                target=dst.url, name=target_centre or name or "?", residents=held.get("resident", 0),
                accounts=held.get("user_account", 0)))
        if centre and source_centre and centre != source_centre:
            raise MoveRefused(_("{path} is the database of {source}, not of {centre}; nothing was copied.").format(
                path=src.path, source=source_centre, centre=centre))
        # The rows the migrations put in (rooms, bands, categories...) make way for the centre's own.
        for table in reversed(tables):
            write.execute(table.delete())
        report = MoveReport(target=dst.url, centre=name)
        for table in tables:
            progress(table.name)
            batch: list[dict] = []
            for row in read.execute(select(table)).mappings().yield_per(BATCH):
                batch.append(dict(row))
                if len(batch) >= BATCH:
                    write.execute(table.insert(), batch)
                    batch = []
            if batch:
                write.execute(table.insert(), batch)
        _reset_sequences(write, tables)
        progress(_("verifying"))
        for table in tables:
            want = table_digest(read, table)
            got = table_digest(write, table)
            if got != want:
                raise MoveRefused(_("The copy of table {table} differs from the file ({got} rows, {want} in the "
                                    "file); nothing was kept.").format(table=table.name, got=got[0], want=want[0]))
            report.tables.append(TableCopy(table.name, got[0], got[1]))
        if centre and not source_centre:  # the name the centre is known by on the server
            write.execute(Setting.__table__.delete().where(Setting.key == "centre.name"))
            write.execute(Setting.__table__.insert(), [{"key": "centre.name", "value": centre}])
        version = write.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if version != head_revision():  # pragma: no cover - open_database brought both to head
            raise MoveRefused(f"schema {version}")
    return report
