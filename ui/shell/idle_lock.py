"""The idle lock: after a quiet period the window hides its content and asks for the password.

An application-wide event filter restarts a timer on every key press, click,
wheel or mouse move; when the timer runs out :class:`IdleLock` hides the
window's tabs and opens the password dialog for the current user (or, if
cancelled, a login for someone else). The period comes from the settings
(:func:`models.safety.accounts.load_security_settings`, default 10 minutes); tests
pass a short one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from models.core.db import Database
from models.safety import audit
from models.safety.security import Actor, current_actor, set_actor
from ui.shell.login_dialog import LoginDialog

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})


class IdleLock(QObject):
    """Locks ``window`` after ``timeout_ms`` without user input."""

    locked = Signal()
    unlocked = Signal(object)

    def __init__(self, window: QMainWindow, db: Database, timeout_ms: int):
        super().__init__(window)
        self.window, self.db = window, db
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self.lock)
        self.dialog: LoginDialog | None = None
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.setInterval(timeout_ms)
        if not self.is_locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS and not self.is_locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        """Hide the content and ask for the password (also "Lock now")."""
        if self.is_locked:
            return
        self.timer.stop()
        actor = current_actor()
        audit.record_now(self.db, "screen_lock", table="user_account", record_id=actor.user_id)  # read-only: in memory
        centre = self.window.centralWidget()
        if centre is not None:
            centre.setVisible(False)
        self.window.menuBar().setEnabled(False)
        self._open_dialog(actor.username if actor.user_id is not None else None)
        self.locked.emit()

    def _open_dialog(self, username: str | None) -> None:
        dialog = LoginDialog(self.db, self.window, username=username)
        dialog.logged_in.connect(self._unlock)
        dialog.rejected.connect(lambda: self._open_dialog(None))  # someone else logs in instead
        self.dialog = dialog
        dialog.open()

    def _unlock(self, actor: Actor) -> None:
        self.dialog = None
        set_actor(actor)
        centre = self.window.centralWidget()
        if centre is not None:
            centre.setVisible(True)
        self.window.menuBar().setEnabled(True)
        self.timer.start()
        self.unlocked.emit(actor)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
