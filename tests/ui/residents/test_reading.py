"""The resident form's Pinyin field: a character without a reading is named, the clerk types the
reading, and search, initials and sorting use it — and keep it when other fields change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from models.residents.entities import Resident
from models.residents.registry import search_residents

# 䶯 (U+4DAF, "used in a girl's name" says Unihan) has no reading in pypinyin nor in our table.
UNREAD = "䶯"


def _stored(db, name: str) -> Resident:
    with db.session() as s:
        r = s.scalars(select(Resident).where(Resident.name == name)).one()
        s.expunge(r)
        return r


def _found(db, query: str) -> list[str]:
    with db.session() as s:
        return [h.name for h in search_residents(s, query)]


def _edit(tab, rid: int):
    tab.select_id(rid)
    return tab.open_selected()


def _save(qtbot, dialog) -> None:
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)


def test_a_character_without_reading_is_named_and_the_typed_reading_is_searched(
        typist, qtbot, window, demo_db, scripted_dialogs):
    tab = window.residents
    dialog = tab.new_resident()
    qtbot.waitUntil(dialog.name.hasFocus)
    typist.type(dialog.name, "王" + UNREAD + "华")
    # The form reads the name as it is typed, and says which character it cannot read.
    assert dialog.pinyin.text() == "wang ? hua"
    assert dialog.pinyin_warning.isVisible()
    assert UNREAD in dialog.pinyin_warning.text()
    assert "no reading" in dialog.pinyin_warning.text()

    # The clerk asks the resident and types the reading in place of the ?.
    dialog.pinyin.setFocus()
    dialog.pinyin.selectAll()
    qtbot.keyClicks(dialog.pinyin, "wang tai hua")
    assert not dialog.pinyin_warning.isVisible()
    qtbot.keyClicks(dialog.phone, "13912345670")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert scripted_dialogs.calls == []  # a reading was typed: nothing to ask

    stored = _stored(demo_db, "王䶯华")
    assert (stored.name_pinyin, stored.name_initials, stored.pinyin_reading) == ("wangtaihua", "wth", "wang tai hua")
    assert "王䶯华" in _found(demo_db, "wth")
    assert "王䶯华" in _found(demo_db, "wangtai")
    # The list's filter finds her by the typed initials too.
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, "wth")
    qtbot.waitUntil(lambda: any(tab.model.data(tab.model.index(r, 0)) == "王䶯华"
                                for r in range(tab.model.rowCount())))


def test_the_typed_reading_survives_an_edit_of_another_field_and_a_new_name_is_asked_again(
        typist, qtbot, window, demo_db, scripted_dialogs):
    tab = window.residents
    dialog = tab.new_resident()
    typist.type(dialog.name, "李" + UNREAD)
    dialog.pinyin.selectAll()
    qtbot.keyClicks(dialog.pinyin, "li tai")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.dialog is None)
    rid = _stored(demo_db, "李䶯").id

    # Later the clerk changes her building: the reading she typed stays.
    dialog = _edit(tab, rid)
    assert dialog.pinyin.text() == "li tai"
    assert not dialog.pinyin_warning.isVisible()
    dialog.building.selectAll()
    qtbot.keyClicks(dialog.building, "7")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.dialog is None)
    stored = _stored(demo_db, "李䶯")
    assert (stored.building, stored.name_initials, stored.pinyin_reading) == ("7", "lt", "li tai")

    # A new name is read anew; it still holds the unread character, so the form asks again.
    dialog = _edit(tab, rid)
    dialog.name.setFocus()
    dialog.name.end(False)
    typist.type(dialog.name, "红")
    assert dialog.pinyin.text() == "li ? hong"
    assert UNREAD in dialog.pinyin_warning.text()
    scripted_dialogs.answers = [False]  # "save without it?" — no: the clerk types it
    _save(qtbot, dialog)
    assert dialog.isVisible()
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "confirm" and UNREAD in text
    assert _stored(demo_db, "李䶯").pinyin_reading == "li tai"  # nothing written

    scripted_dialogs.answers = [True]  # now she saves without a reading
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.dialog is None)
    stored = _stored(demo_db, "李䶯红")
    assert (stored.name_pinyin, stored.name_initials, stored.pinyin_reading) == ("lihong", "lh", "")


def test_a_rare_character_in_the_table_is_read_at_once(typist, qtbot, window, demo_db, scripted_dialogs):
    tab = window.residents
    dialog = tab.new_resident()
    typist.type(dialog.name, "𠮷明华")
    assert dialog.pinyin.text() == "ji ming hua"
    assert not dialog.pinyin_warning.isVisible()
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert scripted_dialogs.calls == []
    stored = _stored(demo_db, "𠮷明华")
    assert (stored.name_pinyin, stored.name_initials, stored.pinyin_reading) == ("jiminghua", "jmh", "")
    assert _found(demo_db, "jmh")[0] == "𠮷明华"


def test_a_reading_that_is_not_pinyin_is_refused_on_its_field(typist, qtbot, window, demo_db, scripted_dialogs):
    tab = window.residents
    dialog = tab.new_resident()
    typist.type(dialog.name, "张三明")
    dialog.pinyin.selectAll()
    qtbot.keyClicks(dialog.pinyin, "zsm")  # initials typed in the wrong field
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert "one syllable for each character" in dialog.errors.label("pinyin").text()
