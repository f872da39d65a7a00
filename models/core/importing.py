"""The skeleton every import shares: reading a file within caps, cell values, the report, all or nothing.

Both imports stand on it — the registry's (:mod:`models.core.importer`:
residents and day-care elders from .xlsx or .csv) and the Party roster's
(:mod:`models.party.roster`, .xlsx) — and so does the notices' name list:

* reading: :func:`read_xlsx_rows` / :func:`read_csv_rows` / :func:`read_table`
  stream a sheet within :data:`MAX_UNPACKED_MB`, :data:`MAX_CSV_MB`,
  :data:`MAX_ROWS` and :data:`MAX_COLUMNS`, calling ``progress`` every
  :data:`PROGRESS_EVERY` rows (False or :class:`Cancelled` stops);
  :func:`data_rows` walks the rows that hold anything, with progress;
* cells: :func:`cell_text`, :func:`cell_date`, :func:`id_cell` (ID numbers
  read as text, numbers Excel already damaged reported), a formula without a
  value (:class:`FormulaWithoutValue`, :func:`formula_problem`);
* the outcome: :class:`RowProblem` (row as Excel numbers it, column, reason),
  :class:`ImportReport` (each import adds its counts), :class:`ImportFailed`
  (nothing was written), :func:`all_or_nothing` with :class:`Rollback` (one
  transaction, rolled back on a dry run or a problem), :func:`report_table`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from i18n import N_, _, ngettext, parse_date
from models.core.errors import LinliError
from models.residents.idcard import IdNumberError, parse_id_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from models.core.db import Database

# --- reading ----------------------------------------------------------------------------


#: Caps checked before and while a file is read, so that a zip bomb or a runaway
#: export is refused quickly with a message that names the limit.
MAX_UNPACKED_MB = 200  # an .xlsx's declared uncompressed size, all its parts together
MAX_CSV_MB = 100  # a .csv file's size on disk
MAX_ROWS = 200_000  # non-empty data rows read from a sheet or a CSV
MAX_COLUMNS = 100  # columns read from a sheet (the ones after it are not read)

#: How often (in rows) the progress callback is called.
PROGRESS_EVERY = 1000

#: ``progress(done, total)``: rows done so far and the total (0 while unknown).
#: Return False (or raise :class:`Cancelled`) to stop; nothing is then written.
Progress = Callable[[int, int], "bool | None"]


class Cancelled(LinliError):
    """The import was stopped before it wrote anything."""

    def __init__(self) -> None:
        super().__init__(_("The import was cancelled; nothing was written."))


def report_progress(progress: Progress | None, done: int, total: int) -> None:
    """Call ``progress``; raise :class:`Cancelled` when it returns False."""
    if progress is not None and progress(done, total) is False:
        raise Cancelled


class FormulaWithoutValue:
    """A formula cell the file holds no computed value for (written by a program, never opened in Excel)."""

    __slots__ = ("ref",)

    def __init__(self, ref: str) -> None:
        self.ref = ref

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return f"FormulaWithoutValue({self.ref!r})"


def formula_problem(ref: str) -> str:
    return _("formula without a value in cell {cell} — open the file in Excel, save it, then import again").format(
        cell=ref)


@dataclass
class Table:
    """A sheet as read: its header and its rows (``first_row`` is the Excel number of rows[0]).

    An uncalculated formula cell is a :class:`FormulaWithoutValue`.
    """

    headers: list[str]
    rows: list[tuple]
    first_row: int = 2

    @property
    def data_rows(self) -> int:
        """How many rows hold anything."""
        return sum(1 for r in self.rows if any(cell_text(v) or isinstance(v, FormulaWithoutValue) for v in r))


def _decode_csv(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")  # a superset of GBK and GB2312
        except UnicodeDecodeError:
            raise LinliError(_("The file is neither UTF-8 nor GBK text.")) from None


def _too_many_rows(name: str, limit: int) -> LinliError:
    return LinliError(_("{path} has more than {limit} rows, the most an import reads; split it into smaller files.").format(
        path=name, limit=f"{limit:,}"))


def _not_a_workbook(name: str, exc: BaseException) -> LinliError:
    return LinliError(_("{path} is not an .xlsx workbook ({reason}).").format(path=name, reason=type(exc).__name__))


def check_xlsx_size(path: Path) -> None:
    """Refuse a workbook whose parts declare more than :data:`MAX_UNPACKED_MB` unpacked.

    Read from the zip's directory, nothing is decompressed; Python's zipfile
    never inflates a part beyond its declared size, so the check holds for
    the reading that follows.

    Raises:
        LinliError: not a zip file, or too big unpacked.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_a_workbook(path.name, exc) from None
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise LinliError(
            _("{path} unpacks to {size} MB, more than the {limit} MB an import reads (a damaged or hostile file?); "
              "nothing was read.").format(path=path.name, size=unpacked // (1024 * 1024), limit=MAX_UNPACKED_MB))


def _trim(row: tuple) -> tuple:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end] if end < len(row) else row


#: Excel's last row: a row number beyond it is a damaged (or hostile) sheet.
EXCEL_MAX_ROW = 1_048_576


def _sheet_rows(wb, ws):  # type: ignore[no-untyped-def]
    """``(row number, cells)`` straight from the sheet's XML, one pass, cached values.

    openpyxl's own streaming parser with one change: a formula cell that holds
    no cached value (``<f>`` without ``<v>``, or an empty ``<v/>`` on a
    non-text result, as openpyxl and other libraries write them) becomes a
    :class:`FormulaWithoutValue` instead of None. (openpyxl cannot give the
    formula and the cached value in one read; its parser class is used
    directly, pinned by the openpyxl range in pyproject.toml and by the tests.)
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, VALUE_TAG, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    text_tag = f"{{{SHEET_MAIN_NS}}}t"

    class Parser(WorkSheetParser):
        def parse_cell(self, element):  # type: ignore[no-untyped-def]
            if element.get("t") == "inlineStr":
                # A plain inline string (as openpyxl, POI and many exports write every text) read
                # directly: openpyxl's general rich-text path costs twice the whole read.
                child = element.find(INLINE_STRING)
                if child is not None and len(child) == 1 and child[0].tag == text_tag:
                    element.set("t", "str")
                    cell = super().parse_cell(element)
                    cell["value"], cell["data_type"] = child[0].text or "", "s"
                    return cell
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cached = element.find(VALUE_TAG)
                text_result = element.get("t") in ("str", "s", "inlineStr")
                if cached is None or not (cached.text or text_result):
                    ref = element.get("r") or f"{get_column_letter(cell['column'])}{cell['row']}"
                    cell["value"] = FormulaWithoutValue(ref)
            return cell

    with ws._get_source() as src:  # noqa: SLF001
        parser = Parser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,  # noqa: SLF001
                        date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)  # noqa: SLF001
        yield from parser.parse()


def read_xlsx_rows(path: str | Path, *, max_rows: int | None = None, progress: Progress | None = None) -> list[tuple]:
    """Every row of the first sheet (trailing empty cells dropped), streamed, within the caps.

    Cached values are read (what Excel shows); a formula cell without a
    cached value comes back as a :class:`FormulaWithoutValue`. The sheet's
    declared dimension is not trusted: rows are counted as they stream and
    the columns after :data:`MAX_COLUMNS` are not read.

    Raises:
        LinliError: missing, not a workbook, too big unpacked, or more than
            ``max_rows`` non-empty rows besides the header.
        Cancelled: ``progress`` returned False.
    """
    from openpyxl import load_workbook

    path = Path(path)
    max_rows = MAX_ROWS if max_rows is None else max_rows
    if not path.is_file():
        raise LinliError(_("No file at {path}.").format(path=path))
    check_xlsx_size(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise _not_a_workbook(path.name, exc) from None
    rows: list[tuple] = []
    try:
        if not wb.worksheets:
            return rows
        count = 0
        for number, cells in _sheet_rows(wb, wb.worksheets[0]):
            if number > EXCEL_MAX_ROW:
                raise LinliError(_("{path} is damaged: a row number beyond Excel's last row.").format(path=path.name))
            while len(rows) < number - 1:  # rows the file leaves out are empty
                rows.append(())
            values = [None] * min(MAX_COLUMNS, max((c["column"] for c in cells), default=0))
            for c in cells:
                if c["column"] <= MAX_COLUMNS:
                    values[c["column"] - 1] = c["value"]
            row = _trim(tuple(values))
            if row:
                count += 1
                if count > max_rows + 1:  # the header row besides
                    raise _too_many_rows(path.name, max_rows)
            if len(rows) < number:
                rows.append(row)
            if len(rows) % PROGRESS_EVERY == 0:
                report_progress(progress, len(rows), 0)
    except (LinliError, Cancelled):
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged part shows only while streaming
        raise _not_a_workbook(path.name, exc) from None
    finally:
        wb.close()
    return rows


def read_csv_rows(path: Path, *, max_rows: int | None = None, progress: Progress | None = None) -> list[tuple]:
    """Every row of a UTF-8 or GBK CSV file, within the caps (empty cells as None)."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    if not path.is_file():
        raise LinliError(_("No file at {path}.").format(path=path))
    size = path.stat().st_size
    if size > MAX_CSV_MB * 1024 * 1024:
        raise LinliError(_("{path} is {size} MB, more than the {limit} MB an import reads; split it into smaller files.").format(
            path=path.name, size=size // (1024 * 1024), limit=MAX_CSV_MB))
    text = _decode_csv(path.read_bytes())
    rows: list[tuple] = []
    count = 0
    for row in csv.reader(io.StringIO(text)):
        cells = _trim(tuple(cell if cell.strip() else None for cell in row[:MAX_COLUMNS]))
        if cells:
            count += 1
            if count > max_rows + 1:  # the header row besides
                raise _too_many_rows(path.name, max_rows)
        rows.append(cells)
        if len(rows) % PROGRESS_EVERY == 0:
            report_progress(progress, len(rows), 0)
    return rows


def read_table(path: str | Path, *, progress: Progress | None = None) -> Table:
    """Read the first sheet of an .xlsx or a .csv file (streamed, within the caps above).

    Raises:
        LinliError: missing, unreadable, not a workbook, too big, or empty.
        Cancelled: ``progress`` returned False.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = read_csv_rows(path, progress=progress)
    elif suffix in (".xlsx", ".xlsm"):
        raw = read_xlsx_rows(path, progress=progress)
    else:
        raise LinliError(_("Import reads .xlsx or .csv files, not {suffix}.").format(suffix=suffix or "?"))
    start = next((i for i, r in enumerate(raw) if any(cell_text(v) for v in r)), None)
    if start is None:
        raise LinliError(_("{path} is empty.").format(path=path.name))
    headers = [cell_text(v) for v in raw[start]]
    return Table(headers=headers, rows=raw[start + 1 :], first_row=start + 2)



# --- cell values ----------------------------------------------------------------------------

_DAMAGED_SCI = N_(
    "damaged by Excel: the number was stored in scientific notation and lost its last digits; "
    "type it again in a column formatted as text"
)
_DAMAGED_15 = N_(
    "damaged by Excel: the ID number was stored as a number and only 15 significant digits were kept; "
    "type it again in a column formatted as text"
)
_DAMAGED_ZEROS = N_(
    "damaged by Excel: it ends in zeros and fails the check digit (Excel keeps 15 significant digits); "
    "type it again in a column formatted as text"
)


def id_cell(value: object) -> tuple[str, str | None]:
    """An ID-number cell as text, and why it is damaged (None when it is not).

    Damaged: a number of 16 or more digits or a float that is not a small
    whole number (Excel kept 15 significant digits), scientific notation
    written as text, or 15 significant digits followed by zeros that fail
    the checksum. Such a value is reported, never stored.
    """
    if value is None:
        return "", None
    if isinstance(value, bool):
        return str(value), _("not an ID number")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value)), None
        return f"{value:.15g}", _(_DAMAGED_SCI)
    if isinstance(value, int):
        text = str(value)
        return (text, _(_DAMAGED_15)) if len(text) >= 16 else (text, None)
    text = str(value).strip().strip("'")
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?[eE][+]?[0-9]+", text):
        return text, _(_DAMAGED_SCI)
    m = re.fullmatch(r"(\d{15,17})(0+)", text)
    if m and len(text) == 18 and len(m.group(1).rstrip("0")) <= 15:
        try:
            parse_id_number(text)
        except IdNumberError:
            return text, _(_DAMAGED_ZEROS)
    return text, None


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def cell_date(value: object, *, month_alone: bool = False) -> dt.date | None:
    """A date cell: a real date, or text as a clerk writes it (2001-07-15, 2001.7.15, 2001年7月15日, 20010715).

    ``month_alone``: a month without its day (2001.7, 2001-07, 2001年7月) is read
    as its first day — the roster's dates of joining are often known to the month.

    Raises:
        ValueError: not a date.
    """
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if month_alone:
        m = re.fullmatch(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?", text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), 1)
        return parse_date(text)
    m = re.fullmatch(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?", text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValueError(_("not a date: {text}").format(text=text)) from None
    if re.fullmatch(r"\d{8}", text):
        try:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            raise ValueError(_("not a date: {text}").format(text=text)) from None
    return parse_date(text)


def is_empty(values: tuple) -> bool:
    """A row without a value (a formula without a value is not empty: it is reported)."""
    return all(cell_text(v) == "" and not isinstance(v, FormulaWithoutValue) for v in values)


def data_rows(rows: Sequence[tuple], first_row: int, progress: Progress | None = None) -> Iterator[tuple[int, tuple]]:
    """``(row as Excel numbers it, values)`` for each row that holds anything.

    ``progress(done, total)`` is called every :data:`PROGRESS_EVERY` rows (empty
    ones counted); False stops with :class:`Cancelled`.
    """
    total = len(rows)
    for offset, values in enumerate(rows):
        if offset % PROGRESS_EVERY == 0:
            report_progress(progress, offset, total)
        if is_empty(values):
            continue
        yield first_row + offset, values


# --- the outcome -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """One problem: the row as Excel numbers it, the column's header, the reason."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("Row {row}, {column}: {reason}").format(row=self.row, column=self.column, reason=self.reason)


@dataclass(kw_only=True)
class ImportReport:
    """What an import did, or would do on a dry run; each import adds its own counts."""

    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportFailed(LinliError):
    """Rows have problems; nothing was written. ``report`` lists them."""

    def __init__(self, report: ImportReport, message: str | None = None):
        self.report = report
        if message is None:
            message = ngettext(
                "{count} problem in the file; nothing was imported.",
                "{count} problems in the file; nothing was imported.",
                len(report.problems),
            ).format(count=len(report.problems))
        super().__init__(message)


class Rollback(Exception):
    """Raised inside :func:`all_or_nothing` to undo everything the block did."""


@contextmanager
def all_or_nothing(db: Database) -> Iterator[Session]:
    """One write transaction; raising :class:`Rollback` in the block rolls it back (and is swallowed).

    A dry run, or a check that found problems, runs the very same writes and
    raises ``Rollback`` at the end: the database is as it was.
    """
    try:
        with db.write() as session:
            yield session
    except Rollback:
        pass


def report_table(report: ImportReport) -> tuple[list[str], list[tuple]]:
    """The report as a sheet: header and rows (row, column, reason), problems then warnings."""
    headers = [_("Row"), _("Column"), _("Problem"), _("Kind")]
    rows = [(p.row, p.column, p.reason, _("error")) for p in report.problems]
    rows += [(p.row, p.column, p.reason, _("warning")) for p in report.warnings]
    return headers, sorted(rows, key=lambda r: (r[0], r[3]))
