"""Backups in the window: the File-menu entries, the 30-minute timer, the Backups dialog.

:func:`install_safety_menu` (called at the main window's ``# --- menu: safety ---``
anchor) adds File → Back up now, Backups…, Restore…, Import…, Export list…, and
starts a :class:`BackupScheduler` for the window's database. The rules (when,
where, rotation, verification) live in :mod:`models.backup`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, format_time
from models.backup import (
    INTERVAL_MINUTES,
    KIND_LABELS,
    SECOND_FOLDER_KEY,
    BackupError,
    ChangeWatcher,
    backup_folder,
    list_backups,
    make_backup,
)
from models.db import Database
from models.errors import LinliError
from models.settings import Setting
from models.startup import is_read_only
from ui import dialogs
from ui.forms import Retranslatable


def _audit(db: Database, action: str, summary: str) -> None:
    from models.audit import record

    with db.write() as s:
        record(s, action, summary=summary)


def backup_now(parent: QWidget | None, db: Database, kind: str = "manual") -> Path | None:
    """Make a backup and tell the clerk where it went (or why it failed)."""
    if db.path is None or is_read_only(db):
        dialogs.warning(parent, _("Back up"), _("This database cannot be backed up from here."))
        return None
    try:
        result = make_backup(db.path, kind)
        _audit(db, "backup", f"{kind}, {result.path.name}")
    except (BackupError, LinliError) as exc:
        dialogs.error(parent, _("Back up"), str(exc))
        return None
    text = _("Backup written and checked: {path}").format(path=result.path)
    for copy in result.copies:
        text += "\n" + _("Copy: {path}").format(path=copy)
    for note in result.notes:
        text += "\n" + note
    dialogs.info(parent, _("Back up"), text)
    return result.path


class BackupScheduler(QObject):
    """Every 30 minutes while there are changes, and when the application quits."""

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.last_error = ""
        self.watcher: ChangeWatcher | None = None
        if db.path is not None and not is_read_only(db):
            self.watcher = watcher = ChangeWatcher(db.path)
            self.destroyed.connect(lambda *_a: watcher.close())
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MINUTES * 60 * 1000)
        self.timer.timeout.connect(lambda: self.run("timer"))
        if self.watcher is not None:
            self.timer.start()
            app = QApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self.on_quit)

    def on_quit(self) -> None:
        self.run("close")

    def run(self, kind: str) -> Path | None:
        """Back up now if something changed since the last backup (the domain decides)."""
        if self.watcher is None or not self.watcher.changed():
            return None
        try:
            result = make_backup(self.db.path, kind)  # type: ignore[arg-type]
        except BackupError as exc:
            self.last_error = str(exc)
            return None
        self.watcher.mark()
        self.last_error = ""
        return result.path


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
            setting = s.get(Setting, SECOND_FOLDER_KEY)
            self.second.setText(setting.value if setting else "")
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Backups"))
        folder = backup_folder(self.db.path) if self.db.path else "-"
        self.where.setText(
            _("Backups are made every {minutes} minutes while there are changes, when Linli closes, and before "
              "an upgrade, an import or a restore. Each one is checked before older ones are removed. Folder: {folder}"
              ).format(minutes=INTERVAL_MINUTES, folder=folder)
        )
        self.second_label.setText(_("Second folder (&USB stick):"))
        self.second.setPlaceholderText(_("e.g. E:\\LinliBackups — written whenever it is plugged in"))
        self.save_second.setText(_("&Save"))
        self.now_button.setText(_("&Back up now"))
        self.restore_button.setText(_("&Restore the selected backup…"))
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        if self.db.path is None:
            return
        for b in list_backups(backup_folder(self.db.path), self.db.path.stem):
            text = f"{format_date(b.taken_at.date())} {format_time(b.taken_at.time())} — {_(KIND_LABELS[b.kind])} — {max(1, b.size // 1024)} KB"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.restore_button.setEnabled(self.list.count() > 0)

    def store_second_folder(self) -> None:
        from models.security import require

        try:
            require("settings.write")
            with self.db.write() as s:
                s.merge(Setting(key=SECOND_FOLDER_KEY, value=self.second.text().strip()))
        except LinliError as exc:
            dialogs.error(self, _("Backups"), str(exc))

    def back_up(self) -> None:
        backup_now(self, self.db)
        self.refresh()

    def selected_backup(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def restore_selected(self) -> None:
        from ui.restore_dialog import restore_into_window

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
        from ui.restore_dialog import choose_and_restore as run

        run(window)

    def open_import_dialog(window) -> None:  # type: ignore[no-untyped-def]
        from ui.import_dialog import open_import_dialog as run

        run(window)

    def export_current_list(window) -> None:  # type: ignore[no-untyped-def]
        from ui.export import export_current_list as run

        run(window)

    window.backup_scheduler = BackupScheduler(window.db, window)
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
