"""The Requests tab as a clerk uses it: take a request by typing, dispatch it to the suggested member, mark it
taken and done, rate it — and watch the overdue list and the count in the tab's title."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from models.party.entities import PartyMember, ServiceRecord
from models.requests import get_request, overdue_count


def _tab(window):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.lazy_tabs["requests"])
    return window.tab("requests")


def _title(window) -> str:  # type: ignore[no-untyped-def]
    return window.tabs.tabText(list(window.lazy_tabs).index("requests"))


def test_the_first_screen_is_the_overdue_list_oldest_first_in_red(window, demo_db) -> None:
    tab = _tab(window)
    with demo_db.session() as s:
        count = overdue_count(s)
    assert count > 0  # the demo has some
    assert tab.view.currentData() == "overdue" and tab.table.rowCount() == count
    assert _title(window) == f"Requests ({count})" and f"{count} request" in tab.heading.text()
    deadlines = [r.deadline for r in tab.rows]
    assert deadlines == sorted(deadlines)
    assert tab.table.item(0, 0).foreground().color().name() == "#b3261e"


def test_take_dispatch_do_and_rate_a_request(qtbot, typist, window, demo_db) -> None:
    tab = _tab(window)
    before = overdue_count_of(demo_db)
    form = tab.intake
    typist.type(form.finder.input, "13800138000")  # 张三明's phone, as the clerk types it
    qtbot.keyClick(form.finder.input, Qt.Key.Key_Return)
    assert "张三明" in form.chosen_label.text()
    form.category.setCurrentIndex(form.category.findText("维修"))
    typist.type(form.text, "厨房水龙头漏水")
    qtbot.keyClick(form.text, Qt.Key.Key_Return)
    assert "taken" in form.done_label.text()
    number = form.done_label.text().split()[1]
    row = tab.row_of(number)
    assert row >= 0 and tab.table.item(row, 3).text() == "张三明"
    panel = tab.actions
    assert number in panel.detail.text() and panel.dispatch_member.isEnabled() and not panel.done_button.isEnabled()
    # The suggestion list: members reporting in, with their open requests; the first is chosen.
    assert panel.suggestions.count() > 0 and "open requests" in panel.suggestions.item(0).text()
    suggested = panel.suggestions.item(0).data(Qt.ItemDataRole.UserRole)
    qtbot.mouseClick(panel.dispatch_member, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.take_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.hours, "1.5")
    typist.type(panel.note, "换了垫圈")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return)
    panel.rating.setCurrentIndex(panel.rating.findData("basic"))
    qtbot.mouseClick(panel.rate_button, Qt.MouseButton.LeftButton)
    assert panel.error.isHidden(), panel.error.text()
    with demo_db.session() as s:
        r = get_request(s, number)
        assert (r.state, r.rating, r.minutes, r.handler_resident_id) == ("rated", "basic", 90, suggested)
        member_id = s.scalar(select(PartyMember.id).where(PartyMember.resident_id == suggested))
        (record,) = s.scalars(select(ServiceRecord).where(ServiceRecord.request_id == r.id))
        assert record.member_id == member_id and record.minutes == 90
    assert "Basically satisfied" in panel.detail.text()
    assert overdue_count_of(demo_db) == before


def test_an_impossible_move_is_refused_in_one_line(qtbot, window, demo_db) -> None:
    tab = _tab(window)
    tab.table.selectRow(0)
    panel = tab.actions
    with demo_db.session() as s:
        state = get_request(s, tab.rows[0].number).state
    if state != "taken":  # the button is off, but the domain is the guard: press it anyway
        panel.done_button.setEnabled(True)
        qtbot.keyClicks(panel.hours, "1")
        qtbot.keyClicks(panel.note, "x")
        qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
        assert "only a taken request can be marked done" in panel.error.text()
    else:  # taken: done needs the hours
        qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
        assert "as a number" in panel.error.text()


def test_doing_an_overdue_request_takes_it_off_the_list_and_the_title(qtbot, typist, window, demo_db) -> None:
    tab = _tab(window)
    count = tab.table.rowCount()
    with demo_db.session() as s:
        states = {r.number: get_request(s, r.number).state for r in tab.rows}
    number = next((n for n, st in states.items() if st in ("received", "returned")), None)
    assert number is not None, states
    tab.table.selectRow(tab.row_of(number))
    panel = tab.actions
    panel.handler_kind.setCurrentIndex(panel.handler_kind.findData("unit"))
    typist.type(panel.handler_name.lineEdit(), "幸福里物业服务中心")
    qtbot.mouseClick(panel.dispatch_named, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.take_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.hours, "2")
    typist.type(panel.note, "已处理")
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    assert panel.error.isHidden(), panel.error.text()
    assert tab.view.currentData() == "overdue" and tab.row_of(number) == -1
    assert tab.table.rowCount() == count - 1
    assert _title(window) == (f"Requests ({count - 1})" if count > 1 else "Requests")


def overdue_count_of(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return overdue_count(s, dt.date.today())
