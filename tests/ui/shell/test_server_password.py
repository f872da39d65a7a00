"""The window on a server whose password is not in ~/.pgpass: it asks (issue 19, docs/server.md).

Against the real throwaway cluster (tests/conftest.py ``pg_server``): its role ``linli_pw``
logs in with a password over TCP, and PGPASSFILE names a file that does not exist.
The clerk is a timer that answers each password dialog as it appears, with the keyboard.
"""

from __future__ import annotations

import argparse
import logging
import os

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from models.core.db import PasswordNeeded, PasswordRefused
from ui.shell.server_password import ServerPasswordDialog


@pytest.fixture
def password_db(pg_server, pg_template, tmp_path, monkeypatch):
    """A Linli database on the server for the password role, and no password file."""
    if pg_server.password_role is None:
        pytest.skip("the server has no password role (LINLI_TEST_PG_URL): the throwaway cluster makes one")
    name = pg_server.new_name()
    pg_server.create(name, template=pg_template)
    pg_server.grant_desk(name, pg_server.password_role)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-pgpass"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    yield pg_server.url(name, username=pg_server.password_role, host="127.0.0.1")
    pg_server.drop(name)


class Clerk:
    """Answers each password dialog shown with the next of ``passwords`` (None: Cancel), by keyboard."""

    def __init__(self, qtbot, passwords: list[str | None]):
        self.qtbot, self.passwords = qtbot, list(passwords)
        self.seen: list[dict[str, str]] = []
        self._handled: list[ServerPasswordDialog] = []
        self.timer = QTimer(interval=20)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, ServerPasswordDialog) and w.isVisible() and w not in self._handled), None)
        if dialog is None:
            return
        self._handled.append(dialog)
        self.seen.append({
            "server": dialog.server.text(), "database": dialog.database.text(), "user": dialog.user.text(),
            "error": dialog.error.text() if dialog.error.isVisible() else "",
            "echo": dialog.password_edit.echoMode().name, "ok": dialog.buttons.buttons()[0].isEnabled(),
        })
        answer = self.passwords.pop(0)
        if answer is None:
            self.qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)
            return
        self.qtbot.keyClicks(dialog.password_edit, answer)
        self.qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def _args(url: str) -> argparse.Namespace:
    return argparse.Namespace(db=url, lang="en")


def test_a_wrong_password_is_said_and_the_right_one_opens_the_window_on_the_server(
        qtbot, qapp, pg_server, password_db, monkeypatch, caplog, tmp_path) -> None:
    import ui.shell.app as shell_app
    from cli.window import open_window

    secret = pg_server.role_password
    shown: list[dict[str, str]] = []

    def run_app(db, language=None, **_kw):  # type: ignore[no-untyped-def]
        """What the real start does after the login: the main window on the database opened."""
        from models.residents.registry import ResidentInput, create_resident

        window = shell_app.create_window(db, qapp, language)
        window.show()
        qtbot.waitExposed(window)
        with db.write() as s:  # the window's database is the server, and it writes
            create_resident(s, ResidentInput(name="𠮷祥", phone="13900001113"))
        shown.append({"title": window.windowTitle(), "label": window.db_label.text(), "url": db.url,
                      "dialect": db.engine.dialect.name})
        window.close()
        return 0

    monkeypatch.setattr(shell_app, "run_app", run_app)
    clerk = Clerk(qtbot, ["wrong-password", secret])
    caplog.set_level(logging.DEBUG)
    assert open_window(_args(password_db)) == 0
    clerk.timer.stop()

    port = password_db.split("127.0.0.1:")[1].split("/")[0]
    database = password_db.rsplit("/", 1)[1]
    assert [(s["server"], s["database"], s["user"]) for s in clerk.seen] == [
        (f"127.0.0.1:{port}", database, "linli_pw")] * 2
    assert all(s["echo"] == "Password" for s in clerk.seen)
    assert clerk.seen[0]["error"] == "" and not clerk.seen[0]["ok"]  # nothing typed yet: OK waits
    assert clerk.seen[1]["error"] == f"The server 127.0.0.1:{port} refused the password of linli_pw. 2 tries left."
    assert len(shown) == 1 and shown[0]["dialect"] == "postgresql"
    assert "linli_pw@127.0.0.1" in shown[0]["label"]
    # Kept in memory only: not in the title, the address, the log, the preferences.
    written = "".join(p.read_text(encoding="utf-8", errors="replace")
                      for p in _files(os.environ["LINLI_CONFIG_DIR"]))
    for where in (shown[0]["title"], shown[0]["label"], shown[0]["url"], caplog.text, written):
        assert secret not in where and "wrong-password" not in where


def _files(folder: str) -> list:
    from pathlib import Path

    return [p for p in Path(folder).rglob("*") if p.is_file()]


def test_cancel_ends_the_start_with_the_usual_message(qtbot, password_db, monkeypatch) -> None:
    import ui.shell.app as shell_app
    from cli.window import open_window

    monkeypatch.setattr(shell_app, "run_app", lambda *a, **k: pytest.fail("no window without the password"))
    clerk = Clerk(qtbot, [None])
    with pytest.raises(PasswordNeeded, match=r"asks for the password of linli_pw.*\.pgpass"):
        open_window(_args(password_db))
    clerk.timer.stop()
    assert len(clerk.seen) == 1


def test_three_wrong_passwords_end_the_start(qtbot, password_db, monkeypatch) -> None:
    import ui.shell.app as shell_app
    from cli.window import open_window

    monkeypatch.setattr(shell_app, "run_app", lambda *a, **k: pytest.fail("no window without the password"))
    clerk = Clerk(qtbot, ["one", "two", "three"])
    with pytest.raises(PasswordRefused, match="refused the password of linli_pw"):
        open_window(_args(password_db))
    clerk.timer.stop()
    assert [s["error"].split(". ")[-1] for s in clerk.seen] == ["", "2 tries left.", "1 try left."]


def test_the_command_line_asks_through_the_same_loop_on_a_terminal(pg_server, password_db, monkeypatch,
                                                                   capsys) -> None:
    import getpass

    import cli.common as common

    answers = ["wrong-password", pg_server.role_password]
    prompts: list[str] = []
    monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": prompts.append(prompt) or answers.pop(0))
    db = common.open_db(password_db)
    try:
        assert db.engine.dialect.name == "postgresql" and pg_server.role_password not in db.url
    finally:
        db.dispose()
    assert prompts == ["Password of linli_pw on " + password_db.split("@")[1].split("/")[0] + ": "] * 2
    assert "refused the password of linli_pw" in capsys.readouterr().err

    monkeypatch.setattr(common, "stdin_is_terminal", lambda: False)  # a script: no prompt, the one line
    with pytest.raises(PasswordNeeded):
        common.open_db(password_db)
