"""The sub-district's figures per centre: the PDF (A4 landscape) and the .xlsx, from
:class:`models.district.DistrictFigures`.

Plain data in, bytes out; no Session, no Qt. Counts and sums only, no name. Both files say
which centres, which period and when they were made, and list a centre that did not answer
as such (its column stays, marked "did not answer", and it is in no total) — never silently
left out. The .xlsx cells are numbers (money in yuan, rates as fractions shown as %).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from i18n import _, format_date, format_datetime
from models.district import DistrictFigures, DistrictRow
from reports.export import safe_sheet_row
from reports.figures import format_value, not_recorded
from reports.pdf import Body, DataTable, DocumentInfo, PdfResult, Title, build_pdf

#: Centres per table on a landscape page (more are continued in a second table).
CENTRES_PER_TABLE = 7


def district_title(figures: DistrictFigures) -> str:
    return _("The sub-district's centres in figures, {period}").format(period=figures.period.label())


def did_not_answer() -> str:
    return _("did not answer")


def _made(figures: DistrictFigures) -> str:
    return _("Made on {when}.").format(when=format_datetime(figures.made_at))


def _period_line(figures: DistrictFigures) -> str:
    p = figures.period
    return _("Period: {first} to {last}.").format(first=format_date(p.first), last=format_date(p.last))


def _centres_line(figures: DistrictFigures) -> str:
    names = _(", ").join(c.centre.name for c in figures.columns)
    return _("Centres ({n}): {names}.").format(n=len(figures.columns), names=names)


def _failed_lines(figures: DistrictFigures) -> list[str]:
    return [_("Did not answer: {reason}").format(reason=c.error) for c in figures.failed]


def explanation() -> str:
    return _("Counts and sums only: no centre's residents are named. The total adds the centres that "
             "answered; a rate or an average is recomputed from the added counts (never the average of "
             "the centres' rates). \"Not recorded\" means the centre keeps no such data, never zero.")


def _cell(row: DistrictRow, i: int, answered: bool) -> str:
    if not answered:
        return "—"
    return format_value(row.values[i], row.unit)


def district_blocks(figures: DistrictFigures) -> list:
    """The figures as blocks for :func:`reports.pdf.build_pdf` (landscape)."""
    blocks: list = [Title(district_title(figures)),
                    Body(_centres_line(figures) + "\n" + _period_line(figures) + "\n" + _made(figures),
                         align="center")]
    for line in _failed_lines(figures):
        blocks.append(Body(line))
    rows = figures.rows()
    if not rows:
        blocks.append(Body(_("No centre answered: there are no figures to show.")))
        return blocks
    columns = list(figures.columns)
    chunks = [columns[i:i + CENTRES_PER_TABLE] for i in range(0, len(columns), CENTRES_PER_TABLE)]
    start = 0
    for n, chunk in enumerate(chunks):
        last = n == len(chunks) - 1
        header = [_("Section"), _("Figure")] + [
            c.centre.name if c.answered else f"{c.centre.name}\n({did_not_answer()})" for c in chunk]
        if last:
            header.append(_("Sub-district total"))
        body_rows = []
        previous_section = None
        for row in rows:
            cells = [row.section if row.section != previous_section else "", row.label]
            previous_section = row.section
            cells += [_cell(row, start + i, c.answered) for i, c in enumerate(chunk)]
            if last:
                cells.append(format_value(row.total, row.unit) if row.total is not None else "—")
            body_rows.append(cells)
        widths = [1.2, 2.4] + [1.2] * len(chunk) + ([1.3] if last else [])
        blocks.append(DataTable(header, body_rows, col_widths=widths,
                                align=["left", "left"] + ["right"] * (len(header) - 2)))
        start += len(chunk)
    blocks.append(Body(explanation()))
    for centre, note in figures.notes():
        blocks.append(Body(_("{term}: {definition}").format(term=centre, definition=note)))
    return blocks


def district_pdf(figures: DistrictFigures, info: DocumentInfo | None = None) -> PdfResult:
    """The figures' PDF (A4 landscape)."""
    info = info or DocumentInfo(centre_name=_("Sub-district"))
    info.title = info.title or district_title(figures)
    return build_pdf(district_blocks(figures), info, landscape=True)


# --- the .xlsx --------------------------------------------------------------------------

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="E8E8E8")
_FORMATS = {"fen": "#,##0.00", "rate": "0.00%", "hours": "0.0", "average": "0.0", "count": "0"}


def _number(value: object, unit: str) -> object:
    if value is None:
        return not_recorded()
    if unit == "fen":
        return round(int(value) / 100, 2)  # type: ignore[call-overload]
    if unit in ("hours", "average", "rate"):
        return round(float(value), 6)  # type: ignore[arg-type]
    return value


def _row(ws, values: Sequence[object], *, bold: bool = False, fill: bool = False) -> None:  # type: ignore[no-untyped-def]
    safe_sheet_row(ws, list(values))
    for cell in ws[ws.max_row]:
        if bold:
            cell.font = _BOLD
        if fill:
            cell.fill = _FILL


def district_xlsx(figures: DistrictFigures) -> bytes:
    """The same figures as a workbook: one sheet, a row per figure, a column per centre, the total."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Centres")[:31]
    _row(ws, [district_title(figures)], bold=True)
    _row(ws, [_centres_line(figures)])
    _row(ws, [_period_line(figures), figures.period.first, figures.period.last])
    ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
    ws.cell(ws.max_row, 3).number_format = "yyyy-mm-dd"
    _row(ws, [_made(figures)])
    for line in _failed_lines(figures):
        _row(ws, [line])
    _row(ws, [])
    header = [_("Section"), _("Figure")] + [
        c.centre.name if c.answered else f"{c.centre.name} ({did_not_answer()})" for c in figures.columns]
    header.append(_("Sub-district total"))
    _row(ws, header, bold=True, fill=True)
    for row in figures.rows():
        cells: list[object] = [row.section, row.label]
        for i, c in enumerate(figures.columns):
            cells.append(_number(row.values[i], row.unit) if c.answered else did_not_answer())
        cells.append(_number(row.total, row.unit) if row.total is not None else None)
        safe_sheet_row(ws, cells)
        for cell in ws[ws.max_row][2:]:
            if isinstance(cell.value, (int, float)):
                cell.number_format = _FORMATS.get(row.unit, "0")
                cell.alignment = Alignment(horizontal="right")
    _row(ws, [])
    _row(ws, [explanation()])
    for centre, note in figures.notes():
        _row(ws, [centre, note])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 30
    for i in range(len(figures.columns) + 1):
        from openpyxl.utils import get_column_letter

        ws.column_dimensions[get_column_letter(3 + i)].width = 16
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def district_file(figures: DistrictFigures, kind: str) -> tuple[bytes, list[str], int]:
    """``kind`` "pdf" or "xlsx": (bytes, characters no font could print, pages; 0 for .xlsx)."""
    if kind == "xlsx":
        return district_xlsx(figures), [], 0
    result = district_pdf(figures)
    return result.pdf, result.missing, result.pages


__all__ = ["district_blocks", "district_file", "district_pdf", "district_title", "district_xlsx"]
