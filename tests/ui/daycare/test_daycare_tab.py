"""The Day care tab driven as a clerk drives it: initials and Enter, check-out, refusals."""

from __future__ import annotations

import datetime as dt
import getpass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialogButtonBox

from models.daycare.desk import search_for_checkin
from models.daycare.enrolment import ContactInput, EnrolmentInput, enrol, enrolment_of, set_status
from models.residents.registry import ResidentInput, create_resident
from models.safety.security import CLERK, Actor, acting_as

ELDERS = (("聂卫平", "nwp"), ("邝美云", "kmy"), ("禤国文", "xgw"))


@pytest.fixture
def elders(demo_db):
    """Three enrolled elders (every day a service day) whose initials no one else has."""
    today = dt.date.today()
    ids = {}
    with demo_db.write() as s:
        for i, (name, _initials) in enumerate(ELDERS):
            rid = create_resident(s, ResidentInput(name=name, birth_date=dt.date(1941 + i, 3, 4))).id
            enrol(
                s,
                EnrolmentInput(
                    resident_id=rid,
                    enrolled_on=today - dt.timedelta(days=10),
                    care_level="mild",
                    service_days=frozenset(range(1, 8)),
                    contacts=[ContactInput(name + "之女", "女儿", "13800138000", True, True)],
                ),
                today=today,
            )
            ids[name] = rid
    with demo_db.session() as s:
        for _name, initials in ELDERS:
            assert len(search_for_checkin(s, initials)) == 1
    return ids


@pytest.fixture
def tab(window, qtbot):
    window.tabs.setCurrentIndex(1)
    page = window.tab("daycare")
    qtbot.waitUntil(page.quick.input.hasFocus)
    return page


def _names(rows):
    return [r.name for r in rows]


def test_check_in_three_by_initials_then_check_out(tab, qtbot, typist, elders):
    before = tab.board.counts["in"]
    for name, initials in ELDERS:
        qtbot.keyClicks(tab.quick.input, initials)
        assert len(tab.quick.hits) == 1
        qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
        # Ready for the next elder at once.
        assert tab.quick.input.text() == ""
        assert tab.quick.input.hasFocus()
        assert name in tab.message.text()
    assert tab.board.counts["in"] == before + 3
    assert {"聂卫平", "邝美云", "禤国文"} <= set(_names(tab.board.inside))

    # Check-out with an authorised collector.
    row = _names(tab.board.inside).index("聂卫平")
    tab.in_table.setFocus()
    tab.in_table.selectRow(row)
    dialog = tab.check_out_selected()
    assert dialog is not None and dialog.collector.currentData() is not None
    assert "聂卫平之女" in dialog.collector.currentText()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: tab.dialog is None)
    left = {r.name: r for r in tab.board.left}
    assert left["聂卫平"].collected_by == "聂卫平之女" and not left["聂卫平"].unlisted_collector

    # Check-out with someone not on the list: marked for attention.
    row = _names(tab.board.inside).index("邝美云")
    tab.in_table.selectRow(row)
    dialog = tab.check_out_selected()
    typist.type(dialog.other, "隔壁老王")
    assert dialog.collector.currentData() is None
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: tab.dialog is None)
    left = {r.name: r for r in tab.board.left}
    assert left["邝美云"].unlisted_collector and left["邝美云"].collected_by == "隔壁老王"
    cells = [tab.left_table.item(r, 3).text() for r in range(tab.left_table.rowCount())]
    assert any("⚠" in c and "隔壁老王" in c for c in cells)

    # Closing time: the third is still in.
    assert any("禤国文" in n for n in tab.show_still_in())


def test_check_in_outside_the_service_days_says_so(tab, qtbot, demo_db, elders):
    """Kept (an elder may come on another day), with a short note: no block, no dialog."""
    today = dt.date.today()
    with demo_db.write() as s:
        rid = create_resident(s, ResidentInput(name="逄增仁", birth_date=dt.date(1940, 5, 6))).id
        other_days = frozenset(d for d in range(1, 8) if d != today.isoweekday())
        enrol(s, EnrolmentInput(resident_id=rid, enrolled_on=today - dt.timedelta(days=10), care_level="mild",
                                service_days=other_days,
                                contacts=[ContactInput("逄增仁之子", "儿子", "13800138001", True, True)]), today=today)
    tab.refresh()
    expected = tab.board.counts["expected"]
    qtbot.keyClicks(tab.quick.input, "pzr")
    assert [h.name for h in tab.quick.hits] == ["逄增仁"]
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert "逄增仁" in _names(tab.board.inside)
    assert tab.board.counts["expected"] == expected  # counted in, not among the expected …
    text = tab.message.text()
    assert "checked in" in text and "is not one of 逄增仁's service days" in text  # … and the clerk is told why
    assert "not counted among the expected" in text
    assert tab.message.palette().color(QPalette.ColorRole.WindowText).name() == "#8a4b00"
    # An elder on a service day: the plain message.
    qtbot.keyClicks(tab.quick.input, "nwp")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert "聂卫平 checked in" in tab.message.text() and "service days" not in tab.message.text()
    # The message was about today: another day clears it.
    tab.set_day(today - dt.timedelta(days=1))
    assert tab.message.text() == ""


def test_second_check_in_is_refused_with_a_message(tab, qtbot, scripted_dialogs, elders):
    for _ in range(2):
        qtbot.keyClicks(tab.quick.input, "nwp")
        qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "warning" and "already checked in" in text
    assert tab.quick.input.hasFocus()


def test_not_enrolled_resident_is_offered_enrolment(tab, qtbot, typist, scripted_dialogs, demo_db, elders):
    scripted_dialogs.answers = [True]
    # 张三明 is in the registry but not enrolled: found by the whole ID number.
    qtbot.keyClicks(tab.quick.input, "11010519491231002X")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "confirm" and "张三明 is not enrolled" in text
    dialog = tab.dialog
    assert dialog is not None and dialog.objectName() == "enrolmentDialog"
    assert "张三明" in dialog.resident_label.text()
    # No contact yet: refused inline, nothing written.
    for r in range(dialog.contacts.rowCount()):
        dialog.set_contact(r, "", "", "")
    assert not dialog.save()
    assert "emergency contact" in dialog.general_error.text() or dialog.errors.messages()
    dialog.set_contact(0, "张丽", "女儿", "139 0000 1111")
    assert dialog.save()
    qtbot.waitUntil(lambda: tab.dialog is None)
    qtbot.keyClicks(tab.quick.input, "11010519491231002X")
    qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    assert "张三明" in _names(tab.board.inside)


def test_past_day_correction_and_paper_sheet(tab, qtbot, elders):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    tab.set_day(yesterday)
    assert not tab.quick.isEnabled()
    assert {"聂卫平", "邝美云", "禤国文"} <= set(_names(tab.board.waiting))
    dialog = tab.enter_paper_sheet()
    rows = [line.name for line in dialog.lines]
    dialog.set_line(rows.index("聂卫平"), "0830", "1600", "聂卫平之女")
    dialog.set_line(rows.index("邝美云"), "8:45")
    assert dialog.save()
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert "聂卫平" in _names(tab.board.left) and "邝美云" in _names(tab.board.inside)

    tab.in_table.setFocus()
    tab.in_table.selectRow(_names(tab.board.inside).index("邝美云"))
    fix = tab.correct_selected()
    fix.check_out.setText("16:10")
    fix.collector.setText("邝美云之女")
    assert not fix.save()  # no reason
    assert "reason" in fix.error.text()
    fix.reason.setText("家属电话确认")
    assert fix.save()
    assert "邝美云" in _names(tab.board.left)


def test_monthly_statistics_are_written_in_a_worker(tab, qtbot, scripted_dialogs, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "month.xlsx"
    scripted_dialogs.save_file = lambda *a, **k: out
    worker = tab.export_month()
    assert worker is not None
    with qtbot.waitSignal(worker.finished, timeout=30000) as blocker:
        pass
    stats = blocker.args[0]
    assert load_workbook(out).active.max_row >= 1
    assert f"{stats.total} person-times" in tab.message.text() and str(out) in tab.message.text()


def test_the_attendance_sheet_is_written_in_a_worker(tab, qtbot, scripted_dialogs, elders, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "sheet.pdf"
    asked = []
    scripted_dialogs.save_file = lambda *a, **k: asked.append(a[1]) or out
    tab.sheet_day_action.trigger()  # Paper ▸ Attendance sheet for this day…
    assert asked == ["Save the attendance sheet"]  # the path is asked first, on the UI thread
    worker = tab.sheet_worker
    with qtbot.waitSignal(worker.finished, timeout=30000):
        assert worker.running
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Day care attendance sheet" in text and all(name in text for name, _initials in ELDERS)
    assert tab.message.text() == f"Attendance sheet saved to {out}."
    assert [c for c in scripted_dialogs.calls if c[0] in ("error", "warning")] == []


def test_the_weeks_sheet_prints_only_the_centres_service_days(tab, qtbot, scripted_dialogs, demo_db, tmp_path):
    """The demo's elders come Monday to Saturday: Paper ▸ Attendance sheet for this week has no Sunday."""
    from pypdf import PdfReader

    from models.daycare import attendance_sheet

    out = tmp_path / "week.pdf"
    scripted_dialogs.save_file = lambda *a, **k: out
    tab.sheet_week_action.trigger()
    with qtbot.waitSignal(tab.sheet_worker.finished, timeout=30000):
        pass
    pages = [page.extract_text() for page in PdfReader(out).pages]
    text = "".join(pages)
    for weekday in ("(Mon)", "(Tue)", "(Wed)", "(Thu)", "(Fri)", "(Sat)"):
        assert weekday in text, weekday
    assert "(Sun)" not in text
    day = dt.date.today()
    monday = day - dt.timedelta(days=day.isoweekday() - 1)
    with demo_db.session() as s:
        assert [d.day.isoweekday() for d in attendance_sheet(s, [monday + dt.timedelta(days=i) for i in range(7)],
                                                             service_days_only=True)] == [1, 2, 3, 4, 5, 6]


def test_the_attendance_sheet_tells_why_it_was_not_written(tab, qtbot, scripted_dialogs, tmp_path):
    out = tmp_path / "no-such-folder" / "sheet.pdf"
    scripted_dialogs.save_file = lambda *a, **k: out
    tab.sheet_week_action.trigger()
    with qtbot.waitSignal(tab.sheet_worker.failed, timeout=30000) as blocker:
        pass
    assert not out.exists()
    assert scripted_dialogs.calls[-1] == ("error", "Attendance sheet", blocker.args[0])
    assert "sheet.pdf" in blocker.args[0]


def test_resume_and_check_in_records_the_logged_in_account(tab, qtbot, scripted_dialogs, demo_db, elders):
    """"Who did it" is the account at the desk (security.current_actor), not the computer's login."""
    rid = elders["聂卫平"]
    with demo_db.write() as s:
        set_status(s, enrolment_of(s, rid).id, "paused", effective_on=dt.date.today(), reason="住院")
    tab.refresh()
    scripted_dialogs.answers = [True]  # Resume day care from today and check in?
    with acting_as(Actor("desk-li", CLERK)):
        qtbot.keyClicks(tab.quick.input, "nwp")
        qtbot.keyClick(tab.quick.input, Qt.Key.Key_Return)
    kind, title, _text = scripted_dialogs.calls[-1]
    assert (kind, title) == ("confirm", "Day care paused")
    assert "聂卫平" in _names(tab.board.inside)
    with demo_db.session() as s:
        history = [(h.status, h.recorded_by) for h in enrolment_of(s, rid).history]
    assert history == [("active", "system"), ("paused", "system"), ("active", "desk-li")]
    assert getpass.getuser() != "desk-li"


def test_the_enrolment_dialog_records_the_logged_in_account(tab, qtbot, demo_db):
    with demo_db.write() as s:
        rid = create_resident(s, ResidentInput(name="龚如心", birth_date=dt.date(1944, 5, 6))).id
    with acting_as(Actor("desk-li", CLERK)):
        dialog = tab.open_enrolment(resident_id=rid)
        dialog.set_contact(0, "龚丽", "女儿", "139 0000 2222")
        assert dialog.save()
    qtbot.waitUntil(lambda: tab.dialog is None)
    with demo_db.session() as s:
        assert [(h.status, h.recorded_by) for h in enrolment_of(s, rid).history] == [("active", "desk-li")]
