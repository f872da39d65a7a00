"""Grids paper: the internal household sheet of a grid (PDF and .xlsx) and the public grid board (网格公示牌).

Plain data in (:mod:`models.grids.sheet`), bytes out; no Session, no Qt. The
sheet is internal (full names, rooms, care categories, the last visit; never
the visit notes). The board is laid out by the notice composer and kept only
through ``models.notices.publish`` (its privacy guard, the history, the audit
entry): work phones only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from i18n import _, format_date
from models.core.files import atomic_path
from models.core.settings import CentreInfo
from models.grids.sheet import HouseholdSheet
from reports.pdf import Body, DataTable, DocumentInfo, PdfResult, Title, build_pdf


def sheet_title(sheet: HouseholdSheet) -> str:
    return _("Household sheet of {grid}").format(grid=sheet.grid)


def _header() -> list[str]:
    return [_("Address"), _("Member"), _("Care categories"), _("Last visit")]


def _rows(sheet: HouseholdSheet) -> list[list[str]]:
    rows = []
    for h in sheet.households:
        for i, m in enumerate(h.members):
            name = m.name + (_(" (head)") if m.head else "")
            rows.append([h.address if i == 0 else "", name, m.care,
                         format_date(m.last_visit, "short") if m.last_visit else "—"])
    return rows


def sheet_pdf(sheet: HouseholdSheet, centre: CentreInfo) -> PdfResult:
    """The grid's households on A4: one row per member, the address on the household's first row."""
    title = sheet_title(sheet)
    blocks: list = [Title(title),
                    Body(_("Grid worker: {worker}. As of {date}: {households} households, {people} residents. "
                           "Internal: not for the bulletin board.").format(
                        worker=sheet.worker or "—", date=format_date(sheet.on), households=len(sheet.households),
                        people=sheet.people)),
                    DataTable(_header(), _rows(sheet) or [["—", "", "", ""]], col_widths=[3, 2, 2.4, 1.3],
                              align=["left", "left", "left", "center"])]
    info = DocumentInfo(centre_name=centre.name, title=title, address=centre.address, phone=centre.phone,
                        issuer=centre.name)
    return build_pdf(blocks, info)


def sheet_xlsx(sheet: HouseholdSheet, path: Path) -> Path:
    """The same sheet as an Excel workbook: every cell through the formula neutraliser; dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from reports.export import safe_sheet_row

    wb = Workbook()
    ws = wb.active
    ws.title = sheet.grid[:31] or "grid"
    safe_sheet_row(ws, [*_header(), _("Household head")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for h in sheet.households:
        for m in h.members:
            safe_sheet_row(ws, [h.address, m.name, m.care, m.last_visit, _("yes") if m.head else ""])
            if m.last_visit:
                ws.cell(ws.max_row, 4).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDE", (36, 16, 30, 12, 10), strict=True):
        ws.column_dimensions[col].width = width
    with atomic_path(path) as tmp:  # whole or not at all
        wb.save(tmp)
    return path


def board_notice(data, centre: CentreInfo, *, today: dt.date | None = None):  # noqa: ANN001, ANN201
    """The grid board (网格公示牌) laid out by the composer (a ``NoticePdf``); keep it through publish."""
    from reports.notices import compose, grid_board

    return compose(grid_board.fill(data, centre, today or dt.date.today()), centre)
