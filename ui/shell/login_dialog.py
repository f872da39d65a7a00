"""Logging in: the first-run administrator, the login dialog, the start-up step.

The rules (hashing, lockout, audit) live in :mod:`models.safety.accounts`; these
dialogs only collect the name and password and show the refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.safety import audit
from models.safety.accounts import LoginRefused, create_first_admin, has_accounts, login
from models.safety.security import Actor, acting_as
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable


class LoginDialog(Retranslatable, QDialog):
    """User name and password. ``logged_in(actor)`` on success.

    With ``username`` fixed (the idle lock) only the password is asked.
    """

    logged_in = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None, *, username: str | None = None,
                 clock: Callable | None = None):
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setMinimumWidth(400)
        self.db = db
        self._clock = clock
        self.fixed_user = username
        self.intro = QLabel(wordWrap=True)
        self.username = QLineEdit(objectName="loginUser")
        if username is not None:
            self.username.setText(username)
            self.username.setReadOnly(True)
        self.password = QLineEdit(objectName="loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel(self)
        self.error.setObjectName("loginError")
        self.form = QFormLayout()
        self.labels = {edit: QLabel(buddy=edit) for edit in (self.username, self.password)}
        self.form.addRow(self.labels[self.username], self.username)
        self.form.addRow(self.labels[self.password], self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password if username is not None else self.username).setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Log in to Linli") if self.fixed_user is None else _("Linli is locked"))
        self.intro.setText(
            _("Enter your user name and password.") if self.fixed_user is None
            else _("The window was locked after a quiet period. Enter your password to continue.")
        )
        self.labels[self.username].setText(_("&User name:"))
        self.labels[self.password].setText(_("&Password:"))

    def try_login(self) -> None:
        kwargs = {"clock": self._clock} if self._clock else {}
        try:
            actor = login(self.db, self.username.text(), self.password.text(), **kwargs)
        except LoginRefused as exc:
            self.password.clear()
            self.password.setFocus()
            self.error.show_message(str(exc))
            return
        self.password.clear()
        self.actor = actor
        self.logged_in.emit(actor)
        self.accept()


class FirstRunDialog(Retranslatable, QDialog):
    """The first start: create the administrator account."""

    logged_in = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setMinimumWidth(440)
        self.db = db
        self.intro = QLabel(wordWrap=True)
        self.username = QLineEdit(objectName="adminUser")
        self.display_name = QLineEdit(objectName="adminName")
        self.password = QLineEdit(objectName="adminPassword")
        self.repeat = QLineEdit(objectName="adminRepeat")
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.labels: dict[QLineEdit, QLabel] = {}
        for field, edit in (("username", self.username), ("display_name", self.display_name),
                            ("password", self.password), ("repeat", self.repeat)):
            self.labels[edit] = QLabel(buddy=edit)
            self.form.addRow(self.labels[edit], edit)
            self.form.addRow(self.errors.add(field, edit, self))
        self.general = ErrorLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.username.setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Create the administrator"))
        self.intro.setText(_(
            "Welcome to Linli. Create the administrator's account first: the administrator sets up "
            "the other accounts, the settings and the backups. Keep the password safe."
        ))
        for edit, text in ((self.username, _("&User name:")), (self.display_name, _("&Full name:")),
                           (self.password, _("&Password:")), (self.repeat, _("&Repeat password:"))):
            self.labels[edit].setText(text)

    def create(self) -> None:
        self.errors.clear()
        if self.password.text() != self.repeat.text():
            self.errors.show({"repeat": _("The two passwords differ.")})
            return
        if audit.is_read_only(self.db):
            self.general.show_message(_("The database is open read-only: restore a backup before creating accounts."))
            return
        try:
            with self.db.write() as s:
                account = create_first_admin(s, self.username.text(), self.password.text(), self.display_name.text())
                actor = account.actor()
                with acting_as(actor):
                    audit.record(s, "login", table="user_account", record_id=actor.user_id,
                                 summary=_("first start"))
        except ValidationFailed as exc:
            self.errors.show(exc.errors, self.general)
            return
        except LinliError as exc:
            self.general.show_message(str(exc))
            return
        self.password.clear()
        self.repeat.clear()
        self.actor = actor
        self.logged_in.emit(actor)
        self.accept()


def login_dialog_for(db: Database, parent: QWidget | None = None) -> QDialog:
    """The first-run dialog when no account exists, else the login dialog."""
    with db.session() as s:
        first = not has_accounts(s)
    return FirstRunDialog(db, parent) if first else LoginDialog(db, parent)


def login_at_start(db: Database) -> Actor | None:
    """Show the right dialog before the window exists; the actor, or None if cancelled."""
    dialog = login_dialog_for(db)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    result: list[Actor] = []
    dialog.logged_in.connect(result.append)
    loop = QEventLoop()
    dialog.finished.connect(lambda _code: loop.quit())
    dialog.open()
    loop.exec()
    return result[0] if result else None
