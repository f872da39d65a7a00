"""Where a template's data comes from: the other jobs' data by what the clerk typed, a small .xlsx table.

Never imports Qt or reports/.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import LinliError, ValidationFailed


def fetch_source(session: Session, kind: str, text: str, *, today: dt.date | None = None):  # noqa: ANN201
    """The domain data a template fills itself from, picked by what the clerk typed.

    Args:
        kind: ``"activity"`` (its number), ``"week"`` (2026-W48), ``"month"``
            (2026-11), ``"quarter"`` (2026Q4) or ``"requests"`` (the month, 2026-11).
        text: What the clerk typed.

    Returns:
        An ``ActivityRow``; ``(monday, [MenuEntry])``; a ``Reconciliation``; a
        ``DisclosureData`` posted from ``today`` for 5 working days; a
        ``ResultsData`` (the month's requests done, posted from ``today``).

    Raises:
        LinliError: the text does not name existing data (the message says why).
    """
    today = today or dt.date.today()
    text = (text or "").strip()
    if kind == "activity":
        from models.activities import activity_row

        if not text.isdigit():
            raise ValidationFailed({"source": _("Type the activity's number.")})
        return activity_row(session, int(text))
    if kind == "week":
        from models.meals import parse_week, week_menu

        monday = parse_week(text)
        return monday, week_menu(session, monday)
    if kind == "month":
        from models.meals import parse_month, reconcile_month

        try:
            year, month = parse_month(text)
        except ValueError as exc:
            raise ValidationFailed({"source": str(exc)}) from exc
        return reconcile_month(session, year, month)
    if kind == "quarter":
        from models.party.dues import disclosure_data, parse_quarter

        try:
            year, quarter = parse_quarter(text)
        except ValueError as exc:
            raise ValidationFailed({"source": str(exc)}) from exc
        return disclosure_data(session, year, quarter, post_from=today)
    if kind == "requests":
        from i18n import parse_month
        from models.requests.results import results_data

        try:
            year, month = parse_month(text)
        except ValueError as exc:
            raise ValidationFailed({"source": str(exc)}) from exc
        return results_data(session, year, month, today=today)
    raise ValueError(f"unknown source kind {kind!r}")


def read_table_xlsx(path: str) -> tuple[list[str], list[list[str]]]:
    """The first sheet of a small .xlsx as (header row, rows) of text; empty rows skipped.

    Read by :func:`models.core.importer.read_xlsx_rows` (streamed, within the
    import's size and row caps).

    Raises:
        LinliError: the file cannot be read, is too big, holds a formula
            without a value, or has no header row.
    """
    from pathlib import Path

    from models.core.importer import FormulaWithoutValue, formula_problem, read_xlsx_rows

    raw = read_xlsx_rows(Path(path))
    for row in raw:
        for v in row:
            if isinstance(v, FormulaWithoutValue):
                raise LinliError(formula_problem(v.ref))
    rows = [["" if v is None else (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)).strip()
             for v in row] for row in raw]
    rows = [r for r in rows if any(r)]
    if not rows:
        raise LinliError(_("{path} has no rows.").format(path=path))
    width = max(len(r) for r in rows)
    while width and not any(len(r) >= width and r[width - 1] for r in rows):
        width -= 1
    rows = [(r + [""] * width)[:width] for r in rows]
    if len(rows) > 2000:
        raise LinliError(_("At most 2000 rows in a notice's table."))
    return rows[0], rows[1:]
