"""Party roster output: the dues disclosure (public, masked), the roster PDF and .xlsx (internal).

Plain data in (from :mod:`models.party`), bytes or a workbook out. Never opens
a Session, never imports Qt. Masking is done by the domain before the data
arrives here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from i18n import _
from models.core.files import atomic_path
from reports.pdf import Body, DocumentInfo, Heading, PdfResult, Title, build_pdf


def dues_disclosure_pdf(data, centre) -> PdfResult:  # noqa: ANN001 - DisclosureData, CentreInfo
    """The dues disclosure (党费收缴公示) for the bulletin board, large type.

    Laid out by the notice composer (:mod:`reports.notices.dues`).

    Args:
        data: :class:`models.party.dues.DisclosureData` (names already masked).
        centre: :class:`models.core.settings.CentreInfo`.
    """
    from reports.notices import compose, dues

    return compose(dues.fill(data, centre, data.post_from), centre)


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
