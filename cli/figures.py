"""``report``: the work report in figures (工作数据报告) for a period, as .pdf or .xlsx.

Counts and sums only — nobody's name — so no account is needed (like the
activities' statistics): the file is recorded as a publication in the audit
trail. ``--user`` may still be given, to act as that account.
"""

from __future__ import annotations

import argparse

from cli.common import (
    Output,
    add_db,
    add_out,
    add_user,
    fail,
    missing_warning,
    out_format,
    run_output,
    write_out,
)
from i18n import _, ngettext


def register(sub) -> None:  # type: ignore[no-untyped-def]
    report = sub.add_parser("report", help="the work report in figures for a period, as .pdf or .xlsx (counts only)")
    report.add_argument("--period", required=True, metavar="PERIOD",
                        help="2025 | 2025H1 | 2025Q3 | 2025-07 | 2025-01-01..2025-06-30")
    add_db(report)
    add_out(report, pdf_only=False)
    add_user(report)
    report.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from models.core.errors import ValidationFailed
    from models.core.settings import load_centre_info
    from models.figures import WORK_REPORT, parse_period, work_report
    from reports.figures import work_report_file

    suffix = out_format(args.out)
    try:
        period = parse_period(args.period)
    except ValidationFailed as exc:
        return fail(str(exc))

    def build(db) -> Output:  # type: ignore[no-untyped-def]
        with db.session() as s:
            report = work_report(s, period)
            centre = load_centre_info(s)
        data, missing, pages = work_report_file(report, centre, suffix)
        size = " " + ngettext("({n} page)", "({n} pages)", pages).format(n=pages) if pages else ""
        message = _("{path}: the work report in figures, {period}.").format(path=args.out, period=period.label())
        return Output(message + size, write=lambda: write_out(args.out, data), warnings=missing_warning(missing))

    return run_output(args, build, what=WORK_REPORT)  # counts only: a publication, no account needed
