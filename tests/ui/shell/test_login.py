"""Login, first-run administrator, the idle lock and role-based tabs, driven through the real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStatusTipEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from models.safety import accounts
from models.safety.accounts import ScryptParams, create_account, create_first_admin
from models.safety.security import CLERK, SYSTEM, VOLUNTEER, acting_as, current_actor, set_actor
from ui.shell import safety_menu
from ui.shell.idle_lock import IdleLock
from ui.shell.login_dialog import FirstRunDialog, LoginDialog, login_dialog_for


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch) -> None:
    monkeypatch.setattr(accounts, "PARAMS", ScryptParams(n=2**4, r=1, p=1))


@pytest.fixture(autouse=True)
def restore_actor():
    yield
    set_actor(SYSTEM)


def test_first_start_asks_for_the_administrator(qtbot, db) -> None:
    dialog = login_dialog_for(db)
    assert isinstance(dialog, FirstRunDialog)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.username, "boss")
    qtbot.keyClicks(dialog.password, "long password")
    qtbot.keyClicks(dialog.repeat, "long passwort")
    dialog.create()
    assert dialog.errors.label("repeat").text() and dialog.isVisible()
    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, "long password")
    with qtbot.waitSignal(dialog.logged_in) as got:
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert got.args[0].username == "boss" and got.args[0].role == "admin"
    assert isinstance(login_dialog_for(db), LoginDialog)


@pytest.mark.parametrize(("language", "ok", "cancel"), [("zh_CN", "确定", "取消"), ("zh_TW", "確定", "取消")])
def test_the_first_run_and_login_buttons_speak_the_language(qtbot, qapp, db, language, ok, cancel) -> None:
    """Qt's own catalog (qtbase) is installed before the first dialog, and switched at run time."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.shell.app import install_language

    switcher = install_language(qapp, language)
    try:
        first = login_dialog_for(db)
        qtbot.addWidget(first)
        first.open()
        buttons = first.buttons
        assert buttons.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", "") == ok
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == cancel
        assert first.windowTitle() != "Create the administrator"  # Linli's own catalog too
        with db.write() as s:
            create_first_admin(s, "boss", "long password")
        login = login_dialog_for(db)
        qtbot.addWidget(login)
        login.open()
        assert login.buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == cancel
        switcher.apply("en", remember=False)  # the language menu at run time
        assert login.buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancel"
        switcher.apply(language, remember=False)
        assert login.buttons.button(QDialogButtonBox.StandardButton.Ok).text().replace("&", "") == ok
    finally:
        switcher.apply("en", remember=False)


def test_the_start_installs_the_language_before_the_login(qtbot, qapp, db, monkeypatch) -> None:
    """run_app: the login (or first-run) dialog is asked after the language is in, Qt's included."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.shell import app as app_module

    seen = []

    def ask_login(started):
        dialog = login_dialog_for(started)
        qtbot.addWidget(dialog)
        seen.append(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", ""))
        return False  # the clerk cancelled: no window

    switchers = []
    install = app_module.install_language
    monkeypatch.setattr(app_module, "install_language",
                        lambda application, language=None: switchers.append(install(application, language)) or switchers[-1])
    monkeypatch.setattr(app_module.safety_startup, "start", lambda database, *_a, **_k: database)
    monkeypatch.setattr(app_module.safety_menu, "start", ask_login)
    try:
        assert app_module.run_app(db, "zh_TW") == 0
    finally:
        for switcher in switchers:  # Qt's catalog out again: the next tests speak English
            switcher.apply("en", remember=False)
    assert seen == ["取消"]


def test_wrong_password_is_shown_and_the_right_one_logs_in(qtbot, db) -> None:
    with db.write() as s:
        create_first_admin(s, "boss", "long password")
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.username, "boss")
    qtbot.keyClicks(dialog.password, "nope")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "Wrong user name or password" in dialog.error.text()
    assert dialog.password.text() == "" and dialog.isVisible()
    qtbot.keyClicks(dialog.password, "long password")
    with qtbot.waitSignal(dialog.logged_in):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_idle_lock_hides_the_content_and_asks_for_the_password(qtbot, db) -> None:
    with db.write() as s:
        admin = create_first_admin(s, "boss", "long password").actor()
    set_actor(admin)
    window = QMainWindow()
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(window, db, timeout_ms=80)
    try:
        with qtbot.waitSignal(lock.locked, timeout=2000):
            pass
        assert lock.is_locked and not window.centralWidget().isVisible()
        dialog = lock.dialog
        assert dialog.username.text() == "boss" and dialog.username.isReadOnly()
        qtbot.keyClicks(dialog.password, "long password")
        with qtbot.waitSignal(lock.unlocked):
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        assert not lock.is_locked and window.centralWidget().isVisible()
        # Input restarts the timer: keep typing and it does not lock.
        lock.set_timeout(300)
        for _ in range(5):
            qtbot.wait(100)
            qtbot.keyClick(window, Qt.Key.Key_Shift)
        assert not lock.is_locked
    finally:
        lock.stop()


def test_tabs_and_actions_follow_the_role(window, demo_db) -> None:
    with demo_db.write() as s:
        create_account(s, "xiaoli", "volunteer pw", VOLUNTEER)
        create_account(s, "wang", "clerk password", CLERK)
    from ui.shell.main_window import TABS

    keys = [key for key, _t, _d in TABS]
    assert all(window.tabs.isTabVisible(i) for i in range(len(keys)))
    assert window.settings_action.isVisible() and window.audit_action.isVisible()
    with acting_as(accounts.login(demo_db, "xiaoli", "volunteer pw")):
        safety_menu.apply_role(window)
        assert current_actor().role == VOLUNTEER
        assert not window.tabs.isTabVisible(keys.index("party"))
        assert not window.tab_actions[keys.index("party")].isVisible()
        assert window.tabs.isTabVisible(keys.index("activities"))
        assert not window.settings_action.isVisible() and not window.audit_action.isVisible()
    with acting_as(accounts.login(demo_db, "wang", "clerk password")):
        safety_menu.apply_role(window)
        assert window.tabs.isTabVisible(keys.index("party"))
        assert not window.settings_action.isVisible()
    safety_menu.apply_role(window)


def test_the_status_bar_names_the_person_and_keeps_it_after_a_menu_hover(qtbot, window, demo_db) -> None:
    with demo_db.write() as s:
        create_account(s, "wangli", "clerk password", CLERK, display_name="王丽")
        create_account(s, "zhao", "clerk password", CLERK)  # no display name: the login is shown
    dialog = safety_menu.switch_user(window)
    qtbot.keyClicks(dialog.username, "wangli")
    qtbot.keyClicks(dialog.password, "clerk password")
    with qtbot.waitSignal(dialog.logged_in):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    label = window.user_label
    assert label.text() == "Logged in as 王丽" and "wangli" in label.toolTip()
    # A menu item hovered (its status tip, empty or not) and a temporary message: the name stays.
    window.statusBar().showMessage("Backup written.")
    # A menu hovering over an item sends the item's status tip (empty here) to the window.
    QApplication.sendEvent(window, QStatusTipEvent(window.settings_action.statusTip()))
    assert window.statusBar().currentMessage() == ""  # the hover wiped the temporary message …
    assert label.isVisible() and label.text() == "Logged in as 王丽"
    dialog = safety_menu.switch_user(window)
    qtbot.keyClicks(dialog.username, "zhao")
    qtbot.keyClicks(dialog.password, "clerk password")
    with qtbot.waitSignal(dialog.logged_in):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert label.text() == "Logged in as zhao"


def test_audit_viewer_lists_and_verifies(qtbot, window, demo_db) -> None:
    viewer = safety_menu.open_audit(window)
    assert viewer.model.rowCount() > 0
    assert viewer.check_chain()
    assert "Chain verified" in viewer.check_result.text()
    viewer.action.setCurrentIndex(viewer.action.findData("login"))
    assert viewer.model.rowCount() == 0
    viewer.close()
