"""The import dialog: mapping suggested, dry run, problems listed, import all or nothing."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from models.residents.entities import Resident


def workbook(path, rows, header=("序号", "姓名", "身份证号", "联系电话", "楼栋", "室")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Resident.id)))


def finish(qtbot, dialog) -> None:
    """The import runs in a worker thread: wait for its done signal."""
    qtbot.waitUntil(lambda: dialog.worker is not None and not dialog.worker.running, timeout=20000)
    assert dialog.worker.outcome == "finished"


def test_import_with_a_bad_row_writes_nothing_then_a_clean_file_imports(qtbot, window, scripted_dialogs, tmp_path, monkeypatch):
    from ui.common.import_dialog import open_import_dialog

    dialog = open_import_dialog(window)
    bad = workbook(tmp_path / "bad.xlsx", [(1, "新居民甲", None, "13811112222", "3", "301"),
                                           (2, "新居民乙", 110105195001010000, None, "3", "302")])
    dialog.load(bad)
    assert dialog.combos["name"].currentData() == 1 and dialog.combos["phone"].currentData() == 3
    assert dialog.combos["grid"].currentData() is None
    before = count(window.db)
    scripted_dialogs.answers = [True]
    dialog.import_button.click()
    finish(qtbot, dialog)
    assert count(window.db) == before
    assert dialog.problems.count() == 1 and "Row 3" in dialog.problems.item(0).text()
    report = tmp_path / "report.xlsx"
    monkeypatch.setattr(scripted_dialogs, "save_file", lambda *a, **k: report)
    dialog.report_button.click()
    assert load_workbook(report).active["A2"].value == 3

    good = workbook(tmp_path / "good.xlsx", [(1, "新居民甲", None, "13811112222", "3", "301")])
    dialog.load(good)
    dialog.check_button.click()
    finish(qtbot, dialog)
    assert "no problems" in dialog.summary.text() and count(window.db) == before
    scripted_dialogs.answers = [True]
    dialog.import_button.click()
    finish(qtbot, dialog)
    assert count(window.db) == before + 1
    assert "Imported 1 rows" in dialog.summary.text()
    dialog.close()


def test_import_runs_in_a_worker_and_the_dialog_waits_for_it(qtbot, window, scripted_dialogs, tmp_path):
    from ui.common.import_dialog import open_import_dialog

    dialog = open_import_dialog(window)
    dialog.load(workbook(tmp_path / "one.xlsx", [(1, "新居民丙", None, "13811113333", "3", "303")]))
    before = count(window.db)
    scripted_dialogs.answers = [True]
    worker = dialog.run(dry_run=False)
    assert worker is not None and worker.running
    assert not dialog.import_button.isEnabled() and not dialog.check_button.isEnabled()
    with qtbot.waitSignal(worker.finished, timeout=20000) as blocker:
        pass
    report = blocker.args[0][0]
    assert report.created == 1 and count(window.db) == before + 1
    assert "Imported 1 rows: 1 new residents" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    dialog.close()
