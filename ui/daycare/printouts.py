"""The day-care tab's printouts, written in a worker thread: the attendance sheet
(PDF, a day or a week) and the month's statistics (.xlsx or PDF).

Each asks where first (on the UI thread), then reads, builds and writes in the
worker; the file is recorded as personal output (``export.personal``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from i18n import _, format_number
from models.core.db import Database
from models.core.files import write_bytes  # whole or not at all: no partial file on a full disk
from models.core.settings import load_centre_info
from models.daycare.corrections import attendance_sheet
from models.daycare.statistics import month_stats
from ui.common import dialogs


def print_sheet(parent: QWidget, db: Database, day: dt.date, *, week: bool, show: Callable[[str], None]):  # type: ignore[no-untyped-def]
    """Ask where, then read, build and write the attendance sheet in a worker thread; returns the worker (or None).

    ``show`` puts the outcome in the tab's message line."""
    from ui.common.worker import run_in_worker

    if week:
        monday = day - dt.timedelta(days=day.isoweekday() - 1)
        days = [monday + dt.timedelta(days=i) for i in range(7)]
        suggested = f"daycare-sheet-{monday:%G-W%V}.pdf"
    else:
        days = [day]
        suggested = f"daycare-sheet-{day.isoformat()}.pdf"
    from models.safety.export import ATTENDANCE_SHEET
    from ui.common.export import refused_personal_output, write_recorded

    if refused_personal_output(parent, _("Attendance sheet")):  # full names: export.personal
        return None
    path = dialogs.save_file(parent, _("Save the attendance sheet"), suggested, _("PDF files (*.pdf)"))
    if path is None:
        return None

    def write(job):  # type: ignore[no-untyped-def]  # in the worker thread
        from reports.daycare import attendance_sheet_pdf, sheet_title
        from reports.pdf import DocumentInfo

        with job.db.session() as session:
            sheet = attendance_sheet(session, days, service_days_only=week)  # a week: the centre's service days
            centre = load_centre_info(session)
        info = DocumentInfo(centre_name=centre.name or _("Linli"), title=sheet_title(),
                            address=centre.address, phone=centre.phone)
        result = attendance_sheet_pdf(sheet, info)
        people = len({line.enrolment_id for d in sheet for line in d.lines})
        write_recorded(job.db, path, lambda: write_bytes(path, result.pdf), what=ATTENDANCE_SHEET, count=people,
                       personal=True)
        return result.missing

    def written(missing) -> None:  # type: ignore[no-untyped-def]
        if missing:
            dialogs.warning(parent, _("Attendance sheet"),
                            _("No font has these characters: {chars}").format(chars="".join(missing)))
        show(_("Attendance sheet saved to {path}.").format(path=path))

    # A font or disk problem is shown with the title "Attendance sheet" (run_in_worker's on_error).
    return run_in_worker(
        parent, db, write, title=_("Attendance sheet"), label=_("Writing the attendance sheet…"),
        on_done=written,
    )


def export_month(parent: QWidget, db: Database, day: dt.date, *, show: Callable[[str], None]):  # type: ignore[no-untyped-def]
    """Ask where, then compute and write the month's statistics in a worker thread; returns the worker (or None).

    ``show`` puts the outcome in the tab's message line."""
    from models.safety.export import ATTENDANCE_STATS
    from ui.common.export import refused_personal_output, write_recorded
    from ui.common.worker import run_in_worker

    if refused_personal_output(parent, _("Monthly statistics")):  # the elders' names: export.personal
        return None
    path = dialogs.save_file(
        parent,
        _("Save the monthly statistics"),
        f"daycare-{day:%Y-%m}.xlsx",
        _("Excel workbook (*.xlsx);;PDF files (*.pdf)"),
    )
    if path is None:
        return None
    if path.suffix.lower() not in (".pdf", ".xlsx"):
        path = path.with_suffix(".xlsx")

    def write(job):  # type: ignore[no-untyped-def]  # in the worker thread
        from models.safety.accounts import current_clerk_name
        from reports.daycare import monthly_pdf, monthly_xlsx, stats_title
        from reports.pdf import DocumentInfo

        with db.session() as session:
            stats = month_stats(session, day.year, day.month, with_grid=True)
            centre = load_centre_info(session)
            clerk = current_clerk_name(session)  # the sign-off's 制表人
        job.check()
        if path.suffix.lower() == ".pdf":
            info = DocumentInfo(centre_name=centre.name or _("Linli"), title=stats_title(stats),
                                address=centre.address, phone=centre.phone)
            data = monthly_pdf(stats, info, prepared_by=clerk).pdf
        else:
            data = monthly_xlsx(stats, centre.name, prepared_by=clerk)
        write_recorded(db, path, lambda: write_bytes(path, data), what=ATTENDANCE_STATS,
                       count=len(stats.per_elder), personal=True)
        return stats

    def written(stats) -> None:  # type: ignore[no-untyped-def]
        show(
            _("{month}: {total} person-times, {average} a day on average; saved to {path}.").format(
                month=f"{day:%Y-%m}", total=stats.total, average=format_number(stats.average, 1), path=path
            )
        )

    return run_in_worker(
        parent, db, write, title=_("Monthly statistics"), label=_("Writing the monthly statistics…"),
        on_done=written, cancellable=True,
    )
