"""The Activities tab driven as a clerk drives it: the desk queue, the waitlist, the editor."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime
from sqlalchemy import select

import models.activities as act
from models.residents.registry import ResidentInput, create_resident

PEOPLE = (("钱一鸣", "13811110001"), ("孙二娘", "13811110002"), ("李三思", "13811110003"), ("周四海", "13811110004"))


def _room(db, name):
    with db.session() as s:
        return s.scalar(select(act.ActivityRoom.id).where(act.ActivityRoom.name == name))


def _activity(db, *, capacity=3, target="everyone", title="书法体验课") -> int:
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(7, 0))
    with db.write() as s:
        return act.create_activity(s, act.ActivityInput(
            title=title, category="culture", room_id=_room(db, "调解室"), starts_at=start,
            ends_at=start + dt.timedelta(hours=1), capacity=capacity, target_group=target,
        )).id


def _people(db) -> dict[str, int]:
    ids = {}
    with db.write() as s:
        for name, phone in PEOPLE:
            ids[name] = create_resident(s, ResidentInput(name=name, phone=phone, birth_date=dt.date(1950, 3, 3)),
                                        confirmed=True).id
    return ids


def _sign_up(qtbot, desk, phone: str) -> None:
    qtbot.keyClicks(desk.find.input, phone)
    qtbot.keyClick(desk.find.input, Qt.Key.Key_Return)
    assert desk.table.hasFocus()
    qtbot.keyClick(desk.table, Qt.Key.Key_Return)


def test_desk_signs_up_three_then_the_fourth_waits_and_moves_up(qtbot, window, demo_db, scripted_dialogs):
    aid = _activity(demo_db)
    ids = _people(demo_db)
    tab = window.tab("activities")
    window.tabs.setCurrentWidget(window.lazy_tabs["activities"])
    desk = tab.desk
    desk.reload()
    desk.select_activity(aid)
    row = desk.table.currentRow()
    assert desk.table.item(row, 1).text() == "书法体验课"
    assert desk.table.item(row, 4).text() == "3"

    for name, phone in PEOPLE[:3]:
        _sign_up(qtbot, desk, phone)
        assert name in desk.result.text() and "booked" in desk.result.text()
        assert desk.find.input.hasFocus() and desk.find.input.text() == ""  # ready for the next person
    row = desk.table.currentRow()
    assert desk.current_activity_id() == aid
    assert desk.table.item(row, 4).text().startswith("full")

    _sign_up(qtbot, desk, PEOPLE[3][1])
    assert "周四海: waitlisted" in desk.result.text() and "position 1" in desk.result.text()

    # The same person again is refused with a clear message.
    _sign_up(qtbot, desk, PEOPLE[0][1])
    assert "钱一鸣 is already booked" in desk.result.text()

    # Someone cancels in the bookings panel: the clerk is told whom to call.
    tab.pages.setCurrentIndex(1)
    tab.select_id(aid)
    panel = tab.panel
    assert panel.activity_id == aid
    assert "0 seats left" in panel.seats_left.text()
    names = [b.name for b in panel.rows]
    panel.table.selectRow(names.index("孙二娘"))
    scripted_dialogs.answers = [True]
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "info" and "周四海" in text and "13811110004" in text
    with demo_db.session() as s:
        status = {b.resident_id: b.status for b in act.activity_bookings(s, aid)}
    assert status[ids["周四海"]] == "confirmed" and status[ids["孙二娘"]] == "cancelled"
    desk.select_activity(aid)
    assert desk.table.item(desk.table.currentRow(), 4).text().startswith("full")


def test_desk_target_group_needs_a_reason_then_records_it(qtbot, window, demo_db, typist):
    aid = _activity(demo_db, target="children", capacity=6, title="亲子阅读")
    _people(demo_db)
    desk = window.tab("activities").desk
    desk.reload()
    desk.select_activity(aid)
    _sign_up(qtbot, desk, PEOPLE[0][1])
    assert "at least 2 seats" in desk.result.text()
    assert desk.reason.hasFocus()
    typist.type(desk.reason, "孙子已在现场")
    qtbot.keyClick(desk.reason, Qt.Key.Key_Return)
    assert desk.table.hasFocus()
    qtbot.keyClick(desk.table, Qt.Key.Key_Return)
    assert "booked" in desk.result.text()
    with demo_db.session() as s:
        rows = act.activity_bookings(s, aid)
    assert rows[0].overrides == ("target_group",)


def test_attendance_by_quick_find_and_ticking(qtbot, window, demo_db):
    aid = _activity(demo_db)
    ids = _people(demo_db)
    with demo_db.write() as s:
        for name in ("钱一鸣", "孙二娘"):
            act.book(s, act.BookingRequest(activity_id=aid, resident_id=ids[name]))
    tab = window.tab("activities")
    tab.pages.setCurrentIndex(1)
    tab.select_id(aid)
    panel = tab.panel
    qtbot.keyClicks(panel.attend_find.input, "13811110001")
    qtbot.keyClick(panel.attend_find.input, Qt.Key.Key_Return)
    assert "钱一鸣 is here" in panel.message.text()
    row = [b.name for b in panel.rows].index("孙二娘")
    panel.table.item(row, 0).setCheckState(Qt.CheckState.Checked)
    with demo_db.session() as s:
        assert {b.status for b in act.activity_bookings(s, aid)} == {"attended"}


def test_editor_shows_the_clash_before_saving(qtbot, window, demo_db, typist):
    _activity(demo_db, title="法律咨询")
    tab = window.tab("activities")
    tab.pages.setCurrentIndex(1)
    editor = tab.new_activity()
    typist.type(editor.title, "义诊")
    editor.room.setCurrentIndex(editor.room.findData(_room(demo_db, "调解室")))
    editor.date.setText((dt.date.today() + dt.timedelta(days=1)).isoformat())
    editor.start.setTime(QTime(7, 30))
    editor.end.setTime(QTime(9, 0))
    editor.capacity.setValue(6)
    assert editor.clash.isVisibleTo(editor) and "法律咨询" in editor.clash.text()
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert editor.isVisible(), editor.general_error.text()
    assert "法律咨询" in editor.errors.label("room_id").text(), (editor.errors.messages(), editor.general_error.text())
    editor.start.setTime(QTime(8, 0))
    editor.sessions.setValue(4)
    assert not editor.clash.isVisibleTo(editor)
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.editor is None)
    with demo_db.session() as s:
        titles = s.scalars(select(act.Activity.title).where(act.Activity.title == "义诊")).all()
    assert len(titles) == 4


def test_the_catalogue_and_the_week_are_read_when_first_shown(qtbot, window, demo_db):
    window.tabs.setCurrentWidget(window.lazy_tabs["activities"])
    tab = window.tab("activities")
    # The tab opens on the desk: the desk is filled, the other pages wait.
    assert tab.pages.currentIndex() == 0 and tab.desk.table.rowCount() > 0
    assert tab.model.rowCount() == 0 and not tab.week.loaded
    tab.pages.setCurrentIndex(1)
    with demo_db.session() as s:
        upcoming = len(tab.source.ids(s, "", None, False))
    assert upcoming > 0 and tab.model.rowCount() == upcoming
    assert not tab.week.loaded
    tab.pages.setCurrentIndex(2)
    assert tab.week.loaded and tab.week.label.text().startswith("Week of")
    assert tab.week.grid.rowCount() >= 1
