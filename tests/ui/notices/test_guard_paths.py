"""The privacy guard on every way a notice leaves Linli (issue 13): ``main.py notice``,
``main.py activities notice``, the activities tab's notice button and the Notices tab —
refused in one line, nothing written, nothing kept in the history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

import main
from models.activities import Activity
from models.notices import history
from ui.notices.tab import NoticeComposerDialog

ID = "11010519491231002X"  # 张三明's, in the demo database of tests/ui/conftest.py

HOLES = {
    "two spaces": "电话 189  0154  2004",
    "tab": "电话 189\t0154\t2004",
    "dots": "电话 189.0154.2004",
    "brackets": "电话 (189)(0154)(2004)",
    "en-dash": "电话 189–0154–2004",
    "U+2010": "电话 189\u20100154\u20102004",
    "zero-width spaces": "电话 189\u200b0154\u200b2004",
    "86 glued": "电话 8618901542004",
    "ID over two lines": f"证号 {ID[:9]}\n{ID[9:]}",
    "ID with double spaces": f"证号 {ID[:6]}  {ID[6:14]}  {ID[14:]}",
    "ID and an extra digit": f"证号 {ID}7",
    "name with a space": "感谢张 三明",
    "name with a newline": "感谢张\n三明",
    "name with a zero-width space": "感谢张\u200b三明",
    "name in Traditional": "感谢張三明",
}


def _history(db) -> list:
    with db.session() as s:
        return history(s)


def _first_activity(db) -> int:
    with db.session() as s:
        return s.scalar(select(Activity.id).order_by(Activity.id).limit(1))


@pytest.mark.parametrize("body", list(HOLES.values()), ids=list(HOLES))
def test_the_notice_command_refuses_each_hole(demo_db, tmp_path, capsys, body) -> None:
    body_file = tmp_path / "body.txt"
    body_file.write_text(body, encoding="utf-8")
    out = tmp_path / "n.pdf"
    code = main.main(["--lang", "en", "notice", "general", "--title", "通知", "--body-file", str(body_file),
                      "--db", str(demo_db.path), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and "Body" in err[0]
    assert "18901542004" not in err[0] and ID not in err[0]
    assert not out.exists()
    assert _history(demo_db) == []


def test_the_notice_command_refuses_an_invisible_character_in_the_title(demo_db, tmp_path, capsys) -> None:
    out = tmp_path / "n.pdf"
    code = main.main(["--lang", "en", "notice", "general", "--title", "停水\u200b通知", "--db", str(demo_db.path),
                      "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "Notice title, at character 3" in err and "U+200B" in err
    assert not out.exists() and _history(demo_db) == []


@pytest.mark.parametrize("column,text,expect", [
    ("description", "报名请联系 189  0154  2004。", "Body"),
    ("description", "由张\u200b三明老师主讲。", "Body"),
    ("title", "張三明书法班", "Notice title"),
    ("organiser", f"老年大学\n{ID[:9]}\n{ID[9:]}", "(Organiser), column 2"),
])
def test_the_activities_notice_command_refuses_planted_data(demo_db, tmp_path, capsys, column, text, expect) -> None:
    aid = _first_activity(demo_db)
    with demo_db.write() as s:
        s.execute(update(Activity).where(Activity.id == aid).values(**{column: text}))
    out = tmp_path / "n.pdf"
    code = main.main(["--lang", "en", "activities", "notice", "--activity", str(aid), "--db", str(demo_db.path),
                      "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and expect in err[0]
    assert not out.exists() and _history(demo_db) == []


def _composer() -> NoticeComposerDialog:
    (dialog,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, NoticeComposerDialog) and w.isVisible()]
    return dialog


def test_the_activity_button_refuses_a_spaced_mobile_in_the_description_and_selects_it(
        qtbot, window, demo_db, scripted_dialogs) -> None:
    tab = window.tab("activities")
    tab.model.reload()
    aid = tab.model.id_at(0)
    with demo_db.write() as s:
        s.execute(update(Activity).where(Activity.id == aid).values(description="报名请联系\n189  0154\t2004。"))
    tab.select_id(aid)
    tab.notice_button.click()
    composer = _composer().composer
    composer.print_button.click()
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "error" and "Body, line 2, character 1" in text and "189****2004" in text
    assert composer.body_edit.textCursor().selectedText() == "189  0154\t2004"  # the clerk's own characters
    assert "print" not in [c[0] for c in scripted_dialogs.calls]
    assert _history(demo_db) == []


def test_the_notices_tab_refuses_a_traditional_name(qtbot, window, demo_db, typist, scripted_dialogs) -> None:
    window.tabs.setCurrentWidget(window.lazy_tabs["notices"])
    tab = window.tab("notices")
    tab.choose_template("general")
    tab.title_edit.setText("表彰")
    typist.type(tab.body_edit, "感谢張三明同志。")
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "error" and "the full name of a resident" in text
    assert tab.body_edit.textCursor().selectedText() == "張三明"
    assert _history(demo_db) == []


def test_the_spot_is_selected_after_a_character_outside_the_bmp(qtbot, window, demo_db, scripted_dialogs) -> None:
    window.tabs.setCurrentWidget(window.lazy_tabs["notices"])
    tab = window.tab("notices")
    tab.choose_template("general")
    tab.title_edit.setText("𠮷*：电话 189\u20100154\u20102004")
    tab.body_edit.setPlainText("感谢𠮷*。\n电话 189  0154  2004")
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "error" and "Notice title, at character 7" in text
    assert tab.title_edit.selectedText() == "189\u20100154\u20102004"
    assert _history(demo_db) == []
