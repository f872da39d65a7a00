"""Requests paper: the month's figures (PDF and .xlsx) and the results notice (服务办结公示).

Plain data in (``models.requests`` dataclasses), bytes out; no Session, no Qt.
The results notice is laid out by the notice composer and kept only through
``models.notices.publish`` (its privacy guard, the history, the audit entry).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from i18n import _, format_number
from models.core.files import atomic_path
from models.core.settings import CentreInfo
from models.requests.labels import CHANNEL_LABELS, HANDLER_LABELS, label
from models.requests.statistics import Counts, MonthFigures
from reports.pdf import Body, DataTable, DocumentInfo, Heading, PdfResult, Title, build_pdf


def _rate(value: float | None) -> str:
    return "—" if value is None else format_number(value * 100, 1) + "%"


def _days(value: float | None) -> str:
    return "—" if value is None else format_number(value, 1)


def _hours(minutes: int) -> str:
    return format_number(minutes / 60, 1)


def figures_title(fig: MonthFigures) -> str:
    return _("Residents' requests in {year}-{month:02d}").format(year=fig.year, month=fig.month)


def summary_lines(fig: MonthFigures) -> list[tuple[str, str]]:
    """The month's headline figures as (label, value), the PDF's and the sheet's first block."""
    c = fig.counts
    lines = [
        (_("Received"), format_number(fig.received)),
        (_("Done"), format_number(c.done)),
        (_("Done on time"), f"{format_number(c.on_time)} ({_rate(c.on_time_rate)})"),
        (_("Overdue"), format_number(fig.overdue)),
        (_("Escalated to a department"), format_number(fig.escalated)),
        (_("Rated"), format_number(c.rated)),
        (_("Satisfied / basically / not satisfied"), f"{c.satisfied} / {c.basic} / {c.unsatisfied}"),
        (_("Not rated within 5 working days"), format_number(c.not_rated + c.assumed)),
        (_("Satisfaction rate"), _rate(c.satisfaction)),
        (_("Average working days to done"), _days(c.average_days)),
        (_("Hours spent"), _hours(c.minutes)),
    ]
    return lines


def _handler_row(kind: str, name: str, dispatched: int, c: Counts) -> list[str]:
    return [name, label(HANDLER_LABELS, kind), str(dispatched), str(c.done), _rate(c.on_time_rate), str(c.rated),
            _rate(c.satisfaction), _hours(c.minutes)]


def _handler_header() -> list[str]:
    return [_("Handler"), _("Kind"), _("Dispatched"), _("Done"), _("On time"), _("Rated"), _("Satisfaction"),
            _("Hours")]


def month_figures_pdf(fig: MonthFigures, centre: CentreInfo) -> PdfResult:
    """The month's figures on A4: the headline, by category, by channel, per handler, the definitions."""
    title = figures_title(fig)
    blocks: list = [Title(title)]
    if fig.note:
        blocks.append(Body(fig.note))
    blocks.append(DataTable([_("Figure"), _("Value")], [[k, v] for k, v in summary_lines(fig)],
                            col_widths=[3, 2], align=["left", "right"]))
    blocks.append(Heading(_("By category")))
    blocks.append(DataTable([_("Category"), _("Received"), _("Done")],
                            [[n, str(r), str(d)] for n, r, d in fig.by_category] or [["—", "0", "0"]],
                            col_widths=[3, 1, 1], align=["left", "right", "right"]))
    blocks.append(Heading(_("By channel")))
    blocks.append(DataTable([_("Channel"), _("Received")],
                            [[label(CHANNEL_LABELS, ch), str(n)] for ch, n in fig.by_channel] or [["—", "0"]],
                            col_widths=[3, 1], align=["left", "right"]))
    blocks.append(Heading(_("Per handler")))
    rows = [_handler_row(h.kind, h.name, h.dispatched, h.counts) for h in fig.by_handler] or [["—"] + [""] * 7]
    blocks.append(DataTable(_handler_header(), rows, col_widths=[2.4, 1.8, 1, 0.8, 1, 0.8, 1.1, 0.8],
                            align=["left", "left", "right", "right", "right", "right", "right", "right"]))
    blocks.append(Body(_("Done on time: done by the deadline, counted in China's working days. Overdue: the deadline "
                         "fell in the month and passed before the request was done. Satisfaction rate: satisfied and "
                         "basically satisfied over rated.")))
    info = DocumentInfo(centre_name=centre.name, title=title, address=centre.address, phone=centre.phone,
                        issuer=centre.name)
    return build_pdf(blocks, info)


def month_figures_xlsx(fig: MonthFigures, path: Path) -> Path:
    """The same figures as an Excel workbook: one sheet of figures, one per handler; numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from reports.export import safe_sheet_row

    wb = Workbook()
    ws = wb.active
    ws.title = f"{fig.year}-{fig.month:02d}"
    c = fig.counts
    safe_sheet_row(ws, [figures_title(fig)])
    if fig.note:
        safe_sheet_row(ws, [fig.note])
    for key, value, rate in ((_("Received"), fig.received, False), (_("Done"), c.done, False),
                             (_("Done on time"), c.on_time, False), (_("Done on time (%)"), c.on_time_rate, True),
                             (_("Overdue"), fig.overdue, False), (_("Escalated to a department"), fig.escalated, False),
                             (_("Rated"), c.rated, False), (_("Satisfied"), c.satisfied, False),
                             (_("Basically satisfied"), c.basic, False), (_("Not satisfied"), c.unsatisfied, False),
                             (_("Not rated within 5 working days"), c.not_rated + c.assumed, False),
                             (_("Satisfaction rate"), c.satisfaction, True),
                             (_("Average working days to done"), c.average_days, False),
                             (_("Hours spent"), round(c.minutes / 60, 1), False)):
        safe_sheet_row(ws, [key, value])
        if rate:
            ws.cell(ws.max_row, 2).number_format = "0.0%"
    safe_sheet_row(ws, [])
    safe_sheet_row(ws, [_("Category"), _("Received"), _("Done")])
    for name, r, d in fig.by_category:
        safe_sheet_row(ws, [name, r, d])
    safe_sheet_row(ws, [])
    safe_sheet_row(ws, [_("Channel"), _("Received")])
    for ch, n in fig.by_channel:
        safe_sheet_row(ws, [label(CHANNEL_LABELS, ch), n])
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 14
    ws["A1"].font = Font(bold=True)
    hs = wb.create_sheet(_("Per handler"))
    safe_sheet_row(hs, _handler_header())
    for cell in hs[1]:
        cell.font = Font(bold=True)
    for h in fig.by_handler:
        safe_sheet_row(hs, [h.name, label(HANDLER_LABELS, h.kind), h.dispatched, h.counts.done,
                            h.counts.on_time_rate, h.counts.rated, h.counts.satisfaction,
                            round(h.counts.minutes / 60, 1)])
        hs.cell(hs.max_row, 5).number_format = hs.cell(hs.max_row, 7).number_format = "0.0%"
    hs.freeze_panes = "A2"
    hs.column_dimensions["A"].width = 28
    hs.column_dimensions["B"].width = 26
    with atomic_path(path) as tmp:  # whole or not at all
        wb.save(tmp)
    return path


def results_notice(data, centre: CentreInfo, *, today: dt.date | None = None):  # noqa: ANN001, ANN201
    """The results notice (服务办结公示) laid out by the composer (a ``NoticePdf``); keep it through publish."""
    from reports.notices import compose, request_results

    values = request_results.fill(data, centre, today or dt.date.today())
    return compose(values, centre)
