"""Any list as an .xlsx workbook (the default) or a CSV file with a BOM.

UTF-8 CSV without a byte-order mark opens garbled in Excel and WPS, so .xlsx
is the default and CSV is written with a BOM. In the workbook every text
stays text (an ID number or a phone never becomes a number Excel would round):
only the columns the caller names as numeric hold numbers; a header row,
bold, and frozen panes below it.

Formula injection: a text cell that starts with ``= + - @``, a tab or a
carriage return would be read as a formula by Excel, WPS or LibreOffice (a
resident named ``=HYPERLINK(...)`` becomes a live link that can carry the ID
number next to it). :func:`safe_cell` is the one neutraliser: such a text gets
a leading ``'`` and, in a workbook, is stored as a text cell. Real numbers
(a negative amount) are not text and stay numbers. Every .xlsx and CSV writer
in ``reports/`` passes its cells through it (:func:`safe_sheet_row` for
openpyxl sheets).

Plain data in, a file out: no Session, no Qt.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from models.core.files import atomic_open, atomic_path

FORMATS = ("xlsx", "csv")

#: What a spreadsheet reads as the start of a formula (or of a DDE payload).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text that no spreadsheet will evaluate: a leading ``'`` when it starts like a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: object) -> object:
    """A cell value made inert: text that starts like a formula gets a leading ``'``.

    Only ``str`` values change; numbers, dates, booleans and None pass through,
    so a negative amount stays a number.
    """
    return safe_text(value) if isinstance(value, str) else value


def safe_sheet_row(ws, values) -> None:  # type: ignore[no-untyped-def]  # an openpyxl worksheet
    """``ws.append`` for untrusted values: every text through :func:`safe_cell`, stored as text.

    openpyxl treats any str starting with ``=`` as a formula; setting the
    cell's data type to ``"s"`` keeps it a string whatever it starts with.
    """
    ws.append([safe_cell(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def format_for(path: str | Path) -> str:
    """"csv" for a .csv name, else "xlsx"."""
    return "csv" if Path(path).suffix.lower() == ".csv" else "xlsx"


def write_xlsx(
    path: str | Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str = "",
    numeric: Iterable[int] = (),
    widths: Sequence[int] | None = None,
) -> int:
    """Write a workbook; returns the number of data rows.

    Args:
        numeric: indexes of the columns whose whole-number or decimal texts
            are written as numbers (everything else is text, format "@").
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    numeric = set(numeric)
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = (sheet_title or "Sheet1")[:31].replace("/", "-").replace("\\", "-").replace("?", "").replace("*", "").replace("[", "(").replace("]", ")").replace(":", "-")
    safe_sheet_row(ws, [str(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8E8E8")
    count = 0
    for row in rows:
        count += 1
        out: list[object] = []
        for i, value in enumerate(row):
            out.append(_value(value, i in numeric))
        safe_sheet_row(ws, out)
        r = ws.max_row
        for i, value in enumerate(out, start=1):
            if isinstance(value, str):
                ws.cell(row=r, column=i).number_format = "@"
            elif isinstance(value, dt.date):
                ws.cell(row=r, column=i).number_format = "yyyy-mm-dd"
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if widths and i - 1 < len(widths) else max(10, min(40, len(str(header)) * 2 + 4))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    with atomic_path(path) as tmp:  # whole or not at all (a full disk leaves no partial file)
        wb.save(tmp)
    return count


def _value(value: object, numeric: bool) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, dt.date)):
        return value if numeric or isinstance(value, dt.date) else str(value)
    text = str(value)
    if numeric:
        stripped = text.replace(",", "").strip()
        try:
            return int(stripped)
        except ValueError:
            try:
                return float(stripped)
            except ValueError:
                return text
    return text


def write_csv(
    path: str | Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    bom: bool = True,
    numeric: Iterable[int] = (),
) -> int:
    """Write UTF-8 CSV (with a BOM unless told otherwise); returns the number of data rows.

    Text is neutralised by :func:`safe_cell`; numbers (and, in the ``numeric``
    columns, texts that read as numbers) are written as they are.
    """
    numeric = set(numeric)
    count = 0
    with atomic_open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([safe_text(str(h)) for h in headers])
        for row in rows:
            count += 1
            writer.writerow([_csv_value(v, i in numeric) for i, v in enumerate(row)])
    return count


def _csv_value(value: object, numeric: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if numeric and isinstance(value, str) and isinstance(_value(value, True), (int, float)):
        return value.strip()
    return safe_text(str(value))


def write_table(
    path: str | Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str = "",
    numeric: Iterable[int] = (),
) -> int:
    """.xlsx or CSV (with a BOM) by the file's suffix."""
    if format_for(path) == "csv":
        return write_csv(path, headers, rows, numeric=numeric)
    return write_xlsx(path, headers, rows, sheet_title=sheet_title, numeric=numeric)
