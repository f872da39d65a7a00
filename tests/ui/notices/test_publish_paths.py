"""The composer tab and ``main.py notice`` publish the same way (issue 14): for the same notice,
the same history row and the same audit entry, through :func:`models.notices.publish`."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlalchemy import select

import main
from models.notices import Notice
from models.safety.audit import AuditEntry

TITLE, BODY = "停水通知", "因管道检修，明天上午停水。"
#: What differs by nature: the row, the moment, and the PDF's own creation stamp.
_PER_COPY = {"id", "created_at", "pdf", "pdf_sha256"}


def _rows(db) -> list[tuple[dict, tuple]]:
    with db.session() as s:
        out = []
        for n in s.scalars(select(Notice).order_by(Notice.id)):
            row = {c.name: getattr(n, c.name) for c in Notice.__table__.columns if c.name not in _PER_COPY}
            row["fields_json"] = json.loads(row["fields_json"])
            audit = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "notice",
                                                       AuditEntry.record_id == n.id)).one()
            out.append((row, (audit.action, audit.table_name, audit.summary, audit.actor)))
        return out


def test_the_tab_and_the_command_line_keep_the_same_entries(
        qtbot, window, demo_db, typist, scripted_dialogs, tmp_path, capsys) -> None:
    window.tabs.setCurrentWidget(window.lazy_tabs["notices"])
    tab = window.tab("notices")
    tab.choose_template("general")
    tab.title_edit.clear()
    typist.type(tab.title_edit, TITLE)
    typist.type(tab.body_edit, BODY)
    from_tab = tmp_path / "tab.pdf"
    scripted_dialogs.save_file = lambda *a, **k: from_tab
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert from_tab.read_bytes().startswith(b"%PDF")

    body_file = tmp_path / "body.txt"
    body_file.write_text(BODY, encoding="utf-8")
    from_cli = tmp_path / "cli.pdf"
    code = main.main(["--lang", "en", "notice", "general", "--title", TITLE, "--body-file", str(body_file),
                      "--db", str(demo_db.path), "--out", str(from_cli)])
    assert code == 0, capsys.readouterr().err
    assert from_cli.read_bytes().startswith(b"%PDF")

    (tab_row, tab_audit), (cli_row, cli_audit) = _rows(demo_db)
    # Who did it: the clerk at the window, the system on the command line; the rest is the same.
    assert tab_row.pop("created_by") == tab_audit[3] and cli_row.pop("created_by") == cli_audit[3]
    assert tab_row == cli_row
    assert tab_audit[:3] == cli_audit[:3] == ("export", "notice", "notice general, 1 page(s)")


def test_the_composer_tells_once_when_the_holidays_of_a_year_are_not_known(window) -> None:
    from PySide6.QtCore import QDate

    from models.core.workdays import known_years

    window.tabs.setCurrentWidget(window.lazy_tabs["notices"])
    tab = window.tab("notices")
    tab.choose_template("service_results")  # a disclosure: it has a posting period
    tab.from_edit.setDate(QDate(2026, 9, 30))
    tab.to_edit.setDate(QDate(2026, 10, 12))
    assert tab.posting_note.isHidden()
    later = max(known_years()) + 1
    tab.from_edit.setDate(QDate(later, 1, 4))
    tab.to_edit.setDate(QDate(later, 1, 8))
    assert not tab.posting_note.isHidden()
    assert tab.posting_note.text().count(str(later)) == 1 and "Monday to Friday" in tab.posting_note.text()
    tab.choose_template("general")  # no posting period: nothing to tell
    assert tab.posting_note.isHidden()
