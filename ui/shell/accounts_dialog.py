"""The accounts screen (administrators): list, create, change role, reset password, (de)activate.

Every rule — the user name, the password length, the last active
administrator who may not be demoted or deactivated, the audit entries —
lives in :mod:`models.safety.accounts`; this screen collects input and shows the
refusals inline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_time
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.safety.accounts import (
    INACTIVE,
    LOCKED,
    account_state,
    create_account,
    list_accounts,
    reset_password,
    update_account,
)
from models.safety.security import ROLE_LABELS, ROLES
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable
from ui.common.style import emphasize


class AccountsDialog(Retranslatable, QDialog):
    """Accounts on the left; a new account and the selected account's actions on the right."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.db = db
        self.resize(900, 480)
        self._rows: list[tuple] = []  # id, username, full name, role, state, locked_until

        self.table = QTableWidget(0, 4, objectName="accountsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        # A new account.
        self.new_box = QGroupBox(objectName="newAccountBox")
        self.new_errors = FieldErrors()
        self.new_username = QLineEdit(objectName="newUsername")
        self.new_username.setMaxLength(40)
        self.new_name = QLineEdit(objectName="newDisplayName")
        self.new_name.setMaxLength(50)
        self.new_role = QComboBox(objectName="newRole")
        self.new_password = QLineEdit(objectName="newPassword")
        self.new_repeat = QLineEdit(objectName="newRepeat")
        for edit in (self.new_password, self.new_repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.create_button = QPushButton(objectName="createAccount", clicked=self.create)
        new_form = QFormLayout(self.new_box)
        self._new_labels: dict[str, QLabel] = {}
        for field, widget in (("username", self.new_username), ("display_name", self.new_name),
                              ("role", self.new_role), ("password", self.new_password),
                              ("repeat", self.new_repeat)):
            label = QLabel(buddy=widget)
            self._new_labels[field] = label
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(self.new_errors.add(field, widget, self))
            new_form.addRow(label, box)
        new_form.addRow(self.create_button)

        # The selected account.
        self.edit_box = QGroupBox(objectName="editAccountBox")
        self.edit_errors = FieldErrors()
        self.selected_label = QLabel(objectName="selectedAccount")
        self.role = QComboBox(objectName="accountRole")
        self.role_button = QPushButton(objectName="changeRole", clicked=self.change_role)
        self.reset_password_edit = QLineEdit(objectName="resetPassword")
        self.reset_repeat = QLineEdit(objectName="resetRepeat")
        for edit in (self.reset_password_edit, self.reset_repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_button = QPushButton(objectName="resetPasswordButton", clicked=self.reset)
        self.active_button = QPushButton(objectName="toggleActive", clicked=self.toggle_active)
        edit_form = QFormLayout(self.edit_box)
        edit_form.addRow(self.selected_label)
        self._edit_labels: dict[str, QLabel] = {}
        role_row = QHBoxLayout()
        role_row.addWidget(self.role, 1)
        role_row.addWidget(self.role_button)
        for field, widget, layout_or_widget in (
            ("role", self.role, role_row),
            ("password", self.reset_password_edit, self.reset_password_edit),
            ("repeat", self.reset_repeat, self.reset_repeat),
        ):
            label = QLabel(buddy=widget)
            self._edit_labels[field] = label
            box = QVBoxLayout()
            box.setSpacing(1)
            if isinstance(layout_or_widget, QHBoxLayout):
                box.addLayout(layout_or_widget)
            else:
                box.addWidget(layout_or_widget)
            box.addWidget(self.edit_errors.add(field, widget, self))
            edit_form.addRow(label, box)
        edit_form.addRow(self.reset_button)
        edit_form.addRow(self.active_button)

        self.general_error = ErrorLabel(self)
        self.general_error.setObjectName("accountsError")
        self.done_label = QLabel(objectName="accountsDone")
        emphasize(self.done_label, color="#3a5a40")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        right = QVBoxLayout()
        right.addWidget(self.new_box)
        right.addWidget(self.edit_box)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.done_label)
        layout.addWidget(self.buttons)

        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.retranslate()
        self.reload()
        self.table.setFocus()

    # --- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Accounts"))
        self.table.setHorizontalHeaderLabels([_("User name"), _("Full name"), _("Role"), _("State")])
        self.new_box.setTitle(_("New account"))
        self.edit_box.setTitle(_("Selected account"))
        for field, text in (("username", _("&User name:")), ("display_name", _("&Full name:")),
                            ("role", _("R&ole:")), ("password", _("&Password:")),
                            ("repeat", _("&Repeat password:"))):
            self._new_labels[field].setText(text)
        for field, text in (("role", _("Ro&le:")), ("password", _("&New password:")),
                            ("repeat", _("Repeat ne&w password:"))):
            self._edit_labels[field].setText(text)
        for combo in (self.new_role, self.role):
            current = combo.currentData()
            combo.clear()
            for role in ROLES:
                combo.addItem(_(ROLE_LABELS[role]), role)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        self.create_button.setText(_("&Create account"))
        self.role_button.setText(_("C&hange role"))
        self.reset_button.setText(_("Re&set password"))
        self._fill_table()
        self._selection_changed()

    # --- the list ---------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.selected_id()
        with self.db.session() as s:
            accounts = list_accounts(s)
            self._rows = [(a.id, a.username, a.display_name, a.role, account_state(a), a.locked_until)
                          for a in accounts]
        self._fill_table()
        if keep is not None:
            for row, item in enumerate(self._rows):
                if item[0] == keep:
                    self.table.selectRow(row)
                    break
        self._selection_changed()

    def state_text(self, state: str, locked_until) -> str:  # type: ignore[no-untyped-def]
        if state == INACTIVE:
            return _("Deactivated")
        if state == LOCKED:
            return _("Locked until {time}").format(time=format_time(locked_until))
        return _("Active")

    def _fill_table(self) -> None:
        self.table.blockSignals(True)
        selected = self.selected_id()
        self.table.setRowCount(len(self._rows))
        for row, (_id, username, name, role, state, locked_until) in enumerate(self._rows):
            for column, text in enumerate((username, name, _(ROLE_LABELS[role]), self.state_text(state, locked_until))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, _id)
                self.table.setItem(row, column, item)
        if selected is not None:
            for row, item in enumerate(self._rows):
                if item[0] == selected:
                    self.table.selectRow(row)
        self.table.blockSignals(False)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._rows):
            return None
        return self._rows[rows[0].row()][0]

    def _selected_row(self):  # type: ignore[no-untyped-def]
        account_id = self.selected_id()
        return next((r for r in self._rows if r[0] == account_id), None)

    def select_account(self, username: str) -> None:
        for row, item in enumerate(self._rows):
            if item[1] == username:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        row = self._selected_row()
        self.edit_errors.clear()
        self.edit_box.setEnabled(row is not None)
        if row is None:
            self.selected_label.setText(_("Choose an account in the list."))
            self.active_button.setText(_("&Deactivate"))
            return
        _id, username, name, role, state, _locked = row
        self.selected_label.setText(f"{username} — {name}" if name else username)
        self.role.setCurrentIndex(max(0, self.role.findData(role)))
        self.active_button.setText(_("Re&activate") if state == INACTIVE else _("&Deactivate"))

    # --- actions ----------------------------------------------------------------------

    def _done(self, text: str) -> None:
        self.general_error.show_message("")
        self.done_label.setText(text)
        self.changed.emit()

    def create(self) -> bool:
        self.new_errors.clear()
        self.general_error.show_message("")
        self.done_label.setText("")
        if self.new_password.text() != self.new_repeat.text():
            self.new_errors.show({"repeat": _("The two passwords differ.")})
            return False
        try:
            with self.db.write() as s:
                account = create_account(s, self.new_username.text(), self.new_password.text(),
                                         self.new_role.currentData(), self.new_name.text())
                new_id, username = account.id, account.username
        except ValidationFailed as exc:
            self.new_errors.show(exc.errors, self.general_error)
            return False
        except LinliError as exc:
            self.general_error.show_message(str(exc))
            return False
        for edit in (self.new_username, self.new_name, self.new_password, self.new_repeat):
            edit.clear()
        self.reload(select_id=new_id)
        self._done(_("Account {name} created.").format(name=username))
        return True

    def _update(self, **changes) -> bool:  # type: ignore[no-untyped-def]
        row = self._selected_row()
        if row is None:
            return False
        self.general_error.show_message("")
        self.done_label.setText("")
        try:
            with self.db.write() as s:
                update_account(s, row[0], **changes)
        except ValidationFailed as exc:
            self.edit_errors.show(exc.errors, self.general_error)
            return False
        except LinliError as exc:
            self.general_error.show_message(str(exc))
            return False
        self.reload(select_id=row[0])
        return True

    def change_role(self) -> bool:
        row = self._selected_row()
        if row is None or not self._update(role=self.role.currentData()):
            return False
        self._done(_("Role of {name} changed.").format(name=row[1]))
        return True

    def toggle_active(self) -> bool:
        row = self._selected_row()
        if row is None:
            return False
        activate = row[4] == INACTIVE
        if not self._update(active=activate):
            return False
        self._done((_("{name} reactivated.") if activate else _("{name} deactivated.")).format(name=row[1]))
        return True

    def reset(self) -> bool:
        row = self._selected_row()
        if row is None:
            return False
        self.edit_errors.clear()
        self.general_error.show_message("")
        self.done_label.setText("")
        if self.reset_password_edit.text() != self.reset_repeat.text():
            self.edit_errors.show({"repeat": _("The two passwords differ.")})
            return False
        try:
            with self.db.write() as s:
                reset_password(s, row[0], self.reset_password_edit.text())
        except ValidationFailed as exc:
            self.edit_errors.show(exc.errors, self.general_error)
            return False
        except LinliError as exc:
            self.general_error.show_message(str(exc))
            return False
        self.reset_password_edit.clear()
        self.reset_repeat.clear()
        self.reload(select_id=row[0])
        self._done(_("Password of {name} reset; the account is unlocked.").format(name=row[1]))
        return True
