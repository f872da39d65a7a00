"""The window: tabs, menus, settings, about, language switching at run time."""

from __future__ import annotations

from PySide6.QtCore import Qt

import i18n
from models.core.settings import load_centre_info, load_preferences


def test_tabs_and_placeholders(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    import re

    assert titles[:5] == ["Residents", "Day care", "Meals", "Activities", "Party members"]
    assert re.fullmatch(r"Requests( \(\d+\))?", titles[5]) and titles[6] == "Notices"  # the overdue count
    # Tabs are built when first shown.
    assert {k for k, t in window.lazy_tabs.items() if t.content is not None} == {"residents"}
    placeholders = [k for k, t in window.lazy_tabs.items() if k != "residents"]
    from ui.shell.main_window import TAB_CLASSES

    placeholders = [k for k in placeholders if k not in TAB_CLASSES]
    for key in placeholders:
        window.tabs.setCurrentWidget(window.lazy_tabs[key])
        assert "coming in a later version" in window.lazy_tabs[key].content.label.text()


def test_settings_saved_and_shown_in_title(typist, qtbot, window, demo_db):
    dialog = window.open_settings()
    dialog.centre_name.clear()
    typist.type(dialog.centre_name, "幸福社区党群服务中心")
    dialog.centre_phone.clear()
    qtbot.keyClicks(dialog.centre_phone, "025-8888 6666")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    with demo_db.session() as s:
        info = load_centre_info(s)
    assert info.name == "幸福社区党群服务中心"
    assert info.phone == "025-8888 6666"
    assert "幸福社区党群服务中心" in window.windowTitle()


def test_settings_refuses_too_long_name(typist, qtbot, window, demo_db):
    with demo_db.session() as s:
        before = load_centre_info(s).name
    dialog = window.open_settings()
    dialog.centre_name.clear()
    typist.type(dialog.centre_name, "长" * 61)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "At most 60" in dialog.errors.label("name").text()
    with demo_db.session() as s:
        assert load_centre_info(s).name == before  # nothing was written


def test_about_goes_through_the_seam(window, scripted_dialogs):
    window.about_action.trigger()
    kind, title, text = scripted_dialogs.calls[-1]
    assert kind == "info" and "0.1.0" in text and "Database" in text


def test_language_switch_at_run_time(qtbot, window):
    window.language_actions["zh_CN"].trigger()
    assert i18n.current_language() == "zh_CN"
    assert window.tabs.tabText(0) == "居民"
    assert window.tabs.tabText(1) == "日间照料"
    assert window.residents.model.headerData(0, Qt.Orientation.Horizontal) == "姓名"
    assert load_preferences()["language"] == "zh_CN"
    window.language_actions["zh_TW"].trigger()
    assert window.tabs.tabText(0) == "居民"
    assert window.tabs.tabText(3) == "活動預約"
    window.language_actions["en"].trigger()
    assert window.tabs.tabText(0) == "Residents"
    assert window.residents.new_button.text().startswith("&New")


def test_the_window_reopens_through_the_callback_the_application_gives(window, qapp):
    """The restore builds its new window with ``window.reopen`` (ui.shell.app.create_window's), not the app."""
    from PySide6.QtCore import QEvent

    from ui.shell.main_window import MainWindow

    new = window.reopen(window.db)
    try:
        assert isinstance(new, MainWindow) and new is not window
        # One switcher for the session (Qt's catalog installed once, never twice), wired to the new window too.
        assert new.switcher is window.switcher
        assert new.reopen is not None and new.tabs.tabText(0) == "Residents"
        new.language_actions["zh_CN"].trigger()
        assert new.tabs.tabText(0) == "居民"
        new.language_actions["en"].trigger()
    finally:
        new.close()
        new.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_window_opens_on_the_tab_the_clerk_used_last(qtbot, qapp, window, demo_db):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from models.safety.security import CLERK, Actor, acting_as, current_actor
    from ui.shell.app import create_window

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # View → Meals
    assert window.tabs.currentWidget().key == "meals"
    assert load_preferences()["last_tab"] == {current_actor().username: "meals"}

    def reopen():
        win = create_window(demo_db, qapp, "en")
        win.show()
        qtbot.waitExposed(win)
        return win

    def close(win):
        win.close()
        win.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    again = reopen()
    assert again.tabs.currentWidget().key == "meals"
    # Only the tab shown is built at start (the Residents tab waits until it is shown).
    assert {k for k, t in again.lazy_tabs.items() if t.content is not None} == {"meals"}
    close(again)
    # Another clerk on the same PC: their own last tab (none yet: Residents), then theirs.
    with acting_as(Actor(username="wangli", role=CLERK)):
        theirs = reopen()
        assert theirs.tabs.currentWidget().key == "residents"
        theirs.tabs.setCurrentWidget(theirs.lazy_tabs["notices"])
        close(theirs)
        assert reopen().tabs.currentWidget().key == "notices"
    assert reopen().tabs.currentWidget().key == "meals"
