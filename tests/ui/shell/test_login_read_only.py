"""The login dialog and the idle lock on a damaged database open read-only."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from models.core.db import open_database
from models.safety import accounts, audit
from models.safety.accounts import ScryptParams, create_first_admin
from models.safety.security import SYSTEM, set_actor
from models.safety.startup import open_read_only
from ui.shell.idle_lock import IdleLock
from ui.shell.login_dialog import FirstRunDialog, LoginDialog


@pytest.fixture(autouse=True)
def fast_and_clean(monkeypatch):
    monkeypatch.setattr(accounts, "PARAMS", ScryptParams(n=2**4, r=1, p=1))
    monkeypatch.setattr(audit, "UNWRITTEN", [])
    yield
    set_actor(SYSTEM)


@pytest.fixture
def read_only_db(tmp_path):
    path = tmp_path / "linli.sqlite3"
    db = open_database(path)
    with db.write() as s:
        create_first_admin(s, "boss", "long password")
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    ro = open_read_only(path)
    yield ro
    ro.dispose()


def test_login_dialog_and_idle_lock_on_a_read_only_database(qtbot, read_only_db) -> None:
    dialog = LoginDialog(read_only_db)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.username, "boss")
    qtbot.keyClicks(dialog.password, "long password")
    with qtbot.waitSignal(dialog.logged_in) as got:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    set_actor(got.args[0])
    window = QMainWindow()
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(window, read_only_db, timeout_ms=60_000)
    try:
        lock.lock()  # writes nothing: kept in memory
        assert lock.is_locked
        assert [e.action for e in audit.UNWRITTEN] == ["login", "screen_lock"]
    finally:
        lock.stop()


def test_first_run_on_a_read_only_database_says_why(qtbot, tmp_path) -> None:
    path = tmp_path / "empty.sqlite3"
    open_database(path).dispose()
    db = open_read_only(path)
    try:
        dialog = FirstRunDialog(db)
        qtbot.addWidget(dialog)
        dialog.open()
        for edit in (dialog.username, dialog.password, dialog.repeat):
            qtbot.keyClicks(edit, "boss long password" if edit is not dialog.username else "boss")
        dialog.create()
        assert "read-only" in dialog.general.text() and dialog.isVisible()
    finally:
        db.dispose()
