"""Every file that leaves Linli, guarded and recorded; and exporting a list.

**The one rule** (:func:`personal_output`, :func:`publication`): a file that
carries personal data (names, ID numbers, phones, addresses) — the Party
roster, the meals delivery list, the unmasked reconciliation, the day-care
attendance statistics and sheet, the activities desk copy, a list export
with names — needs ``export.personal`` (administrators) and leaves an
``export`` entry in the audit trail: what, how many people, the file's base
name (never the folder), and who (the actor, and the computer's login). A
file without personal data (masked, or counts only) is recorded as a
``publish`` entry the same way, without the permission. The command line
and the window call the same two functions; :func:`require_personal_output`
refuses early, before any data is read.

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
from pathlib import Path, PureWindowsPath

from sqlalchemy.orm import Session

from i18n import _
from models.core.db import Database
from models.core.listing import ListSource

#: Column keys that make a list personal data.
PERSONAL_KEYS = frozenset(
    {"name", "id_number", "phone", "address", "room", "resident", "member", "elder", "diner", "contact", "person"}
)
PAGE = 500


#: What each output is called in the audit trail (stable English keys, not translated).
ROSTER, DELIVERY, RECONCILIATION, ATTENDANCE_STATS, ATTENDANCE_SHEET, SIGNUP_DESK_COPY = (
    "party roster", "meals delivery list", "meals reconciliation", "day-care attendance statistics",
    "day-care attendance sheet", "activity sign-up sheet (desk copy)",
)
RECONCILIATION_MASKED, SIGNUP_PUBLIC, ACTIVITY_STATS = (
    "meals reconciliation (masked)", "activity sign-up sheet (masked)", "activities statistics",
)


def require_personal_output() -> None:
    """Refuse unless the actor may take personal data out of Linli (``export.personal``).

    Raises:
        PermissionDenied: the actor's role may not (clerks, volunteers).
    """
    from models.safety.security import require

    require("export.personal")


def base_name(filename: str | Path) -> str:
    """The file's name without its folder (either separator: a folder can name a person or a share)."""
    return PureWindowsPath(str(filename)).name


def _output_summary(what: str, count: int, filename: str | Path) -> str:
    return f"{what}: {count} people, {base_name(filename)}"


def personal_output(session: Session, what: str, count: int, filename: str | Path) -> None:
    """The rule for a file with personal data: the permission, then the audit entry.

    Call it in the write transaction that the file belongs to (write the file
    inside the same ``with db.write()`` block, so that a file that cannot be
    written leaves no entry, and a refusal leaves no file).

    Raises:
        PermissionDenied: the actor may not export personal data.
    """
    from models.safety.audit import record

    require_personal_output()
    record(session, "export", summary=_output_summary(what, count, filename))


def publication(session: Session, what: str, count: int, filename: str | Path) -> None:
    """Record a file without personal data (masked names, or counts only): a ``publish`` entry."""
    from models.safety.audit import record

    record(session, "publish", summary=_output_summary(what, count, filename))


def record_output(session: Session, what: str, count: int, filename: str | Path, *, personal: bool) -> None:
    """:func:`personal_output` or :func:`publication`, as ``personal`` says."""
    (personal_output if personal else publication)(session, what, count, filename)


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
    filename: str | Path | None = None,
) -> ExportData:
    """The rows of ``source`` for an export, after the permission check; logged.

    ``progress(rows_done, rows_total)`` is called after each page of rows
    (from the thread doing the export: the window runs it in a worker). It
    may raise to stop the export; nothing is logged then. ``filename`` (its
    base name only) goes into the audit entry.

    Raises:
        PermissionDenied: a personal list and the actor is not an administrator.
    """
    from models.safety.audit import record

    personal = is_personal(source)
    if personal:
        require_personal_output()
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
            summary=f"{title}: {len(rows)} rows, .{file_format}" + (", filtered" if filter_text else "")
            + (f", {base_name(filename)}" if filename else ""),
        )
    return data
