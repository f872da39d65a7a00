"""The window tells the clerk when the clock went back (issue 13): Back up now and the timer."""

from __future__ import annotations

import datetime as dt

from models.residents.registry import ResidentInput, create_resident
from models.safety.backup import make_backup


def _a_backup_from_the_future(window) -> None:
    make_backup(window.db.path, "timer", clock=lambda: dt.datetime(2099, 1, 1, 9, 0), second_folder="")


def test_back_up_now_says_the_clock_went_back(window, scripted_dialogs, qtbot):
    _a_backup_from_the_future(window)
    runner = window.backup_scheduler.runner
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        window.safety_actions["backupNowAction"].trigger()
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "info" and "checked" in text
    assert "clock went back" in text and "2099-01-01 09:00:00" in text


def test_a_timer_backup_says_it_in_the_status_bar(window):
    _a_backup_from_the_future(window)
    with window.db.write() as s:
        create_resident(s, ResidentInput(name="新来的"))
    assert window.backup_scheduler.run("timer") is not None
    assert "clock went back" in window.backup_scheduler.last_warning
    assert window.statusBar().currentMessage() == window.backup_scheduler.last_warning
