"""The quick-find picker: Enter takes the one or the exact match, arrows choose."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.residents.registry import ResidentInput, create_resident, search_residents
from ui.common.quick_find import QuickFind


def _picker(qtbot, db):
    def search(text):
        with db.session() as s:
            return search_residents(s, text, limit=8)

    picker = QuickFind(search)
    qtbot.addWidget(picker)
    picker.show()
    picker.activateWindow()
    qtbot.waitUntil(picker.isActiveWindow)
    picker.focus()
    return picker


def _id_of(db, name):
    with db.session() as s:
        return search_residents(s, name)[0].id


def test_id_card_reader_number_and_enter_picks_at_once(qtbot, demo_db):
    picker = _picker(qtbot, demo_db)
    with qtbot.waitSignal(picker.chosen) as blocker:
        qtbot.keyClicks(picker.input, "11010519491231002X")
        qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert blocker.args == [_id_of(demo_db, "张三明")]
    assert picker.input.text() == ""
    from PySide6.QtWidgets import QApplication
    assert QApplication.focusWidget() is picker.input, QApplication.focusWidget()


def test_several_matches_need_arrows(qtbot, demo_db):
    with demo_db.write() as s:
        create_resident(s, ResidentInput(name="张淑敏", phone="13700000001"))
        create_resident(s, ResidentInput(name="赵素梅", phone="13700000002"))
    picker = _picker(qtbot, demo_db)
    chosen = []
    picker.chosen.connect(chosen.append)
    qtbot.keyClicks(picker.input, "zsm")
    assert len(picker.hits) >= 3
    assert picker.list.isVisible()
    assert "matches" in picker.status.text()
    # Enter alone does not guess: it highlights the first and waits.
    qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert chosen == []
    assert picker.list.currentRow() == 0
    second = picker.hits[1].id
    qtbot.keyClick(picker.input, Qt.Key.Key_Down)
    qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert chosen == [second]
    assert picker.input.text() == "" and not picker.list.isVisible()


def test_one_match_and_no_match(qtbot, demo_db):
    picker = _picker(qtbot, demo_db)
    chosen = []
    picker.chosen.connect(chosen.append)
    qtbot.keyClicks(picker.input, "13900001113")
    qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert chosen == [_id_of(demo_db, "𠮷祥")]
    qtbot.keyClicks(picker.input, "qqqqxx")
    qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert len(chosen) == 1
    assert "No match" in picker.status.text()
    qtbot.keyClick(picker.input, Qt.Key.Key_Escape)
    assert picker.input.text() == ""
