"""The day's delivery list (internal PDF: names, addresses, phones, diet notes),
built and written in a worker thread."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QWidget,
)

from i18n import _, format_date
from models.core.db import Database
from models.core.files import write_bytes  # whole or not at all: no partial file on a full disk
from models.meals.delivery import delivery_list
from ui.common import dialogs
from ui.meals.common import doc_info, not_written, tell_saved


def save_delivery_list(parent: QWidget, db: Database, day: dt.date):  # type: ignore[no-untyped-def]
    """Ask where, then build and write the day's delivery list (internal PDF) in a worker thread.

    Returns the worker (or None when nothing is to be delivered or no path was
    chosen). The day's lines are read first, on the UI thread (a few dozen
    rows): with none, the clerk is told so before any file dialog.
    """
    from models.safety.export import DELIVERY
    from ui.common.export import refused_personal_output, write_recorded
    from ui.common.worker import run_in_worker

    if refused_personal_output(parent, _("Delivery list")):  # names, addresses, phones: export.personal
        return None
    with db.session() as session:
        lines = delivery_list(session, day, None)
    if not lines:
        dialogs.info(parent, _("Delivery list"), _("No meals are to be delivered on {date}.").format(date=format_date(day, "medium")))
        return None
    path = dialogs.save_file(parent, _("Save the delivery list"), f"delivery-{day.isoformat()}.pdf", _("PDF (*.pdf)"))
    if path is None:
        return None

    def build(job):  # type: ignore[no-untyped-def]  # in the worker thread
        from reports.fonts import FontError
        from reports.meals import delivery_pdf

        try:
            result = delivery_pdf(lines, doc_info(job.db), day=day)
        except FontError as exc:
            return "font", str(exc)
        people = len({(line.name, line.address) for line in lines})
        try:
            write_recorded(job.db, path, lambda: write_bytes(path, result.pdf), what=DELIVERY, count=people,
                           personal=True)
        except OSError as exc:
            return "disk", exc.strerror
        return "saved", result.missing

    def done(outcome) -> None:  # type: ignore[no-untyped-def]
        kind, detail = outcome
        if kind == "font":
            dialogs.error(parent, _("Not printed"), detail)
        elif kind == "disk":
            not_written(parent, path, detail)
        else:
            tell_saved(parent, path, detail)

    return run_in_worker(
        parent, db, build, title=_("Delivery list"), label=_("Writing the delivery list…"), on_done=done,
    )
