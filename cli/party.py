"""``party``: the quarter's dues disclosure (党费收缴公示), the dues statistics to sign, the internal
roster, the roster import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import i18n
from cli.common import (
    Output,
    Parser,
    act_as_account,
    add_db,
    add_out,
    add_user,
    credentials,
    fail,
    import_progress,
    missing_warning,
    open_db,
    out_format,
    run_output,
    write_out,
)
from cli.notices import notice_output
from i18n import _, ngettext


def register(sub) -> None:  # type: ignore[no-untyped-def]
    party = sub.add_parser("party", help="Party roster: dues disclosure, roster PDF/.xlsx, roster import")
    party_sub = party.add_subparsers(dest="party_command", metavar="ACTION", parser_class=Parser, required=True)
    disc = party_sub.add_parser("dues-disclosure", help="the quarter's dues disclosure (党费收缴公示), names masked")
    disc.add_argument("--quarter", required=True, metavar="YYYYQn", help="e.g. 2026Q4")
    add_db(disc)
    add_out(disc)
    disc.add_argument("--from", dest="post_from", metavar="YYYY-MM-DD", help="first day posted (default today)")
    disc.add_argument("--to", dest="post_to", metavar="YYYY-MM-DD", help="last day posted (default: 5 working days)")
    disc.set_defaults(func=cmd_party_dues_disclosure)
    stats = party_sub.add_parser("dues-stats", help="a month's or a year's dues by branch, to sign (.pdf or .xlsx)")
    period = stats.add_mutually_exclusive_group(required=True)
    period.add_argument("--month", metavar="YYYY-MM", help="the month, e.g. 2026-11")
    period.add_argument("--year", metavar="YYYY", help="the year, e.g. 2026 (a year not yet over: up to this month)")
    add_db(stats)
    add_out(stats, pdf_only=False)
    add_user(stats)
    stats.set_defaults(func=cmd_party_dues_stats)
    roster = party_sub.add_parser("roster", help="the internal roster by branch as .pdf or .xlsx")
    add_db(roster)
    add_out(roster, pdf_only=False)
    add_user(roster)
    roster.set_defaults(func=cmd_party_roster)
    imp = party_sub.add_parser("import", help="import members from .xlsx (all or nothing)")
    imp.add_argument("file", metavar="FILE.xlsx", help="the workbook (header in row 1)")
    add_db(imp)
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    add_user(imp)
    imp.set_defaults(func=cmd_party_import)


def _party_date(text: str | None, default):  # type: ignore[no-untyped-def]
    from i18n import parse_date

    return parse_date(text) if text else default


def cmd_party_dues_disclosure(args: argparse.Namespace) -> int:
    import datetime as dt

    from models.core.settings import load_centre_info
    from models.party.dues import disclosure_data, parse_quarter
    from reports.party import dues_disclosure_pdf

    try:
        year, quarter = parse_quarter(args.quarter)
        post_from = _party_date(args.post_from, dt.date.today())
        post_to = _party_date(args.post_to, None)
    except ValueError as exc:
        return fail(str(exc))

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as s:
            data = disclosure_data(s, year, quarter, post_from=post_from, post_to=post_to)
            centre = load_centre_info(s)
        result = dues_disclosure_pdf(data, centre)
        return notice_output(args.out, result, _("Dues disclosure {year}Q{quarter} written to {path}: {rows} members, {total}.").format(
            year=year, quarter=quarter, path=args.out, rows=len(data.rows), total=i18n.format_money(data.total_fen)))

    return run_output(args, build)  # the notice composer's guard and history


def cmd_party_dues_stats(args: argparse.Namespace) -> int:
    from models.core.settings import load_centre_info
    from models.party.dues import DUES_STATISTICS, dues_statistics, parse_statistics_period
    from reports.party import dues_period_label, dues_statistics_pdf, dues_statistics_xlsx

    fmt = out_format(args.out)
    try:
        year, mon = parse_statistics_period(args.month, args.year)
    except ValueError as exc:
        return fail(str(exc))

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        from models.safety.accounts import current_clerk_name

        with db.session() as s:
            stats = dues_statistics(s, year, mon)
            centre = load_centre_info(s)
            clerk = current_clerk_name(s)  # the sign-off's 制表人 ("" without --user: a line to sign)
        message = ngettext(
            "{path}: Party dues {period}, {branches} branch, collected {collected}, arrears {arrears}.",
            "{path}: Party dues {period}, {branches} branches, collected {collected}, arrears {arrears}.",
            len(stats.branches)).format(
            path=args.out, period=dues_period_label(stats), branches=len(stats.branches),
            collected=i18n.format_money(stats.total.collected_fen), arrears=i18n.format_money(stats.total.arrears_fen))
        if fmt == "xlsx":
            return Output(message, write=lambda: dues_statistics_xlsx(stats, args.out, prepared_by=clerk))
        result = dues_statistics_pdf(stats, centre, prepared_by=clerk)
        return Output(message, write=lambda: write_out(args.out, result.pdf), warnings=missing_warning(result.missing))

    return run_output(args, build, what=DUES_STATISTICS)  # counts and amounts by branch: no names, no account needed


def cmd_party_roster(args: argparse.Namespace) -> int:
    from models.core.settings import load_centre_info
    from models.party.roster import ROSTER_COLUMNS, roster_rows
    from models.safety.export import ROSTER
    from reports.party import roster_pdf, roster_xlsx

    out = Path(args.out)
    fmt = out_format(args.out)

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as s:
            rows = roster_rows(s)
            centre = load_centre_info(s)
        message = _("Roster written to {path}: {count} members.").format(path=out, count=len(rows))
        if fmt == "xlsx":
            return Output(message, write=lambda: roster_xlsx(rows, out, ROSTER_COLUMNS), people=len(rows))
        result = roster_pdf(rows, centre)
        return Output(message, write=lambda: write_out(out, result.pdf), people=len(rows),
                      warnings=missing_warning(result.missing))

    return run_output(args, build, what=ROSTER, personal=True)  # full ID numbers and mobiles


def cmd_party_import(args: argparse.Namespace) -> int:
    from models.core.errors import LinliError
    from models.party.roster import ImportFailed, import_roster

    given = credentials(args)  # Party members' data into the database: always an account
    db = open_db(args.db)
    try:
        act_as_account(db, *given)
        report = import_roster(db, args.file, dry_run=args.dry_run, progress=import_progress())
    except ImportFailed as exc:
        for problem in exc.report.problems:
            print(str(problem), file=sys.stderr)
        return fail(str(exc))
    except LinliError as exc:
        return fail(str(exc))
    finally:
        db.dispose()
    for warning in report.warnings:
        print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
    if args.dry_run:
        print(_("Dry run: {count} members would be imported; nothing was written.").format(count=report.members))
    else:
        print(_("Imported {count} members ({created} new residents).").format(
            count=report.members, created=report.residents_created))
    return 0
