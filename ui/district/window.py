"""The sub-district's window: its centres × the key figures for a period, PDF… and Excel….

``python main.py district --centres FILE``. Every centre is read in a worker thread
(:mod:`ui.common.worker`) as the sub-district's read-only reader
(:func:`models.district.district_figures`), with the progress in centres; a centre that
did not answer keeps its column, headed "did not answer", its reason under the table.
No login: no centre's database is written, and nothing but counts leaves a centre.
The totals and the rules behind them are the domain's (:mod:`models.district.table`).

A centre on a server whose password the password file (~/.pgpass) does not hold: a
worker first tries the servers (:func:`models.district.centres_needing_password`), then,
on the GUI thread and before the reading starts, ``ask_passwords`` asks once per server
and role (``main.py district`` gives :func:`cli.district.centre_passwords` with the desk's
own password dialog). A password taken is kept in this window's memory until it closes
(the next Show does not ask again), never in a file, a log or the title; Cancel lists
those centres as "no password given" and the others are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.district import Centre, DistrictFigures, ServerPassword, server_key
from ui.common import dialogs
from ui.common.forms import Retranslatable
from ui.common.period_field import PeriodField
from ui.common.style import emphasize


class DistrictWindow(Retranslatable, QMainWindow):
    """Period [2026] [Show] [PDF…] [Excel…]; the table; the centres that did not answer."""

    def __init__(self, centres: list[Centre], parent: QWidget | None = None, *, today: dt.date | None = None,
                 ask_passwords: Callable[[list[Centre]], Mapping] | None = None):
        super().__init__(parent)
        self.setObjectName("districtWindow")
        self.centres = centres
        #: ``ask_passwords(centres)`` → {server key: ServerPassword}; None: never ask (as a script).
        self.ask_passwords = ask_passwords
        self._passwords: dict = {}  # server key → ServerPassword taken (in memory, until the window closes)
        self.figures: DistrictFigures | None = None
        self.worker = None
        self.written: list = []  # the paths written (the tests read them)
        self.label = QLabel()
        self.period = PeriodField("districtPeriod", today=today)
        self.label.setBuddy(self.period)
        self.show_button = QPushButton(objectName="districtShow")
        self.pdf_button = QPushButton(objectName="districtPdf")
        self.xlsx_button = QPushButton(objectName="districtXlsx")
        self.show_button.clicked.connect(lambda: self.read())
        self.period.returnPressed.connect(lambda: self.read())
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        self.error = self.period.error
        self.heading = QLabel(objectName="districtHeading")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(objectName="districtTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setVisible(False)
        self.failures = QLabel(objectName="districtFailures")
        self.failures.setWordWrap(True)
        self.failures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        emphasize(self.failures, px=12, color="#b3261e")
        self.failures.hide()
        self.note = QLabel(objectName="districtNote")
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        for w in (self.label, self.period, self.show_button, self.pdf_button, self.xlsx_button):
            row.addWidget(w)
        row.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.failures)
        layout.addWidget(self.note)
        self.setCentralWidget(body)
        self.resize(1100, 760)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Linli — the sub-district's centres (read-only)"))
        self.label.setText(_("&Period:"))
        self.period.retranslate()
        self.show_button.setText(_("&Show"))
        self.pdf_button.setText(_("PDF…"))
        self.xlsx_button.setText(_("Excel…"))
        from reports.district import explanation

        self.note.setText(explanation())
        if self.figures is not None:
            self.fill(self.figures)
        else:
            self.heading.setText(_("{n} centres listed. Type a period, then press Enter.").format(
                n=len(self.centres)))

    # --- reading, in a worker ---

    def read(self, then=None):  # type: ignore[no-untyped-def]
        """Read every centre for the period in a worker; the worker, or None (a mistyped period).

        First, when a server may ask for a password not yet given: try the servers in a worker,
        ask for the missing passwords here (the GUI thread), then read."""
        period = self.period.period()
        if period is None:
            return None
        centres = list(self.centres)
        known = set(self._passwords)
        unknown = [c for c in centres if c.is_server and server_key(c) not in known]
        if self.ask_passwords is None or not unknown:
            return self._read(centres, period, dict(self._passwords), then)

        def probe(_job):  # type: ignore[no-untyped-def]  # in the worker thread
            from models.district import centres_needing_password

            return centres_needing_password(unknown)

        def ask(needing: list[Centre]) -> None:
            answers: Mapping = self.ask_passwords(needing) if needing else {}  # type: ignore[misc]
            self._passwords.update({k: v for k, v in answers.items()
                                    if isinstance(v, ServerPassword) and v.password is not None})
            self._read(centres, period, {**answers, **self._passwords}, then)

        def asked(needing: list[Centre]) -> None:  # once the progress dialog is gone, not over it
            QTimer.singleShot(0, self, lambda: ask(needing))

        from ui.common.worker import run_in_worker

        self.worker = run_in_worker(self, None, probe, title=_("The sub-district's centres"),  # type: ignore[arg-type]
                                    label=_("Connecting to the servers…"), on_done=asked)
        return self.worker

    def _read(self, centres: list[Centre], period, passwords: Mapping, then):  # type: ignore[no-untyped-def]
        def work(job):  # type: ignore[no-untyped-def]  # in the worker thread
            from models.district import district_figures

            return district_figures(centres, period, progress=job.progress, passwords=passwords)

        def done(figures: DistrictFigures) -> None:
            self.fill(figures)
            if then is not None:
                then(figures)

        from ui.common.worker import run_in_worker

        self.worker = run_in_worker(self, None, work, title=_("The sub-district's centres"),  # type: ignore[arg-type]
                                    label=_("Reading the centres…"), on_done=done)
        return self.worker

    def fill(self, figures: DistrictFigures) -> None:
        """Show ``figures``: a row per figure, a column per centre, the total last."""
        from reports.district import did_not_answer, district_title
        from reports.figures import format_value

        self.figures = figures
        rows = figures.rows()
        headers = [_("Section"), _("Figure")] + [
            c.centre.name if c.answered else f"{c.centre.name}\n({did_not_answer()})" for c in figures.columns]
        headers.append(_("Sub-district total"))
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, row in enumerate(rows):
            cells = [row.section, row.label]
            cells += [format_value(v, row.unit) if c.answered else "—"
                      for v, c in zip(row.values, figures.columns, strict=True)]
            cells.append(format_value(row.total, row.unit) if row.total is not None else "—")
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col >= 2:
                    item.setTextAlignment(right)
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        self.heading.setText(district_title(figures))
        failed = [_("Did not answer: {reason}").format(reason=c.error) for c in figures.failed]
        self.failures.setText("\n".join(failed))
        self.failures.setVisible(bool(failed))

    # --- the files ---

    def save(self, kind: str):  # type: ignore[no-untyped-def]
        """Ask where, then write the shown figures (read first when the period changed) as ``kind``."""
        from ui.common.export import ask_report_path, report_title

        period = self.period.period()
        if period is None:
            return None
        title = report_title(kind)
        name = f"district-{self.period.text().strip().replace('..', '_')}.{kind}"
        path = ask_report_path(self, kind, name)
        if path is None:
            return None

        def write(figures: DistrictFigures):  # type: ignore[no-untyped-def]
            def work(_job):  # type: ignore[no-untyped-def]  # in the worker thread
                from models.core.files import write_bytes
                from reports.district import district_file

                data, missing, _pages = district_file(figures, kind)
                write_bytes(path, data)
                return missing

            def done(missing) -> None:  # type: ignore[no-untyped-def]
                self.written.append(path)
                if missing:
                    dialogs.warning(self, title, _("No font could print: {chars}").format(chars=" ".join(missing)))

            from ui.common.worker import run_in_worker

            self.worker = run_in_worker(self, None, work, title=title,  # type: ignore[arg-type]
                                        label=_("Writing the file…"), on_done=done)
            return self.worker

        if self.figures is not None and self.figures.period == period:
            return write(self.figures)
        return self.read(then=write)


def run_district(centres: list[Centre], language: str | None = None, *,
                 ask_passwords: Callable[[list[Centre]], Mapping] | None = None) -> int:
    """Open the sub-district's window (``main.py district --centres FILE``); ``ask_passwords``: see
    :class:`DistrictWindow`."""
    from PySide6.QtCore import QThreadPool

    from ui.shell.app import install_language, prepare_app

    app = QApplication.instance() or QApplication([])
    prepare_app(app)
    install_language(app, language)
    window = DistrictWindow(centres, ask_passwords=ask_passwords)
    window.show()
    window.period.setFocus()
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()
    return code
