"""Party roster output: the dues disclosure (public, masked), the dues statistics to sign (PDF and
.xlsx, by branch, no names), the roster PDF and .xlsx (internal).

Plain data in (from :mod:`models.party`), bytes or a workbook out. Never opens
a Session, never imports Qt. Masking is done by the domain before the data
arrives here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from i18n import N_, _, format_date, format_money, format_number
from models.core.files import atomic_path
from reports.pdf import Body, DataTable, DocumentInfo, Heading, PdfResult, Title, build_pdf
from reports.signoff import SignOff, signed, signoff_rows

if TYPE_CHECKING:
    from models.party.dues import BranchDues, DuesStatistics


def dues_disclosure_pdf(data, centre) -> PdfResult:  # noqa: ANN001 - DisclosureData, CentreInfo
    """The dues disclosure (党费收缴公示) for the bulletin board, large type.

    Laid out by the notice composer (:mod:`reports.notices.dues`).

    Args:
        data: :class:`models.party.dues.DisclosureData` (names already masked).
        centre: :class:`models.core.settings.CentreInfo`.
    """
    from reports.notices import compose, dues

    return compose(dues.fill(data, centre, data.post_from), centre)


# --- the dues statistics the branch secretary signs ---------------------------------------

#: The statistics' columns (English source; translated when printed). A period whose last month
#: has not ended adds :data:`DUES_PENDING_HEADER`.
DUES_STATISTICS_HEADER = (N_("Branch"), N_("Members due"), N_("Paid in full"), N_("In arrears"), N_("Amount due"),
                          N_("Collected"), N_("Deferred (amount)"), N_("Arrears (amount)"))
DUES_PENDING_HEADER = N_("Not yet paid ({month})")


def dues_period_label(stats: DuesStatistics) -> str:
    """"2026-11" or "year 2026" as the clerk reads it (2026年11月, 2026年度)."""
    if stats.month is None:
        return _("year {year}").format(year=stats.year)
    return _("{year}-{month:02d}").format(year=stats.year, month=stats.month)


def dues_statistics_header(stats: DuesStatistics) -> list[str]:
    """The columns in the current language (the pending column when the last month has not ended)."""
    header = [_(h) for h in DUES_STATISTICS_HEADER]
    if stats.unfinished:
        header.append(_(DUES_PENDING_HEADER).format(month=stats.months[-1].strftime("%Y-%m")))
    return header


def _dues_title(stats: DuesStatistics) -> str:
    return _("Party dues statistics, {period}").format(period=dues_period_label(stats))


def _dues_intro(stats: DuesStatistics) -> str:
    first, last = stats.months[0], stats.months[-1]
    months = first.strftime("%Y-%m") if first == last else _("{first} to {last}").format(
        first=first.strftime("%Y-%m"), last=last.strftime("%Y-%m"))
    lines = [
        _("Internal: for the branch secretaries to check and sign; not for the bulletin board."),
        _("Months counted: {months}. Figures as of {date}.").format(months=months,
                                                                  date=format_date(stats.as_of, "long")),
    ]
    if stats.unfinished:
        lines.append(_("{month} has not ended yet: what is unpaid of it is not yet paid, not arrears.").format(
            month=last.strftime("%Y-%m")))
    return "\n".join(lines)


def _dues_figures(b: BranchDues, pending: bool) -> list[int]:
    """The counts, then the amounts in fen, in the header's order."""
    out = [b.members_due, b.members_paid, b.members_in_arrears, b.due_fen, b.collected_fen, b.deferred_fen,
           b.arrears_fen]
    return [*out, b.pending_fen] if pending else out


def _dues_lines(stats: DuesStatistics) -> list[tuple[str, list[int]]]:
    lines = [(b.branch, _dues_figures(b, stats.unfinished)) for b in stats.branches]
    return [*lines, (_("Total"), _dues_figures(stats.total, stats.unfinished))]


def dues_statistics_pdf(stats: DuesStatistics, centre, *, prepared_by: str = "",  # noqa: ANN001 - CentreInfo
                        today: dt.date | None = None) -> PdfResult:
    """The month's or year's dues by branch, ending with the sign-off (制表人 ``prepared_by`` or a
    line, 审核人, the print date ``today``, the seal: :mod:`reports.signoff`).

    Counts and amounts only: no names, ID numbers or phones.
    """
    today = today or dt.date.today()
    title = _dues_title(stats)
    rows = [[label, *(format_number(v) for v in figures[:3]), *(format_money(v) for v in figures[3:])]
            for label, figures in _dues_lines(stats)]
    amounts = len(rows[0]) - 4
    blocks = [
        Title(title),
        Body(_dues_intro(stats)),
        DataTable(dues_statistics_header(stats), rows, col_widths=[2.2] + [1.25] * 3 + [1.6] * amounts,
                  align=["left"] + ["right"] * (3 + amounts)),
        Body(_("Members due: members who owe dues for at least one of the months. Paid in full: every month "
               "they owe paid in full. Amount due: paid and deferred months at the due recorded with them, "
               "unpaid months at the bands in force. Arrears: what is unpaid of the months that have ended "
               "(short payments included); deferred months are not arrears.")),
    ]
    info = DocumentInfo(centre_name=centre.name, title=title, address=centre.address, phone=centre.phone,
                        issuer=centre.name, print_date=today)
    # Landscape: nine columns of amounts stay on one line each.
    return build_pdf(signed(blocks, SignOff(prepared_by, today)), info, landscape=True)


def dues_statistics_xlsx(stats: DuesStatistics, path: str | Path, *, prepared_by: str = "",
                         today: dt.date | None = None) -> Path:
    """The same figures as an Excel sheet: header row, counts as numbers, amounts as yuan numbers
    (¥ format), the total line, then the sign-off lines (制表人, 审核人, 日期)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from reports.export import safe_sheet_row

    wb = Workbook()
    ws = wb.active
    ws.title = f"{stats.year}-{stats.month:02d}" if stats.month else str(stats.year)
    header = dues_statistics_header(stats)
    safe_sheet_row(ws, header)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for label, figures in _dues_lines(stats):
        safe_sheet_row(ws, [label, *figures[:3], *(round(v / 100, 2) for v in figures[3:])])
        for col in range(5, len(header) + 1):
            ws.cell(ws.max_row, col).number_format = '"¥"#,##0.00'
    for cell in ws[ws.max_row]:
        cell.font = bold
    signoff_rows(ws, SignOff(prepared_by, today or dt.date.today()))
    ws.freeze_panes = "B2"
    ws.column_dimensions["A"].width = 24
    for col in range(2, len(header) + 1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 14
    path = Path(path)
    with atomic_path(path) as tmp:  # whole or not at all
        wb.save(tmp)
    return path


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


ROSTER_PDF_HEADER = ("Name", "Gender", "Ethnicity", "Birth date", "Education", "Joined", "Full/probationary", "Type", "Phone")


def roster_pdf(rows: Sequence, centre, *, today: dt.date | None = None) -> PdfResult:  # noqa: ANN001
    """The internal roster by branch (not for the wall: full names and phones)."""
    title = _("Party member roster")
    blocks: list = [
        Title(title),
        Body(_("Internal document: not for the bulletin board. {count} members.").format(count=len(rows))),
    ]
    header = [_(h) for h in ROSTER_PDF_HEADER]
    for branch, members in groupby(rows, key=lambda r: r.branch):
        members = list(members)
        blocks.append(Heading(_("{branch} ({count})").format(branch=branch, count=len(members))))
        cells = [
            [m.name, m.gender, m.ethnicity, _d(m.birth_date), m.education, _d(m.joined_on), m.standing,
             m.member_type, m.phone]
            for m in members
        ]
        blocks.append(_fast_table(header, cells, [1.5, 0.6, 0.9, 1.2, 1.0, 1.2, 1.0, 1.2, 1.4]))
    info = DocumentInfo(centre_name=centre.name, title=title, address=centre.address, phone=centre.phone,
                        issuer=centre.name, print_date=today or dt.date.today())
    return build_pdf(blocks, info, landscape=True)


_CHUNK = 40


def _fast_table(header: list[str], rows: list[list[str]], weights: list[float]):  # noqa: ANN202
    """A long table built quickly: plain strings in the primary font where it has every
    character (a Paragraph only where a fallback font is needed, e.g. 𠮷), in
    chunks of 40 rows so ReportLab never splits one huge table. Missing glyphs
    are still counted."""

    def block(c):  # noqa: ANN001, ANN202
        from reportlab.lib.units import mm
        from reportlab.platypus import Table, TableStyle

        from reports.pdf import HEADER_FILL, RULE_GREY

        chain, style = c.chain, c.styles.table_cell
        primary = chain.primary
        widths = [c.frame_width * w / sum(weights) for w in weights]
        plain: dict[str, bool] = {}

        def cell(text: str):  # noqa: ANN202
            ok = plain.get(text)
            if ok is None:
                ok = plain[text] = all(font == primary for font, _chunk in chain.split_runs(text))
                c.note(text)
            return text if ok else c.paragraph(text, style)

        out = []
        for start in range(0, max(len(rows), 1), _CHUNK):
            head = [c.paragraph(h, c.styles.table_header) for h in header]
            data = [head] + [[cell(v) for v in row] for row in rows[start:start + _CHUNK]]
            table = Table(data, colWidths=widths, repeatRows=1, spaceAfter=2 * mm)
            table.setStyle(TableStyle([
                ("FONT", (0, 0), (-1, -1), primary, style.fontSize),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE_GREY),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]))
            out.append(table)
        return out

    return block


def roster_xlsx(rows: Sequence, path: str | Path, columns: Sequence[tuple[str, str, tuple[str, ...]]]) -> None:
    """The roster as a workbook the import reads back: ID numbers and phones as text.

    Args:
        rows: :class:`models.party.roster.RosterRow` items.
        columns: :data:`models.party.roster.ROSTER_COLUMNS` (key, English header, aliases).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from reports.export import safe_sheet_row

    wb = Workbook()
    ws = wb.active
    ws.title = _("Roster")[:31]
    safe_sheet_row(ws, [_(english) for _key, english, _aliases in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8E8E8")
    text_keys = {"id_number", "phone"}
    date_keys = {"birth_date", "joined_on", "full_on"}
    for r in rows:
        values = []
        for key, _english, _aliases in columns:
            value = getattr(r, key)
            values.append(value if value is not None else "")
        safe_sheet_row(ws, values)
        row = ws.max_row
        for col, (key, _english, _aliases) in enumerate(columns, start=1):
            cell = ws.cell(row=row, column=col)
            if key in text_keys:
                cell.value = str(cell.value or "")
                cell.number_format = "@"
                cell.data_type = "s"
            elif key in date_keys and cell.value:
                cell.number_format = "yyyy-mm-dd"
    widths = {"name": 12, "id_number": 21, "phone": 14, "branch": 18, "group": 14, "work_unit": 20}
    for col, (key, _english, _aliases) in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = widths.get(key, 12)
        if key in text_keys:  # the empty rows below too, so typed numbers stay text
            ws.column_dimensions[ws.cell(row=1, column=col).column_letter].number_format = "@"
    ws.freeze_panes = "D2"
    with atomic_path(path) as tmp:  # whole or not at all
        wb.save(tmp)
