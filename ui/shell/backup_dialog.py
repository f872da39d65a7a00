"""Backups in the window: the File-menu entries, the 30-minute timer, the Backups dialog.

:func:`install_safety_menu` (called at the main window's ``# --- menu: safety ---``
anchor) adds File → Back up now, Backups…, Restore…, Import…, Export list…, and
starts a :class:`BackupScheduler` for the window's database. The rules (when,
where, rotation, verification) live in :mod:`models.safety.backup`.

A backup of ten years of data takes seconds (issue 9: 6 s for 288 MB), so
Back up now and the timer run it in a worker thread (:class:`BackupRunner`,
one :class:`ui.common.worker.Worker` at a time: the backup opens its own sqlite3
connections there) with a progress bar in the status bar; the window keeps
working. At close it runs in the foreground
behind a progress dialog.

On a PostgreSQL server (``Database.path`` is None) Back up now makes a dump with the
server's ``pg_dump`` (:mod:`models.safety.server_backup`), in the same worker; the timer
and the backup at close are off there (the server's owner schedules its dumps, and several
desks closing would each dump the same database).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, format_time
from models.core.db import Database
from models.core.errors import LinliError
from models.safety.backup import (
    INTERVAL_MINUTES,
    KIND_LABELS,
    BackupResult,
    ChangeWatcher,
    load_second_folder,
    record_backup,
    save_second_folder,
)
from models.safety.server_backup import back_up_database, backup_folder_of, backups_of, is_verified
from models.safety.startup import is_read_only
from ui.common import dialogs
from ui.common.forms import Retranslatable
from ui.common.worker import Job, Worker


class BackupRunner(QObject):
    """One backup at a time in a worker thread: a :class:`ui.common.worker.Worker` on the runner's own
    one-thread pool (``models.safety.server_backup.back_up_database``: a file's backup opens its own
    connections there, a server's dump runs pg_dump and pg_restore from there).

    Signals (delivered on the UI thread): ``progressed(stage, done, total)`` —
    "copy" with pages, then "verify" —, ``finished(result, error)`` with a
    :class:`~models.safety.backup.BackupResult` or None and the reason.
    """

    progressed = Signal(str, int, int)
    finished = Signal(object, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.kind: str | None = None
        self.worker: Worker | None = None

    def busy(self) -> bool:
        return self.kind is not None

    def start(self, db: Database, kind: str) -> bool:
        """Start a backup of ``db`` (a file or a server); False when one is already running."""
        if self.busy():
            return False
        self.kind = kind
        progressed = self.progressed  # emitted in the worker thread, delivered (queued, in order) on the UI thread

        def back_up(_job: Job) -> BackupResult:  # in the worker thread
            return back_up_database(db, kind, progress=progressed.emit)

        worker = Worker(None, back_up, self)
        worker.finished.connect(lambda result: self._finish(result, ""))
        worker.failed.connect(lambda error: self._finish(None, error))
        worker.done.connect(worker.deleteLater)
        self.worker = worker
        worker.start(self.pool)
        return True

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the worker (at close); the finished signal follows with the next events."""
        return self.pool.waitForDone(msecs)

    def _finish(self, result: BackupResult | None, error: str) -> None:
        self.kind = None
        self.worker = None
        self.finished.emit(result, error)


class BackupProgress(QWidget):
    """The status bar's "Backing up…" and its bar, shown while a backup runs."""

    def __init__(self, runner: BackupRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupProgress")
        self.label = QLabel()
        self.bar = QProgressBar(objectName="backupProgressBar")
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        runner.progressed.connect(self.show_progress)
        runner.finished.connect(lambda *_a: self.hide())
        self.hide()

    def show_progress(self, stage: str, done: int, total: int) -> None:
        if stage == "copy":
            self.label.setText(_("Backing up…"))
            self.bar.setRange(0, total)  # 0, 0 (a server's dump): busy, pg_dump has no steps to count
            self.bar.setValue(done)
        else:
            self.label.setText(_("Checking the backup…"))
            self.bar.setRange(0, 0)  # busy: the check has no steps to count
        self.show()


def _result_text(result: BackupResult) -> str:
    if is_verified(result.path):
        text = _("Backup written and checked: {path}").format(path=result.path)
    else:
        text = _("Backup written but NOT checked: {path}").format(path=result.path)
    for copy in result.copies:
        text += "\n" + _("Copy: {path}").format(path=copy)
    for note in result.notes:
        text += "\n" + note
    return text


def backup_now(parent: QWidget | None, db: Database, kind: str = "manual",
               runner: BackupRunner | None = None) -> BackupRunner | None:
    """Start a backup in the background; the clerk is told where it went (or why it failed) when it ends.

    Returns the runner (its ``finished`` signal ends the backup), None when
    nothing was started. Without a runner of the window's, one is made for
    this backup.
    """
    if is_read_only(db):
        dialogs.warning(parent, _("Back up"), _("This database cannot be backed up from here."))
        return None
    if runner is None:
        scheduler = getattr(parent, "backup_scheduler", None)
        runner = scheduler.runner if scheduler is not None else BackupRunner(parent)
    if runner.busy():
        dialogs.info(parent, _("Back up"), _("A backup is already running; it will be done in a moment."))
        return None

    def done(result: BackupResult | None, error: str) -> None:
        runner.finished.disconnect(done)
        if result is None:
            dialogs.error(parent, _("Back up"), error)
            return
        try:
            record_backup(db, kind, result)
        except LinliError as exc:
            dialogs.error(parent, _("Back up"), str(exc))
            return
        dialogs.info(parent, _("Back up"), _result_text(result))

    runner.finished.connect(done)
    runner.start(db, kind)
    return runner


class BackupScheduler(QObject):
    """Every 30 minutes while there are changes, and when the application quits."""

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.last_error = ""
        self.last_warning = ""  # the clock went back (models.safety.backup.clock_warning)
        self.last_path: Path | None = None
        self.runner = BackupRunner(self)
        self.runner.finished.connect(self._finished)
        self._as_of: int | None = None
        self.watcher: ChangeWatcher | None = None
        if db.path is not None and not is_read_only(db):
            self.watcher = watcher = ChangeWatcher(db.path)
            self.destroyed.connect(lambda *_a: watcher.close())
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MINUTES * 60 * 1000)
        self.timer.timeout.connect(lambda: self.start("timer"))
        if self.watcher is not None:
            self.timer.start()
            app = QApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self.on_quit)

    def on_quit(self) -> None:
        """At close: the backup in the foreground, behind a progress dialog (the window is going)."""
        self.runner.wait()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)  # its finished signal
        if self.watcher is None or not self.watcher.changed():
            return
        dialog = QProgressDialog(_("Backing up before Linli closes…"), "", 0, 0)
        dialog.setObjectName("closeBackupProgress")
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.runner.progressed.connect(lambda stage, done, total: (
            dialog.setRange(0, total if stage == "copy" else 0), dialog.setValue(done)))
        dialog.show()
        self.start("close")
        while not self.runner.wait(50):
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        dialog.close()
        dialog.deleteLater()

    def start(self, kind: str) -> bool:
        """Start a backup in the worker if something changed since the last one (the domain decides).

        False when nothing changed or a backup is already running; the
        runner's ``finished`` signal ends it (``last_path``, ``last_error``).
        """
        if self.watcher is None or self.runner.busy() or not self.watcher.changed():
            return False
        self._as_of = self.watcher.version()
        return self.runner.start(self.db, kind)

    def run(self, kind: str) -> Path | None:
        """Back up now, waiting for the worker (the timer uses :meth:`start`; this is for scripts and tests)."""
        if not self.start(kind):
            return None
        self.runner.wait()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        return self.last_path if not self.last_error else None

    def _finished(self, result: BackupResult | None, error: str) -> None:
        if result is None:
            self.last_error, self.last_path = error, None
            return
        if self.watcher is not None:
            self.watcher.mark(self._as_of)
        self.last_error, self.last_path = "", result.path
        if result.clock_warning:  # a timer backup has no message of its own: the status bar says it
            self.last_warning = result.clock_warning
            window = self.parent()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(result.clock_warning)


class BackupDialog(Retranslatable, QDialog):
    """The backups beside the database, the second folder, Back up now and Restore."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.db = db
        self.resize(640, 460)
        self.where = QLabel(objectName="backupWhere")
        self.where.setWordWrap(True)
        self.list = QListWidget(objectName="backupList")
        self.second_label = QLabel()
        self.second = QLineEdit(objectName="secondFolder")
        self.second_label.setBuddy(self.second)
        self.save_second = QPushButton(objectName="saveSecondFolder")
        self.save_second.clicked.connect(self.store_second_folder)
        self.now_button = QPushButton(objectName="backupNow")
        self.now_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton(objectName="restoreSelected")
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.second_label)
        row.addWidget(self.second, 1)
        row.addWidget(self.save_second)
        actions = QHBoxLayout()
        actions.addWidget(self.now_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        with db.session() as s:
            self.second.setText(load_second_folder(s))
        for widget in (self.second_label, self.second, self.save_second):
            widget.setVisible(db.path is not None)  # a server's dumps go to one folder of this PC
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Backups"))
        folder = backup_folder_of(self.db)
        if self.db.path is None:
            self.where.setText(
                _("This database is on a PostgreSQL server: Linli dumps it with pg_dump when you back up now, "
                  "before a restore and before an upgrade; regular dumps are scheduled on the server by its owner. "
                  "Each dump is checked by restoring it into a scratch database before older ones are removed. "
                  "Folder: {folder}").format(folder=folder))
        else:
            self.where.setText(
                _("Backups are made every {minutes} minutes while there are changes, when Linli closes, and before "
                  "an upgrade, an import or a restore. Each one is checked before older ones are removed. "
                  "Folder: {folder}").format(minutes=INTERVAL_MINUTES, folder=folder)
            )
        self.second_label.setText(_("Second folder (&USB stick):"))
        self.second.setPlaceholderText(_("e.g. E:\\LinliBackups — written whenever it is plugged in"))
        self.save_second.setText(_("&Save"))
        self.now_button.setText(_("&Back up now"))
        self.restore_button.setText(_("&Restore the selected backup…"))
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for b in backups_of(self.db):
            text = f"{format_date(b.taken_at.date())} {format_time(b.taken_at.time())} — {_(KIND_LABELS[b.kind])} — {max(1, b.size // 1024)} KB"
            if not is_verified(b.path):
                text += " — " + _("not checked")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.restore_button.setEnabled(self.list.count() > 0)

    def store_second_folder(self) -> None:
        try:
            save_second_folder(self.db, self.second.text())
        except LinliError as exc:
            dialogs.error(self, _("Backups"), str(exc))

    def back_up(self) -> BackupRunner | None:
        scheduler = getattr(self.parent(), "backup_scheduler", None)
        runner = backup_now(self, self.db, runner=scheduler.runner if scheduler is not None else None)
        if runner is not None:
            self.now_button.setEnabled(False)

            def done(*_a: object) -> None:
                runner.finished.disconnect(done)
                self.now_button.setEnabled(True)
                self.refresh()

            runner.finished.connect(done)
        return runner

    def selected_backup(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def restore_selected(self) -> None:
        from ui.shell.restore_dialog import restore_into_window

        backup = self.selected_backup()
        window = self.parent()
        if backup is None or window is None:
            return
        self.accept()
        restore_into_window(window, backup)  # type: ignore[arg-type]


# --- the File menu ------------------------------------------------------------------------


def install_safety_menu(window) -> None:  # type: ignore[no-untyped-def]
    """Add the safety entries to the window's File menu and start the backup timer."""
    # The dialogs (and reports/, openpyxl behind them) are imported on first use, not at start-up.
    def choose_and_restore(window) -> None:  # type: ignore[no-untyped-def]
        from ui.shell.restore_dialog import choose_and_restore as run

        run(window)

    def open_import_dialog(window) -> None:  # type: ignore[no-untyped-def]
        from ui.common.import_dialog import open_import_dialog as run

        run(window)

    def export_current_list(window) -> None:  # type: ignore[no-untyped-def]
        from ui.common.export import export_current_list as run

        run(window)

    window.backup_scheduler = BackupScheduler(window.db, window)
    window.backup_progress = BackupProgress(window.backup_scheduler.runner, window)
    window.statusBar().addWidget(window.backup_progress)
    actions = {
        "backupNowAction": (lambda: backup_now(window, window.db), None),
        "backupsAction": (lambda: open_backup_dialog(window), None),
        "restoreAction": (lambda: choose_and_restore(window), None),
        "importAction": (lambda: open_import_dialog(window), None),
        "exportAction": (lambda: export_current_list(window), "Ctrl+E"),
    }
    window.safety_actions = {}
    window.file_menu.addSeparator()
    for name, (slot, shortcut) in actions.items():
        action = QAction(window, objectName=name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        window.file_menu.addAction(action)
        window.safety_actions[name] = action


def retranslate_safety_menu(window) -> None:  # type: ignore[no-untyped-def]
    texts = {
        "backupNowAction": _("&Back up now"),
        "backupsAction": _("Bac&kups…"),
        "restoreAction": _("&Restore from a backup…"),
        "importAction": _("&Import residents or elders…"),
        "exportAction": _("&Export this list…"),
    }
    for name, action in getattr(window, "safety_actions", {}).items():
        action.setText(texts[name])


def open_backup_dialog(window) -> BackupDialog:  # type: ignore[no-untyped-def]
    dialog = BackupDialog(window.db, parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.backup_dialog = dialog
    dialog.open()
    return dialog
