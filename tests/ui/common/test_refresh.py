"""The day boards read again on their own while shown (issue 19; ui/common/refresh.py).

Two desks are two Database objects on one database (the same file; with ``--pg`` the
same database on the test server): what the second desk writes appears on the first
desk's board within the interval, without a click, and the clerk's selection, scroll
and typing stay. A hidden board (another tab, the window locked) reads nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent

import models.activities as act
from models.core.db import open_database
from models.daycare.desk import check_in
from models.daycare.enrolment import ContactInput, EnrolmentInput, enrol
from models.meals.desk import add_meal
from models.meals.menu import MenuEntry, save_menu
from models.residents.registry import ResidentInput, create_resident
from ui.common import refresh

pytestmark = pytest.mark.pg  # the desk flows: also in the --pg pass (tests/conftest.py)

FAST_MS = 50


@pytest.fixture
def other_desk(demo_db):
    """A second desk: its own Database on the same file (or server database)."""
    other = open_database(demo_db.path or demo_db.engine.url, create=False)
    yield other
    other.dispose()


def _people(db, count: int, *, enrolled: bool = False, day: dt.date | None = None) -> list[int]:
    today = dt.date.today()
    ids = []
    with db.write() as s:
        for i in range(count):
            rid = create_resident(s, ResidentInput(name=f"刷新{i}号", phone=f"1390000{i:04d}",
                                                   birth_date=dt.date(1940, 1, 1 + i)), confirmed=True).id
            if enrolled:
                enrol(s, EnrolmentInput(resident_id=rid, enrolled_on=today - dt.timedelta(days=3), care_level="mild",
                                        service_days=frozenset(range(1, 8)),
                                        contacts=[ContactInput("家属", "女儿", "13800138000", True, True)]),
                      today=today)
            ids.append(rid)
    return ids


def _show(qtbot, widget):
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def board(qtbot, qapp, demo_db):
    from ui.daycare.tab import DaycareTab

    tab = DaycareTab(demo_db)
    yield tab
    tab.close()
    tab.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _in_names(tab) -> list[str]:
    return [tab.in_table.item(i, 0).text() for i in range(tab.in_table.rowCount())]


def test_another_desks_check_in_appears_on_the_board_and_the_selection_stays(qtbot, demo_db, other_desk,
                                                                             board) -> None:
    first, second, third = _people(demo_db, 3, enrolled=True)  # 刷新0号, 1号, 2号: in this order on the board
    with demo_db.write() as s:
        check_in(s, first)
        check_in(s, third)
    board.refresh()
    _show(qtbot, board)
    board.select_in(third)
    assert board.in_table.currentRow() == 1 and board.selected_row().resident_id == third
    board.auto.timer.setInterval(FAST_MS)

    with other_desk.write() as s:  # the other desk checks 刷新1号 in: a row above the one selected
        check_in(s, second)
    qtbot.waitUntil(lambda: "刷新1号" in _in_names(board), timeout=5000)
    names = _in_names(board)
    assert names.index("刷新1号") < names.index("刷新2号")  # the selected row moved down
    assert board.selected_row().resident_id == third  # the clerk's choice, wherever its row is now
    assert board.board.counts["in"] == len(_in_names(board))


def test_a_quiet_file_is_not_read_again(qtbot, demo_db, board) -> None:
    if demo_db.path is None:
        pytest.skip("on a server every tick reads (docs/server.md): no data_version there")
    _show(qtbot, board)
    before = board.auto.reads
    for _tick in range(3):
        board.auto.tick()
    assert board.auto.reads == before
    (rid,) = _people(demo_db, 1, enrolled=True)  # any commit, this desk's or another's
    board.auto.tick()
    assert board.auto.reads == before + 1


def test_a_hidden_board_reads_nothing_and_catches_up_when_shown(qtbot, window, demo_db, other_desk) -> None:
    (rid,) = _people(demo_db, 1, enrolled=True)
    window.tabs.setCurrentWidget(window.lazy_tabs["daycare"])
    tab = window.tab("daycare")
    qtbot.waitUntil(tab.isVisible)
    tab.auto.timer.setInterval(FAST_MS)
    window.tabs.setCurrentWidget(window.lazy_tabs["residents"])
    assert not tab.auto.timer.isActive()
    reads = tab.auto.reads
    with other_desk.write() as s:
        check_in(s, rid)
    qtbot.wait(10 * FAST_MS)
    assert tab.auto.reads == reads and "刷新0号" not in _in_names(tab)

    window.tabs.setCurrentWidget(window.lazy_tabs["daycare"])  # back: read before it is seen
    assert "刷新0号" in _in_names(tab) and tab.auto.timer.isActive()


def test_a_locked_window_reads_nothing(qtbot, window, demo_db, other_desk) -> None:
    from ui.shell.idle_lock import IdleLock

    (rid,) = _people(demo_db, 1, enrolled=True)
    window.tabs.setCurrentWidget(window.lazy_tabs["daycare"])
    tab = window.tab("daycare")
    qtbot.waitUntil(tab.isVisible)
    tab.auto.timer.setInterval(FAST_MS)
    lock = IdleLock(window, demo_db, 10**8)
    try:
        lock.lock()
        assert not tab.isVisible() and not tab.auto.timer.isActive()
        reads = tab.auto.reads
        with other_desk.write() as s:
            check_in(s, rid)
        qtbot.wait(10 * FAST_MS)
        assert tab.auto.reads == reads
    finally:
        lock.stop()


def test_a_tick_waits_while_the_clerk_types_or_a_dialog_is_open(qtbot, demo_db, other_desk, board,
                                                                monkeypatch) -> None:
    first, second = _people(demo_db, 2, enrolled=True)
    with demo_db.write() as s:
        check_in(s, first)
    board.refresh()
    _show(qtbot, board)
    qtbot.keyClicks(board.quick.input, "shua")  # typing a name at the check-in box
    with other_desk.write() as s:
        check_in(s, second)
    reads = board.auto.reads
    board.auto.tick()
    assert board.auto.reads == reads and board.quick.input.text() == "shua"

    monkeypatch.setattr(refresh, "TYPING_PAUSE_S", 0.0)  # the clerk stopped typing
    board.select_in(first)
    dialog = board.check_out_selected()  # the check-out dialog open: the board waits under it
    assert dialog is not None and dialog.isVisible()
    board.auto.tick()
    assert board.auto.reads == reads
    dialog.reject()
    board.auto.tick()
    assert board.auto.reads == reads + 1
    assert "刷新1号" in _in_names(board) and board.quick.input.text() == "shua"


DAY = dt.date(2031, 3, 3)  # a Monday of its own: no demo meals


@pytest.fixture
def meals(qtbot, qapp, demo_db):
    from ui.meals.tab import MealsTab

    with demo_db.write() as s:
        save_menu(s, [MenuEntry(DAY, "lunch", "红烧肉 米饭", 1200)])
    tab = MealsTab(demo_db, today=DAY)
    tab.resize(900, 420)  # a short list: the log scrolls
    yield tab
    tab.close()
    tab.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_another_desks_meal_appears_in_the_days_log_with_the_selection_and_scroll_kept(
        qtbot, demo_db, other_desk, meals) -> None:
    diners = _people(demo_db, 31)
    with demo_db.write() as s:
        logged = [add_meal(s, rid, DAY, "lunch").id for rid in diners[:30]]
    meals.reload()
    _show(qtbot, meals)
    bar = meals.table.verticalScrollBar()
    assert bar.maximum() > 0
    meals.select_id(logged[20])
    bar.setValue(bar.maximum() // 2)
    scroll = bar.value()
    meals.auto.timer.setInterval(FAST_MS)

    with other_desk.write() as s:
        add_meal(s, diners[30], DAY, "lunch")
    qtbot.waitUntil(lambda: meals.model.rowCount() == 31, timeout=5000)
    assert meals.selected_id() == logged[20]
    assert bar.value() == scroll
    assert meals.totals.text().startswith("31 meals")


def test_another_desks_booking_changes_the_seats_left_at_the_sign_up_desk(qtbot, qapp, demo_db, other_desk) -> None:
    from sqlalchemy import select

    from ui.activities.desk import SignUpDesk

    with demo_db.session() as s:
        room = s.scalar(select(act.ActivityRoom.id).order_by(act.ActivityRoom.id))
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(7, 0))
    with demo_db.write() as s:
        aid = act.create_activity(s, act.ActivityInput(
            title="刷新书法课", category="culture", room_id=room, starts_at=start,
            ends_at=start + dt.timedelta(hours=1), capacity=5, target_group="everyone")).id
        other = act.create_activity(s, act.ActivityInput(
            title="刷新剪纸课", category="culture", room_id=room, starts_at=start + dt.timedelta(hours=2),
            ends_at=start + dt.timedelta(hours=3), capacity=5, target_group="everyone")).id
    (rid,) = _people(demo_db, 1)
    desk = _show(qtbot, SignUpDesk(demo_db))
    try:
        desk.select_activity(other)
        row = next(i for i, r in enumerate(desk.rows) if r.id == aid)
        assert desk.table.item(row, 4).text() == "5"
        desk.auto.timer.setInterval(FAST_MS)
        with other_desk.write() as s:
            act.book(s, act.BookingRequest(activity_id=aid, resident_id=rid, seats=2))
        qtbot.waitUntil(lambda: desk.table.item(row, 4).text() == "3", timeout=5000)
        assert desk.current_activity_id() == other
    finally:
        desk.close()
        desk.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_dashboard_uses_the_same_helper(window) -> None:
    window.tabs.setCurrentWidget(window.lazy_tabs["overview"])
    overview = window.tab("overview")
    assert isinstance(overview.auto, refresh.AutoRefresh) and overview.timer is overview.auto.timer
