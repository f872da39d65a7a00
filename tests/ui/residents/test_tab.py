"""The Residents tab driven as a clerk drives it: typing, Enter, shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import func, select

from models.residents.entities import Resident


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Resident))


def _shown_names(tab) -> list[str]:
    model = tab.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_add_resident_by_typing(typist, qtbot, window, demo_db):
    tab = window.residents
    before = _count(demo_db)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.name.hasFocus)

    typist.type(dialog.name, "欧阳𠮷")
    # An ID-card reader may type a lower-case x.
    qtbot.keyClicks(dialog.id_number, "11010519491231002x")
    assert "1949" in dialog.id_hint.text()
    qtbot.keyClicks(dialog.phone, "139 1234 5678")
    typist.type(dialog.compound, "幸福小区")
    qtbot.keyClicks(dialog.building, "3")
    qtbot.keyClicks(dialog.unit, "2")
    qtbot.keyClicks(dialog.room, "501")
    # 张三明 already holds that ID number: the form says so on the field.
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "already registered to 张三明" in dialog.errors.label("id_number").text()
    assert _count(demo_db) == before

    dialog.id_number.clear()
    qtbot.keyClicks(dialog.id_number, "110105195003071230")
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert _count(demo_db) == before + 1
    with demo_db.session() as s:
        stored = s.scalars(select(Resident).where(Resident.name == "欧阳𠮷")).one()
        assert stored.id_number == "110105195003071230"
        assert stored.phone == "13912345678"
        assert stored.gender == "male"
        assert (stored.compound, stored.building, stored.unit, stored.room) == ("幸福小区", "3", "2", "501")
        new_id = stored.id
    # The new resident is selected in the list.
    assert tab.selected_id() == new_id
    assert tab.model.data(tab.table.currentIndex().siblingAtColumn(0)) == "欧阳𠮷"


def test_bad_id_number_shows_inline_error_and_writes_nothing(typist, qtbot, window, demo_db):
    tab = window.residents
    before = _count(demo_db)
    dialog = tab.new_resident()
    typist.type(dialog.name, "李四")
    qtbot.keyClicks(dialog.id_number, "110105194912310021")  # check digit should be X
    label = dialog.errors.label("id_number")
    assert label.isVisible()
    assert "check digit should be X" in label.text()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert _count(demo_db) == before

    dialog.id_number.clear()
    qtbot.keyClicks(dialog.id_number, "19990231")
    qtbot.keyClicks(dialog.birth_date, "1999-02-31")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert "Not a date" in dialog.errors.label("birth_date").text()
    assert _count(demo_db) == before


def test_find_by_pinyin_initials_and_open(qtbot, window):
    tab = window.residents
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.search.hasFocus()
    qtbot.keyClicks(tab.search, "zsm")
    names = _shown_names(tab)
    assert names[0] == "张三明"
    assert all(n for n in names)
    assert tab.count.text() == f"{len(names)} residents" if len(names) != 1 else "1 resident"
    # Down goes into the list, Enter opens the selected resident.
    qtbot.keyClick(tab.search, Qt.Key.Key_Down)
    assert tab.table.hasFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    dialog = tab.dialog
    assert dialog is not None
    assert dialog.name.text() == "张三明"
    # An existing resident's ID number is masked until "Show" reveals it.
    assert dialog.id_number.text() == "110***********002X" and dialog.id_number.isReadOnly()
    qtbot.mouseClick(dialog.show_id_button, Qt.MouseButton.LeftButton)
    assert dialog.id_number.text() == "11010519491231002X"
    dialog.reject()


def test_search_by_phone_tail_rare_character_and_middle_dot(typist, qtbot, window):
    tab = window.residents
    qtbot.keyClicks(tab.search, "1113")
    assert _shown_names(tab)[0] == "𠮷祥"
    tab.search.clear()
    typist.type(tab.search, "𠮷")
    names = _shown_names(tab)
    assert names and all("𠮷" in n for n in names)
    # Names that start with it (𠮷祥, and the demo's 𠮷 surnames) rank first.
    starting = [n.startswith("𠮷") for n in names]
    assert "𠮷祥" in names and starting == sorted(starting, reverse=True)
    tab.search.clear()
    qtbot.keyClicks(tab.search, "abd")
    assert _shown_names(tab)[0] == "阿卜杜·热合曼"
    # A single match opens with Enter straight from the search box.
    tab.search.clear()
    qtbot.keyClicks(tab.search, "11010519491231002X")
    assert _shown_names(tab) == ["张三明"]
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.dialog is not None and tab.dialog.name.text() == "张三明"
    tab.dialog.reject()


def test_list_masks_id_numbers(window):
    tab = window.residents
    tab.search.setText("zsm")
    assert tab.model.data(tab.model.index(0, 3)) == "110***********002X"


def test_edit_resident(qtbot, window, demo_db):
    tab = window.residents
    qtbot.keyClicks(tab.search, "zsm")
    tab.select_row(0)
    dialog = tab.open_selected()
    assert dialog.phone.isReadOnly()  # masked until revealed
    qtbot.mouseClick(dialog.show_phone_button, Qt.MouseButton.LeftButton)
    assert not dialog.phone.isReadOnly()
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "13800138001")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.dialog is None)
    with demo_db.session() as s:
        assert s.scalars(select(Resident.phone).where(Resident.name == "张三明")).one() == "13800138001"


def test_duplicate_name_and_phone_asks_through_the_seam(typist, qtbot, window, demo_db, scripted_dialogs):
    tab = window.residents
    before = _count(demo_db)
    dialog = tab.new_resident()
    typist.type(dialog.name, "𠮷祥")
    qtbot.keyClicks(dialog.phone, "13900001113")
    scripted_dialogs.answers = [False]
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert scripted_dialogs.calls[-1][0] == "confirm"
    assert "same phone" in scripted_dialogs.calls[-1][2]
    assert _count(demo_db) == before and dialog.isVisible()
    scripted_dialogs.answers = [True]
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert _count(demo_db) == before + 1


def test_archive_and_restore(qtbot, window, demo_db, scripted_dialogs):
    tab = window.residents
    qtbot.keyClicks(tab.search, "zsm")
    tab.select_row(0)
    rid = tab.selected_id()
    scripted_dialogs.answers = [True]
    qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    assert "张三明" not in _shown_names(tab)
    with demo_db.session() as s:
        assert s.get(Resident, rid).archived
    tab.show_archived.setChecked(True)
    assert _shown_names(tab)[0].startswith("张三明")
    tab.select_row(0)
    assert tab.archive_button.text() == "&Restore"
    scripted_dialogs.answers = [True]
    qtbot.mouseClick(tab.archive_button, Qt.MouseButton.LeftButton)
    with demo_db.session() as s:
        assert not s.get(Resident, rid).archived


def test_sort_by_age_in_sql(qtbot, window):
    tab = window.residents
    header = tab.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(2) + 5, 5))
    ages = [tab.model.data(tab.model.index(r, 2)) for r in range(tab.model.rowCount())]
    numeric = [int(a) for a in ages if a]
    assert numeric == sorted(numeric)
    # Empty ages (no birth date) come last, not first.
    assert all(a for a in ages[: len(numeric)])


def test_an_empty_registry_shows_where_residents_come_from(typist, qtbot, qapp, db):
    import i18n
    from ui.shell.app import create_window

    win = create_window(db, qapp, "en")
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    tab = win.residents
    hint = tab.empty_hint
    assert hint.isVisible()
    assert "File → Import residents or elders…" in hint.text()  # the menu path as the menu shows it
    assert "python3 dev.py run demo --db demo.sqlite3" in hint.text()  # the README's demo
    win.language_actions["zh_CN"].trigger()
    assert "文件 → 导入居民或老人…" in hint.text()
    win.language_actions["en"].trigger()
    assert i18n.current_language() == "en"
    # The first resident, typed in: the hint goes.
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.name.hasFocus)
    typist.type(dialog.name, "𠮷祥")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert _shown_names(tab) == ["𠮷祥"]
    assert not hint.isVisible()
    # A search that finds nobody is not an empty registry.
    qtbot.keyClicks(tab.search, "zzzz")
    assert _shown_names(tab) == [] and not hint.isVisible()


def test_a_filled_registry_shows_no_hint(window):
    assert not window.residents.empty_hint.isVisible()
