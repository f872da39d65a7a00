"""``activities``: the bulletin-board notice, the sign-up sheet (签到表) and the monthly statistics."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import (
    Output,
    Parser,
    add_db,
    add_month,
    add_out,
    add_user,
    missing_warning,
    month,
    out_format,
    run_output,
    write_out,
)
from cli.notices import kept, notice_output
from i18n import _


def register(sub) -> None:  # type: ignore[no-untyped-def]
    acts = sub.add_parser("activities", help="activities: notice, sign-up sheet, monthly statistics")
    acts_sub = acts.add_subparsers(dest="activities_command", metavar="ACTION", parser_class=Parser, required=True)
    notice = acts_sub.add_parser("notice", help="the activity notice for the bulletin board (PDF, no personal data)")
    _add_activity(notice)
    add_db(notice)
    add_out(notice)
    notice.set_defaults(func=cmd_activities_notice)
    sheet = acts_sub.add_parser("signup-sheet", aliases=["roster"],
                                help="the sign-up sheet (签到表) PDF: masked names, or --desk-copy for full names")
    _add_activity(sheet)
    add_db(sheet)
    add_out(sheet)
    sheet.add_argument("--desk-copy", action="store_true", help="full names and phones (internal, not for posting)")
    add_user(sheet)
    sheet.set_defaults(func=cmd_activities_sheet)
    stats = acts_sub.add_parser("stats", help="monthly statistics as .pdf or .xlsx")
    add_month(stats)
    add_db(stats)
    add_out(stats, pdf_only=False)
    stats.set_defaults(func=cmd_activities_stats)


def _add_activity(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--activity", "--id", dest="activity", type=int, required=True, metavar="ID",
                        help="the activity's number")


def _activities_centre(session):  # type: ignore[no-untyped-def]
    from models.core.settings import load_centre_info

    centre = load_centre_info(session)
    centre.name = centre.name or _("Linli")
    return centre


def _written(path: str, result) -> str:  # type: ignore[no-untyped-def]
    return _("Written {path} ({pages} pages).").format(path=path, pages=result.pages)


def cmd_activities_notice(args: argparse.Namespace) -> int:
    from models.activities import activity_row
    from reports.activities import activity_notice_pdf

    def build(db) -> Output:  # type: ignore[no-untyped-def]  # through the notice composer's guard and history
        with db.session() as s:
            result = activity_notice_pdf(activity_row(s, args.activity), _activities_centre(s))
        return notice_output(args.out, result, kept(_written(args.out, result)))

    return run_output(args, build)


def cmd_activities_sheet(args: argparse.Namespace) -> int:
    from models.activities import activity_row, signup_sheet_lines
    from models.safety.export import SIGNUP_DESK_COPY, SIGNUP_PUBLIC
    from reports.activities import signup_sheet_pdf

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as s:
            lines = signup_sheet_lines(s, args.activity)
            result = signup_sheet_pdf(activity_row(s, args.activity), lines, _activities_centre(s),
                                      public=not args.desk_copy)
        return Output(_written(args.out, result), write=lambda: write_out(args.out, result.pdf), people=len(lines),
                      warnings=missing_warning(result.missing))

    # The desk copy has full names and phones (an account with export.personal); the public copy is masked.
    return run_output(args, build, what=SIGNUP_DESK_COPY if args.desk_copy else SIGNUP_PUBLIC,
                      personal=args.desk_copy)


def cmd_activities_stats(args: argparse.Namespace) -> int:
    from models.activities import monthly_statistics
    from models.safety.export import ACTIVITY_STATS
    from reports.activities import monthly_statistics_pdf, monthly_statistics_xlsx

    year, mon = month(args.month)
    suffix = out_format(args.out)

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        from models.safety.accounts import current_clerk_name

        with db.session() as s:
            stats = monthly_statistics(s, year, mon)
            clerk = current_clerk_name(s)  # the sign-off's 制表人 ("" without --user: a line to sign)
            if suffix == "xlsx":
                return Output(_("Written {path}.").format(path=args.out),
                              write=lambda: monthly_statistics_xlsx(stats, Path(args.out), prepared_by=clerk))
            result = monthly_statistics_pdf(stats, _activities_centre(s), prepared_by=clerk)
        return Output(_written(args.out, result), write=lambda: write_out(args.out, result.pdf),
                      warnings=missing_warning(result.missing))

    return run_output(args, build, what=ACTIVITY_STATS)  # counts only: a publication, no account needed
