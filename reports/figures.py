"""The work report in figures (工作数据报告): the PDF and the .xlsx, from :class:`models.figures.WorkReport`.

Plain data in, bytes out; no Session, no Qt. The report holds counts and sums
only — nobody's name — so it is a publication, not a personal-data export.

The PDF follows Linli's notices: the letterhead on every page, the title
centred, the period, a one-page summary of the headline figures with the
change from the same period a year earlier, then one numbered section per job
(its tables, its charts, its definitions), and the centre with the date in the
official style at the end. Charts are ReportLab's own ``reportlab.graphics``
(bar, line, stacked bars): vector drawings in the PDF, no new dependency, and
their labels are set in the font chain's primary TrueType font, so they embed
like the text (no Helvetica anywhere). The month is the category axis; a job
still to come has no chart, only its rows marked "not recorded".

The .xlsx: a summary sheet, one sheet per job, a definitions sheet; counts are
integers, money is yuan as a number (two decimals shown), rates are fractions
shown as percentages — numbers, never text, so they paste into the
sub-district's template.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from i18n import _, current_language, format_date, format_date_official, format_money, format_number
from models.core.settings import CentreInfo
from models.figures import Change, Chart, FigureTable, WorkReport
from reports.export import safe_cell, safe_sheet_row
from reports.pdf import (
    Body,
    Composer,
    DataTable,
    DocumentInfo,
    Heading,
    NewPage,
    PdfResult,
    Title,
    build_pdf,
)

#: Series colours: restrained, tell apart in grey print too.
PALETTE = (colors.HexColor("#B22222"), colors.HexColor("#2F5D8A"), colors.HexColor("#D9A441"),
           colors.HexColor("#6B8E23"), colors.HexColor("#7F7F7F"), colors.HexColor("#8B5A9F"))
CHART_HEIGHT = 62 * mm
_CN_NUMERALS = "一二三四五六七八九十"


def not_recorded() -> str:
    return _("not recorded")


def format_value(value: object, unit: str = "count") -> str:
    """A figure as the report prints it; None is "not recorded"."""
    if value is None:
        return not_recorded()
    if isinstance(value, str):
        return value
    if unit == "fen":
        return format_money(int(value))  # type: ignore[arg-type]
    if unit == "rate":
        return format_number(float(value) * 100, 2) + "%"  # type: ignore[arg-type]
    if unit in ("hours", "average"):
        return format_number(float(value), 1)  # type: ignore[arg-type]
    if unit == "yuan":
        return format_number(float(value), 2)  # type: ignore[arg-type]
    return format_number(int(value))  # type: ignore[arg-type]


def change_text(change: Change | None) -> str:
    """"up 12.50%", "down 3.00%", "unchanged", or "no earlier data"."""
    if change is None:
        return _("no data a year earlier")
    if change.direction == "same":
        return _("unchanged")
    if change.percent is None:
        return _("up from none") if change.direction == "up" else _("down")
    pct = format_number(abs(change.percent), 2) + "%"
    return (_("up {percent}") if change.direction == "up" else _("down {percent}")).format(percent=pct)


def report_title(report: WorkReport) -> str:
    return _("Work report in figures, {period}").format(period=report.period.label())


def _numbered(n: int, title: str) -> str:
    if current_language().startswith("zh") and n <= len(_CN_NUMERALS):
        return f"{_CN_NUMERALS[n - 1]}、{title}"
    return f"{n}. {title}"


def section_notes(section: object) -> list[str]:
    """What a section says beside its figures (requests: "silence is satisfied" while that setting is on)."""
    notes = getattr(section, "notes", None)
    return list(notes()) if callable(notes) else []


def _table_rows(table: FigureTable) -> tuple[list[str], list[list[str]]]:
    rows = [[str(r[0])] + [format_value(v, table.unit(i, n)) for i, v in enumerate(r[1:])]
            for n, r in enumerate(table.rows)]
    if table.total is not None:
        rows.append([str(table.total[0])] + [format_value(v, table.unit(i)) for i, v in enumerate(table.total[1:])])
    return list(table.columns), rows


# --- charts -----------------------------------------------------------------------------


def _nice_max(top: float) -> float:
    if top <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(top))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def chart_drawing(chart: Chart, font: str, width: float, height: float = CHART_HEIGHT) -> Drawing:
    """The chart as a vector drawing: every label in ``font`` (an embedded TrueType font)."""
    drawing = Drawing(width, height)
    # The renderer's initial state would set Times-Roman (not embedded) before any label.
    drawing.initialFontName, drawing.initialFontSize = font, 8
    names = [name for name, _v in chart.series]
    legend_h = 8 * mm if len(names) > 1 else 0.0
    data = [list(values) or [0] for _n, values in chart.series]
    if chart.kind == "line":
        plot = HorizontalLineChart()
        top = max((max(v) for v in data), default=0)
        plot.joinedLines = 1
        for i in range(len(data)):
            plot.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
            plot.lines[i].strokeWidth = 1.5
            plot.lines[i].symbol = makeMarker("FilledCircle", size=3, fillColor=PALETTE[i % len(PALETTE)])
    else:
        plot = VerticalBarChart()
        if chart.kind == "stacked":
            plot.categoryAxis.style = "stacked"
            top = max((sum(col) for col in zip(*data, strict=True)), default=0)
        else:
            top = max((max(v) for v in data), default=0)
        for i in range(len(data)):
            plot.bars[i].fillColor = PALETTE[i % len(PALETTE)]
            plot.bars[i].strokeColor = None
        plot.barSpacing = 1
        plot.groupSpacing = 6
    plot.x, plot.y = 14 * mm, 7 * mm + legend_h
    plot.width, plot.height = width - 18 * mm, height - 12 * mm - legend_h
    plot.data = data
    cats = list(chart.categories) or [""]
    plot.categoryAxis.categoryNames = cats
    plot.categoryAxis.labels.fontName = font
    plot.categoryAxis.labels.fontSize = 7.5
    plot.categoryAxis.labels.boxAnchor = "n"
    plot.categoryAxis.strokeColor = colors.HexColor("#555555")
    if len(cats) > 14:
        plot.categoryAxis.labels.angle = 45
        plot.categoryAxis.labels.boxAnchor = "ne"
    plot.valueAxis.valueMin = 0
    plot.valueAxis.valueMax = _nice_max(float(top))
    plot.valueAxis.valueStep = plot.valueAxis.valueMax / 4
    plot.valueAxis.labels.fontName = font
    plot.valueAxis.labels.fontSize = 7.5
    plot.valueAxis.labelTextFormat = lambda v: format_number(v, 0 if v == int(v) else 1)
    plot.valueAxis.strokeColor = colors.HexColor("#555555")
    plot.valueAxis.visibleGrid = 1
    plot.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    plot.valueAxis.gridStrokeWidth = 0.4
    drawing.add(plot)
    if len(names) > 1:
        legend = Legend()
        legend.fontName = font
        legend.fontSize = 8
        legend.alignment = "right"
        legend.x, legend.y = plot.x, 1 * mm
        legend.boxAnchor = "sw"
        legend.columnMaximum = 1
        legend.dx, legend.dy = 8, 8
        legend.deltax = max(30.0, width / max(len(names), 1) / 1.6)
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(names)]
        drawing.add(legend)
    return drawing


def _chart_block(chart: Chart):  # type: ignore[no-untyped-def]
    def build(c: Composer) -> list[Flowable]:
        for text in (chart.title, *chart.categories, *(name for name, _v in chart.series)):
            c.note(text)
        drawing = chart_drawing(chart, c.chain.primary, c.frame_width)
        return [KeepTogether([c.body(chart.title, align="center"), drawing, Spacer(1, 3 * mm)])]

    return build


# --- the PDF ----------------------------------------------------------------------------


def work_report_blocks(report: WorkReport, centre_name: str) -> list:
    """The report as blocks for :func:`reports.pdf.build_pdf`."""
    p = report.period
    blocks: list = [
        Title(report_title(report)),
        Body(centre_name, align="center"),
        Body(_("Period: {first} to {last}. Compared with {earlier}.").format(
            first=format_date(p.first), last=format_date(p.last), earlier=report.previous_period.label()),
            align="center"),
        Heading(_numbered(1, _("The headline figures"))),
    ]
    rows = []
    earlier = {}
    for now, before in zip(report.sections, report.previous, strict=True):
        earlier.update({f.key: f.value for f in before.headlines()} if before.has_data and now.has_data else {})
    for line in report.headlines():
        if line.figure.value is None:  # a job still to come: one row for all its figures
            if rows and rows[-1][0] == line.section and rows[-1][2] == not_recorded():
                rows[-1][1] += _(", ") + line.figure.label
                continue
            rows.append([line.section, line.figure.label, not_recorded(), "—", "—"])
            continue
        rows.append([line.section, line.figure.label, format_value(line.figure.value, line.figure.unit),
                     format_value(earlier[line.figure.key], line.figure.unit) if line.change is not None else "—",
                     change_text(line.change)])
    blocks.append(DataTable([_("Section"), _("Figure"), _("This period"), _("A year earlier"), _("Change")], rows,
                            col_widths=[1.4, 2.6, 1.4, 1.4, 1.3], align=["left", "left", "right", "right", "right"]))
    blocks.append(Body(_("Figures only: this report names no one. \"Not recorded\" means Linli keeps no such "
                         "data yet (the job has not started), never zero.")))
    for section in report.sections:
        for note in section_notes(section):
            blocks.append(Body(_("{term}: {definition}").format(term=section.title, definition=note)))
    previous_empty = False
    for n, section in enumerate(report.sections, start=2):
        empty = not section.has_data and not section.tables()
        if not (empty and previous_empty):  # the jobs still to come share a page
            blocks.append(NewPage())
        previous_empty = empty
        blocks.append(Heading(_numbered(n, section.title)))
        if empty:
            blocks.append(DataTable([_("Figure"), _("This period")],
                                    [[f.label, not_recorded()] for f in section.headlines()],
                                    col_widths=[3, 1.4], align=["left", "right"]))
            continue
        for note in section_notes(section):
            blocks.append(Body(note))
        for table in section.tables():
            header, trows = _table_rows(table)
            blocks.append(lambda c, t=table.title: [CondPageBreak(40 * mm), c.body(t)])
            blocks.append(DataTable(header, trows, col_widths=[1.8] + [1.0] * (len(header) - 1),
                                    align=["left"] + ["right"] * (len(header) - 1)))
        for chart in section.charts():
            blocks.append(_chart_block(chart))
        notes = section.definitions()
        if notes:
            blocks.append(Body(_("Definitions:") + "\n" + "\n".join(
                _("{term}: {definition}").format(term=term, definition=text) for term, text in notes)))
    blocks.append(lambda c: [Spacer(1, 8 * mm), c.body(centre_name + "\n" + format_date_official(report.made_on),
                                                      align="right")])
    return blocks


def work_report_pdf(report: WorkReport, info: DocumentInfo) -> PdfResult:
    """The report's PDF (A4 portrait)."""
    info.title = info.title or report_title(report)
    return build_pdf(work_report_blocks(report, info.centre_name), info)


# --- the .xlsx --------------------------------------------------------------------------

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="E8E8E8")
_FORMATS = {"fen": "#,##0.00", "yuan": "#,##0.00", "rate": "0.00%", "hours": "0.0", "average": "0.0", "count": "0"}


def _cell_value(value: object, unit: str) -> object:
    if value is None:
        return not_recorded()
    if isinstance(value, str):
        return value
    if unit == "fen":
        return round(int(value) / 100, 2)  # type: ignore[arg-type]
    if unit in ("hours", "average", "rate"):
        return round(float(value), 6)  # type: ignore[arg-type]
    return value


def _sheet_name(title: str, used: set[str]) -> str:
    clean = "".join(ch for ch in title if ch not in '[]:*?/\\')[:31] or "Sheet"
    name, n = clean, 2
    while name in used:
        name = f"{clean[:28]} {n}"
        n += 1
    used.add(name)
    return name


def _write_row(ws, values: Sequence[object], units: Sequence[str] | None = None, *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    safe_sheet_row(ws, list(values))
    for i, cell in enumerate(ws[ws.max_row]):
        if bold:
            cell.font = _BOLD
        if units is not None and i > 0 and isinstance(cell.value, (int, float)):
            cell.number_format = _FORMATS.get(units[i - 1] if i - 1 < len(units) else "count", "0")
            cell.alignment = Alignment(horizontal="right")


def _header(ws, values: Sequence[str]) -> None:  # type: ignore[no-untyped-def]
    _write_row(ws, values, bold=True)
    for cell in ws[ws.max_row]:
        cell.fill = _FILL


def work_report_xlsx(report: WorkReport, centre_name: str = "") -> bytes:
    """The same figures as a workbook: the summary, one sheet per job, the definitions."""
    wb = Workbook()
    used: set[str] = set()
    ws = wb.active
    ws.title = _sheet_name(_("Summary"), used)
    _write_row(ws, [report_title(report)], bold=True)
    _write_row(ws, [centre_name, f"{report.period.first.isoformat()} – {report.period.last.isoformat()}"])
    _header(ws, [_("Section"), _("Figure"), _("This period"), _("A year earlier"), _("Change (%)")])
    earlier = {}
    for now, before in zip(report.sections, report.previous, strict=True):
        earlier.update({f.key: f.value for f in before.headlines()} if before.has_data and now.has_data else {})
    for line in report.headlines():
        f = line.figure
        unit = f.unit
        before = earlier.get(f.key) if line.change is not None else None
        pct = line.change.percent / 100 if line.change is not None and line.change.percent is not None else None
        safe_sheet_row(ws, [line.section, f.label, _cell_value(f.value, unit),
                            _cell_value(before, unit) if before is not None else None, pct])
        row = ws[ws.max_row]
        for cell in (row[2], row[3]):
            if isinstance(cell.value, (int, float)):
                cell.number_format = _FORMATS[unit]
        if pct is not None:
            row[4].number_format = "0.00%"
    for section in report.sections:
        for note in section_notes(section):
            _write_row(ws, [section.title, note])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 34
    for col in "CDE":
        ws.column_dimensions[col].width = 16
    for section in report.sections:
        sheet = wb.create_sheet(_sheet_name(section.title, used))
        tables = section.tables()
        for note in section_notes(section):
            _write_row(sheet, [note])
        if not tables:
            _header(sheet, [_("Figure"), _("This period")])
            for f in section.headlines():
                _write_row(sheet, [f.label, _cell_value(f.value, f.unit)])
        for table in tables:
            _write_row(sheet, [table.title], bold=True)
            _header(sheet, table.columns)
            for n, row in enumerate(table.rows):
                units = [table.unit(i, n) for i in range(len(row) - 1)]
                _write_row(sheet, [safe_cell(row[0])] + [_cell_value(v, u) for v, u in zip(row[1:], units, strict=True)],
                           units)
            if table.total is not None:
                units = [table.unit(i) for i in range(len(table.total) - 1)]
                _write_row(sheet, [table.total[0]] + [_cell_value(v, u) for v, u in zip(table.total[1:], units,
                                                                                         strict=True)],
                           units, bold=True)
            sheet.append([])
        sheet.column_dimensions["A"].width = 26
        for col in "BCDEFGHI":
            sheet.column_dimensions[col].width = 14
    notes = wb.create_sheet(_sheet_name(_("Definitions"), used))
    _header(notes, [_("Section"), _("Figure"), _("Definition")])
    for section in report.sections:
        for term, text in section.definitions():
            _write_row(notes, [section.title, term, text])
        if not section.has_data and not section.tables():
            _write_row(notes, [section.title, "", _("Not recorded: Linli keeps no such data yet.")])
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 24
    notes.column_dimensions["C"].width = 90
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- one file, for the command and the window ---------------------------------------------


def work_report_file(report: WorkReport, centre: CentreInfo, kind: str) -> tuple[bytes, list[str], int]:
    """The report as ``kind`` ("pdf" or "xlsx"): (bytes, characters no font could print, pages; 0 for .xlsx)."""
    name = centre.name or _("Linli")
    if kind == "xlsx":
        return work_report_xlsx(report, name), [], 0
    info = DocumentInfo(centre_name=name, title=report_title(report), address=centre.address, phone=centre.phone)
    result = work_report_pdf(report, info)
    return result.pdf, result.missing, result.pages
