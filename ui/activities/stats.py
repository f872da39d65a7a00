"""Monthly statistics of activities: choose the month, see the figures, save
them as a PDF or an Excel workbook (.xlsx). The figures come from
``models.activities.monthly_statistics``; the paper from ``reports.activities``."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_number
from models.activities.labels import CATEGORY_LABELS
from models.activities.statistics import MonthlyStatistics, monthly_statistics
from models.core.db import Database
from models.core.errors import LinliError
from ui.common.forms import Retranslatable
from ui.common.month_picker import MonthPicker


def _rate(value: float | None) -> str:
    return "—" if value is None else format_number(value * 100, 1) + "%"


class StatisticsDialog(Retranslatable, QDialog):
    """Pick a month (this month to start with), then PDF or Excel."""

    def __init__(self, db: Database, day: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("activityStatsDialog")
        self._db = db
        self.resize(560, 340)
        day = day or dt.date.today()
        self.month = MonthPicker(day, latest=dt.date(day.year + 1, 12, 31))
        self.month.dateChanged.connect(lambda _d: self.refresh())
        self.month_label = QLabel()
        self.month_label.setBuddy(self.month)
        self.summary = QLabel(objectName="statsSummary")
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pdf_button = QPushButton(objectName="statsPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(objectName="statsXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.month_label)
        top.addWidget(self.month)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.xlsx_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary, 1)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        self.stats: MonthlyStatistics | None = None
        self.retranslate()

    @property
    def year_month(self) -> tuple[int, int]:
        d = self.month.date()
        return d.year(), d.month()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Monthly statistics of activities"))
        self.month_label.setText(_("&Month:"))
        self.pdf_button.setText(_("Save as &PDF…"))
        self.xlsx_button.setText(_("Save as &Excel…"))
        self.refresh()

    def refresh(self) -> None:
        year, month = self.year_month
        try:
            with self._db.session() as s:
                self.stats = monthly_statistics(s, year, month)
        except LinliError as exc:
            self.stats = None
            self.summary.setText(str(exc))
            self.pdf_button.setEnabled(False)
            self.xlsx_button.setEnabled(False)
            return
        st = self.stats
        lines = [_("Activities in {year}-{month:02d}").format(year=year, month=month),
                 _("Activities held: {held}. Participant person-times: {times}. Attendance rate: {rate}. "
                   "Cancelled: {cancelled}.").format(held=st.held, times=st.attended, rate=_rate(st.rate),
                                                     cancelled=st.cancelled), ""]
        for c in st.by_category:
            lines.append(_("{category}: {held} held, {times} person-times, attendance {rate}").format(
                category=_(CATEGORY_LABELS.get(c.category, c.category)), held=c.held, times=c.attended,
                rate=_rate(c.rate)))
        if not st.by_category:
            lines.append(_("No activities were held in this month."))
        self.summary.setText("\n".join(lines))
        self.pdf_button.setEnabled(True)
        self.xlsx_button.setEnabled(True)

    def export(self, kind: str):  # type: ignore[no-untyped-def]
        """Ask where, then write the PDF or .xlsx in a worker thread; returns the worker (or None)."""
        from models.safety.export import ACTIVITY_STATS
        from reports.activities import monthly_statistics_pdf, monthly_statistics_xlsx
        from ui.common.export import save_statistics

        self.refresh()
        if self.stats is None:
            return None
        stats = self.stats
        self.export_worker = save_statistics(  # counts only: a publication
            self, self._db, kind, f"activities-{stats.year:04d}-{stats.month:02d}.{kind}", what=ACTIVITY_STATS,
            pdf=lambda centre, clerk: monthly_statistics_pdf(stats, centre, prepared_by=clerk),
            xlsx=lambda path, clerk: monthly_statistics_xlsx(stats, path, prepared_by=clerk))
        return self.export_worker
