"""The sign-off that ends every reconciliation and monthly statistics (制表人 / 审核人 / 日期, 盖章).

Chinese official tables end with who prepared them, who checked them, the
date, and room for the unit's seal. Every such report in Linli ends with the
one block built here:

- **PDF**: :func:`signed` takes a report's blocks and returns them with the
  sign-off at the end. The block is kept whole on one page, and never starts a
  page on its own: it stays with the last table's last rows (by default two),
  and with whatever follows that table (a note), so nobody signs a page that
  does not show the figures it vouches for.
- **.xlsx**: :func:`signoff_rows` writes the same three lines below a sheet's
  table.

The preparer's name is the logged-in clerk's when known (the caller passes it:
:func:`models.safety.accounts.current_clerk_name`), otherwise a line to sign;
the date is the generation date in the official form
(:func:`i18n.format_date_official`, 二〇二六年十二月七日), otherwise a line.

Fonts come from the document's styles (``composer.styles.body``), so the block
prints in whatever face the body of the report uses. Never imports Qt, never
opens a Session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from i18n import _, format_date_official
from reports.pdf import Block, Composer, DataTable, Heading, draw_text

__all__ = ["SEAL_SIZE", "SignOff", "signed", "signoff_block", "signoff_labels", "signoff_rows"]

#: The square reserved for the seal: a round official seal is 40–42 mm across.
SEAL_SIZE = 44 * mm
#: Rows of the last table that always share the sign-off's page.
KEEP_ROWS = 2
_LABEL_W = 26 * mm
_VALUE_W = 64 * mm
_GAP_W = 10 * mm
_LINE_GREY = colors.HexColor("#333333")
_SEAL_GREY = colors.HexColor("#777777")


@dataclass(frozen=True)
class SignOff:
    """What the sign-off prints.

    Attributes:
        prepared_by: The clerk who generated the report (制表人); "" prints a
            line to sign on.
        date: The generation date, printed in the official form; None prints
            a line.
    """

    prepared_by: str = ""
    date: dt.date | None = None

    @property
    def date_text(self) -> str:
        return format_date_official(self.date) if self.date else ""


def signoff_labels() -> tuple[str, str, str, str]:
    """The block's four labels in the current language: prepared by, checked by, date, seal."""
    return _("Prepared by:"), _("Checked by:"), _("Date:"), _("(Seal)")


class _SealBox(Flowable):
    """A dashed square with (盖章) in its middle: where the seal goes."""

    def __init__(self, composer: Composer, text: str, size: float, font_size: float) -> None:
        super().__init__()
        composer.note(text)
        self._chain = composer.chain
        self._text = text
        self._size = size
        self._font_size = font_size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        return self._size, self._size

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(_SEAL_GREY)
        c.setLineWidth(0.6)
        c.setDash(3, 2)
        c.rect(0, 0, self._size, self._size)
        c.restoreState()
        draw_text(c, self._chain, self._size / 2, self._size / 2 - self._font_size / 3, self._text,
                  self._font_size, "center", _SEAL_GREY)


def signoff_block(composer: Composer, signoff: SignOff) -> Flowable:
    """The sign-off as one flowable that is never split (a KeepTogether): three lines beside the seal's square.

    Drawn in the document's body style (its font and size), right-aligned.
    """
    return KeepTogether(_signoff_flowables(composer, signoff))


def _signoff_flowables(composer: Composer, signoff: SignOff) -> list[Flowable]:
    prepared, checked, date, seal = signoff_labels()
    style = composer.styles.body
    row_h = SEAL_SIZE / 3

    def label(text: str) -> Any:
        return composer.paragraph(text, style, "right")

    def value(text: str) -> Any:
        return composer.paragraph(text, style, "left")

    data = [
        [label(prepared), value(signoff.prepared_by), "", _SealBox(composer, seal, SEAL_SIZE, style.fontSize)],
        [label(checked), value(""), "", ""],
        [label(date), value(signoff.date_text), "", ""],
    ]
    table = Table(data, colWidths=[_LABEL_W, _VALUE_W, _GAP_W, SEAL_SIZE], rowHeights=[row_h] * 3, hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), composer.chain.primary, style.fontSize),
                ("SPAN", (3, 0), (3, 2)),
                ("VALIGN", (0, 0), (2, -1), "BOTTOM"),
                ("VALIGN", (3, 0), (3, 2), "MIDDLE"),
                ("LINEBELOW", (1, 0), (1, 2), 0.6, _LINE_GREY),  # the lines to write on
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (2, -1), 2),
                ("LEFTPADDING", (3, 0), (3, 2), 0),
                ("RIGHTPADDING", (3, 0), (3, 2), 0),
                ("TOPPADDING", (3, 0), (3, 2), 0),
                ("BOTTOMPADDING", (3, 0), (3, 2), 0),
            ]
        )
    )
    return [Spacer(1, 6 * mm), table]


def _stack_height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """The height ``flowables`` take one under another (spaces included, a little generously)."""
    total = 0.0
    for i, f in enumerate(flowables):
        _w, h = f.wrap(width, height)
        total += h + f.getSpaceBefore() + (f.getSpaceAfter() if i < len(flowables) - 1 else 0)
    return total


class _EndTogether(Flowable):
    """A table, then what follows it and the sign-off: the followers never start a page
    without the table's last ``keep`` rows, and the heading before the table
    (``lead``) never stays behind alone.

    Like ReportLab's KeepTogether, it asks to be split (``wrap`` reports an
    impossible height) and hands the frame its parts: everything when it fits;
    otherwise the lead and as many rows as may stay on this page (all but the
    last ``keep``), then itself again with the rest of the table (its header
    row repeated) for the next page.
    """

    def __init__(self, lead: list[Flowable], table: Table, tail: list[Flowable], keep: int = KEEP_ROWS) -> None:
        super().__init__()
        self._lead = lead
        self._table = table
        self._tail = tail
        self._keep = keep

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        return availWidth, 0xFFFFFF  # always split (see the class docstring)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lead, table, tail = self._lead, self._table, self._tail
        lead_h = _stack_height(lead, availWidth, availHeight)
        tail_h = _stack_height(tail, availWidth, availHeight)
        table.wrap(availWidth, availHeight)
        rows = list(table._rowHeights)  # noqa: SLF001 - known after wrap; ReportLab keeps no public copy
        table_h = sum(rows) + table.getSpaceBefore() + table.getSpaceAfter()
        if lead_h + table_h + tail_h <= availHeight:
            return [*lead, table, *tail]
        header = table.repeatRows if isinstance(table.repeatRows, int) else max(table.repeatRows) + 1
        last_split = len(rows) - self._keep  # the first row of the next page's part, at the latest
        if last_split <= header:  # too short to split: the whole of it goes to the next page
            return []
        room = min(availHeight - lead_h - table.getSpaceBefore(), sum(rows[:last_split]))
        parts = table.split(availWidth, room + 0.01) if room > 0 else []
        if len(parts) != 2:  # not even one row fits here: start on the next page
            return []
        return [*lead, parts[0], _EndTogether([], parts[1], tail, self._keep)]


#: The same flowable for other endings that must not start a page alone (a notice's issuer and date).
EndTogether = _EndTogether


def signed(blocks: Sequence[Block], signoff: SignOff, *, keep_rows: int = KEEP_ROWS) -> list[Block]:
    """``blocks`` ending with the sign-off, on the page of the last table's last rows.

    The last :class:`~reports.pdf.DataTable` (with the :class:`~reports.pdf.Heading`
    right before it, and every block after it) becomes one block that keeps the
    table's last ``keep_rows`` rows, what follows the table and the sign-off on
    one page. Without a table the sign-off is simply appended, kept whole.
    """
    blocks = list(blocks)
    last = max((i for i, b in enumerate(blocks) if isinstance(b, DataTable)), default=None)
    if last is None:
        return [*blocks, lambda c: [signoff_block(c, signoff)]]
    start = last - 1 if last > 0 and isinstance(blocks[last - 1], Heading) else last

    def block(c: Composer) -> list[Flowable]:
        lead = [f for b in blocks[start:last] for f in c.convert(b)]
        (table,) = c.convert(blocks[last])
        # The sign-off's own parts: _EndTogether keeps the whole tail on one page.
        tail = [f for b in blocks[last + 1:] for f in c.convert(b)] + _signoff_flowables(c, signoff)
        return [_EndTogether(lead, table, tail, keep_rows)]

    return [*blocks[:start], block]


# --- .xlsx -------------------------------------------------------------------------------------


def signoff_rows(ws: Any, signoff: SignOff, *, column: int = 1) -> None:  # noqa: ANN401 - an openpyxl Worksheet
    """Write the three sign-off lines below the sheet's table (one empty row between).

    The label goes in ``column``, the value in the next two (merged),
    underlined as the line to sign on; an empty value is left blank to be
    filled in by hand. The cells are text, never formulas.
    """
    from openpyxl.styles import Alignment, Border, Side

    from reports.export import safe_cell

    prepared, checked, date, _seal = signoff_labels()
    line = Border(bottom=Side(style="thin"))
    row = ws.max_row + 2
    for label, value in ((prepared, signoff.prepared_by), (checked, ""), (date, signoff.date_text)):
        head = ws.cell(row=row, column=column, value=safe_cell(label))
        head.alignment = Alignment(horizontal="right")
        cell = ws.cell(row=row, column=column + 1, value=safe_cell(value) if value else None)
        cell.alignment = Alignment(horizontal="left")
        ws.merge_cells(start_row=row, start_column=column + 1, end_row=row, end_column=column + 2)
        for col in (column + 1, column + 2):  # a merged cell draws each part's own border
            ws.cell(row=row, column=col).border = line
        row += 1
