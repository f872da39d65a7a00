"""pytest-qt fixtures: the real window on a test database, and the dialog seam.

Every message box and file dialog goes through ui.common.dialogs; here it is replaced
by :class:`ScriptedDialogs`, which answers from a script and fails the test on
any dialog nobody expected. The real QMessageBox/QFileDialog/QDialog.exec are
made to fail fast, so nothing can block offscreen.
"""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

import i18n
from models.core.db import open_database
from models.demo import fill_demo
from models.residents.registry import ResidentInput, create_resident
from ui.common import dialogs


class ScriptedDialogs(dialogs.DialogService):
    """Answers confirmations from ``answers``; records every call in ``calls``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.answers: list[bool] = []

    def _record(self, kind: str, title: str, text: str) -> None:
        self.calls.append((kind, title, text))

    def info(self, parent, title, text):
        self._record("info", title, text)

    def warning(self, parent, title, text):
        self._record("warning", title, text)

    def error(self, parent, title, text):
        self._record("error", title, text)

    def confirm(self, parent, title, text, *, ok_text=None):
        self._record("confirm", title, text)
        if not self.answers:
            raise AssertionError(f"unexpected confirmation: {title}: {text}")
        return self.answers.pop(0)

    def choose(self, parent, title, text, options, *, default=0):
        """Answers from ``answers`` too: the index of the option, or None for Cancel."""
        self._record("choose", title, text)
        if not self.answers:
            raise AssertionError(f"unexpected question: {title}: {text}")
        answer = self.answers.pop(0)
        assert answer is None or isinstance(answer, int) and not isinstance(answer, bool), answer
        return answer

    def open_file(self, parent, title, file_filter=""):
        raise AssertionError(f"unexpected file dialog: {title}")

    def save_file(self, parent, title, suggested="", file_filter=""):
        raise AssertionError(f"unexpected file dialog: {title}")

    def print_pdf(self, parent, title, pdf):
        """Records the print job (``printed``) and accepts it unless ``print_answers`` says otherwise."""
        self._record("print", title, "")
        self.printed = [*getattr(self, "printed", []), pdf]
        answers = getattr(self, "print_answers", [])
        return answers.pop(0) if answers else True


def _refuse(*_args, **_kwargs):
    raise AssertionError("a real modal dialog was opened; go through ui.common.dialogs")


@pytest.fixture(autouse=True)
def scripted_dialogs(monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", _refuse)
    monkeypatch.setattr(QDialog, "exec", _refuse)
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, _refuse)
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, _refuse)
    service = ScriptedDialogs()
    previous = dialogs.install(service)
    yield service
    dialogs.install(previous)


@pytest.fixture
def clerk_presses(monkeypatch, qtbot, scripted_dialogs):
    """``clerk_presses(key)``: from now on questions are the real message boxes of
    :class:`dialogs.DialogService` (confirm and choose; everything else stays scripted),
    and the clerk answers each with ``key`` on whatever has the focus. Returns the list
    of (question, focused button's text) seen."""
    seen: list[tuple[str, str]] = []

    def arrange(key) -> list[tuple[str, str]]:
        from PySide6.QtWidgets import QApplication

        def exec_(box: QMessageBox) -> int:
            box.show()
            qtbot.waitExposed(box)
            QApplication.processEvents()
            target = box.focusWidget() or box
            seen.append((box.text(), target.text() if hasattr(target, "text") else ""))
            qtbot.keyClick(target, key)
            assert not box.isVisible(), "the key closed nothing"
            return box.result()

        monkeypatch.setattr(QMessageBox, "exec", exec_)
        real = dialogs.DialogService()
        monkeypatch.setattr(scripted_dialogs, "confirm", real.confirm)
        monkeypatch.setattr(scripted_dialogs, "choose", real.choose)
        return seen

    return arrange


@pytest.fixture(autouse=True)
def _delete_leftover_widgets(qapp):
    """Delete every top-level widget a test leaves behind.

    A widget left alive would receive the next test's LanguageChange and
    retranslate against a database that is already gone. Work still running
    in a worker thread (a notice preview) ends first, its signals delivered.
    """
    yield
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    QThreadPool.globalInstance().waitForDone(30_000)
    qapp.processEvents()

    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def english():
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


TODAY = dt.date.today()


@pytest.fixture
def db(tmp_path):
    # A file, not ":memory:": an in-memory database is one connection shared by every
    # thread, and the window reads in worker threads (the notice preview, the dues page).
    database = open_database(tmp_path / "linli.sqlite3")
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One demo database per test run (filling it takes seconds); tests get copies."""
    path = tmp_path_factory.mktemp("demo") / "template.sqlite3"
    database = open_database(path)
    fill_demo(database, seed=7, residents=300)
    with database.write() as s:
        create_resident(s, ResidentInput(name="张三明", id_number="11010519491231002X", phone="13800138000"))
        create_resident(s, ResidentInput(name="𠮷祥", phone="13900001113"))
        create_resident(s, ResidentInput(name="阿卜杜·热合曼", phone="13900001112"))
    database.dispose()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    """300 demo residents (with each job's demo data) plus three known ones.

    A private copy of the session's template, made with the backup API.
    """
    from models.core.db import backup_sqlite

    path = backup_sqlite(demo_template, tmp_path / "demo.sqlite3")
    database = open_database(path)
    yield database
    database.dispose()


@pytest.fixture
def window(qtbot, qapp, demo_db):
    from ui.shell.app import create_window

    win = create_window(demo_db, qapp, "en")
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    yield win
    # Delete the window now: a later test's language switch must not reach a
    # window whose database is already gone.
    win.close()
    win.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class Typist:
    """Types text into a widget as a clerk's keyboard does.

    ASCII goes key by key (QTest); Chinese arrives the way an input method
    delivers it — a QInputMethodEvent with the committed characters, one word
    at a time (QTest.keyClicks cannot send characters outside Latin-1).
    """

    def __init__(self, qtbot):
        self._qtbot = qtbot

    def type(self, widget, text: str) -> None:
        from PySide6.QtGui import QInputMethodEvent
        from PySide6.QtWidgets import QApplication

        widget.setFocus()
        run = ""

        def flush_ascii():
            nonlocal run
            if run:
                self._qtbot.keyClicks(widget, run)
                run = ""

        for ch in text:
            if ch.isascii():
                run += ch
            else:
                flush_ascii()
                event = QInputMethodEvent()
                event.setCommitString(ch)
                QApplication.sendEvent(widget, event)
        flush_ascii()


@pytest.fixture
def typist(qtbot):
    return Typist(qtbot)
