"""Restore from a backup and reopen the window on the restored data.

The order (see :func:`models.backup.restore_backup`): the backup is verified
and the clerk confirms; the window's Database is closed; the current file is
backed up and the backup written into the live path with the backup API; the
file is reopened (migrated if the backup is older) and a new window is built
on it; the old window closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from i18n import _
from models.backup import BackupError, check_restorable, restore_backup
from models.db import DatabaseOpenError, _known_revisions, open_database
from models.errors import LinliError
from models.security import require
from ui import dialogs


def choose_and_restore(window) -> QWidget | None:  # type: ignore[no-untyped-def]
    """File → Restore from a backup…: pick a backup file, then :func:`restore_into_window`."""
    path = dialogs.open_file(window, _("Restore from a backup"), _("Linli backups (*.sqlite3);;All files (*)"))
    if path is None:
        return None
    return restore_into_window(window, path)


def restore_into_window(window, backup: Path) -> QWidget | None:  # type: ignore[no-untyped-def]
    """Verify, confirm, restore, and return the new window (None when nothing changed)."""
    title = _("Restore from a backup")
    db = window.db
    if db.path is None:
        dialogs.error(window, title, _("Only a database file can be restored."))
        return None
    try:
        require("restore")
    except LinliError as exc:
        dialogs.error(window, title, str(exc))
        return None
    check = check_restorable(backup, sorted(_known_revisions()))
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
    db.dispose()
    error = ""
    try:
        result = restore_backup(path, backup)
    except BackupError as exc:
        error = str(exc)
        result = None
    try:
        new_db = open_database(path, create=False)
    except DatabaseOpenError as exc:
        dialogs.error(window, title, (error + "\n" if error else "") + str(exc))
        return None
    if result is not None:
        from models.audit import record

        with new_db.write() as s:
            record(s, "restore", summary=f"from {backup.name}")
    new_window = reopen_window(window, new_db)
    if error:
        dialogs.error(new_window, title, error)
    else:
        text = _("Restored from {backup}. The previous database is kept as {safety}.").format(
            backup=backup.name, safety=result.safety_copy.name if result and result.safety_copy else "-"
        )
        dialogs.info(new_window, title, "\n".join([text, *(result.notes if result else [])]))
    return new_window


def reopen_window(window, new_db) -> QWidget:  # type: ignore[no-untyped-def]
    """Build a new main window on ``new_db`` in place of ``window``."""
    import i18n
    from ui.app import create_window

    app = QApplication.instance()
    new_window = create_window(new_db, app, i18n.current_language())  # type: ignore[arg-type]
    new_window.setGeometry(window.geometry())
    new_window.show()
    app.aboutToQuit.connect(new_db.dispose)  # type: ignore[union-attr]
    window.close()
    window.deleteLater()
    _windows[:] = [w for w in _windows if w is not window] + [new_window]
    return new_window


#: Windows built here stay referenced (the one run_app made is its own).
_windows: list[QWidget] = []
