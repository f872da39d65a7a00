"""Restore from a backup and reopen the window on the restored data.

The order (see :func:`models.safety.backup.restore_backup`): the backup is verified
and the clerk confirms; the window's Database is closed; the current file is
backed up and the backup written into the live path with the backup API; the
file is reopened (migrated if the backup is older) and a new window is built
on it by the window's ``reopen`` callback (given by :func:`ui.shell.app.create_window`:
this dialog does not import the application); the old window closes.

The check of the chosen backup and the restore itself (safety backup, pages,
verification) run in a worker thread (:class:`ui.common.worker.Worker`) behind an
application-modal progress dialog that names the stage and counts the pages.
The window keeps painting (a local event loop, as at close for the last
backup) but takes no input meanwhile: its Database is closed, and nothing may
write to the file while it is being replaced. The backup timer is stopped
first and a backup already running is waited for (in a worker too), before
the Database is closed.

On a PostgreSQL server the same steps go through the server's tools
(:mod:`models.safety.server_backup`): the chosen dump is checked by restoring it into a
scratch database, the current state is dumped, ``pg_restore`` writes the dump into the
database in one transaction, and the window reopens on it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from i18n import _
from models.core.db import Database, DatabaseOpenError, open_database
from models.core.errors import LinliError
from models.safety.backup import (
    BackupError,
    check_for_restore,
    record_restore,
    restore_backup,
)
from models.safety.security import require
from models.safety.server_backup import check_server_dump, restore_server_backup, server_of
from ui.common import dialogs

#: Builds the window on the restored Database (the main window's ``reopen``).
Reopen = Callable[[Database], QWidget]


def choose_and_restore(window, reopen: Reopen | None = None) -> QWidget | None:  # type: ignore[no-untyped-def]
    """File → Restore from a backup…: pick a backup file, then :func:`restore_into_window`."""
    if window.db.path is None:  # a server: its dumps
        path = dialogs.open_file(window, _("Restore from a backup"), _("Server dumps (*.dump);;All files (*)"))
    else:
        path = dialogs.open_file(window, _("Restore from a backup"), _("Linli backups (*.sqlite3);;All files (*)"))
    if path is None:
        return None
    return restore_into_window(window, path, reopen)


def _stage_label(stage: str) -> str:
    return {
        "copy": _("Backing up…"),  # the current file, first
        "verify": _("Checking the backup…"),
        "restore": _("Restoring…"),
        "check": _("Checking the restored database…"),
    }.get(stage, _("Checking the backup…"))


class _Stages(QObject):
    """Carries ``progress(stage, done, total)`` from the worker thread to the dialog (queued)."""

    changed = Signal(str, int, int)


def _wait_for(window, fn: Callable[[Callable[[str, int, int], None]], Any], stage: str):  # type: ignore[no-untyped-def]
    """Run ``fn(progress)`` in a worker thread behind a progress dialog and return the ended worker.

    The window keeps painting while it runs (a local event loop that leaves
    the clerk's input for later); the dialog shows the stage and the pages.
    """
    from ui.common.worker import Worker

    dialog = QProgressDialog(_stage_label(stage), "", 0, 0, window)
    dialog.setObjectName("restoreProgress")
    dialog.setWindowTitle(_("Restore from a backup"))
    dialog.setCancelButton(None)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    stages = _Stages(dialog)

    def show(name: str, done: int, total: int) -> None:
        dialog.setLabelText(_stage_label(name))
        dialog.setRange(0, max(0, total))  # 0, 0: a busy bar (a check has no steps to count)
        dialog.setValue(done)

    stages.changed.connect(show)
    worker = Worker(None, lambda _job: fn(stages.changed.emit))
    loop = QEventLoop()
    worker.done.connect(loop.quit)
    dialog.show()
    worker.start()
    if worker.running:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    dialog.hide()
    dialog.deleteLater()
    return worker


def restore_into_window(window, backup: Path, reopen: Reopen | None = None) -> QWidget | None:  # type: ignore[no-untyped-def]
    """Verify, confirm, restore, and return the new window (None when nothing changed).

    ``reopen(db)`` builds the new window on the restored Database; by default
    the window's own (``window.reopen``, see :class:`ui.shell.main_window.MainWindow`).
    """
    title = _("Restore from a backup")
    db = window.db
    try:
        require("restore")
    except LinliError as exc:
        dialogs.error(window, title, str(exc))
        return None
    if db.path is None:
        return _restore_server(window, backup, reopen or window.reopen)
    checked = _wait_for(window, lambda _progress: check_for_restore(backup), "verify")
    if checked.outcome != "finished":
        dialogs.error(window, title, checked.error)
        return None
    check = checked.result
    if not check.ok:
        dialogs.error(window, title, "\n".join(check.problems))
        return None
    question = _(
        "Replace the current database with {backup} ({rows} rows)? The current database is backed up first, "
        "and the window reopens on the restored data."
    ).format(backup=backup.name, rows=sum(check.row_counts.values()))
    if not dialogs.confirm(window, title, question, ok_text=_("&Restore")):
        return None
    path = db.path
    scheduler = getattr(window, "backup_scheduler", None)
    if scheduler is not None:
        scheduler.timer.stop()  # no backup of a file that is being replaced
        if scheduler.runner.busy():  # one already reading it ends first, and is told (and logged) while the file is open
            _wait_for(window, lambda _progress: scheduler.runner.wait(), "copy")
    db.dispose()

    def restore(progress):  # type: ignore[no-untyped-def]  # in the worker thread
        try:
            return restore_backup(path, backup, progress=progress), ""
        except BackupError as exc:
            return None, str(exc)

    restored = _wait_for(window, restore, "copy")
    result, error = restored.result if restored.outcome == "finished" else (None, restored.error)
    try:
        new_db = open_database(path, create=False)
    except DatabaseOpenError as exc:
        if scheduler is not None:
            scheduler.timer.start()
        dialogs.error(window, title, (error + "\n" if error else "") + str(exc))
        return None
    if result is not None:
        record_restore(new_db, backup)
    new_window = reopen_window(window, new_db, reopen or window.reopen)
    if error:
        dialogs.error(new_window, title, error)
    else:
        text = _("Restored from {backup}. The previous database is kept as {safety}.").format(
            backup=backup.name, safety=result.safety_copy.name if result and result.safety_copy else "-"
        )
        dialogs.info(new_window, title, "\n".join([text, *(result.notes if result else [])]))
    return new_window


def _restore_server(window, backup: Path, reopen: Reopen) -> QWidget | None:  # type: ignore[no-untyped-def]
    """:func:`restore_into_window` on a server: the dump checked in a scratch database, confirmed,
    the current state dumped, pg_restore, the window reopened on the restored database."""
    title = _("Restore from a backup")
    db = window.db

    def check(_progress):  # type: ignore[no-untyped-def]  # in the worker thread
        server = server_of(db)
        return server, check_server_dump(server, backup)

    checked = _wait_for(window, check, "verify")
    if checked.outcome != "finished":
        dialogs.error(window, title, checked.error)
        return None
    server, found = checked.result
    if not found.ok:
        dialogs.error(window, title, "\n".join(found.problems))
        return None
    question = _(
        "Replace the database on the server with {backup} ({rows} rows)? Its current state is dumped first, and "
        "the window reopens on the restored data. Other desks should stop working until it is done."
    ).format(backup=backup.name, rows=sum(found.row_counts.values()))
    if not dialogs.confirm(window, title, question, ok_text=_("&Restore")):
        return None
    scheduler = getattr(window, "backup_scheduler", None)
    if scheduler is not None and scheduler.runner.busy():  # Back up now still running: it ends first
        _wait_for(window, lambda _progress: scheduler.runner.wait(), "copy")

    def restore(progress):  # type: ignore[no-untyped-def]  # in the worker thread
        try:
            return restore_server_backup(db, backup, progress=progress, server=server, checked=found), ""
        except BackupError as exc:
            return None, str(exc)

    restored = _wait_for(window, restore, "copy")
    result, error = restored.result if restored.outcome == "finished" else (None, restored.error)
    db.dispose()
    try:  # migrates an older dump (with a dump first)
        new_db = open_database(server.url.render_as_string(hide_password=False), create=False,
                               password=server.password)
    except DatabaseOpenError as exc:
        dialogs.error(window, title, (error + "\n" if error else "") + str(exc))
        return None
    if result is not None:
        record_restore(new_db, backup)
    new_window = reopen_window(window, new_db, reopen)
    if error:
        dialogs.error(new_window, title, error)
    else:
        text = _("Restored from {backup}. The previous state is kept as {safety}.").format(
            backup=backup.name, safety=result.safety_copy.name if result and result.safety_copy else "-")
        dialogs.info(new_window, title, "\n".join([text, *(result.notes if result else [])]))
    return new_window


def reopen_window(window, new_db: Database, reopen: Reopen) -> QWidget:  # type: ignore[no-untyped-def]
    """Build a new main window on ``new_db`` (with ``reopen``) in place of ``window``."""
    app = QApplication.instance()
    new_window = reopen(new_db)
    new_window.setGeometry(window.geometry())
    new_window.show()
    app.aboutToQuit.connect(new_db.dispose)  # type: ignore[union-attr]
    window.close()
    window.deleteLater()
    _windows[:] = [w for w in _windows if w is not window] + [new_window]
    return new_window


#: Windows built here stay referenced (the one run_app made is its own).
_windows: list[QWidget] = []
