"""``import residents|elders``: the all-or-nothing import into the registry (elders are
also enrolled in day care), with its per-row report (models.core.importer)."""

from __future__ import annotations

import argparse
import sys

from cli.common import (
    DB_HELP,
    act_as_account,
    add_user,
    credentials,
    fail,
    import_progress,
    open_db,
)
from i18n import _


def register(sub) -> None:  # type: ignore[no-untyped-def]
    imp = sub.add_parser("import", help="import residents or day-care elders from .xlsx/.csv (all or nothing)")
    imp.add_argument("kind", choices=["residents", "elders"], help="what the file lists")
    imp.add_argument("file", metavar="FILE", help="an .xlsx workbook or a .csv file (UTF-8 or GBK)")
    imp.add_argument("--db", metavar="PATH", required=True, help=DB_HELP)
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument("--report", metavar="REPORT.xlsx", help="save the per-row report (row, column, reason)")
    add_user(imp)
    imp.set_defaults(func=cmd_import_people)


def cmd_import_people(args: argparse.Namespace) -> int:
    from models.core.errors import LinliError
    from models.core.importer import ImportFailed, import_people, report_table
    from models.safety.startup import check_before_open
    from reports.export import write_xlsx

    given = credentials(args)  # personal data into the registry: always an account
    db = open_db(args.db)
    lock = None
    report = None
    try:
        if db.path is not None:
            lock = check_before_open(db.path)
        act_as_account(db, *given)
        report = import_people(db, args.file, kind=args.kind, dry_run=args.dry_run, progress=import_progress())
    except ImportFailed as exc:
        report = exc.report
        for problem in exc.report.problems[:20]:
            print(str(problem), file=sys.stderr)
        if len(exc.report.problems) > 20:
            print(_("… and {count} more.").format(count=len(exc.report.problems) - 20), file=sys.stderr)
        return fail(str(exc))
    except LinliError as exc:
        return fail(str(exc))
    finally:
        if lock is not None:
            lock.release()
        db.dispose()
        if args.report and report is not None:
            headers, rows = report_table(report)
            try:
                write_xlsx(args.report, headers, rows, sheet_title=_("Import report"), numeric=[0])
            except OSError as exc:
                print(_("Cannot write {path}: {reason}").format(path=args.report, reason=exc.strerror), file=sys.stderr)
    for warning in report.warnings:
        print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
    if args.dry_run:
        print(_("Dry run: {rows} rows checked, no problems; nothing was written.").format(rows=report.rows))
    else:
        print(_("Imported {rows} rows: {created} new residents, {enrolled} enrolled in day care.").format(
            rows=report.rows, created=report.created, enrolled=report.enrolled))
    return 0
