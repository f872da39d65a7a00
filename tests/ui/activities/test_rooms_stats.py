"""The rooms editor and the monthly statistics dialog, driven from the Activities tab."""

from __future__ import annotations

import datetime as dt

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

import models.activities as act
from models.residents.registry import ResidentInput, create_resident
from models.safety.security import VOLUNTEER, Actor, acting_as
from ui.activities.tab import ActivitiesTab


def _room(db, name):
    with db.session() as s:
        return s.scalar(select(act.ActivityRoom.id).where(act.ActivityRoom.name == name))


def _activity(db, start, *, room="活动室", capacity=20, title="书法体验课", category="culture") -> int:
    with db.write() as s:
        return act.create_activity(s, act.ActivityInput(
            title=title, category=category, room_id=_room(db, room), starts_at=start,
            ends_at=start + dt.timedelta(hours=2), capacity=capacity)).id


def _tab(qtbot, db) -> ActivitiesTab:
    tab = ActivitiesTab(db)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def test_rooms_add_rename_capacity_and_retire(qtbot, db, typist, scripted_dialogs):
    soon = dt.datetime.combine(dt.date.today() + dt.timedelta(days=3), dt.time(9, 0))
    _activity(db, soon, capacity=25, title="象棋比赛")
    tab = _tab(qtbot, db)
    dialog = tab.edit_rooms()
    assert dialog.isVisible()
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "活动室" in names and "调解室" in names

    # Add a room by typing.
    dialog.name.clear()
    typist.type(dialog.name, "图书角")
    dialog.capacity.setValue(12)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(dialog.table.currentRow(), 0).text() == "图书角"
    assert dialog.table.item(dialog.table.currentRow(), 1).text() == "12"
    # Adding it twice is refused on the name field.
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.messages()["name"] == "A room named 图书角 exists already."

    # Shrinking 活动室 below the coming activity's 25 seats is refused, naming it.
    dialog.select_id(_room(db, "活动室"))
    assert dialog.name.text() == "活动室"
    dialog.capacity.setValue(20)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.errors.messages()["capacity"]
    assert "象棋比赛" in message and "25 seats" in message
    with db.session() as s:
        assert act.get_room(s, _room(db, "活动室")).capacity == 30

    # Rename and resize within the limit.
    dialog.name.clear()
    typist.type(dialog.name, "活动室二楼")
    dialog.capacity.setValue(26)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.errors.messages()
    with db.session() as s:
        room = act.get_room(s, _room(db, "活动室二楼"))
        assert room.capacity == 26
    row = [tab.model.data(tab.model.index(0, c)) for c in range(tab.model.columnCount())]
    assert "活动室二楼" in row  # the catalogue shows the new name

    # Retiring a room in use is refused; a free one is retired and no longer offered.
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert "cannot be retired" in dialog.general_error.text() and "象棋比赛" in dialog.general_error.text()
    dialog.select_id(_room(db, "图书角"))
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(dialog.table.currentRow(), 2).text() == "Not in use"
    assert dialog.reinstate_button.isEnabled() and not dialog.retire_button.isEnabled()
    editor = tab.new_activity()
    offered = [editor.room.itemText(i) for i in range(editor.room.count())]
    assert not any("图书角" in text for text in offered)
    editor.reject()
    qtbot.mouseClick(dialog.reinstate_button, Qt.MouseButton.LeftButton)
    assert dialog.table.item(dialog.table.currentRow(), 2).text() == "In use"
    assert scripted_dialogs.calls == []


def test_volunteers_cannot_open_the_rooms_editor(qtbot, db, scripted_dialogs):
    tab = _tab(qtbot, db)
    with acting_as(Actor("vol", VOLUNTEER)):
        assert tab.edit_rooms() is None
    assert scripted_dialogs.calls[0][0] == "error" and "Volunteer" in scripted_dialogs.calls[0][2]


def test_statistics_for_a_chosen_month_as_pdf_and_xlsx(qtbot, db, scripted_dialogs, tmp_path):
    today = dt.date.today()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    aid = _activity(db, dt.datetime.combine(last_month, dt.time(9, 0)), category="clinic", title="义诊")
    with db.write() as s:
        for k, status in enumerate(("attended", "attended", "no_show")):
            rid = create_resident(s, ResidentInput(name=f"王{'一二三'[k]}", phone=f"1380000000{k}"), confirmed=True).id
            s.add(act.ActivityBooking(activity_id=aid, resident_id=rid, seats=1, status=status))
    tab = _tab(qtbot, db)
    dialog = tab.print_stats()
    assert dialog.isVisible()
    assert dialog.year_month == (today.year, today.month)
    dialog.month.setDate(QDate(last_month.year, last_month.month, 1))
    month = f"{last_month:%Y-%m}"
    assert f"Activities in {month}" in dialog.summary.text()
    assert "Activities held: 1. Participant person-times: 2. Attendance rate: 66.7%" in dialog.summary.text()
    assert "Free clinic" in dialog.summary.text()

    target = tmp_path / "stats"
    scripted_dialogs.save_file = lambda parent, title, suggested="", file_filter="": (
        scripted_dialogs.calls.append(("save", title, suggested)) or target)
    qtbot.mouseClick(dialog.xlsx_button, Qt.MouseButton.LeftButton)
    assert scripted_dialogs.calls[-1] == ("save", "Save the workbook", f"activities-{month}.xlsx")
    qtbot.waitUntil(lambda: not dialog.export_worker.running, timeout=20000)
    assert dialog.export_worker.outcome == "finished"
    sheet = openpyxl.load_workbook(tmp_path / "stats.xlsx").active
    assert sheet.title == month
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("Free clinic", 1, 2, 3)
    assert abs(rows[1][4] - 2 / 3) < 1e-9

    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert scripted_dialogs.calls[-1] == ("save", "Save PDF", f"activities-{month}.pdf")
    qtbot.waitUntil(lambda: not dialog.export_worker.running, timeout=20000)
    assert dialog.export_worker.outcome == "finished"
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "stats.pdf").pages)
    assert f"Activities in {month}" in text and "Free clinic" in text and "66.7%" in text
    assert [c for c in scripted_dialogs.calls if c[0] != "save"] == []


def test_signup_sheet_is_written_in_a_worker(qtbot, db, scripted_dialogs, tmp_path):
    soon = dt.datetime.combine(dt.date.today() + dt.timedelta(days=2), dt.time(9, 0))
    aid = _activity(db, soon, title="太极拳入门")
    with db.write() as s:
        rid = create_resident(s, ResidentInput(name="张三明", birth_date=dt.date(1950, 3, 1), phone="13800138000")).id
        act.book(s, act.BookingRequest(activity_id=aid, resident_id=rid))
    tab = _tab(qtbot, db)
    tab.pages.setCurrentIndex(1)
    tab.select_id(aid)
    out = tmp_path / "signup.pdf"
    scripted_dialogs.save_file = lambda parent, title, suggested="", file_filter="": (
        scripted_dialogs.calls.append(("save", title, suggested)) or out)
    scripted_dialogs.answers = [1]  # the desk copy, full names
    qtbot.mouseClick(tab.sheet_button, Qt.MouseButton.LeftButton)
    assert scripted_dialogs.calls[-1] == ("save", "Save PDF", f"signup-{aid}.pdf")  # asked on the UI thread first
    with qtbot.waitSignal(tab.sheet_worker.finished, timeout=30000):
        assert tab.sheet_worker.running
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "太极拳入门" in text and "张三明" in text and "13800138000" in text and "desk copy" in text

    scripted_dialogs.answers = [0]  # the public copy: names masked
    qtbot.mouseClick(tab.sheet_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(tab.sheet_worker.finished, timeout=30000):
        pass
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "张*明" in text and "张三明" not in text and "13800138000" not in text
    assert [c[0] for c in scripted_dialogs.calls] == ["choose", "save", "choose", "save"]  # nothing else said

