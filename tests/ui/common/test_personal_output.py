"""The window's personal-data outputs go through the domain's one rule (models.safety.export):
a clerk gets a clear refusal before any file dialog, an administrator's file is recorded;
and the red demo warning while a demo account exists."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from models.safety import accounts
from models.safety.accounts import ScryptParams
from models.safety.audit import AuditEntry
from models.safety.security import ADMIN, CLERK, Actor, acting_as

CLERK_WANG = Actor("wang", CLERK, 2)


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(accounts, "PARAMS", ScryptParams(n=2**4, r=1, p=1))


def _exports(db) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action.in_(["export", "publish"]))
                              .order_by(AuditEntry.id)))


def _refused(scripted_dialogs, title: str) -> None:
    kind, got_title, text = scripted_dialogs.calls[-1]
    assert (kind, got_title) == ("error", title)
    assert "Your role (Clerk) may not do this" in text


def test_a_clerk_clicking_the_roster_button_is_refused_before_any_file_dialog(window, qtbot, scripted_dialogs):
    page = window.tab("party").members
    with acting_as(CLERK_WANG):
        qtbot.mouseClick(page.roster_button, Qt.MouseButton.LeftButton)  # save_file would raise if asked
    _refused(scripted_dialogs, "Save the roster")
    assert page.roster_worker is None
    assert _exports(window.db) == []


def test_a_clerk_is_refused_every_other_personal_output_of_the_window(window, scripted_dialogs):
    from ui.meals.delivery import save_delivery_list
    from ui.meals.month_end import MonthDialog

    day = dt.date.today()
    with acting_as(CLERK_WANG):
        assert save_delivery_list(window, window.db, day) is None
        _refused(scripted_dialogs, "Delivery list")
        month = MonthDialog(window.db, day, parent=window)
        assert month.export("pdf") is None
        _refused(scripted_dialogs, "Month-end reconciliation")
        daycare = window.tab("daycare")
        assert daycare.export_month() is None
        _refused(scripted_dialogs, "Monthly statistics")
        assert daycare.print_sheet(week=False) is None
        _refused(scripted_dialogs, "Attendance sheet")
        activities = window.tab("activities")
        activities.selected_id = lambda: 1  # any activity: the refusal comes before anything is read
        scripted_dialogs.answers = [1]  # the desk copy, with full names
        assert activities.print_sheet() is None
        _refused(scripted_dialogs, "Sign-up sheet")
    assert _exports(window.db) == []


def test_the_administrators_roster_is_recorded_with_its_file_name(window, qtbot, scripted_dialogs, tmp_path):
    out = tmp_path / "folder with a name" / "roster.xlsx"
    out.parent.mkdir()
    scripted_dialogs.save_file = lambda *a, **k: out
    page = window.tab("party").members
    with acting_as(Actor("boss", ADMIN, 1)):
        worker = page.export_roster()
    qtbot.waitUntil(lambda: not worker.running, timeout=30_000)
    assert worker.outcome == "finished" and out.is_file()
    [entry] = _exports(window.db)
    assert entry.action == "export" and entry.actor == "boss"
    assert entry.summary.startswith("party roster: ") and entry.summary.endswith(" people, roster.xlsx")


def test_the_window_warns_while_a_demo_account_exists(window, qtbot):
    from models.demo import add_demo_accounts
    from models.safety.accounts import find_account, update_account

    assert not window.demo_warning.isVisibleTo(window)  # the test database has no demo accounts
    with window.db.write() as s:
        add_demo_accounts(s)
    window.update_demo_warning()
    assert window.demo_warning.isVisible()
    assert "demo-admin" in window.demo_warning.text() and "demonstration only" in window.demo_warning.text()

    with window.db.write() as s:
        for name in ("demo-admin", "demo-clerk"):
            if name == "demo-admin":  # the last administrator stays: make another first
                accounts.create_account(s, "boss", "a-long-password", ADMIN)
            update_account(s, find_account(s, name).id, active=False)
    window.update_demo_warning()
    assert not window.demo_warning.isVisibleTo(window)


def test_a_new_window_on_a_demo_database_shows_the_warning_at_once(demo_db, qapp, qtbot):
    from models.demo import add_demo_accounts
    from ui.shell.app import create_window

    with demo_db.write() as s:
        add_demo_accounts(s)
    win = create_window(demo_db, qapp, "en")
    qtbot.addWidget(win)
    win.show()
    assert win.demo_warning.isVisible()


def test_closing_the_accounts_screen_rechecks_the_demo_warning(window, qtbot):
    from models.demo import add_demo_accounts
    from models.safety.accounts import find_account, update_account
    from ui.shell.safety_menu import open_accounts

    with window.db.write() as s:
        add_demo_accounts(s)
        accounts.create_account(s, "boss", "a-long-password", ADMIN)
    window.update_demo_warning()
    assert window.demo_warning.isVisible()
    dialog = open_accounts(window)
    with window.db.write() as s:  # what the screen's Deactivate does, for both demo accounts
        for name in ("demo-admin", "demo-clerk"):
            update_account(s, find_account(s, name).id, active=False)
    dialog.reject()
    qtbot.waitUntil(lambda: not window.demo_warning.isVisibleTo(window))
