"""``daycare``: the month's attendance statistics and the attendance sheet (签到表)."""

from __future__ import annotations

import argparse

from cli.common import (
    Output,
    Parser,
    add_db,
    add_month,
    add_out,
    add_user,
    fail,
    missing_warning,
    month,
    out_format,
    run_output,
    write_out,
)
from i18n import _, ngettext


def register(sub) -> None:  # type: ignore[no-untyped-def]
    daycare = sub.add_parser("daycare", help="day care: monthly attendance statistics, attendance sheets")
    daycare_sub = daycare.add_subparsers(dest="daycare_command", metavar="ACTION", parser_class=Parser, required=True)
    attendance = daycare_sub.add_parser("attendance", help="monthly attendance statistics as .pdf or .xlsx")
    add_month(attendance)
    add_db(attendance)
    add_out(attendance, pdf_only=False)
    add_user(attendance)
    attendance.set_defaults(func=cmd_daycare_attendance)
    sheet = daycare_sub.add_parser("sheet", help="the attendance sheet (签到表) PDF for a day or a week")
    when = sheet.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", metavar="YYYY-MM-DD", help="one day")
    when.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W47")
    add_db(sheet)
    add_out(sheet)
    add_user(sheet)
    sheet.set_defaults(func=cmd_daycare_sheet)


def _daycare_info(db, title: str):  # type: ignore[no-untyped-def]
    from models.core.settings import load_centre_info
    from reports.pdf import DocumentInfo

    with db.session() as session:
        centre = load_centre_info(session)
    return DocumentInfo(centre_name=centre.name or _("Linli"), title=title, address=centre.address, phone=centre.phone)


def cmd_daycare_attendance(args: argparse.Namespace) -> int:
    from models.core.settings import load_centre_info
    from models.daycare import month_stats
    from models.safety.export import ATTENDANCE_STATS
    from reports.daycare import monthly_pdf, monthly_xlsx, stats_title

    suffix = out_format(args.out)
    year, mon = month(args.month)

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        from models.safety.accounts import current_clerk_name

        with db.session() as session:
            stats = month_stats(session, year, mon, with_grid=suffix == "xlsx")
            centre = load_centre_info(session)
            clerk = current_clerk_name(session)  # the sign-off's 制表人: the --user account's full name
        missing: list[str] = []
        if suffix == "xlsx":
            data = monthly_xlsx(stats, centre.name, prepared_by=clerk)
        else:
            result = monthly_pdf(stats, _daycare_info(db, stats_title(stats)), prepared_by=clerk)
            data, missing = result.pdf, result.missing
        message = _("{path}: {month}, {elders} elders, {total} person-times.").format(
            path=args.out, month=args.month, elders=len(stats.per_elder), total=stats.total)
        return Output(message, write=lambda: write_out(args.out, data), people=len(stats.per_elder),
                      warnings=missing_warning(missing))

    return run_output(args, build, what=ATTENDANCE_STATS, personal=True)  # names of the elders


def cmd_daycare_sheet(args: argparse.Namespace) -> int:
    import datetime as dt

    from models.daycare import attendance_sheet, week_days
    from models.safety.export import ATTENDANCE_SHEET
    from reports.daycare import attendance_sheet_pdf, sheet_title

    try:
        if args.week:
            days = week_days(args.week)
        else:
            days = [dt.date.fromisoformat(args.date)]
    except ValueError as exc:
        message = str(exc) if args.week else _("Not a date: {text} (write it as 2026-11-22).").format(text=args.date)
        return fail(message)

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as session:
            sheet = attendance_sheet(session, days, service_days_only=bool(args.week))  # the centre's service days
        result = attendance_sheet_pdf(sheet, _daycare_info(db, sheet_title()))
        message = _("{path}: attendance sheet, {days}, {pages}.").format(
            path=args.out,
            days=ngettext("{n} day", "{n} days", len(sheet)).format(n=len(sheet)),
            pages=ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages),
        )
        return Output(message, write=lambda: write_out(args.out, result.pdf),
                      people=len({line.enrolment_id for day in sheet for line in day.lines}),
                      warnings=missing_warning(result.missing))

    return run_output(args, build, what=ATTENDANCE_SHEET, personal=True)  # full names
