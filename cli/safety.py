"""The safety commands: ``check`` and ``audit check`` (read-only health), ``backup`` and ``restore``.

docs/backup.md and docs/security.md describe what each guarantees.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cli.common import (
    DB_HELP,
    Parser,
    act_as_account,
    add_user,
    credentials,
    fail,
    open_as,
    open_db,
)
from i18n import _, ngettext


def register(sub) -> None:  # type: ignore[no-untyped-def]
    check = sub.add_parser("check", help="print schema revision, row counts and integrity; exit 1 if unsound")
    check.add_argument("--db", metavar="PATH", required=True, help=DB_HELP)
    check.set_defaults(func=cmd_check)

    backup = sub.add_parser("backup", help="an online backup of the database, verified (and rotated)")
    backup.add_argument("--db", metavar="PATH", required=True, help=DB_HELP + "; a server is dumped with pg_dump -Fc")
    backup.add_argument("--to", "--dest", dest="dest", metavar="DIR",
                        help="the folder (default: backups beside the database file; for a server, "
                             "backups/HOST-DBNAME in the user's data folder)")
    add_user(backup)
    backup.set_defaults(func=cmd_backup_make)

    restore = sub.add_parser("restore", help="replace the database with a verified backup (the current one is backed up first)")
    restore.add_argument("backup", nargs="?", metavar="BACKUP", help="the backup file (a server's: its .dump)")
    restore.add_argument("--from", dest="backup_from", metavar="BACKUP", help="the backup file (same as BACKUP)")
    restore.add_argument("--db", metavar="PATH", required=True,
                         help="the database file to replace, or a server's address (restored with pg_restore)")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_user(restore)
    restore.set_defaults(func=cmd_backup_restore)

    move = sub.add_parser("move", help="copy a centre's database file into an empty database on a PostgreSQL "
                                       "server, all tables in one transaction, verified table by table")
    move.add_argument("--from", dest="source", metavar="PATH", required=True, help="the centre's database file")
    move.add_argument("--to", dest="target", metavar="URL", required=True,
                      help="the server's database: postgresql+psycopg://USER@HOST[:PORT]/DBNAME (docs/server.md)")
    move.add_argument("--centre", metavar="NAME", help="the centre's name (checked against the file's, or given to it)")
    add_user(move)
    move.set_defaults(func=cmd_move)

    audit = sub.add_parser("audit", help="the audit trail: verify its hash chain")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=Parser, required=True)
    audit_check = audit_sub.add_parser("check", help="verify the audit trail's hash chain; exit 1 if it is broken")
    audit_check.add_argument("--db", metavar="PATH", required=True, help=DB_HELP)
    audit_check.set_defaults(func=cmd_audit_check)


# --- check ---


def cmd_check(args: argparse.Namespace) -> int:
    """Read-only: the integrity result first, each table on its own, one verdict line last."""
    from models.core.db import database_file
    from models.safety.check import check_file, report_lines

    path = database_file(args.db)
    if path is None:  # a server: it checks its own pages
        return _check_server(args.db)
    report = check_file(path)
    for line in report_lines(report):
        print(line)
    return 0 if report.sound else 1


def _check_server(url: str) -> int:
    from models.core.db import check_database

    db = open_db(url)
    try:
        report = check_database(db)
    finally:
        db.dispose()
    print(_("Database: {path}").format(path=db.url))
    print(_("Server: {version}").format(version=report.server))
    print(_("Schema revision: {rev} (this program: {head})").format(rev=report.revision, head=report.head))
    for table, count in report.row_counts.items():
        print(f"  {table}  {count}")
    print(_("Verdict: sound.") if report.sound else _("Verdict: NOT sound: {problems}.").format(
        problems=_("schema {rev}, not this program's {head}").format(rev=report.revision, head=report.head)))
    return 0 if report.sound else 1


def cmd_audit_check(args: argparse.Namespace) -> int:
    """Read-only: the chain entry by entry, the append-only triggers, every anchor it must extend."""
    import sqlite3

    from models.core.db import database_file
    from models.safety.audit import check_trail
    from models.safety.check import refuse_unopenable

    db_path = database_file(args.db)
    if db_path is None:  # a server: the chain only (no anchor log, no triggers)
        from models.safety.audit import TrailCheck, verify_chain

        db = open_db(args.db)
        try:
            with db.session() as s:
                report = TrailCheck(verify_chain(s))
        finally:
            db.dispose()
    else:
        refuse_unopenable(db_path)
        try:
            report = check_trail(db_path)
        except sqlite3.DatabaseError as exc:
            return fail(_("The audit trail cannot be read: {reason}").format(reason=str(exc).splitlines()[0]))
    for warning in report.warnings:
        print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
    if not report.chain.sound:
        print(_("Audit trail broken at entry {id}: {reason}.").format(
            id=report.chain.broken_id, reason=report.chain.reason), file=sys.stderr)
    for problem in report.problems:
        print(_("Audit trail: {problem}").format(problem=problem), file=sys.stderr)
    if report.sound:
        print(ngettext(
            "Audit trail sound: {count} entries, chain verified, {anchors} anchor held.",
            "Audit trail sound: {count} entries, chain verified, {anchors} anchors held.",
            report.anchors,
        ).format(count=report.chain.entries, anchors=report.anchors))
        return 0
    return 1


# --- move ---


def cmd_move(args: argparse.Namespace) -> int:
    from models.core.errors import LinliError
    from models.core.move import move
    from models.safety.audit import record

    args.db = args.source
    db = open_as(args, account=True)  # the whole centre leaves the PC: an administrator
    try:
        report = move(db, args.target, centre=args.centre,
                      progress=lambda step: print(f"  … {step}", file=sys.stderr))
        with db.write() as s:
            record(s, "export", summary=f"moved to {report.target}, {len(report.tables)} tables, {report.rows} rows")
    except LinliError as exc:
        return fail(str(exc))
    finally:
        db.dispose()
    for table in report.tables:
        print(f"  {table.name}  {table.rows}  {table.digest[:16]}")
    print(_("Moved {centre} into {target}: {tables} tables, {rows} rows, every table's count and digest "
            "checked.").format(centre=report.centre or "-", target=report.target, tables=len(report.tables),
                               rows=report.rows))
    return 0


# --- backup and restore ---


def cmd_backup_make(args: argparse.Namespace) -> int:
    from models.core.errors import LinliError
    from models.safety.backup import BackupError, make_backup

    # To another folder (a USB stick) the whole database leaves the PC: an account is asked.
    db = open_as(args, account=bool(args.dest))
    try:
        if db.path is None:  # a server: pg_dump -Fc, verified by a scratch restore (models.safety.server_backup)
            from models.safety.server_backup import make_server_backup

            result = make_server_backup(db, "manual", dest=Path(args.dest) if args.dest else None)
        else:
            result = make_backup(db.path, "manual", dest=Path(args.dest) if args.dest else None)
        from models.safety.audit import record

        with db.write() as s:
            record(s, "backup", summary=f"manual, {result.path.name}")
    except (BackupError, LinliError) as exc:
        return fail(str(exc))
    finally:
        db.dispose()
    for note in result.notes:
        print(_("Note: {note}").format(note=note), file=sys.stderr)
    from models.safety.server_backup import is_verified

    if not is_verified(result.path):
        print(_("Backup written to {path} ({rows} rows, NOT checked).").format(
            path=result.path, rows=sum(result.row_counts.values())))
        return 0
    print(_("Backup written to {path} ({rows} rows, checked).").format(
        path=result.path, rows=sum(result.row_counts.values())))
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from models.core.db import database_file, open_database
    from models.core.errors import LinliError
    from models.safety.backup import BackupError, check_restorable, restore_backup
    from models.safety.security import require
    from models.safety.startup import check_before_open

    source = args.backup or args.backup_from
    if not source:
        return fail(_("Name the backup to restore: python main.py restore BACKUP --db PATH"))
    if "://" in str(args.db) and database_file(args.db) is None:
        return _restore_server(args, Path(source))
    db_path = database_file(args.db) or Path(args.db)
    given = credentials(args)  # replacing the database: always an account
    try:
        lock = check_before_open(db_path)
    except LinliError as exc:
        return fail(str(exc))
    try:
        try:
            _log_in_for_restore(db_path, Path(source), *given)
            require("restore")
        except (BackupError, LinliError) as exc:
            return fail(str(exc))
        check = check_restorable(Path(source))
        if not check.ok:
            return fail("; ".join(check.problems))
        if not args.yes:
            answer = input(_("Replace {db} with {backup} ({rows} rows)? The current file is backed up first. [y/N] ").format(
                db=db_path, backup=Path(source).name, rows=sum(check.row_counts.values())))
            if answer.strip().lower() not in ("y", "yes", "是"):
                print(_("Nothing was changed."))
                return 1
        try:
            result = restore_backup(db_path, Path(source))
        except BackupError as exc:
            return fail(str(exc))
        db = open_database(db_path, create=False)  # migrates an older backup (backed up first)
        try:
            from models.safety.audit import record

            with db.write() as s:
                record(s, "restore", summary=f"from {Path(source).name}")
        finally:
            db.dispose()
    finally:
        lock.release()
    for note in result.notes:
        print(_("Note: {note}").format(note=note), file=sys.stderr)
    print(_("Restored {db} from {backup}; the previous file is kept as {safety}.").format(
        db=db_path, backup=Path(source).name, safety=result.safety_copy or "-"))
    return 0


def _restore_server(args: argparse.Namespace, source: Path) -> int:
    """restore on a server: log in there as an administrator, verify the dump (a scratch restore),
    confirm, dump the current state, pg_restore; reopen (migrating an older dump) and record it."""
    from models.core.db import DatabaseOpenError, open_database
    from models.core.errors import LinliError
    from models.safety.backup import BackupError, record_restore
    from models.safety.security import require
    from models.safety.server_backup import check_server_dump, restore_server_backup, server_of

    given = credentials(args)  # replacing the database: always an account
    try:
        db = open_db(args.db)
    except DatabaseOpenError as exc:
        return fail(str(exc))
    try:
        act_as_account(db, *given)
        require("restore")
        server = server_of(db)
        check = check_server_dump(server, source)
        if not check.ok:
            return fail("; ".join(check.problems))
        if not args.yes:
            answer = input(_("Replace {db} with {backup} ({rows} rows)? The current database is dumped first. "
                             "[y/N] ").format(db=server.shown(), backup=source.name, rows=sum(check.row_counts.values())))
            if answer.strip().lower() not in ("y", "yes", "是"):
                print(_("Nothing was changed."))
                return 1
        result = restore_server_backup(db, source, server=server, checked=check)
    except (BackupError, LinliError) as exc:
        return fail(str(exc))
    finally:
        db.dispose()
    try:
        restored = open_database(args.db, create=False, password=server.password)  # migrates an older dump
    except DatabaseOpenError as exc:
        return fail(str(exc))
    try:
        record_restore(restored, source)
    finally:
        restored.dispose()
    for note in result.notes:
        print(_("Note: {note}").format(note=note), file=sys.stderr)
    print(_("Restored {db} from {backup}; the previous state is kept as {safety}.").format(
        db=server.shown(), backup=source.name, safety=result.safety_copy or "-"))
    return 0


def _log_in_for_restore(db_path: Path, backup: Path, user: str, password: str) -> None:
    # A read-only login keeps its audit entries in memory with a warning each; here
    # they would only add lines to a one-line refusal.
    quiet = logging.getLogger("models.safety.audit")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        _log_in_for_restore_from(db_path, backup, user, password)
    finally:
        quiet.setLevel(level)


def _log_in_for_restore_from(db_path: Path, backup: Path, user: str, password: str) -> None:
    """Log in for a restore: in the database being replaced when its accounts can be read;
    when it is missing, too damaged, or has no account yet (a new PC), in the backup
    itself (opened read-only, nothing written to it).

    A database that opens normally is where failed logins count and the
    lockout holds. Without one there is nothing left to protect but the
    backup, and whoever can write to the folder can put any file there
    anyway (docs/security.md).
    """
    from models.core.db import open_database
    from models.safety.backup import BackupError
    from models.safety.startup import open_read_only

    def has_accounts(db) -> bool:  # type: ignore[no-untyped-def]
        from sqlalchemy.exc import DBAPIError

        from models.safety.accounts import has_accounts as any_account

        try:
            with db.session() as s:
                return any_account(s)
        except DBAPIError:
            return False

    def try_open(opener):  # type: ignore[no-untyped-def]
        try:
            return opener()
        except Exception:  # noqa: BLE001 — missing, damaged, not SQLite: try the next place
            return None

    candidates = []
    if db_path.exists():
        candidates = [lambda: open_database(db_path, create=False), lambda: open_read_only(db_path)]
    for opener in candidates:
        db = try_open(opener)
        if db is None:
            continue
        try:
            if has_accounts(db):
                act_as_account(db, user, password)
                return
        finally:
            db.dispose()
    source = try_open(lambda: open_read_only(backup))
    if source is None:
        raise BackupError(_("Cannot read the accounts in {backup}.").format(backup=backup.name))
    try:
        act_as_account(source, user, password)
    finally:
        source.dispose()
