"""The accounts screen (File → Accounts…), driven through the real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from models.core.base import now_local
from models.safety import accounts
from models.safety.accounts import (
    ScryptParams,
    UserAccount,
    create_account,
    create_first_admin,
    login,
)
from models.safety.audit import AuditEntry
from models.safety.security import CLERK, SYSTEM, VOLUNTEER, PermissionDenied, acting_as, set_actor
from ui.shell import safety_menu
from ui.shell.accounts_dialog import AccountsDialog


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch) -> None:
    monkeypatch.setattr(accounts, "PARAMS", ScryptParams(n=2**4, r=1, p=1))


@pytest.fixture(autouse=True)
def restore_actor():
    yield
    set_actor(SYSTEM)


@pytest.fixture
def admin_db(db):
    with db.write() as s:
        admin = create_first_admin(s, "boss", "long password").actor()
    set_actor(admin)
    return db


def _column(dialog: AccountsDialog, column: int) -> list[str]:
    return [dialog.table.item(row, column).text() for row in range(dialog.table.rowCount())]


def test_only_administrators_see_the_menu_entry(window, demo_db) -> None:
    assert window.accounts_action.isVisible()
    with demo_db.write() as s:
        create_account(s, "wang", "clerk password", CLERK)
    with acting_as(login(demo_db, "wang", "clerk password")):
        safety_menu.apply_role(window)
        assert not window.accounts_action.isVisible()
    safety_menu.apply_role(window)
    window.accounts_action.trigger()
    assert isinstance(window.accounts_dialog, AccountsDialog) and window.accounts_dialog.isVisible()
    window.accounts_dialog.close()


def test_create_an_account_with_inline_messages(qtbot, admin_db) -> None:
    dialog = AccountsDialog(admin_db)
    qtbot.addWidget(dialog)
    dialog.open()
    assert _column(dialog, 0) == ["boss"] and _column(dialog, 3) == ["Active"]
    qtbot.keyClicks(dialog.new_username, "xiaoli")
    qtbot.keyClicks(dialog.new_name, "Li")
    dialog.new_role.setCurrentIndex(dialog.new_role.findData(VOLUNTEER))
    qtbot.keyClicks(dialog.new_password, "short")
    qtbot.keyClicks(dialog.new_repeat, "shorter")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.new_errors.label("repeat").text() == "The two passwords differ."
    dialog.new_repeat.clear()
    qtbot.keyClicks(dialog.new_repeat, "short")
    assert not dialog.create()
    assert "At least 8 characters" in dialog.new_errors.label("password").text()
    for edit in (dialog.new_password, dialog.new_repeat):
        edit.clear()
        qtbot.keyClicks(edit, "volunteer pw")
    dialog.new_username.clear()
    qtbot.keyClicks(dialog.new_username, "BOSS")
    assert not dialog.create()
    assert dialog.new_errors.label("username").text() == "This user name is taken."
    dialog.new_username.clear()
    qtbot.keyClicks(dialog.new_username, "xiaoli")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert _column(dialog, 0) == ["boss", "xiaoli"]
    assert _column(dialog, 2) == ["Administrator", "Volunteer"]
    assert dialog.new_password.text() == "" and dialog.selected_id() is not None
    assert login(admin_db, "xiaoli", "volunteer pw").role == VOLUNTEER
    with admin_db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "account")
                          .order_by(AuditEntry.id.desc())).first()
        assert entry.actor == "boss" and "created" in entry.summary


def test_change_role_reset_password_and_deactivate(qtbot, admin_db) -> None:
    with admin_db.write() as s:
        create_account(s, "wang", "clerk password", CLERK)
    for _ in range(accounts.MAX_FAILED):
        with pytest.raises(accounts.LoginRefused):
            login(admin_db, "wang", "wrong wrong")
    dialog = AccountsDialog(admin_db)
    qtbot.addWidget(dialog)
    dialog.open()
    assert _column(dialog, 3)[1].startswith("Locked until ")
    dialog.select_account("wang")
    assert dialog.role.currentData() == CLERK
    dialog.role.setCurrentIndex(dialog.role.findData(VOLUNTEER))
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    assert _column(dialog, 2)[1] == "Volunteer"
    # Reset the password: twice, long enough; it lifts the lockout.
    qtbot.keyClicks(dialog.reset_password_edit, "new password")
    qtbot.keyClicks(dialog.reset_repeat, "new passwort")
    assert not dialog.reset()
    assert dialog.edit_errors.label("repeat").text() == "The two passwords differ."
    dialog.reset_repeat.clear()
    qtbot.keyClicks(dialog.reset_repeat, "new password")
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert _column(dialog, 3)[1] == "Active"
    assert login(admin_db, "wang", "new password").role == VOLUNTEER
    # Deactivate, then reactivate.
    assert dialog.active_button.text() == "&Deactivate"
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert _column(dialog, 3)[1] == "Deactivated"
    assert dialog.active_button.text() == "Re&activate"
    with pytest.raises(accounts.LoginRefused, match="deactivated"):
        login(admin_db, "wang", "new password")
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert _column(dialog, 3)[1] == "Active"
    with admin_db.session() as s:
        summaries = list(s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "account")))
    assert {"role volunteer", "password reset", "deactivated", "activated"} <= set(summaries)


def test_the_last_administrator_is_kept(qtbot, admin_db) -> None:
    dialog = AccountsDialog(admin_db)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.select_account("boss")
    dialog.role.setCurrentIndex(dialog.role.findData(CLERK))
    assert not dialog.change_role()
    assert "At least one active administrator" in dialog.general_error.text()
    assert not dialog.toggle_active()
    assert _column(dialog, 2) == ["Administrator"] and _column(dialog, 3) == ["Active"]
    with admin_db.session() as s:
        boss = s.scalars(select(UserAccount)).one()
        assert boss.role == "admin" and boss.active


def test_account_state_uses_the_clock(admin_db) -> None:
    with admin_db.write() as s:
        account = s.scalars(select(UserAccount)).one()
        account.locked_until = now_local() + dt.timedelta(minutes=5)
        assert accounts.account_state(account) == accounts.LOCKED
        assert accounts.account_state(account, now_local() + dt.timedelta(minutes=6)) == accounts.ACTIVE
        account.active = False
        assert accounts.account_state(account) == accounts.INACTIVE


def test_security_periods_in_the_settings_reach_the_idle_lock(qtbot, window, demo_db) -> None:
    from ui.shell.idle_lock import IdleLock

    window.idle_lock = IdleLock(window, demo_db, timeout_ms=10 * 60_000)
    try:
        dialog = window.open_settings()
        assert dialog.idle_minutes.isVisible() and dialog.idle_minutes.value() == 10
        assert dialog.lockout_minutes.value() == 15
        dialog.idle_minutes.setValue(3)
        dialog.lockout_minutes.setValue(30)
        with qtbot.waitSignal(dialog.security_saved):
            assert dialog.save()
        assert window.idle_lock.timer.interval() == 3 * 60_000 and window.idle_lock.timer.isActive()
        with demo_db.session() as s:
            assert accounts.load_security_settings(s) == accounts.SecuritySettings(lockout_minutes=30, idle_minutes=3)
    finally:
        window.idle_lock.stop()
        window.idle_lock = None


def test_the_new_lockout_period_applies_to_the_next_lock(admin_db) -> None:
    with admin_db.write() as s:
        accounts.save_security_settings(s, accounts.SecuritySettings(lockout_minutes=2, idle_minutes=10))
        create_account(s, "wang", "clerk password", CLERK)
    start = now_local()
    for _ in range(accounts.MAX_FAILED):
        with pytest.raises(accounts.LoginRefused):
            login(admin_db, "wang", "wrong wrong", clock=lambda: start)
    assert login(admin_db, "wang", "clerk password", clock=lambda: start + dt.timedelta(minutes=3)).role == CLERK


def test_only_administrators_may_save_security_periods(admin_db) -> None:
    with acting_as(accounts.Actor("wang", CLERK)), admin_db.write() as s, pytest.raises(PermissionDenied):
        accounts.save_security_settings(s, accounts.SecuritySettings(idle_minutes=60))
