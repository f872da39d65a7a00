"""``python main.py check``: what a database file holds and whether it is sound, read-only.

The file is opened read-only (:func:`models.core.db.read_only_uri`, ``mode=ro``):
the check never writes to it, and works on a file in a read-only folder
(a WAL file there, whose ``-shm`` cannot be created, is opened
``immutable``: nothing can write to it either). Each step runs on its own,
so that damage found by one does not stop the others:

1. ``PRAGMA integrity_check`` (its result comes first);
2. the schema revision;
3. each table's row count (a table that cannot be read is named, with why);
4. ``PRAGMA foreign_key_check``;
5. the audit trail's append-only triggers.

:attr:`FileCheck.problems` says in a few words each what is wrong; the
command ends with one verdict line built from it. Like :mod:`models.safety.backup`,
this module works on the SQLite file itself.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from i18n import _, ngettext
from models.core.db import DatabaseOpenError, head_revision, read_only_uri


@dataclass
class FileCheck:
    """What :func:`check_file` found."""

    path: Path
    integrity: list[str] = field(default_factory=list)
    revision: str | None = None
    head: str = ""
    row_counts: dict[str, int] = field(default_factory=dict)
    table_errors: dict[str, str] = field(default_factory=dict)
    missing_tables: list[str] = field(default_factory=list)
    foreign_key_problems: int | None = None  # None: the check could not run
    foreign_key_error: str = ""
    trigger_problems: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    immutable: bool = False  # opened immutable (a WAL file in a read-only folder)

    @property
    def sound(self) -> bool:
        return not self.problems


def refuse_unopenable(path: Path) -> None:
    if path.is_dir():
        raise DatabaseOpenError(_("{path} is a folder, not a database file.").format(path=path))
    if not path.exists():
        raise DatabaseOpenError(_("No database at {path}.").format(path=path))
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseOpenError(_("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)) from None
    if header != b"SQLite format 3\x00":
        raise DatabaseOpenError(_("{path} is not a Linli database.").format(path=path))


def connect_read_only(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection to ``path`` and whether it had to be opened ``immutable``.

    A WAL database needs its ``-shm`` file even to be read; in a folder where
    it cannot be created (and that no one can write to), the file is opened
    immutable instead.
    """
    uri = read_only_uri(path)
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.OperationalError:
        conn.close()
        if os.access(path.parent, os.W_OK):
            raise
    except BaseException:
        conn.close()
        raise
    conn = sqlite3.connect(uri + "&immutable=1", uri=True)
    return conn, True


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def check_file(path: Path | str) -> FileCheck:
    """Check the database file at ``path`` without writing to it; never raises on damage.

    Raises:
        DatabaseOpenError: no such file, a folder, not a SQLite file.
    """
    import models  # noqa: F401 - every table on Base.metadata
    from models.core.base import Base
    from models.safety.audit import trigger_problems

    path = Path(path)
    refuse_unopenable(path)
    report = FileCheck(path=path, head=head_revision())
    try:
        conn, report.immutable = connect_read_only(path)
    except sqlite3.Error as exc:
        report.integrity = [_first_line(exc)]
        report.problems.append(_("it cannot be opened ({reason})").format(reason=_first_line(exc)))
        return report
    try:
        try:
            report.integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            report.integrity = [_first_line(exc)]
        if report.integrity != ["ok"]:
            report.problems.append(_("integrity_check failed"))
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            report.problems.append(_("its list of tables cannot be read ({reason})").format(reason=_first_line(exc)))
            return report
        if "alembic_version" in names:
            try:
                heads = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
                report.revision = "+".join(sorted(heads)) if heads else None
            except sqlite3.DatabaseError as exc:
                report.table_errors["alembic_version"] = _first_line(exc)
        if report.revision != report.head:
            report.problems.append(_("schema {rev}, not this program's {head}").format(
                rev=report.revision or "-", head=report.head))
        for table in Base.metadata.sorted_tables:
            if table.name not in names:
                report.missing_tables.append(table.name)
                continue
            try:
                report.row_counts[table.name] = conn.execute(f'SELECT COUNT(*) FROM "{table.name}"').fetchone()[0]
            except sqlite3.DatabaseError as exc:
                report.table_errors[table.name] = _first_line(exc)
        if report.missing_tables:
            report.problems.append(_("table {names} missing").format(names=", ".join(report.missing_tables)))
        if report.table_errors:
            report.problems.append(_("table {names} unreadable").format(names=", ".join(report.table_errors)))
        try:
            report.foreign_key_problems = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        except sqlite3.DatabaseError as exc:
            report.foreign_key_error = _first_line(exc)
            report.problems.append(_("foreign_key_check could not run"))
        if report.foreign_key_problems:
            report.problems.append(ngettext("{count} broken reference", "{count} broken references",
                                            report.foreign_key_problems).format(count=report.foreign_key_problems))
        if "audit_entry" in names:
            try:
                report.trigger_problems = trigger_problems(conn)
            except sqlite3.DatabaseError as exc:
                report.trigger_problems = [_first_line(exc)]
            if report.trigger_problems:
                report.problems.append(_("the audit trail is not append-only"))
    finally:
        conn.close()
    return report


def report_lines(report: FileCheck) -> list[str]:
    """What ``main.py check`` prints: the integrity result first, one verdict line last."""
    lines = [_("Database: {path}").format(path=report.path)]
    lines.append(_("integrity_check: {result}").format(result="; ".join(report.integrity[:5]) or "-"))
    if report.immutable:
        lines.append(_("(opened immutable: the folder is read-only)"))
    lines.append(_("Schema revision: {rev} (this program: {head})").format(rev=report.revision, head=report.head))
    names = list(report.row_counts) + list(report.table_errors) + report.missing_tables
    width = max((len(t) for t in names), default=0)
    for table, count in report.row_counts.items():
        lines.append(f"  {table:<{width}}  {count:>9}")
    for table, reason in report.table_errors.items():
        lines.append(f"  {table:<{width}}  " + _("cannot be read ({reason})").format(reason=reason))
    for table in report.missing_tables:
        lines.append(f"  {table:<{width}}  " + _("missing"))
    if report.foreign_key_problems is not None:
        lines.append(ngettext("foreign_key_check: {count} problem", "foreign_key_check: {count} problems",
                              report.foreign_key_problems).format(count=report.foreign_key_problems))
    elif report.foreign_key_error:
        lines.append(_("foreign_key_check: could not run ({reason})").format(reason=report.foreign_key_error))
    for problem in report.trigger_problems:
        lines.append(_("Audit trail: {problem}").format(problem=problem))
    if report.sound:
        lines.append(_("Verdict: sound."))
    else:
        lines.append(_("Verdict: NOT sound: {problems}.").format(problems="; ".join(report.problems)))
    return lines
