"""Settings: the centre's name, address and phone (printed headers), the language, and the security periods."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import i18n
from i18n import _
from models.core.db import Database
from models.core.errors import ValidationFailed
from models.core.settings import CentreInfo, load_centre_info, save_centre_info
from models.safety.accounts import (
    MAX_FAILED,
    SecuritySettings,
    load_security_settings,
    save_security_settings,
)
from models.safety.security import can
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable
from ui.common.style import emphasize


class SettingsDialog(Retranslatable, QDialog):
    """Edits the centre's details; ``language_chosen`` fires when the language changes."""

    language_chosen = Signal(str)
    #: The security periods were saved (a :class:`models.safety.accounts.SecuritySettings`).
    security_saved = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._db = db
        self.errors = FieldErrors()
        self.setMinimumWidth(460)
        with db.session() as session:
            info = load_centre_info(session)
            security = load_security_settings(session)
        self._security = security
        self.centre_name = QLineEdit(info.name, objectName="centreName")
        self.centre_address = QLineEdit(info.address, objectName="centreAddress")
        self.centre_phone = QLineEdit(info.phone, objectName="centrePhone")
        self.centre_logo = QLineEdit(info.logo_path, objectName="centreLogo")
        self.logo_button = QPushButton(objectName="chooseLogo", clicked=self.choose_logo)
        self.language = QComboBox(objectName="language")
        for code, own_name in i18n.LANGUAGES.items():
            self.language.addItem(own_name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.current_language()))
        self.general_error = ErrorLabel(self)

        form = QFormLayout()
        self._labels = []
        for key, widget in (
            ("name", self.centre_name),
            ("address", self.centre_address),
            ("phone", self.centre_phone),
        ):
            label = QLabel()
            label.setBuddy(widget)
            self._labels.append(label)
            box = QVBoxLayout()
            box.addWidget(widget)
            box.addWidget(self.errors.add(key, widget, self))
            form.addRow(label, box)
        self._logo_label = QLabel()  # the notices' logo (optional)
        self._logo_label.setBuddy(self.centre_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.centre_logo, 1)
        logo_row.addWidget(self.logo_button)
        logo_box = QVBoxLayout()
        logo_box.addLayout(logo_row)
        logo_box.addWidget(self.errors.add("logo_path", self.centre_logo, self))
        form.addRow(self._logo_label, logo_box)
        self._language_label = QLabel()
        self._language_label.setBuddy(self.language)
        form.addRow(self._language_label, self.language)
        # The idle lock and the lockout after failed logins (administrators only).
        self.idle_minutes = QSpinBox(objectName="idleMinutes", minimum=1, maximum=240, value=security.idle_minutes)
        self.lockout_minutes = QSpinBox(objectName="lockoutMinutes", minimum=1, maximum=240,
                                        value=security.lockout_minutes)
        self._security_labels = []
        for key, widget in (("idle_minutes", self.idle_minutes), ("lockout_minutes", self.lockout_minutes)):
            label = QLabel()
            label.setBuddy(widget)
            self._security_labels.append(label)
            box = QVBoxLayout()
            box.addWidget(widget)
            box.addWidget(self.errors.add(key, widget, self))
            form.addRow(label, box)
            visible = can("settings.write")
            label.setVisible(visible)
            widget.setVisible(visible)
        self._hint = QLabel(objectName="settingsHint")
        self._hint.setWordWrap(True)
        emphasize(self._hint, color="#666")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._hint)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        for label, text in zip(
            self._labels, (_("Centre &name"), _("&Address"), _("&Phone")), strict=True
        ):
            label.setText(text)
        self._language_label.setText(_("&Language"))
        self._logo_label.setText(_("Logo for &notices"))
        for label, text in zip(
            self._security_labels,
            (_("&Idle lock after"), _("Loc&kout after {count} failed logins").format(count=MAX_FAILED)),
            strict=True,
        ):
            label.setText(text)
        for spin in (self.idle_minutes, self.lockout_minutes):
            spin.setSuffix(" " + _("minutes"))
        self.logo_button.setText(_("C&hoose…"))
        self._hint.setText(_("The centre's name, address and phone head every printed notice."))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def choose_logo(self) -> None:
        from ui.common import dialogs

        path = dialogs.open_file(self, _("Logo for notices"), _("Images (*.png *.jpg *.jpeg)"))
        if path is not None:
            self.centre_logo.setText(str(path))

    def save(self) -> bool:
        info = CentreInfo(self.centre_name.text(), self.centre_address.text(), self.centre_phone.text(),
                          logo_path=self.centre_logo.text())
        security = SecuritySettings(lockout_minutes=self.lockout_minutes.value(),
                                    idle_minutes=self.idle_minutes.value())
        security_changed = security != self._security
        try:
            with self._db.write() as session:
                save_centre_info(session, info)
                if security_changed:
                    save_security_settings(session, security)
        except ValidationFailed as exc:
            self.errors.show(exc.errors, self.general_error)
            return False
        language = self.language.currentData()
        self.accept()
        if security_changed:
            self._security = security
            self.security_saved.emit(security)
        if language != i18n.current_language():
            self.language_chosen.emit(language)
        return True
