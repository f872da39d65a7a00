"""The dashboard tab 概览: its counts follow the desks, each figure opens the list behind it."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from models.daycare import board
from models.meals import Meal


def _number(card) -> int:  # type: ignore[no-untyped-def]
    return int(card.value.text().replace(",", ""))


@pytest.fixture
def overview(window, qtbot):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.lazy_tabs["overview"])
    tab = window.tab("overview")
    qtbot.waitExposed(tab)
    return tab


def _someone_waiting(db) -> int:  # type: ignore[no-untyped-def]
    """An elder expected today who has not come yet and has had no meal today."""
    today = dt.date.today()
    with db.session() as s:
        ate = set(s.scalars(select(Meal.resident_id).where(Meal.day == today)))
        rows = board(s, today).waiting
    chosen = next((r.resident_id for r in rows if r.resident_id not in ate), None)
    if chosen is None:
        pytest.skip("nobody expected today in the demo data (a day without service)")
    return chosen


def test_the_dashboard_counts_a_check_in_and_a_meal_from_the_desks(window, overview, qtbot, demo_db) -> None:
    cards = overview.cards
    before = {name: _number(cards[name]) for name in ("elders_in", "meals_today", "month_daycare", "month_meals")}
    diners_before = overview.desk.diners
    resident = _someone_waiting(demo_db)
    # At the day-care desk, then at the meals desk, as the clerk does it.
    window.tabs.setCurrentWidget(window.lazy_tabs["daycare"])
    assert window.tab("daycare").check_in_resident(resident)
    window.tabs.setCurrentWidget(window.lazy_tabs["meals"])
    meals = window.tab("meals")
    meals.set_day(meals.today)
    assert meals.log_meal(resident, confirmed=True) is not None
    # Shown again: read again.
    window.tabs.setCurrentWidget(window.lazy_tabs["overview"])
    assert _number(cards["elders_in"]) == before["elders_in"] + 1
    assert _number(cards["meals_today"]) == before["meals_today"] + 1
    assert _number(cards["month_daycare"]) == before["month_daycare"] + 1
    assert _number(cards["month_meals"]) == before["month_meals"] + 1
    assert overview.desk.diners == diners_before + 1
    assert f"{diners_before + 1} diner" in cards["meals_today"].detail.text()
    assert overview.bars["month_meals"].values[0] == before["month_meals"] + 1  # the bar drawn from it


def test_while_shown_the_figures_are_read_again_on_the_timer(overview, qtbot, demo_db) -> None:
    from models.daycare.desk import check_in

    assert overview.timer.isActive() and overview.timer.interval() == 30_000
    before = _number(overview.cards["elders_in"])
    resident = _someone_waiting(demo_db)
    with demo_db.write() as s:
        check_in(s, resident)
    overview.timer.setInterval(50)
    qtbot.waitUntil(lambda: _number(overview.cards["elders_in"]) == before + 1, timeout=3000)


def test_hidden_it_reads_nothing(window, overview) -> None:
    window.tabs.setCurrentWidget(window.lazy_tabs["residents"])
    assert not overview.timer.isActive()


def test_clicking_a_figure_opens_the_list_behind_it(window, overview, qtbot) -> None:
    qtbot.mouseClick(overview.cards["elders_in"], Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget().key == "daycare"
    assert window.tab("daycare").day == dt.date.today()  # the board of today

    window.tabs.setCurrentWidget(window.lazy_tabs["overview"])
    qtbot.mouseClick(overview.cards["meals_today"], Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget().key == "meals"
    assert window.tab("meals").day == window.tab("meals").today

    window.tabs.setCurrentWidget(window.lazy_tabs["overview"])
    activities = window.tab("activities")
    activities.pages.setCurrentIndex(2)  # the clerk left it on the week
    overview.cards["weekend_seats"].setFocus()
    qtbot.keyClick(overview.cards["weekend_seats"], Qt.Key.Key_Return)  # the keyboard too
    assert window.tabs.currentWidget().key == "activities"
    assert activities.pages.currentIndex() == 0  # the sign-up desk: this weekend's activities

    window.tabs.setCurrentWidget(window.lazy_tabs["overview"])
    requests = window.tab("requests")
    requests.view.setCurrentIndex(requests.view.findData("all"))
    qtbot.mouseClick(overview.cards["overdue_requests"], Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget().key == "requests"
    assert requests.view.currentData() == "overdue"
    assert len(requests.rows) == overview.desk.overdue_requests == _number(overview.cards["overdue_requests"])


def test_the_month_figures_are_last_month_to_the_same_day(overview, demo_db) -> None:
    from models.daycare.entities import Visit

    today = dt.date.today()
    first = today.replace(day=1)
    prev_first = (first - dt.timedelta(days=1)).replace(day=1)
    prev_last = prev_first.replace(day=min(today.day, calendar.monthrange(prev_first.year, prev_first.month)[1]))
    with demo_db.session() as s:
        visits = s.scalars(select(Visit.visit_date)).all()
    this = sum(first <= d <= today for d in visits)
    last = sum(prev_first <= d <= prev_last for d in visits)
    assert overview.bars["month_daycare"].values == (this, last)
    assert _number(overview.cards["month_daycare"]) == this


def test_a_volunteer_does_not_see_the_dashboard(window, demo_db) -> None:
    from models.safety import accounts
    from models.safety.accounts import create_account
    from models.safety.security import VOLUNTEER, acting_as
    from ui.shell import safety_menu

    with demo_db.write() as s:
        create_account(s, "xiaoli", "volunteer pw", VOLUNTEER)
    keys = list(window.lazy_tabs)
    with acting_as(accounts.login(demo_db, "xiaoli", "volunteer pw")):
        safety_menu.apply_role(window)
        assert not window.tabs.isTabVisible(keys.index("overview"))
        assert window.open_tab("overview") is None
    safety_menu.apply_role(window)
    assert window.tabs.isTabVisible(keys.index("overview"))


def test_the_work_report_is_made_from_the_dashboard(overview, qtbot, scripted_dialogs, tmp_path, demo_db) -> None:
    """Type a period, press Enter: the report's PDF is written in a worker and recorded; a mistyped period
    is said under the field and nothing is asked."""
    from pypdf import PdfReader

    from models.safety.audit import AuditEntry

    bar = overview.report
    asked: list[str] = []
    target = tmp_path / "report"

    def save_file(parent, title, suggested="", file_filter=""):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return target

    scripted_dialogs.save_file = save_file
    bar.period.clear()
    qtbot.keyClicks(bar.period, "2026Q5")
    qtbot.keyClick(bar.period, Qt.Key.Key_Return)
    assert bar.error.isVisibleTo(overview) and "2026Q5" in bar.error.text() and asked == []

    bar.period.clear()
    qtbot.keyClicks(bar.period, "2026H1")
    qtbot.keyClick(bar.period, Qt.Key.Key_Return)
    assert not bar.error.isVisibleTo(overview) and asked == ["work-report-2026H1.pdf"]
    qtbot.waitUntil(lambda: len(bar.written) == 1, timeout=60_000)
    pdf = tmp_path / "report.pdf"  # the suffix added to the clerk's name
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "2026" in text and ("Day care" in text or "日间照料" in text)

    qtbot.mouseClick(bar.xlsx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(bar.written) == 2, timeout=60_000)
    from openpyxl import load_workbook

    assert len(load_workbook(tmp_path / "report.xlsx").sheetnames) > 3
    with demo_db.session() as s:
        kept = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "publish",
                                                          AuditEntry.summary.contains("report."))).all()
    assert len(kept) == 2 and any("report.pdf" in k for k in kept)  # both recorded as publications
