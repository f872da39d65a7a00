"""The window's backups on a PostgreSQL server (issue 19): Back up now dumps with pg_dump, the
Backups dialog lists the dumps, the restore reopens the window on the restored database.

A real server (tests/conftest.py ``pg_url``: LINLI_TEST_PG_URL or a throwaway cluster)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from sqlalchemy import func, select

from models.core.db import open_database
from models.core.settings import save_preference
from models.residents.entities import Resident
from models.residents.registry import ResidentInput, create_resident
from models.safety.backup import list_backups
from models.safety.server_backup import DUMP_SUFFIX, FOLDER_PREFERENCE


@pytest.fixture
def server_window(pg_url, qapp, qtbot, tmp_path):
    from ui.shell.app import create_window

    save_preference(FOLDER_PREFERENCE, str(tmp_path / "dumps"))
    db = open_database(pg_url)
    with db.write() as s:
        create_resident(s, ResidentInput(name="王𠮷祥", phone="13900001111"), confirmed=True)
    win = create_window(db, qapp, "en")
    win.show()
    yield win
    import shiboken6

    if shiboken6.isValid(win):  # a restore replaced it (and closed it) already
        win.close()
        win.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    db.dispose()


def dumps(tmp_path, db):  # type: ignore[no-untyped-def]
    folder = tmp_path / "dumps" / f"127.0.0.1-{db.engine.url.database}"
    return list_backups(folder, db.engine.url.database, DUMP_SUFFIX)


def test_back_up_now_on_a_server_dumps_checks_and_lists_it(server_window, scripted_dialogs, qtbot, tmp_path):
    from ui.shell.backup_dialog import open_backup_dialog

    scheduler = server_window.backup_scheduler
    assert not scheduler.timer.isActive()  # on a server the owner schedules the dumps: no timer, no close backup
    runner = scheduler.runner
    stages: list[str] = []
    runner.progressed.connect(lambda stage, done, total: stages.append(stage))
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        server_window.safety_actions["backupNowAction"].trigger()
        assert runner.busy()  # in the worker: the action returned at once
    assert stages == ["copy", "verify"]
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "info" and text.startswith("Backup written and checked: ") and text.endswith("-manual.dump")
    made = dumps(tmp_path, server_window.db)
    assert len(made) == 1 and made[0].kind == "manual"
    dialog = open_backup_dialog(server_window)
    qtbot.waitExposed(dialog)
    assert dialog.list.count() == 1 and "Made by hand" in dialog.list.item(0).text()
    assert "PostgreSQL server" in dialog.where.text() and str(made[0].path.parent) in dialog.where.text()
    assert not dialog.second.isVisible()  # the USB-stick folder is a file's
    dialog.grab().save(str(__import__("os").environ.get("LINLI_SHOTS", tmp_path)) + "/backups-server.png")  # to look at it: a path of your own
    dialog.close()


def test_restore_from_the_backups_dialog_reopens_the_window_on_the_restored_server(
        server_window, scripted_dialogs, qtbot, qapp, tmp_path):
    from ui.shell import restore_dialog
    from ui.shell.backup_dialog import open_backup_dialog

    runner = server_window.backup_scheduler.runner
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        server_window.safety_actions["backupNowAction"].trigger()
    with server_window.db.write() as s:
        create_resident(s, ResidentInput(name="后来的", phone="13900002222"), confirmed=True)
    dialog = open_backup_dialog(server_window)
    assert dialog.list.count() == 1
    scripted_dialogs.answers = [True]
    dialog.restore_button.click()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    new = restore_dialog._windows[-1]
    try:
        assert new is not server_window and new.isVisible()
        kind, _title, text = scripted_dialogs.calls[-1]
        assert kind == "info" and text.startswith("Restored from ") and "-restore.dump" in text
        with new.db.session() as s:
            assert list(s.scalars(select(Resident.name))) == ["王𠮷祥"]
            assert s.scalar(select(func.count()).select_from(Resident)) == 1
        assert {b.kind for b in dumps(tmp_path, new.db)} == {"manual", "restore"}
    finally:
        new.close()
        new.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        new.db.dispose()
        restore_dialog._windows.clear()
