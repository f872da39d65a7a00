"""Export… for any list built on :class:`ui.lazy_model.LazyTableModel`.

File → Export this list… (Ctrl+E) exports the list shown in the current tab,
with its filter and order, as .xlsx (the default) or CSV with a BOM. The
permission check and the audit entry are the domain's
(:func:`models.export.export_list`); the file is written by
:mod:`reports.export`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QTableView, QWidget

from i18n import _
from models.errors import LinliError
from models.export import export_list
from reports.export import format_for, write_table
from ui import dialogs
from ui.lazy_model import LazyTableModel


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
    """Ask where, then export ``model``'s list there. Returns the path written (or None)."""
    suggested = f"{title}-{dt.date.today().isoformat()}.xlsx"
    path = dialogs.save_file(
        parent, _("Export the list"), suggested, _("Excel workbook (*.xlsx);;CSV for Excel, UTF-8 with BOM (*.csv)")
    )
    if path is None:
        return None
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_suffix(".xlsx")
    try:
        data = export_list(
            db,
            model.source,
            title=title,
            filter_text=model.filter_text,
            sort_key=getattr(model, "_sort_key", None),
            descending=getattr(model, "_descending", False),
            file_format=format_for(path),
        )
        write_table(path, data.headers, data.rows, sheet_title=title, numeric=data.numeric)
    except LinliError as exc:
        dialogs.error(parent, _("Export the list"), str(exc))
        return None
    except OSError as exc:
        dialogs.error(parent, _("Export the list"), _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror))
        return None
    dialogs.info(parent, _("Export the list"), _("{count} rows written to {path}.").format(count=len(data.rows), path=path))
    return path


def export_current_list(window):  # type: ignore[no-untyped-def]
    """File → Export this list…: the list of the current tab."""
    index = window.tabs.currentIndex()
    holder = window.tabs.widget(index)
    content = holder.build() if hasattr(holder, "build") else holder
    model = find_list(content)
    if model is None:
        dialogs.info(window, _("Export the list"), _("This tab has no list to export."))
        return None
    return export_model(window, window.db, model, window.tabs.tabText(index).replace("&", ""))
