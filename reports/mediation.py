"""Mediation paper: the year's statistics (PDF and .xlsx) — counts only, never a name or a case's content.

Plain data in (:class:`models.mediation.MediationFigures`), bytes out; no Session,
no Qt. Internal (the sign-off block ends it, like every statistics); nothing
of mediation ever reaches a notice: no notice template or source reads it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from i18n import _, format_number
from models.core.files import atomic_path
from models.core.settings import CentreInfo
from models.mediation.figures import DEFINITION, Counts, MediationFigures
from models.mediation.labels import KIND_LABELS, label
from reports.pdf import Body, DataTable, DocumentInfo, Heading, PdfResult, Title, build_pdf
from reports.signoff import SignOff, signed, signoff_rows


def _rate(value: float | None) -> str:
    return "—" if value is None else format_number(value * 100, 1) + "%"


def figures_title(fig: MediationFigures) -> str:
    if (fig.start.month, fig.start.day, fig.end.month, fig.end.day) == (1, 1, 12, 31) and fig.start.year == fig.end.year:
        return _("Mediation of disputes in {year}").format(year=fig.start.year)
    return _("Mediation of disputes, {start} to {end}").format(start=fig.start.isoformat(), end=fig.end.isoformat())


def definitions() -> str:
    return _(DEFINITION)


def summary_lines(fig: MediationFigures) -> list[tuple[str, int | float | None, bool]]:
    """The headline figures as (label, value, is_rate), the PDF's and the sheet's first block."""
    t = fig.total
    return [
        (_("Cases"), t.opened, False),
        (_("Closed"), t.closed, False),
        (_("Resolved with an agreement"), t.resolved, False),
        (_("Partly resolved"), t.partly, False),
        (_("Not resolved"), t.unresolved, False),
        (_("Referred"), t.referred, False),
        (_("Success rate"), t.success_rate, True),
        (_("Open at the end of the period"), fig.open_at_end, False),
    ]


def _header(first: str) -> list[str]:
    return [first, _("Cases"), _("Closed"), _("Resolved"), _("Success rate")]


def _kind_rows(fig: MediationFigures) -> list[tuple[str, Counts]]:
    return [(label(KIND_LABELS, k), c) for k, c in fig.by_kind.items()]


def _month_rows(fig: MediationFigures) -> list[tuple[str, Counts]]:
    return [(f"{y}-{m:02d}", c) for (y, m), c in fig.by_month.items()]


def _cells(c: Counts) -> list[str]:
    return [format_number(c.opened), format_number(c.closed), format_number(c.resolved), _rate(c.success_rate)]


def year_figures_pdf(fig: MediationFigures, centre: CentreInfo, *, prepared_by: str = "",
                     today: dt.date | None = None) -> PdfResult:
    """The figures on A4: the headline, by kind, by month, the definitions and the sign-off."""
    today = today or dt.date.today()
    title = figures_title(fig)
    align = ["left", "right", "right", "right", "right"]
    widths = [2.4, 1, 1, 1, 1.2]
    blocks: list = [
        Title(title),
        Body(_("Internal: counts only.")),
        DataTable([_("Figure"), _("Value")],
                  [[k, _rate(v) if rate else format_number(v)] for k, v, rate in summary_lines(fig)],
                  col_widths=[3, 2], align=["left", "right"]),
        Heading(_("By kind")),
        DataTable(_header(_("Kind")), [[name, *_cells(c)] for name, c in _kind_rows(fig)],
                  col_widths=widths, align=align),
        Heading(_("By month")),
        DataTable(_header(_("Month")), [[name, *_cells(c)] for name, c in _month_rows(fig)]
                  + [[_("Total"), *_cells(fig.total)]], col_widths=widths, align=align),
        Body(definitions()),
    ]
    info = DocumentInfo(centre_name=centre.name, title=title, address=centre.address, phone=centre.phone,
                        issuer=centre.name, print_date=today)
    return build_pdf(signed(blocks, SignOff(prepared_by, today)), info)


def year_figures_xlsx(fig: MediationFigures, path: Path, *, prepared_by: str = "",
                      today: dt.date | None = None) -> Path:
    """The same figures as one Excel sheet: numbers as numbers (rates as 0.0%), the sign-off lines below."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from reports.export import safe_sheet_row

    wb = Workbook()
    ws = wb.active
    ws.title = str(fig.start.year) if fig.start.year == fig.end.year else f"{fig.start.year}-{fig.end.year}"
    safe_sheet_row(ws, [figures_title(fig)])
    ws["A1"].font = Font(bold=True)
    for key, value, rate in summary_lines(fig):
        safe_sheet_row(ws, [key, value])
        if rate:
            ws.cell(ws.max_row, 2).number_format = "0.0%"
    for first, rows in ((_("Kind"), _kind_rows(fig)), (_("Month"), [*_month_rows(fig), (_("Total"), fig.total)])):
        safe_sheet_row(ws, [])
        safe_sheet_row(ws, _header(first))
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for name, c in rows:
            safe_sheet_row(ws, [name, c.opened, c.closed, c.resolved, c.success_rate])
            ws.cell(ws.max_row, 5).number_format = "0.0%"
    safe_sheet_row(ws, [])
    safe_sheet_row(ws, [definitions()])
    signoff_rows(ws, SignOff(prepared_by, today or dt.date.today()))
    ws.column_dimensions["A"].width = 34
    for col in "BCDE":
        ws.column_dimensions[col].width = 14
    with atomic_path(path) as tmp:  # whole or not at all
        wb.save(tmp)
    return path
