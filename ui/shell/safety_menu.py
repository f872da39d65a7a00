"""The main window's safety actions: switch user, lock, audit trail; tabs and menus by role.

Called from ui/shell/main_window.py at its ``# --- menu: safety ---`` and
``# --- retranslate: safety ---`` anchors. What a role may not use is
absent (hidden), and the domain refuses it as well (models.safety.security).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from i18n import _
from models.safety import audit
from models.safety.accounts import find_account, load_security_settings
from models.safety.security import can, current_actor, set_actor

#: The permission a tab needs to be shown (tabs not listed are always shown).
TAB_PERMISSIONS: dict[str, str] = {
    "residents": "residents.list",
    "daycare": "daycare.board",
    "meals": "meals.read",
    "activities": "activities.read",
    "party": "party.read",
    "requests": "requests.read",
    "notices": "notices.read",
}

#: Set by :func:`start` in the real application: the idle lock runs only then (not in tests).
_interactive = False


def start(db) -> bool:  # type: ignore[no-untyped-def]
    """Log in (or create the administrator) before the window; False if cancelled."""
    global _interactive
    from ui.shell.login_dialog import login_at_start

    actor = login_at_start(db)
    if actor is None:
        return False
    set_actor(actor)
    _interactive = True
    return True


def build(window) -> None:  # type: ignore[no-untyped-def]
    """Add the File-menu actions and apply the current role."""
    window.switch_user_action = window._action("switchUserAction", lambda: switch_user(window), "Ctrl+Shift+U")
    window.lock_action = window._action("lockAction", lambda: lock_now(window), "Ctrl+L")
    window.audit_action = window._action("auditAction", lambda: open_audit(window))
    window.accounts_action = window._action("accountsAction", lambda: open_accounts(window))
    window.file_menu.addSeparator()
    for action in (window.switch_user_action, window.lock_action, window.accounts_action, window.audit_action):
        window.file_menu.addAction(action)
    # Who is logged in: a permanent widget, which a menu's status tip or a backup's message never covers.
    window.user_label = QLabel(objectName="currentUser")
    window.statusBar().insertPermanentWidget(0, window.user_label)
    window.idle_lock = None
    if _interactive:
        from ui.shell.idle_lock import IdleLock

        with window.db.session() as s:
            minutes = load_security_settings(s).idle_minutes
        window.idle_lock = IdleLock(window, window.db, minutes * 60_000)
        window.idle_lock.unlocked.connect(lambda _actor: retranslate(window))
    # The role is applied by retranslate(), once the View menu exists too.


def retranslate(window) -> None:  # type: ignore[no-untyped-def]
    window.switch_user_action.setText(_("Switch &user…"))
    window.lock_action.setText(_("&Lock now"))
    window.audit_action.setText(_("Audit &trail…"))
    window.accounts_action.setText(_("&Accounts…"))
    show_user(window)
    apply_role(window)


def show_user(window) -> None:  # type: ignore[no-untyped-def]
    """The account's display name in the status bar (its login name when it has none); the login in the tooltip."""
    actor = current_actor()
    name = actor.username
    if actor.user_id is not None:
        with window.db.session() as s:
            account = find_account(s, actor.username)
            if account is not None and account.display_name.strip():
                name = account.display_name.strip()
    window.user_label.setText(_("Logged in as {name}").format(name=name))
    window.user_label.setToolTip(_("User name: {login}").format(login=actor.username))


def apply_role(window) -> None:  # type: ignore[no-untyped-def]
    """Show only the tabs and actions the current role may use."""
    first_visible = None
    for i, key in enumerate(window.lazy_tabs):  # the tabs in their order (ui.shell.main_window.TABS)
        permission = TAB_PERMISSIONS.get(key)
        visible = permission is None or can(permission)
        window.tabs.setTabVisible(i, visible)
        window.tab_actions[i].setVisible(visible)
        if visible and first_visible is None:
            first_visible = i
    if not window.tabs.isTabVisible(window.tabs.currentIndex()) and first_visible is not None:
        window.tabs.setCurrentIndex(first_visible)
    window.settings_action.setVisible(can("settings.write"))
    window.audit_action.setVisible(can("audit.read"))
    window.accounts_action.setVisible(can("accounts.manage"))
    window.lock_action.setVisible(current_actor().user_id is not None)
    window.update_tab_counts()  # the overdue requests in the Requests tab's title


def lock_now(window) -> None:  # type: ignore[no-untyped-def]
    if window.idle_lock is not None:
        window.idle_lock.lock()


def switch_user(window):  # type: ignore[no-untyped-def]
    """Log out and let someone else log in (the window stays, its content hidden meanwhile)."""
    from ui.shell.login_dialog import LoginDialog

    actor = current_actor()
    audit.record_now(window.db, "logout", table="user_account", record_id=actor.user_id)  # read-only: in memory
    centre = window.centralWidget()
    centre.setVisible(False)

    def done(new_actor) -> None:  # type: ignore[no-untyped-def]
        set_actor(new_actor)
        centre.setVisible(True)
        retranslate(window)
        window.restore_last_tab()  # the tab this clerk used last

    def ask() -> LoginDialog:
        dialog = LoginDialog(window.db, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged_in.connect(done)
        dialog.rejected.connect(ask)  # logged out: someone must log in
        window.switch_dialog = dialog
        dialog.open()
        return dialog

    return ask()


def open_audit(window):  # type: ignore[no-untyped-def]
    from ui.shell.audit_viewer import AuditViewer

    viewer = AuditViewer(window.db, window)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.audit_viewer = viewer
    viewer.open()
    return viewer



def open_accounts(window):  # type: ignore[no-untyped-def]
    """File → Accounts… (administrators)."""
    from ui.shell.accounts_dialog import AccountsDialog

    dialog = AccountsDialog(window.db, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _result: window.update_demo_warning())  # a demo account deactivated
    window.accounts_dialog = dialog
    dialog.open()
    return dialog
