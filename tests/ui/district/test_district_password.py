"""The sub-district's window on centres whose server asks for a password the password file does not hold
(issue 19): the desk's own password dialog, once for the centres on one server as one role, before the
reading; the password in memory only. On the real throwaway cluster (tests/pg/district_servers.py)."""

from __future__ import annotations

import logging
from functools import partial

import pytest
from PySide6.QtCore import Qt

from models.district import Centre
from tests.pg import district_servers
from tests.pg.district_servers import sqlite_centre
from tests.ui.shell.test_server_password import Clerk


@pytest.fixture
def password_centres(pg_server, pg_template, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Two centres on the server as its password role, no password file (tests/pg/district_servers.py)."""
    yield from district_servers.password_centres(pg_server, pg_template, tmp_path, monkeypatch)


@pytest.fixture
def window(qtbot, password_centres, tmp_path):  # type: ignore[no-untyped-def]
    """The window as ``main.py district`` opens it: asking through the desk's password dialog."""
    from cli.district import centre_passwords
    from ui.district.window import DistrictWindow
    from ui.shell.server_password import ask_password

    centres = [Centre("幸福里社区", password_centres[0], 1), Centre("和平社区", password_centres[1], 2),
               Centre("东风社区", str(sqlite_centre(tmp_path / "c.sqlite3")), 3)]
    w = DistrictWindow(centres, ask_passwords=partial(centre_passwords, ask=ask_password))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _show(qtbot, w, period: str = "2026") -> None:
    w.figures = None
    w.period.clear()
    qtbot.keyClicks(w.period, period)
    qtbot.keyClick(w.period, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.figures is not None, timeout=60_000)


def _headers(w) -> list[str]:
    return [w.table.horizontalHeaderItem(c).text() for c in range(w.table.columnCount())]


def test_one_dialog_for_both_centres_a_wrong_password_said_then_every_column_filled(
        window, qtbot, pg_server, password_centres, scripted_dialogs, caplog, tmp_path) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    caplog.set_level(logging.DEBUG)
    secret = pg_server.role_password
    w = window
    clerk = Clerk(qtbot, ["wrong-password", secret])
    _show(qtbot, w)
    host = "127.0.0.1:" + str(pg_server.admin_url.port)
    databases = ", ".join(url.rsplit("/", 1)[1] for url in password_centres)
    assert [(s["server"], s["database"], s["user"]) for s in clerk.seen] == [(host, databases, "linli_pw")] * 2
    assert clerk.seen[0]["error"] == ""
    assert clerk.seen[1]["error"] == f"The server {host} refused the password of linli_pw. 2 tries left."
    assert all(s["echo"] == "Password" for s in clerk.seen)
    assert _headers(w)[2:] == ["幸福里社区", "和平社区", "东风社区", "Sub-district total"]  # none "did not answer"
    assert not w.failures.isVisibleTo(w)
    for col in (2, 3, 4):  # every centre's column holds figures, not the "—" of a centre that did not answer
        assert any(w.table.item(r, col).text() not in ("—", "") for r in range(w.table.rowCount()))

    # Kept in this window's memory: the next Show does not ask again.
    _show(qtbot, w, "2026H2")
    assert len(clerk.seen) == 2 and not w.failures.isVisibleTo(w)
    clerk.timer.stop()

    scripted_dialogs.save_file = lambda *a, **k: tmp_path / "district"
    qtbot.mouseClick(w.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(w.written) == 1, timeout=60_000)
    qtbot.mouseClick(w.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(w.written) == 2, timeout=60_000)
    pdf_text = "".join(p.extract_text() for p in PdfReader(tmp_path / "district.pdf").pages)
    assert "和平社区" in pdf_text and "did not answer" not in pdf_text
    cells = " ".join(str(v) for row in load_workbook(tmp_path / "district.xlsx").active.iter_rows(values_only=True)
                     for v in row)
    assert "和平社区" in cells
    for where in (pdf_text, cells, caplog.text, w.windowTitle(), w.heading.text(), w.failures.text(),
                  " ".join(_headers(w)), repr(w._passwords)):
        assert secret not in where and "wrong-password" not in where


def test_cancel_lists_both_server_centres_as_not_answering_and_the_file_is_read(
        window, qtbot, scripted_dialogs) -> None:
    w = window
    clerk = Clerk(qtbot, [None])
    _show(qtbot, w)
    assert len(clerk.seen) == 1  # one dialog for the two centres
    headers = _headers(w)
    assert headers[2:4] == ["幸福里社区\n(did not answer)", "和平社区\n(did not answer)"] and headers[4] == "东风社区"
    assert w.failures.text().splitlines() == ["Did not answer: 幸福里社区: no password given",
                                              "Did not answer: 和平社区: no password given"]
    served = [w.table.item(r, 4).text() for r in range(w.table.rowCount())]
    assert "0" in served  # the file's centre answered: its figures, not "—"

    # Cancelled is not remembered: the next Show asks again.
    clerk.passwords.append(None)
    _show(qtbot, w, "2026H2")
    clerk.timer.stop()
    assert len(clerk.seen) == 2
