"""Backups, restore, start-up checks and export in the window (pytest-qt, offscreen)."""

from __future__ import annotations

import sqlite3

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QPushButton

from models.core.lockfile import acquire
from models.residents.registry import ResidentInput, create_resident
from models.safety.backup import list_backups, make_backup
from models.safety.security import Actor, acting_as


def resident_count(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM resident").fetchone()[0]
    finally:
        conn.close()


def test_file_menu_has_the_safety_entries(window):
    names = {a.objectName() for a in window.file_menu.actions()}
    assert {"backupNowAction", "backupsAction", "restoreAction", "importAction", "exportAction"} <= names
    assert window.safety_actions["exportAction"].text() == "&Export this list…"


def test_back_up_now_writes_a_checked_backup(window, scripted_dialogs, qtbot):
    runner = window.backup_scheduler.runner
    stages = []
    runner.progressed.connect(lambda stage, done, total: stages.append(stage))
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        window.safety_actions["backupNowAction"].trigger()
        assert runner.busy()  # in the worker: the action returned at once
    assert stages[0] == "copy" and stages[-1] == "verify"
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "info" and "checked" in text
    backups = list_backups(window.db.path.parent / "backups")
    assert len(backups) == 1 and backups[0].kind == "manual"


def test_the_scheduler_backs_up_only_after_changes(window, today=None):
    scheduler = window.backup_scheduler
    assert scheduler.timer.isActive() and scheduler.timer.interval() == 30 * 60 * 1000
    assert scheduler.run("timer") is None  # nothing changed yet
    with window.db.write() as s:
        create_resident(s, ResidentInput(name="新来的"))
    path = scheduler.run("timer")
    assert path is not None and path.name.endswith("-timer.sqlite3")
    assert scheduler.run("timer") is None


def test_the_timer_backs_up_in_the_worker_and_the_window_keeps_working(window, qtbot, qapp):
    scheduler = window.backup_scheduler
    before = resident_count(window.db.path)
    with window.db.write() as s:
        create_resident(s, ResidentInput(name="新来的"))
    with qtbot.waitSignal(scheduler.runner.finished, timeout=20_000) as blocker:
        scheduler.timer.timeout.emit()
        assert scheduler.runner.busy()
        with window.db.write() as s:  # the clerk keeps writing while the backup runs
            create_resident(s, ResidentInput(name="又来的"))
    result, error = blocker.args
    assert error == "" and result.path.name.endswith("-timer.sqlite3") and scheduler.last_path == result.path
    assert window.backup_progress.isHidden()
    # The write during the backup may or may not be in it (the worker's start
    # races the write). When it is not, the watcher must still see a change,
    # so the next timer backs up again: a change is never lost. (When it is,
    # one extra backup is harmless.)
    assert result.row_counts["resident"] in (before + 1, before + 2)
    if result.row_counts["resident"] != resident_count(window.db.path):
        assert scheduler.watcher.changed()


def test_a_second_backup_while_one_runs_is_not_started(window, qtbot, scripted_dialogs):
    from ui.shell.backup_dialog import backup_now

    runner = window.backup_scheduler.runner
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        assert backup_now(window, window.db) is runner
        assert backup_now(window, window.db) is None
        assert scripted_dialogs.calls[-1][0] == "info" and "already running" in scripted_dialogs.calls[-1][2]
    assert len(list_backups(window.db.path.parent / "backups")) == 1


def test_restore_reopens_the_window_on_the_restored_data(demo_db, scripted_dialogs, qapp):
    from ui.shell.app import create_window
    from ui.shell.restore_dialog import restore_into_window

    window = create_window(demo_db, qapp, "en")
    window.show()
    path = demo_db.path
    saved = make_backup(path, "manual", second_folder="")
    before = resident_count(path)
    with demo_db.write() as s:
        create_resident(s, ResidentInput(name="后来的"))
    assert resident_count(path) == before + 1
    scripted_dialogs.answers = [True]
    new = restore_into_window(window, saved.path)
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old window goes
    try:
        assert new is not None and new.isVisible()
        assert resident_count(path) == before
        assert new.residents.model.rowCount() == before
        kind, _title, text = scripted_dialogs.calls[-1]
        assert kind == "info" and "Restored" in text
        assert any(b.kind == "restore" for b in list_backups(path.parent / "backups"))
    finally:
        new.close()
        new.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        new.db.dispose()
        from ui.shell import restore_dialog

        restore_dialog._windows.clear()


def test_restore_from_the_menu_runs_in_a_worker_and_the_window_keeps_painting(demo_db, scripted_dialogs, qapp, qtbot):
    import shiboken6
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from ui.shell import restore_dialog
    from ui.shell.app import create_window

    window = create_window(demo_db, qapp, "en")
    window.show()
    path = demo_db.path
    saved = make_backup(path, "manual", second_folder="")
    before = resident_count(path)
    with demo_db.write() as s:
        create_resident(s, ResidentInput(name="后来的"))
    scripted_dialogs.open_file = lambda *a, **k: saved.path
    scripted_dialogs.answers = [True]
    seen = []  # what the progress dialog said while the restore ran: events kept being processed meanwhile

    def look() -> None:
        dialog = window.findChild(QProgressDialog, "restoreProgress") if shiboken6.isValid(window) else None
        if dialog is not None and dialog.isVisible():
            seen.append(dialog.labelText())

    timer = QTimer(interval=0)
    timer.timeout.connect(look)
    timer.start()
    try:
        window.safety_actions["restoreAction"].trigger()
    finally:
        timer.stop()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old window goes
    new = restore_dialog._windows[-1]
    try:
        assert seen and set(seen) <= {"Backing up…", "Checking the backup…", "Restoring…", "Checking the restored database…"}
        assert resident_count(path) == before and new.residents.model.rowCount() == before
        assert [c[0] for c in scripted_dialogs.calls] == ["confirm", "info"] and "Restored" in scripted_dialogs.calls[-1][2]
        assert not new.findChildren(QProgressDialog, "restoreProgress")
    finally:
        new.close()
        new.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        new.db.dispose()
        restore_dialog._windows.clear()


def test_restore_refused_for_a_clerk(window, scripted_dialogs):
    from ui.shell.restore_dialog import restore_into_window

    saved = make_backup(window.db.path, "manual", second_folder="")
    with acting_as(Actor("clerk1", "clerk")):
        assert restore_into_window(window, saved.path) is None
    assert scripted_dialogs.calls[-1][0] == "error"


def test_backups_dialog_lists_backups_and_stores_the_second_folder(window, tmp_path, qtbot):
    from models.core.settings import Setting
    from ui.shell.backup_dialog import open_backup_dialog

    make_backup(window.db.path, "manual", second_folder="")
    dialog = open_backup_dialog(window)
    assert dialog.list.count() == 1 and "Made by hand" in dialog.list.item(0).text()
    with qtbot.waitSignal(window.backup_scheduler.runner.finished, timeout=20_000):
        dialog.now_button.click()
        assert not dialog.now_button.isEnabled()
    assert dialog.now_button.isEnabled() and dialog.list.count() == 2
    dialog.second.setText(str(tmp_path / "usb"))
    dialog.save_second.click()
    with window.db.session() as s:
        assert s.get(Setting, "backup.second_folder").value == str(tmp_path / "usb")
    dialog.close()


def test_export_the_residents_list(window, scripted_dialogs, tmp_path, monkeypatch, qtbot):
    out = tmp_path / "residents.xlsx"
    monkeypatch.setattr(scripted_dialogs, "save_file", lambda *a, **k: out)
    window.residents.search.setText("张三明")
    window.safety_actions["exportAction"].trigger()
    with qtbot.waitSignal(window.export_worker.done, timeout=20_000):  # written in a worker thread
        pass
    assert scripted_dialogs.calls[-1][0] == "info"
    ws = load_workbook(out).active
    assert ws["A1"].value == "Name" and ws["A2"].value == "张三明" and ws.max_row == 2


def test_export_refused_for_a_clerk(window, scripted_dialogs, tmp_path, monkeypatch, qtbot):
    out = tmp_path / "residents.xlsx"
    monkeypatch.setattr(scripted_dialogs, "save_file", lambda *a, **k: out)
    with acting_as(Actor("clerk1", "clerk")):
        window.safety_actions["exportAction"].trigger()
    with qtbot.waitSignal(window.export_worker.done, timeout=20_000):  # the worker acts as the clerk who started it
        pass
    assert scripted_dialogs.calls[-1][0] == "error" and not out.exists()


def _export_entries(db) -> int:
    from sqlalchemy import func, select

    from models.safety.audit import AuditEntry

    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "export"))


def test_export_reads_the_rows_in_the_worker_with_progress_in_rows(window, scripted_dialogs, tmp_path, qtbot, monkeypatch):
    from models.safety import export

    monkeypatch.setattr(export, "PAGE", 100)  # several pages of the 300-odd residents
    out = tmp_path / "all.csv"
    scripted_dialogs.save_file = lambda *a, **k: out
    shown = window.residents.model.rowCount()
    window.safety_actions["exportAction"].trigger()
    worker = window.export_worker
    steps = []
    worker.progressed.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(worker.finished, timeout=20_000):
        assert worker.running
    assert steps[-1] == (shown, shown) and len(steps) == -(-shown // 100)
    assert out.read_text(encoding="utf-8-sig").count("\n") >= shown + 1
    assert scripted_dialogs.calls[-1] == ("info", "Export the list", f"{shown} rows written to {out}.")
    assert _export_entries(window.db) == 1


def test_export_cancelled_between_pages_writes_and_logs_nothing(window, scripted_dialogs, tmp_path, qtbot, monkeypatch):
    import threading

    from models.residents.registry import ResidentListSource
    from models.safety import export

    monkeypatch.setattr(export, "PAGE", 100)
    gate = threading.Event()
    rows = ResidentListSource.rows

    def first_page_waits(self, session, ids):  # the worker holds on its first page until Cancel was pressed
        gate.wait(20)
        return rows(self, session, ids)

    monkeypatch.setattr(ResidentListSource, "rows", first_page_waits)
    out = tmp_path / "all.xlsx"
    scripted_dialogs.save_file = lambda *a, **k: out
    window.safety_actions["exportAction"].trigger()
    worker = window.export_worker
    with qtbot.waitSignal(worker.cancelled, timeout=20_000):
        worker.progress_dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
        gate.set()
    assert not out.exists() and _export_entries(window.db) == 0
    assert scripted_dialogs.calls == []  # nothing to tell: the clerk cancelled


def test_start_up_refuses_a_second_copy(demo_db, qapp, scripted_dialogs):
    from ui.shell.startup import start

    lock = acquire(demo_db.path)
    try:
        assert start(demo_db, qapp) is None
        kind, _title, text = scripted_dialogs.calls[-1]
        assert kind == "error" and "in use" in text
    finally:
        lock.release()


@pytest.fixture
def broken_file(tmp_path, damage_table):  # type: ignore[no-untyped-def]
    """A database at the current schema whose resident table's first page is garbage."""
    from models.core.db import open_database

    path = tmp_path / "broken.sqlite3"
    db = open_database(path)
    with db.write() as s:
        for i in range(300):
            create_resident(s, ResidentInput(name=f"居民{i}", notes="x" * 200))
    db.dispose()
    damage_table(path)
    return path


def test_start_up_on_a_damaged_file_opens_read_only_and_offers_a_restore(broken_file, qapp, qtbot, scripted_dialogs):
    from models.core.db import open_database
    from ui.shell.app import create_window
    from ui.shell.startup import after_show, start

    db = open_database(broken_file)
    used = start(db, qapp)
    window = None
    try:
        assert used is not db and getattr(used, "read_only", False)
        window = create_window(used, qapp, "en")
        window.show()
        from models.safety.startup import StartUp

        after_show(qapp, StartUp(db=used, lock=None, read_only=True, messages=["The database failed its quick check"]))
        assert scripted_dialogs.calls[-1][0] == "warning"
        assert window.backup_dialog.isVisible()
        assert "READ-ONLY" in window.windowTitle()
    finally:
        from ui.shell import startup as safety_startup

        for lock in safety_startup._held:
            lock.release()
        safety_startup._held.clear()
        if window is not None:
            window.close()
            window.deleteLater()
            qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        used.dispose()


def test_the_usual_start_checks_in_the_background_and_a_damaged_file_turns_read_only(
        broken_file, qapp, qtbot, scripted_dialogs):
    """The window opens before the quick_check (a second on ten years of data); what it finds is told."""
    from models.core.db import ReadOnlyDatabase
    from models.core.settings import Setting
    from models.safety.startup import open_for_window
    from ui.shell import startup as safety_startup
    from ui.shell.app import create_window

    opened = open_for_window(broken_file)
    assert opened.deferred and opened.checked is None
    used = safety_startup.start(opened.db, qapp, lock=opened.lock, deferred=True)
    window = None
    try:
        assert used is opened.db and used.write_gate is not None
        window = create_window(used, qapp, "en")
        window.show()
        safety_startup.window_shown(qapp)
        qtbot.waitUntil(lambda: any(c[0] == "warning" for c in scripted_dialogs.calls), timeout=20_000)
        kind, _title, text = next(c for c in scripted_dialogs.calls if c[0] == "warning")
        assert "failed its quick check" in text
        assert "READ-ONLY" in window.windowTitle() and window.backup_dialog.isVisible()
        with pytest.raises(ReadOnlyDatabase), used.write() as s:
            s.add(Setting(key="x", value="y"))
    finally:
        for lock in safety_startup._held:
            lock.release()
        safety_startup._held.clear()
        if window is not None:
            window.close()
            window.deleteLater()
            qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        used.dispose()
