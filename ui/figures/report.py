"""The work report made from the window: a period, then PDF… or Excel…, written in a worker thread.

The same report as ``main.py report --period`` (:func:`models.figures.work_report`,
:func:`reports.figures.work_report_file`): counts only, so it is recorded as a
publication in the audit trail. A period the clerk mistyped is said under the
field, and nothing is asked or written.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from i18n import _
from models.core.db import Database
from ui.common import dialogs
from ui.common.forms import Retranslatable
from ui.common.period_field import PeriodField


class ReportBar(Retranslatable, QWidget):
    """Period [2026] [Work report (PDF)…] [Excel…], and the period's error under them."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self._db = db
        self.worker = None
        self.written: list = []  # the paths written (the tests read them)
        self.label = QLabel()
        self.period = PeriodField("reportPeriod", today=today)
        self.label.setBuddy(self.period)
        self.pdf_button = QPushButton(objectName="reportPdf")
        self.xlsx_button = QPushButton(objectName="reportXlsx")
        self.pdf_button.clicked.connect(lambda: self.make("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.make("xlsx"))
        self.period.returnPressed.connect(lambda: self.make("pdf"))
        self.error = self.period.error
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.label, self.period, self.pdf_button, self.xlsx_button):
            row.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(_("Work report for &period:"))
        self.period.retranslate()
        self.pdf_button.setText(_("PDF…"))
        self.xlsx_button.setText(_("Excel…"))

    def make(self, kind: str):  # type: ignore[no-untyped-def]
        """Ask where, then write the period's report as ``kind`` in a worker; the worker, or None."""
        from ui.common.export import ask_report_path, report_title

        period = self.period.period()
        if period is None:
            return None
        title = report_title(kind)
        path = ask_report_path(self, kind, f"work-report-{self.period.text().strip().replace('..', '_')}.{kind}")
        if path is None:
            return None

        def write(job):  # type: ignore[no-untyped-def]  # in the worker thread
            from models.core.files import write_bytes
            from models.core.settings import load_centre_info
            from models.figures import WORK_REPORT, work_report
            from reports.figures import work_report_file
            from ui.common.export import write_recorded

            with job.db.session() as s:
                report = work_report(s, period)
                centre = load_centre_info(s)
            data, missing, _pages = work_report_file(report, centre, kind)
            write_recorded(job.db, path, lambda: write_bytes(path, data), what=WORK_REPORT, count=0,
                           personal=False)  # counts only: a publication
            return missing

        def done(missing) -> None:  # type: ignore[no-untyped-def]
            self.written.append(path)
            if missing:
                dialogs.warning(self, title, _("No font could print: {chars}").format(chars=" ".join(missing)))

        from ui.common.worker import run_in_worker

        self.worker = run_in_worker(self, self._db, write, title=title, label=_("Writing the work report…"),
                                    on_done=done)
        return self.worker
