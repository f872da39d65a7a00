"""The import dialog's progress bar and Cancel: a cancelled import leaves nothing behind."""

from __future__ import annotations

import threading

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select, text

from models.residents.entities import Resident
from models.safety.backup import backup_folder


def workbook(path, n):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "电话"])
    for i in range(n):
        ws.append([f"新居民{i}", f"138{i:08d}"])
    wb.save(path)
    return path


def state(db):
    with db.session() as s:
        residents = s.scalar(select(func.count(Resident.id)))
        audit = s.scalar(text("SELECT count(*) FROM audit_entry"))
    folder = backup_folder(db.path)
    return residents, audit, sorted(folder.iterdir()) if folder.exists() else []


def gated(monkeypatch, name):
    """Hold the real function's first progress call until the test has pressed Cancel."""
    import ui.common.import_dialog as module

    gate = threading.Event()
    real = getattr(module, name)

    def wrapper(*args, progress=None, **kwargs):
        def held(done, total):
            gate.wait(10)
            return progress(done, total)

        return real(*args, progress=held, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return gate


def press_cancel(qtbot, worker):
    dialog = worker.progress_dialog
    dialog.show()  # it shows itself after half a second; the test does not wait for that
    button = dialog.findChild(QPushButton)
    assert button is not None and button.isVisible() and button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_cancel_while_checking_writes_no_rows_no_backup_no_audit(qtbot, window, scripted_dialogs, tmp_path, monkeypatch):
    from ui.common.import_dialog import open_import_dialog

    dialog = open_import_dialog(window)
    dialog.load(workbook(tmp_path / "big.xlsx", 30))
    before = state(window.db)
    gate = gated(monkeypatch, "import_people")
    scripted_dialogs.answers = [True]
    worker = dialog.run(dry_run=False)
    assert worker is not None and worker.running
    press_cancel(qtbot, worker)
    gate.set()
    qtbot.waitUntil(lambda: not worker.running, timeout=20000)
    assert worker.outcome == "cancelled"
    assert dialog.summary.text() == "The import was cancelled; nothing was written."
    assert state(window.db) == before
    assert dialog.import_button.isEnabled()  # and it can be run again, to the end
    scripted_dialogs.answers = [True]
    monkeypatch.undo()
    worker = dialog.run(dry_run=False)
    qtbot.waitUntil(lambda: not worker.running, timeout=20000)
    assert worker.outcome == "finished" and state(window.db)[0] == before[0] + 30


def test_a_large_file_is_read_in_a_worker_with_progress_and_cancel(qtbot, window, scripted_dialogs, tmp_path, monkeypatch):
    import models.core.importing
    import ui.common.import_dialog as module

    monkeypatch.setattr(module, "READ_IN_WORKER_BYTES", 0)
    monkeypatch.setattr(models.core.importing, "PROGRESS_EVERY", 1)  # reading reports from the first row: the gate holds
    dialog = module.open_import_dialog(window)
    path = workbook(tmp_path / "big.xlsx", 30)
    gate = gated(monkeypatch, "read_table")
    worker = dialog.load(path)
    assert worker is not None and worker.running and not dialog.check_button.isEnabled()
    press_cancel(qtbot, worker)
    gate.set()
    qtbot.waitUntil(lambda: not worker.running, timeout=20000)
    assert worker.outcome == "cancelled" and dialog.table is None

    gate.set()
    worker = dialog.load(path)
    qtbot.waitUntil(lambda: not worker.running, timeout=20000)
    assert worker.outcome == "finished"
    assert dialog.table is not None and dialog.table.data_rows == 30
    assert dialog.combos["name"].currentData() == 0 and dialog.check_button.isEnabled()
