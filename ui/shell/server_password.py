"""The window's password prompt for a database server (docs/server.md, "The address").

When ``python main.py --db postgresql+psycopg://…`` finds no password for that
server in ~/.pgpass (or PGPASSFILE), :func:`cli.common.open_with_password` — the
command line's own loop — asks through :func:`ask_password`: a small dialog naming
the server, the database and the login role, with a hidden password field. A
wrong password is said in the dialog, which asks again (three tries in all);
Cancel ends the start with the usual one-line message.

The password typed goes back to that loop and from there to the driver only: this
dialog keeps no copy (its field is cleared when it closes) and nothing here writes
it to the settings, a log or a title.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from i18n import _, ngettext
from ui.common.forms import ErrorLabel, Retranslatable


class ServerPasswordDialog(Retranslatable, QDialog):
    """Server, database and user shown; the password typed hidden. ``password()`` once accepted.

    ``login`` has ``server``, ``database`` and ``user`` (:class:`cli.common.ServerLogin`);
    ``refusal``: why the last password was not taken, shown with the tries left.
    """

    def __init__(self, login, refusal: str | None = None, tries_left: int = 3,  # type: ignore[no-untyped-def]
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("serverPasswordDialog")
        self.setMinimumWidth(420)
        self._refusal, self._tries_left = refusal, tries_left
        self.intro = QLabel(wordWrap=True, objectName="serverPasswordIntro")
        self.server = QLabel(login.server, objectName="serverHost")
        self.database = QLabel(login.database, objectName="serverDatabase")
        self.user = QLabel(login.user, objectName="serverUser")
        for shown in (self.server, self.database, self.user):
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_edit = QLineEdit(objectName="serverPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel(self)
        self.error.setObjectName("serverPasswordError")
        self.form = QFormLayout()
        self.labels = [QLabel() for _i in range(4)]
        for label, field in zip(self.labels, (self.server, self.database, self.user, self.password_edit),
                                strict=True):
            self.form.addRow(label, field)
        self.labels[3].setBuddy(self.password_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.password_edit.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.password_edit.setFocus()
        self.retranslate()
        self._update_ok()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Password for the database server"))
        self.intro.setText(_("The server asks for a password, and the password file (~/.pgpass) has none "
                             "for it. Linli keeps the password only until it closes."))
        for label, text in zip(self.labels, (_("Server:"), _("Database:"), _("User:"), _("&Password:")),
                               strict=True):
            label.setText(text)
        if self._refusal:
            self.error.show_message(ngettext("{reason} {n} try left.", "{reason} {n} tries left.",
                                             self._tries_left).format(reason=self._refusal, n=self._tries_left))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.password_edit.text()))

    def password(self) -> str:
        return self.password_edit.text()


def ask_password(login, refusal: str | None, tries_left: int) -> str | None:  # type: ignore[no-untyped-def]
    """Show the dialog before the window exists (a local event loop, as the login does);
    the password typed, or None when cancelled. The field is cleared before returning."""
    dialog = ServerPasswordDialog(login, refusal, tries_left)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    loop = QEventLoop()
    dialog.finished.connect(lambda _code: loop.quit())
    dialog.open()
    loop.exec()
    password = dialog.password() if dialog.result() == QDialog.DialogCode.Accepted else None
    dialog.password_edit.clear()
    dialog.deleteLater()
    return password
