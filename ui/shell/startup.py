"""The window's start-up safety: network share refused, the lock taken, quick_check, weekly check.

:func:`start` is called from :func:`ui.shell.app.run_app` (anchor ``# --- start-up: safety ---``)
before the login and the window. The checks are :func:`models.safety.startup.start_up`;
here they become message boxes, and a database that failed its quick check
opens read-only with the Backups dialog offering a restore. A file opened
before its checks (``deferred``: the usual start) is checked in a worker
thread (:func:`models.safety.startup.deferred_checks`) while the clerk logs in; what
it finds is told once the window is shown (:func:`window_shown`).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from i18n import _
from models.core.db import Database
from models.core.errors import LinliError
from models.core.lockfile import DatabaseLock
from models.safety.startup import StartUp, deferred_checks, start_up
from ui.common import dialogs

_held: list = []  # the lock (kept referenced until the application quits)
_found: list[StartUp] = []  # what a background check found before the window was shown
_window_up: list[bool] = []


def start(
    db: Database, app: QApplication, *, lock: DatabaseLock | None = None, checked: list[str] | None = None,
    deferred: bool = False,
) -> Database | None:
    """Run the start-up checks; the Database to use, or None when the start is refused.

    ``lock`` and ``checked`` (the quick_check result) when ``main.py`` took them
    before opening the file (:func:`models.safety.startup.open_for_window`);
    ``deferred``: the file checks run in a worker thread from now on.
    """
    if db.path is None:
        return db
    _window_up.clear()
    try:
        result = start_up(db, lock=lock, checked=checked, deferred=deferred)
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
    if result.deferred:
        check_in_background(app, result.db)
    return result.db


def check_in_background(app: QApplication, db: Database):  # type: ignore[no-untyped-def]
    """Run :func:`models.safety.startup.deferred_checks` in a worker thread; returns the Worker.

    What it finds is told at once if the window is up, else when it is shown.
    """
    from ui.common.worker import Worker

    worker = Worker(db, lambda job: deferred_checks(job.db))

    def found(result: StartUp) -> None:
        if not result.messages:
            return
        if _window_up:
            after_show(app, result)
        else:
            _found.append(result)

    worker.finished.connect(found)
    worker.failed.connect(lambda message: found(StartUp(db=db, lock=None, messages=[message])))
    worker.start()
    return worker


def window_shown(app: QApplication) -> None:
    """The main window is up: tell what a background check found before it was."""
    _window_up.append(True)
    while _found:
        result = _found.pop(0)
        QTimer.singleShot(0, lambda result=result: after_show(app, result))


def main_window_of(app: QApplication) -> QMainWindow | None:
    """The application's main window (:class:`ui.shell.main_window.MainWindow`, found by its
    object name: the start-up does not import the window, which is built after it)."""
    return next((w for w in app.topLevelWidgets()
                 if isinstance(w, QMainWindow) and w.objectName() == "mainWindow"), None)


def after_show(app: QApplication, result: StartUp) -> None:
    """Tell the clerk what the checks found; offer a restore for a damaged file."""
    window = main_window_of(app)
    text = "\n\n".join(result.messages)
    if result.read_only:
        dialogs.warning(window, _("The database is damaged"), text)
        if window is not None:
            window.setWindowTitle(window.windowTitle() + " — " + _("READ-ONLY"))
            from ui.shell.backup_dialog import open_backup_dialog

            open_backup_dialog(window)
    else:
        dialogs.info(window, _("Start-up checks"), text)
