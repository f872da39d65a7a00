"""One-click 脱敏 in the Notices tab (issue 15): the guard refuses, the clerk clicks “Mask personal
data”, the form shows the masked text (undoable with Ctrl+Z), and the notice then goes through."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from models.notices import history

ID = "11010519491231002X"  # 张三明's, in the demo database of tests/ui/conftest.py


def _tab(qtbot, window):
    window.tabs.setCurrentWidget(window.lazy_tabs["notices"])
    tab = window.tab("notices")
    qtbot.waitUntil(tab.mask_button.isVisible)  # beside Save and Print, always there
    return tab


def _history(db) -> list:
    with db.session() as s:
        return history(s)


def test_mask_an_id_number_typed_with_spaces_then_print(qtbot, window, demo_db, typist, scripted_dialogs) -> None:
    tab = _tab(qtbot, window)
    tab.choose_template("general")
    tab.title_edit.clear()
    typist.type(tab.title_edit, "补领通知")
    typist.type(tab.body_edit, f"请 {ID[:6]} {ID[6:14]} {ID[14:]} 本人（𠮷祥代办）到社区。")
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "error" and "ID number" in text and "Mask personal data" in text
    assert _history(demo_db) == []

    assert tab.mask_button.isEnabled()
    qtbot.mouseClick(tab.mask_button, Qt.MouseButton.LeftButton)
    assert tab.body_edit.toPlainText() == "请 110***********002X 本人（𠮷*代办）到社区。"
    assert tab.title_edit.text() == "补领通知"
    assert tab.mask_label.isVisible()
    shown = tab.mask_label.text()
    assert "Masked 2 items" in shown and "110***********002X" in shown and "𠮷*" in shown
    assert ID not in shown and ID[6:14] not in shown
    assert not tab.findings_label.isVisible()

    # One Ctrl+Z in the body gives the clerk's text back; redo masks it again.
    tab.body_edit.setFocus()
    qtbot.keyClick(tab.body_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.body_edit.toPlainText() == f"请 {ID[:6]} {ID[6:14]} {ID[14:]} 本人（𠮷祥代办）到社区。"
    qtbot.keyClick(tab.body_edit, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert tab.body_edit.toPlainText() == "请 110***********002X 本人（𠮷*代办）到社区。"

    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    assert scripted_dialogs.calls[-1][0] == "print"
    (rec,) = _history(demo_db)
    assert rec.action == "printed" and rec.title == "补领通知"
    assert not tab.mask_label.isVisible()


def test_mask_a_full_width_mobile_in_the_title_and_a_name_in_the_table(qtbot, window, demo_db, typist,
                                                                       scripted_dialogs, tmp_path) -> None:
    tab = _tab(qtbot, window)
    tab.choose_template("general")
    tab.title_edit.clear()
    typist.type(tab.title_edit, "咨询电话１３８００１３８０００")
    tab.add_row()
    tab.table.setItem(0, 0, QTableWidgetItem("主讲"))
    tab.table.setItem(0, 1, QTableWidgetItem("张三明老师"))
    qtbot.mouseClick(tab.mask_button, Qt.MouseButton.LeftButton)
    assert tab.title_edit.text() == "咨询电话138****8000"
    assert tab.table.item(0, 1).text() == "张*明老师" and tab.table.item(0, 0).text() == "主讲"
    # Ctrl+Z in the title field gives the title back.
    tab.title_edit.setFocus()
    qtbot.keyClick(tab.title_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.title_edit.text() == "咨询电话１３８００１３８０００"
    qtbot.mouseClick(tab.mask_button, Qt.MouseButton.LeftButton)
    assert "Masked 1 item" in tab.mask_label.text()
    out = tmp_path / "n.pdf"
    scripted_dialogs.save_file = lambda *a, **k: out
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes().startswith(b"%PDF")
    assert [r.action for r in _history(demo_db)] == ["saved"]


def test_nothing_to_mask_says_so_and_changes_nothing(qtbot, window, typist) -> None:
    tab = _tab(qtbot, window)
    tab.choose_template("general")
    tab.title_edit.setText("停水通知")
    typist.type(tab.body_edit, "建设文明社区，电话 138****8000。")
    qtbot.mouseClick(tab.mask_button, Qt.MouseButton.LeftButton)
    assert tab.body_edit.toPlainText() == "建设文明社区，电话 138****8000。"
    assert "Nothing to mask" in tab.mask_label.text()


def test_names_shown_on_purpose_are_not_masked(qtbot, window, typist) -> None:
    tab = _tab(qtbot, window)
    tab.choose_template("general")
    tab.title_edit.setText("表彰")
    typist.type(tab.body_edit, "感谢张三明同志，电话13800138000。")
    tab.show_names.setChecked(True)
    tab.reason_edit.setText("表彰先进，本人同意")
    qtbot.mouseClick(tab.mask_button, Qt.MouseButton.LeftButton)
    assert tab.body_edit.toPlainText() == "感谢张三明同志，电话138****8000。"
