"""Any list as an .xlsx workbook (the default) or a CSV file with a BOM.

UTF-8 CSV without a byte-order mark opens garbled in Excel and WPS, so .xlsx
is the default and CSV is written with a BOM. In the workbook every text
stays text (an ID number or a phone never becomes a number Excel would round):
only the columns the caller names as numeric hold numbers; a header row,
bold, and frozen panes below it.

Plain data in, a file out: no Session, no Qt.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from models.files import atomic_open, atomic_path

FORMATS = ("xlsx", "csv")


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
    ws.append([str(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8E8E8")
    count = 0
    for row in rows:
        count += 1
        out: list[object] = []
        for i, value in enumerate(row):
            out.append(_value(value, i in numeric))
        ws.append(out)
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


def write_csv(path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = True) -> int:
    """Write UTF-8 CSV (with a BOM unless told otherwise); returns the number of data rows."""
    count = 0
    with atomic_open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([str(h) for h in headers])
        for row in rows:
            count += 1
            writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v)) for v in row])
    return count


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
        return write_csv(path, headers, rows)
    return write_xlsx(path, headers, rows, sheet_title=sheet_title, numeric=numeric)
