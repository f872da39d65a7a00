"""Day care printouts: the attendance sheet (签到表) and the monthly statistics (PDF, .xlsx).

Plain data in (the dataclasses :mod:`models.daycare` hands over), bytes out.
Never opens a Session, never imports Qt. These are internal papers (the
sign-in sheet on the desk, the report for the sub-district), not public
notices: names are printed in full, and no health notes appear at all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from i18n import _, format_date, format_number, format_time
from models.daycare import CARE_LEVEL_LABELS, WEEKDAY_LABELS, MonthStats, SheetDay
from reports.export import safe_sheet_row
from reports.pdf import Body, DataTable, DocumentInfo, Heading, NewPage, PdfResult, Title, build_pdf
from reports.signoff import SignOff, signed, signoff_rows


def _weekday(day: dt.date) -> str:
    return _(WEEKDAY_LABELS[day.isoweekday()])


def _care(level: str) -> str:
    return _(CARE_LEVEL_LABELS[level]) if level in CARE_LEVEL_LABELS else level


def sheet_title() -> str:
    return _("Day care attendance sheet")


def attendance_sheet_pdf(days: Sequence[SheetDay], info: DocumentInfo) -> PdfResult:
    """One page (or more) per day: the expected elders with blank columns to fill by hand.

    Times already stored (the PC went down mid-morning) are printed in their
    cells, so the paper continues where the screen stopped. A public holiday
    says so beside its date. The days are the caller's: a week's sheet passes
    only the centre's service days (``attendance_sheet(..., service_days_only=True)``);
    with none at all, one page says that no elder is expected.
    """
    blocks: list = []
    header = [
        _("No."),
        _("Name"),
        _("Care level"),
        _("Arrival"),
        _("Signature"),
        _("Departure"),
        _("Collected by"),
        _("Signature"),
    ]
    for i, day in enumerate(days):
        if i:
            blocks.append(NewPage())
        blocks.append(Title(sheet_title()))
        line = _("Date: {date} ({weekday})    Expected: {n}").format(
            date=format_date(day.day), weekday=_weekday(day.day), n=len(day.lines)
        )
        if day.holiday:
            line += "    " + _("Public holiday")
        blocks.append(Body(line))
        rows = []
        for n, line in enumerate(day.lines, start=1):
            rows.append(
                [
                    n,
                    line.name,
                    _care(line.care_level),
                    format_time(line.check_in) if line.check_in else "",
                    "",
                    format_time(line.check_out) if line.check_out else "",
                    line.collected_by,
                    "",
                ]
            )
        for n in range(len(rows) + 1, len(rows) + 4):  # blank lines for walk-ins
            rows.append([n, "", "", "", "", "", "", ""])
        blocks.append(
            DataTable(header, rows, col_widths=[0.6, 2, 1.6, 1.1, 2, 1.1, 2, 2], align=["center"] + ["left"] * 7)
        )
        blocks.append(Body(_("Clerk: ____________    Checked by: ____________"), align="right"))
    if not days:
        blocks = [Title(sheet_title()), Body(_("No elder is expected on any of these days."))]
    info.title = info.title or sheet_title()
    return build_pdf(blocks, info, landscape=True)


def stats_title(stats: MonthStats) -> str:
    return _("Day care attendance, {year}-{month:02d}").format(year=stats.year, month=stats.month)


def monthly_pdf(stats: MonthStats, info: DocumentInfo, *, prepared_by: str = "") -> PdfResult:
    """The month's report: summary, days attended per elder, person-times per day, and the
    sign-off (制表人 ``prepared_by`` or a line, 审核人, the print date, the seal)."""
    info.title = info.title or stats_title(stats)
    blocks: list = [
        Title(stats_title(stats)),
        Body(
            _(
                "Elders who attended: {elders}    Person-times: {total}    "
                "Open days: {days}    Average daily attendance: {average}"
            ).format(
                elders=len(stats.per_elder),
                total=stats.total,
                days=stats.open_days,
                average=format_number(stats.average, 1),
            )
        ),
        Heading(_("Days attended per elder")),
        DataTable(
            [_("No."), _("Name"), _("Care level"), _("Days attended")],
            [[i, e.name, _care(e.care_level), e.days] for i, e in enumerate(stats.per_elder, start=1)]
            + [["", _("Total"), "", stats.total]],
            col_widths=[0.6, 3, 2, 1.4],
            align=["center", "left", "left", "right"],
        ),
        Heading(_("Person-times per day")),
        DataTable(
            [_("Date"), _("Weekday"), _("Person-times")],
            [[format_date(d), _weekday(d), n] for d, n in sorted(stats.per_day.items())]
            + [[_("Total"), "", stats.total]],
            col_widths=[2, 1, 1.4],
            align=["left", "center", "right"],
        ),
    ]
    return build_pdf(signed(blocks, SignOff(prepared_by, info.print_date)), info)


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")


def _header(ws, titles: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
    safe_sheet_row(ws, list(titles))
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "A2"


def monthly_xlsx(stats: MonthStats, centre_name: str = "", *, prepared_by: str = "",
                 today: dt.date | None = None) -> bytes:
    """The month as a workbook: per elder (with a day-by-day grid), per day, summary.

    Totals are numbers (not formulas) so that any reader sees them. Each sheet
    ends with the sign-off lines (制表人 ``prepared_by``, 审核人, 日期 ``today``).
    """
    signoff = SignOff(prepared_by, today or dt.date.today())
    wb = Workbook()
    days = stats.days_in_month
    ws = wb.active
    ws.title = _("Per elder")
    _header(ws, [_("No."), _("Name"), _("Care level"), _("Days attended"), *[str(d.day) for d in days]])
    ws.freeze_panes = "E2"
    for i, e in enumerate(stats.per_elder, start=1):
        attended = stats.grid.get(e.enrolment_id, set())
        safe_sheet_row(ws, [i, e.name, _care(e.care_level), e.days, *["✓" if d in attended else "" for d in days]])
    safe_sheet_row(ws, ["", _("Total"), "", stats.total, *[stats.per_day.get(d, 0) for d in days]])
    for cell in ws[ws.max_row]:
        cell.font = _HEADER_FONT
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 12
    for col in range(5, 5 + len(days)):
        ws.column_dimensions[get_column_letter(col)].width = 4

    wd = wb.create_sheet(_("Per day"))
    _header(wd, [_("Date"), _("Weekday"), _("Person-times")])
    for d in days:
        safe_sheet_row(wd, [d, _weekday(d), stats.per_day.get(d, 0)])
        wd.cell(row=wd.max_row, column=1).number_format = "yyyy-mm-dd"
    safe_sheet_row(wd, [_("Total"), "", stats.total])
    wd.column_dimensions["A"].width = 14

    summary = wb.create_sheet(_("Summary"))
    _header(summary, [_("Item"), _("Value")])
    for label, value in (
        (_("Centre"), centre_name),
        (_("Month"), f"{stats.year}-{stats.month:02d}"),
        (_("Elders who attended"), len(stats.per_elder)),
        (_("Person-times"), stats.total),
        (_("Open days"), stats.open_days),
        (_("Average daily attendance"), round(stats.average, 2)),
    ):
        safe_sheet_row(summary, [label, value])
    for sheet in (ws, wd, summary):
        signoff_rows(sheet, signoff, column=2 if sheet is ws else 1)
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 30
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["attendance_sheet_pdf", "monthly_pdf", "monthly_xlsx", "sheet_title", "stats_title"]
