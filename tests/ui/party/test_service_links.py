"""The Party tab's Reporting-in page lists the requests each member handled; a click opens one in the
Requests tab. A done request's hours reach the member's line once."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from models.requests import (
    Handler,
    RequestInput,
    dispatch,
    done,
    member_requests,
    take,
    take_request,
)
from models.requests.labels import STATE_LABELS


def _service_page(window):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.lazy_tabs["party"])
    party = window.tab("party")
    party.pages.setCurrentWidget(party.service)
    return party.service


def _click_cell(qtbot, table, row: int, column: int = 0) -> None:  # type: ignore[no-untyped-def]
    table.scrollToItem(table.item(row, column))
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_member_s_requests_are_listed_and_a_click_opens_one_in_requests(qtbot, window, demo_db) -> None:
    page = _service_page(window)
    today = dt.date.today()
    # A member of the list with requests this year (the demo dispatches to members reporting in).
    with demo_db.session() as s:
        held = {line.member_id: member_requests(s, line.member_id, dt.date(today.year, 1, 1), today)
                for line in page.lines}
    member_id, requests = next((m, r) for m, r in held.items() if len(r) >= 2)
    row = next(i for i, line in enumerate(page.lines) if line.member_id == member_id)
    _click_cell(qtbot, page.table, row)
    assert page.shown_member_id == member_id
    assert page.lines[row].name in page.requests_label.text()
    shown = page.requests_table
    assert shown.rowCount() == len(requests)
    assert [shown.item(r, 0).text() for r in range(shown.rowCount())] == [q.number for q in requests]
    target = requests[-1]  # not the first row: the link follows the row clicked
    last = shown.rowCount() - 1
    assert (shown.item(last, 1).text(), shown.item(last, 2).text()) == (target.category, STATE_LABELS[target.state])
    _click_cell(qtbot, shown, last, 2)
    assert window.tabs.currentWidget() is window.lazy_tabs["requests"]
    tab = window.tab("requests")
    assert tab.actions.request_id == target.id and target.number in tab.actions.detail.text()
    selected = tab.table.selectedItems()
    assert selected and selected[0].text() == target.number


def test_a_done_request_s_hours_reach_the_member_s_line_once(qtbot, window, demo_db) -> None:
    page = _service_page(window)
    line = page.lines[0]
    with demo_db.session() as s:
        from models.party.entities import PartyMember

        resident_id = s.get(PartyMember, line.member_id).resident_id
    hours_before = float(page.table.item(0, 3).text())
    with demo_db.write() as s:
        r = take_request(s, RequestInput("维修", "换灯泡", caller_name="王大妈", caller_phone="13912345678"))
        dispatch(s, r, Handler("member", resident_id=resident_id))
        take(s, r)
        done(s, r, "2.5", "换好了")
        number, rid = r.number, r.id
    page.refresh()
    row = next(i for i, x in enumerate(page.lines) if x.member_id == line.member_id)
    assert float(page.table.item(row, 3).text()) == round(hours_before + 2.5, 1)
    _click_cell(qtbot, page.table, row)
    numbers = [page.requests_table.item(r, 0).text() for r in range(page.requests_table.rowCount())]
    assert numbers.count(number) == 1
    at = numbers.index(number)
    assert (page.requests_table.item(at, 2).text(), page.requests_table.item(at, 3).text()) == ("Done", "2.5")
    with demo_db.session() as s:  # one service record, linked to the request
        from sqlalchemy import func, select

        from models.party.entities import ServiceRecord

        assert s.scalar(select(func.count()).select_from(ServiceRecord).where(ServiceRecord.request_id == rid)) == 1
        assert number in s.scalar(select(ServiceRecord.description).where(ServiceRecord.request_id == rid))
