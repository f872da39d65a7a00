"""Import residents or day-care elders: choose the file, check the column mapping, dry run, import.

Every rule is in :mod:`models.core.importer`; this dialog shows the suggested
mapping (one drop-down per field), runs a dry run or the real import (all or
nothing, a backup first) and lists the problems by row and column; the
report can be saved as .xlsx.

A large file (over :data:`READ_IN_WORKER_BYTES`) is read in a worker thread,
and every check or import runs in one, behind a progress bar with a Cancel
button (shown when the work lasts over half a second). Cancel stops the
reading or the checking; nothing is written (no rows, no backup, no audit
entry). Once the rows are checked and the backup is being taken, the import
runs to its end (one transaction) and a late Cancel is ignored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.core.db import Database
from models.core.errors import LinliError
from models.core.importer import (
    Cancelled,
    ImportFailed,
    ImportReport,
    Table,
    fields_for,
    import_people,
    read_table,
    report_table,
    suggest_mapping,
)
from reports.export import write_xlsx
from ui.common import dialogs
from ui.common.forms import Retranslatable

#: Files larger than this are read in a worker thread, with progress and Cancel.
READ_IN_WORKER_BYTES = 1024 * 1024


class ImportDialog(Retranslatable, QDialog):
    """The import, step by step. ``imported`` is emitted after a real import wrote."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = None
        self.setObjectName("importDialog")
        self.db = db
        self.table: Table | None = None
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.combos: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        self.resize(680, 640)

        self.file_label = QLabel(objectName="importFile")
        self.choose_button = QPushButton(objectName="chooseFile")
        self.choose_button.clicked.connect(self.choose_file)
        self.kind = QComboBox(objectName="importKind")
        self.kind.addItems(["", ""])
        self.kind.currentIndexChanged.connect(lambda _i: self._build_mapping())
        self.mapping_box = QWidget()
        self.mapping_form = QFormLayout(self.mapping_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping_box)
        self.summary = QLabel(objectName="importSummary")
        self.summary.setWordWrap(True)
        self.problems = QListWidget(objectName="importProblems")
        self.check_button = QPushButton(objectName="dryRun")
        self.check_button.clicked.connect(lambda: self.run(dry_run=True))
        self.import_button = QPushButton(objectName="runImport")
        self.import_button.clicked.connect(lambda: self.run(dry_run=False))
        self.report_button = QPushButton(objectName="saveReport")
        self.report_button.clicked.connect(self.save_report)
        self.close_button = QPushButton(objectName="closeImport")
        self.close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.kind)
        buttons = QHBoxLayout()
        for b in (self.check_button, self.import_button, self.report_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self._update_buttons()

    @property
    def kind_key(self) -> str:
        return ("residents", "elders")[max(0, self.kind.currentIndex())]

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import residents or elders"))
        self.file_label.setText(str(self.path) if self.path else _("No file chosen (.xlsx or .csv, UTF-8 or GBK)."))
        self.choose_button.setText(_("&Choose file…"))
        self.kind.setItemText(0, _("Residents"))
        self.kind.setItemText(1, _("Day-care elders (registered and enrolled)"))
        self.check_button.setText(_("&Check only (dry run)"))
        self.import_button.setText(_("&Import"))
        self.report_button.setText(_("Save &report…"))
        self.close_button.setText(_("Close"))
        for key, english, _aliases in fields_for(self.kind_key):
            if key in self.labels:
                self.labels[key].setText(_(english))
            if key in self.combos:
                self.combos[key].setItemText(0, _("(not in the file)"))

    # --- steps -----------------------------------------------------------------------

    def choose_file(self) -> None:
        path = dialogs.open_file(self, _("Import"), _("Workbooks and CSV (*.xlsx *.csv);;All files (*)"))
        if path is not None:
            self.load(path)

    def load(self, path: Path):  # type: ignore[no-untyped-def]
        """Read the file: at once when small, else in a worker (returned) with progress and Cancel."""
        path = Path(path)
        try:
            large = path.stat().st_size > READ_IN_WORKER_BYTES
        except OSError:
            large = False
        if not large:
            try:
                table = read_table(path)
            except LinliError as exc:
                dialogs.error(self, _("Import"), str(exc))
                return None
            self._loaded(path, table)
            return None
        from ui.common.worker import Cancelled as WorkerCancelled
        from ui.common.worker import run_in_worker

        if self.worker is not None and self.worker.running:
            return None

        def work(job):  # type: ignore[no-untyped-def]  # in the worker thread
            try:
                return read_table(path, progress=lambda done, total: job.progress(done, total) or not job.cancelled)
            except Cancelled:
                raise WorkerCancelled from None

        self.worker = run_in_worker(
            self, self.db, work, title=_("Import"), label=_("Reading {file}…").format(file=path.name),
            on_done=lambda table: self._loaded(path, table),
            on_error=lambda message: dialogs.error(self, _("Import"), message),
            cancellable=True,
        )
        self.worker.done.connect(self._update_buttons)
        self._update_buttons()
        return self.worker

    def _loaded(self, path: Path, table: Table) -> None:
        self.table = table
        self.path = path
        self.file_label.setText(str(self.path))
        self._build_mapping()

    def _build_mapping(self) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos.clear()
        self.labels.clear()
        self.report = None
        if self.table is None:
            self._update_buttons()
            return
        suggested = suggest_mapping(self.table.headers, self.kind_key)
        for key, english, _aliases in fields_for(self.kind_key):
            combo = QComboBox(objectName=f"map_{key}")
            combo.addItem(_("(not in the file)"), None)
            for i, header in enumerate(self.table.headers):
                combo.addItem(header or _("column {n}").format(n=i + 1), i)
            if key in suggested:
                combo.setCurrentIndex(suggested[key] + 1)
            label = QLabel(_(english))
            self.labels[key], self.combos[key] = label, combo
            self.mapping_form.addRow(label, combo)
        self.summary.setText("")
        self.problems.clear()
        self._update_buttons()

    def mapping(self) -> dict[str, int | None]:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def run(self, *, dry_run: bool):  # type: ignore[no-untyped-def]
        """Check (or import) the rows in a worker thread; returns the worker (None when nothing started).

        The dialog shows the outcome when the worker's ``done`` signal arrives; the
        buttons stay disabled while it runs.
        """
        from ui.common.worker import Cancelled as WorkerCancelled
        from ui.common.worker import run_in_worker

        if self.table is None or (self.worker is not None and self.worker.running):
            return None
        if not dry_run and not dialogs.confirm(
            self, _("Import"),
            _("Import {rows} rows? A backup is made first; if any row has a problem nothing is written.").format(
                rows=self.table.data_rows),
            ok_text=_("&Import"),
        ):
            return None
        self.problems.clear()
        table, kind, mapping = self.table, self.kind_key, self.mapping()

        def work(job):  # type: ignore[no-untyped-def]  # in the worker thread: import_people opens its own sessions
            def progress(done: int, total: int) -> bool:
                job.progress(done, total)
                return not job.cancelled

            try:
                report = import_people(job.db, table, kind=kind, mapping=mapping, dry_run=dry_run, progress=progress)
            except ImportFailed as exc:
                return exc.report, str(exc)
            except Cancelled:
                raise WorkerCancelled from None
            job._cancel.clear()  # noqa: SLF001 - a Cancel pressed after the point of no return: it was written
            return report, ""

        self.worker = run_in_worker(
            self, self.db, work, title=_("Import"),
            label=_("Checking the rows…") if dry_run else _("Importing…"),
            on_done=lambda out: self._show_report(out[0], out[1], dry_run=dry_run),
            on_error=self._show_error,
            cancellable=True,
        )
        self.worker.cancelled.connect(self._show_cancelled)
        self.worker.done.connect(self._update_buttons)
        self._update_buttons()
        return self.worker

    def _show_cancelled(self) -> None:
        self.report = None
        self.summary.setText(_("The import was cancelled; nothing was written."))

    def _show_error(self, message: str) -> None:
        self.report = None
        self.summary.setText(message)
        self._update_buttons()

    def _show_report(self, report: ImportReport, failure: str, *, dry_run: bool) -> None:
        if failure:
            self.summary.setText(failure)
        elif dry_run:
            self.summary.setText(_("{rows} rows checked: no problems. Nothing was written yet.").format(rows=report.rows))
        else:
            self.summary.setText(
                _("Imported {rows} rows: {created} new residents, {enrolled} enrolled in day care.").format(
                    rows=report.rows, created=report.created, enrolled=report.enrolled)
            )
            parent = self.parent()
            tab = getattr(parent, "lazy_tabs", {}).get("residents")
            if tab is not None and tab.content is not None:
                tab.content.model.reload()
        for p in report.problems:
            self.problems.addItem(str(p))
        for w in report.warnings:
            self.problems.addItem(_("Warning: {problem}").format(problem=w))
        self.report = report
        self._update_buttons()

    def save_report(self) -> Path | None:
        if self.report is None:
            return None
        path = dialogs.save_file(self, _("Save the report"), "import-report.xlsx", _("Excel workbook (*.xlsx)"))
        if path is None:
            return None
        headers, rows = report_table(self.report)
        try:
            write_xlsx(path.with_suffix(".xlsx"), headers, rows, sheet_title=_("Import report"), numeric=[0])
        except OSError as exc:
            dialogs.error(self, _("Save the report"), str(exc))
            return None
        return path.with_suffix(".xlsx")

    def _update_buttons(self) -> None:
        loaded = self.table is not None and not (self.worker is not None and self.worker.running)
        self.check_button.setEnabled(loaded)
        self.import_button.setEnabled(loaded)
        self.report_button.setEnabled(self.report is not None)


def open_import_dialog(window) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(window.db, parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.import_dialog = dialog
    dialog.open()
    return dialog
