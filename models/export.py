"""Exporting a list: the rows of any :class:`~models.listing.ListSource`, guarded and logged.

A list that shows people (a name, an ID number, a phone or an address
column) is personal data: exporting it needs the ``export.personal``
permission (administrators). Every export leaves an entry in the audit
trail — which list, how many rows, which format, never the values.

The rows are the list's own display strings in its current filter and order,
fetched in pages (the same SQL the window runs); right-aligned columns are
handed over as numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from i18n import _
from models.db import Database
from models.listing import ListSource

#: Column keys that make a list personal data.
PERSONAL_KEYS = frozenset(
    {"name", "id_number", "phone", "address", "room", "resident", "member", "elder", "diner", "contact", "person"}
)
PAGE = 500


def is_personal(source: ListSource) -> bool:
    return any(c.key in PERSONAL_KEYS for c in source.columns)


@dataclass
class ExportData:
    """What reports.export writes: headers, rows, which columns are numbers."""

    title: str
    headers: list[str]
    rows: list[tuple]
    numeric: list[int]
    personal: bool


def export_list(
    db: Database,
    source: ListSource,
    *,
    title: str,
    filter_text: str = "",
    sort_key: str | None = None,
    descending: bool = False,
    file_format: str = "xlsx",
    progress: Callable[[int, int], None] | None = None,
) -> ExportData:
    """The rows of ``source`` for an export, after the permission check; logged.

    ``progress(rows_done, rows_total)`` is called after each page of rows
    (from the thread doing the export: the window runs it in a worker). It
    may raise to stop the export; nothing is logged then.

    Raises:
        PermissionDenied: a personal list and the actor is not an administrator.
    """
    from models.audit import record
    from models.security import require

    personal = is_personal(source)
    if personal:
        require("export.personal")
    with db.session() as session:
        ids = source.ids(session, filter_text, sort_key, descending)
        rows: list[tuple] = []
        for start in range(0, len(ids), PAGE):
            chunk: Sequence[int] = ids[start : start + PAGE]
            page = source.rows(session, chunk)
            rows.extend(page[i] for i in chunk if i in page)
            if progress is not None:
                progress(min(start + PAGE, len(ids)), len(ids))
    numeric = [i for i, c in enumerate(source.columns) if c.align == "right"]
    data = ExportData(
        title=title,
        headers=[_(c.title) for c in source.columns],
        rows=rows,
        numeric=numeric,
        personal=personal,
    )
    with db.write() as session:
        record(
            session,
            "export",
            summary=f"{title}: {len(rows)} rows, .{file_format}" + (", filtered" if filter_text else ""),
        )
    return data
