"""Activity paper: the bulletin-board notice, the sign-up sheet (签到表), the
monthly statistics (PDF and .xlsx).

Plain data in (``models.activities`` dataclasses), bytes out; no Session, no Qt.
The notice is laid out by the notice composer; its free fields (title,
description, place, organiser, contact) are the clerk's, so it is kept only
through the privacy guard (``models.notices.record_notice``). The sign-up sheet's public copy masks
names and phones; the desk copy (kept at the desk, never pinned up) shows them
in full and says so in its title.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from i18n import _, format_date, format_number, format_time
from models.activities import (
    BOOKING_LABELS,
    CATEGORY_LABELS,
    ActivityRow,
    MonthlyStatistics,
    SheetLine,
)
from models.core.files import atomic_path
from models.core.settings import CentreInfo
from models.residents.names import mask_name, mask_phone
from reports.pdf import Body, DataTable, DocumentInfo, PdfResult, Title, build_pdf
from reports.signoff import SignOff, signed, signoff_rows

#: Blank rows under the booked names, for walk-ins on the day.
BLANK_ROWS = 8


def _when(row: ActivityRow) -> str:
    return _("{date}, {start}–{end}").format(
        date=format_date(row.starts_at.date(), "full"), start=format_time(row.starts_at), end=format_time(row.ends_at))


def activity_notice_pdf(row: ActivityRow, centre: CentreInfo, *, issuer: str = "") -> PdfResult:
    """The notice for the bulletin board, laid out by the notice composer.

    Layout only: the privacy guard runs when the result is kept —
    ``models.notices.record_notice(session, result.values, result.pdf)``, as
    ``main.py activities notice`` does (through ``cli.notices.keep_notice``) and the
    activities tab does (it opens the composer). Never write the PDF without it.
    """
    from reports.notices import activity, compose

    return compose(activity.fill(row, centre, dt.date.today(), issuer=issuer), centre,
                   header_title=_("Activity notice"))


def signup_sheet_pdf(row: ActivityRow, lines: list[SheetLine], centre: CentreInfo, *, public: bool = True) -> PdfResult:
    """The sign-up sheet: booked names (masked on the public copy) and blank rows."""
    title = _("Sign-up sheet") if public else _("Sign-up sheet — desk copy (full names, do not post)")
    table_rows = []
    for i, line in enumerate(lines, start=1):
        name = mask_name(line.name) if public else line.name
        phone = mask_phone(line.phone) if public else line.phone
        status = _(BOOKING_LABELS.get(line.status, line.status))
        table_rows.append([str(i), name, phone, str(line.seats), status, ""])
    for k in range(BLANK_ROWS):
        table_rows.append([str(len(lines) + k + 1), "", "", "", "", ""])
    blocks = [
        Title(title),
        Body(f"{row.title}\n{_when(row)}    {row.room}"),
        DataTable([_("No."), _("Name"), _("Phone"), _("Seats"), _("Booking"), _("Signature")], table_rows,
                  col_widths=[0.6, 2, 2, 0.8, 1.4, 2], align=["center", "left", "left", "center", "center", "left"]),
    ]
    info = DocumentInfo(centre_name=centre.name, title=title, address=centre.address, phone=centre.phone,
                        issuer=centre.name)
    return build_pdf(blocks, info)


def _rate(value: float | None) -> str:
    return "—" if value is None else format_number(value * 100, 1) + "%"


def monthly_statistics_pdf(stats: MonthlyStatistics, centre: CentreInfo, *, prepared_by: str = "",
                           today: dt.date | None = None) -> PdfResult:
    """The month's activities by category, ending with the sign-off (制表人 ``prepared_by``
    or a line, 审核人, the print date ``today``, the seal: :mod:`reports.signoff`)."""
    today = today or dt.date.today()
    title = _("Activities in {year}-{month:02d}").format(year=stats.year, month=stats.month)
    rows = [[_(CATEGORY_LABELS.get(c.category, c.category)), str(c.held), str(c.attended), str(c.booked), _rate(c.rate)]
            for c in stats.by_category]
    rows.append([_("Total"), str(stats.held), str(stats.attended), str(stats.booked), _rate(stats.rate)])
    blocks = [
        Title(title),
        Body(_("Activities held: {held}. Participant person-times: {times}. Attendance rate: {rate}. Cancelled: {cancelled}.").format(
            held=stats.held, times=stats.attended, rate=_rate(stats.rate), cancelled=stats.cancelled)),
        DataTable([_("Category"), _("Held"), _("Person-times"), _("Seats booked"), _("Attendance rate")], rows,
                  col_widths=[3, 1, 1.4, 1.4, 1.6], align=["left", "right", "right", "right", "right"]),
        Body(_("Person-times count the seats of attended bookings; the attendance rate is attended seats over "
               "attended and no-show seats.")),
    ]
    info = DocumentInfo(centre_name=centre.name, title=title, address=centre.address, phone=centre.phone,
                        issuer=centre.name, print_date=today)
    return build_pdf(signed(blocks, SignOff(prepared_by, today)), info)


def monthly_statistics_xlsx(stats: MonthlyStatistics, path: Path, *, prepared_by: str = "",
                            today: dt.date | None = None) -> Path:
    """The same figures as an Excel sheet: header row, frozen panes, numbers as numbers,
    and the sign-off lines below (制表人 ``prepared_by``, 审核人, 日期 ``today``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from reports.export import safe_sheet_row

    wb = Workbook()
    ws = wb.active
    ws.title = f"{stats.year}-{stats.month:02d}"
    safe_sheet_row(ws, [_("Category"), _("Held"), _("Person-times"), _("Seats booked"), _("Attendance rate")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for c in [*stats.by_category, None]:
        if c is None:
            safe_sheet_row(ws, [_("Total"), stats.held, stats.attended, stats.booked, stats.rate])
        else:
            safe_sheet_row(ws, [_(CATEGORY_LABELS.get(c.category, c.category)), c.held, c.attended, c.booked, c.rate])
        ws.cell(ws.max_row, 5).number_format = "0.0%"
    signoff_rows(ws, SignOff(prepared_by, today or dt.date.today()))
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 24
    for col in "BCDE":
        ws.column_dimensions[col].width = 16
    with atomic_path(path) as tmp:  # whole or not at all
        wb.save(tmp)
    return path
