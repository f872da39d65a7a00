"""The work report made from the window: a period, then PDF… or Excel…, written in a worker thread.

The same report as ``main.py report --period`` (:func:`models.figures.work_report`,
:func:`reports.figures.work_report_file`): counts only, so it is recorded as a
publication in the audit trail. A period the clerk mistyped is said under the
field, and nothing is asked or written.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from i18n import _
from models.core.db import Database
from models.core.errors import ValidationFailed
from ui.common import dialogs
from ui.common.forms import Retranslatable
from ui.common.style import emphasize


class ReportBar(Retranslatable, QWidget):
    """Period [2026] [Work report (PDF)…] [Excel…], and the period's error under them."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self._db = db
        self.worker = None
        self.written: list = []  # the paths written (the tests read them)
        self.label = QLabel()
        self.period = QLineEdit(objectName="reportPeriod")
        self.period.setText(str((today or dt.date.today()).year))
        self.period.setMaximumWidth(190)
        self.label.setBuddy(self.period)
        self.pdf_button = QPushButton(objectName="reportPdf")
        self.xlsx_button = QPushButton(objectName="reportXlsx")
        self.pdf_button.clicked.connect(lambda: self.make("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.make("xlsx"))
        self.period.returnPressed.connect(lambda: self.make("pdf"))
        self.error = QLabel(objectName="reportError")
        self.error.setWordWrap(True)
        emphasize(self.error, px=12, color="#b3261e")
        self.error.hide()
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
        self.period.setPlaceholderText("2026 | 2026H1 | 2026Q3 | 2026-07")
        self.period.setToolTip(_("A year (2025), a half-year (2025H1), a quarter (2025Q3), a month (2025-07) "
                                 "or two dates (2025-01-01..2025-06-30)."))
        self.pdf_button.setText(_("PDF…"))
        self.xlsx_button.setText(_("Excel…"))

    def make(self, kind: str):  # type: ignore[no-untyped-def]
        """Ask where, then write the period's report as ``kind`` in a worker; the worker, or None."""
        from models.figures import parse_period
        from ui.common.export import ask_report_path, report_title

        try:
            period = parse_period(self.period.text())
        except ValidationFailed as exc:
            self.error.setText(exc.errors.get("period", str(exc)))
            self.error.show()
            self.period.setFocus()
            return None
        self.error.hide()
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
