"""The window's start-up safety: network share refused, the lock taken, quick_check, weekly check.

:func:`start` is called from :func:`ui.app.run_app` (anchor ``# --- start-up: safety ---``)
before the login and the window. The checks are :func:`models.startup.start_up`;
here they become message boxes, and a database that failed its quick check
opens read-only with the Backups dialog offering a restore.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from i18n import _
from models.db import Database
from models.errors import LinliError
from models.lockfile import DatabaseLock
from models.startup import StartUp, start_up
from ui import dialogs

_held: list = []  # the lock (kept referenced until the application quits)


def start(
    db: Database, app: QApplication, *, lock: DatabaseLock | None = None, checked: list[str] | None = None
) -> Database | None:
    """Run the start-up checks; the Database to use, or None when the start is refused.

    ``lock`` and ``checked`` (the quick_check result) when ``main.py`` took them
    before opening the file (:func:`models.startup.open_for_window`).
    """
    if db.path is None:
        return db
    try:
        result = start_up(db, lock=lock, checked=checked)
    except LinliError as exc:
        dialogs.error(None, _("Linli cannot open the database"), str(exc))
        return None
    if result.lock is not None:
        _held.append(result.lock)
        app.aboutToQuit.connect(result.lock.release)
    if result.db is not db:
        app.aboutToQuit.connect(result.db.dispose)
    if result.messages:
        QTimer.singleShot(0, lambda: after_show(app, result))
    return result.db


def after_show(app: QApplication, result: StartUp) -> None:
    """Tell the clerk what the checks found; offer a restore for a damaged file."""
    from ui.main_window import MainWindow

    window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow)), None)
    text = "\n\n".join(result.messages)
    if result.read_only:
        dialogs.warning(window, _("The database is damaged"), text)
        if window is not None:
            window.setWindowTitle(window.windowTitle() + " — " + _("READ-ONLY"))
            from ui.backup_dialog import open_backup_dialog

            open_backup_dialog(window)
    else:
        dialogs.info(window, _("Start-up checks"), text)
