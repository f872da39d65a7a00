"""Export… for any list built on :class:`ui.common.lazy_model.LazyTableModel`.

File → Export this list… (Ctrl+E) exports the list shown in the current tab,
with its filter and order, as .xlsx (the default) or CSV with a BOM. The
permission check and the audit entry are the domain's
(:func:`models.safety.export.export_list`); the file is written by
:mod:`reports.export`. Both run in a worker thread (:mod:`ui.common.worker`): the
path is asked first, then the rows are read from the list's
:class:`~models.core.listing.ListSource` with the worker's own session (not
through the Qt model), page by page, with the progress in rows and Cancel
between pages (a cancelled export writes no file and logs nothing).
"""

from __future__ import annotations

import copy
import datetime as dt

from PySide6.QtWidgets import QTableView, QWidget

from i18n import _
from models.safety.export import export_list
from reports.export import format_for, write_table
from ui.common import dialogs
from ui.common.lazy_model import LazyTableModel


def refused_personal_output(parent: QWidget | None, title: str) -> bool:
    """Whether the actor may NOT take personal data out (the refusal is then shown, under ``title``).

    The window asks before the file dialog; the domain checks again when the
    file is written (:func:`models.safety.export.personal_output`), so a hidden or
    forgotten button is never the only guard.
    """
    from models.safety.export import require_personal_output
    from models.safety.security import PermissionDenied

    try:
        require_personal_output()
    except PermissionDenied as exc:
        dialogs.error(parent, title, str(exc))
        return True
    return False


def report_title(kind: str) -> str:
    """The save dialog's (and its messages') title for a report of ``kind`` "pdf" or "xlsx"."""
    return _("Save PDF") if kind == "pdf" else _("Save the workbook")


def ask_report_path(parent: QWidget | None, kind: str, name: str):  # type: ignore[no-untyped-def]
    """Where to save a statistics report (``kind`` "pdf" or "xlsx", ``name`` the proposed file):
    the chosen path with the right suffix, or None when the clerk cancels."""
    file_filter = _("PDF files (*.pdf)") if kind == "pdf" else _("Excel workbook (*.xlsx)")
    path = dialogs.save_file(parent, report_title(kind), name, file_filter)
    if path is not None and path.suffix.lower() != f".{kind}":
        path = path.with_name(path.name + f".{kind}")
    return path


def save_statistics(parent: QWidget, db, kind: str, name: str, *, what: str, pdf, xlsx):  # type: ignore[no-untyped-def]
    """Ask where, then write counts-only statistics with the sign-off in a worker thread; the worker or None.

    ``pdf(centre, clerk)`` returns a :class:`reports.pdf.PdfResult`; ``xlsx(path, clerk)`` writes the
    workbook (the clerk's name is the sign-off's 制表人). The file is recorded as a publication.
    """
    from models.core.files import write_bytes  # whole or not at all
    from ui.common.worker import run_in_worker

    title = report_title(kind)
    path = ask_report_path(parent, kind, name)
    if path is None:
        return None

    def write(job):  # type: ignore[no-untyped-def]  # in the worker thread
        from models.core.settings import load_centre_info
        from models.safety.accounts import current_clerk_name

        with job.db.session() as s:
            centre = load_centre_info(s)
            clerk = current_clerk_name(s)
        if kind == "pdf":
            result = pdf(centre, clerk)
            write_recorded(job.db, path, lambda: write_bytes(path, result.pdf), what=what, count=0, personal=False)
            return result.missing
        write_recorded(job.db, path, lambda: xlsx(path, clerk), what=what, count=0, personal=False)
        return []

    def written(missing) -> None:  # type: ignore[no-untyped-def]
        if missing:
            dialogs.warning(parent, title, _("No font could print: {chars}").format(chars=" ".join(missing)))

    return run_in_worker(parent, db, write, title=title, label=_("Writing the statistics…"), on_done=written)


def write_recorded(db, path, write, *, what: str, count: int, personal: bool) -> None:  # type: ignore[no-untyped-def]
    """Record the file (an export or a publication, :mod:`models.safety.export`) and write it, in one transaction.

    Raises:
        PermissionDenied: personal data and the actor may not export it (no file written).
        OSError: the file cannot be written (no entry kept).
    """
    from models.safety.export import record_output

    with db.write() as session:
        record_output(session, what, count, path, personal=personal)
        write()


def find_list(widget: QWidget | None) -> LazyTableModel | None:
    """The lazy list shown in ``widget`` (the focused one first, else the first visible)."""
    if widget is None:
        return None
    views = [v for v in widget.findChildren(QTableView) if isinstance(v.model(), LazyTableModel)]
    for view in views:
        if view.hasFocus():
            return view.model()  # type: ignore[return-value]
    visible = [v for v in views if v.isVisibleTo(widget)]
    chosen = (visible or views or [None])[0]
    return chosen.model() if chosen is not None else None  # type: ignore[return-value]


def export_model(parent: QWidget | None, db, model: LazyTableModel, title: str):  # type: ignore[no-untyped-def]
    """Ask where, then export ``model``'s list there in a worker thread. Returns the worker (or None)."""
    from ui.common.worker import run_in_worker

    suggested = f"{title}-{dt.date.today().isoformat()}.xlsx"
    path = dialogs.save_file(
        parent, _("Export the list"), suggested, _("Excel workbook (*.xlsx);;CSV for Excel, UTF-8 with BOM (*.csv)")
    )
    if path is None:
        return None
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".xlsx")
    # What the list shows now: its source (a copy: the tab may change its day or scope meanwhile),
    # filter and order. The worker reads the rows itself, in SQL.
    source = copy.copy(model.source)
    filter_text = model.filter_text
    sort_key = getattr(model, "_sort_key", None)
    descending = getattr(model, "_descending", False)

    def export(job):  # type: ignore[no-untyped-def]  # in the worker thread
        def step(done: int, total: int) -> None:
            job.progress(done, total)
            job.check()  # Cancel between pages: nothing written, nothing logged

        data = export_list(
            job.db, source, title=title, filter_text=filter_text, sort_key=sort_key, descending=descending,
            file_format=format_for(path), progress=step, filename=path.name,
        )
        try:
            write_table(path, data.headers, data.rows, sheet_title=title, numeric=data.numeric)
        except OSError as exc:
            return None, exc.strerror
        return len(data.rows), None

    def done(outcome) -> None:  # type: ignore[no-untyped-def]
        count, reason = outcome
        if count is None:
            dialogs.error(parent, _("Export the list"), _("Cannot write {path}: {reason}").format(path=path, reason=reason))
        else:
            dialogs.info(parent, _("Export the list"), _("{count} rows written to {path}.").format(count=count, path=path))

    # A refusal (PermissionDenied) or another failure is shown under "Export the list" (run_in_worker's on_error).
    return run_in_worker(
        parent, db, export, title=_("Export the list"), label=_("Exporting the list…"), on_done=done, cancellable=True,
    )


def export_current_list(window):  # type: ignore[no-untyped-def]
    """File → Export this list…: the list of the current tab."""
    index = window.tabs.currentIndex()
    holder = window.tabs.widget(index)
    content = holder.build() if hasattr(holder, "build") else holder
    model = find_list(content)
    if model is None:
        dialogs.info(window, _("Export the list"), _("This tab has no list to export."))
        return None
    window.export_worker = export_model(window, window.db, model, window.tabs.tabText(index).replace("&", ""))
    return window.export_worker
