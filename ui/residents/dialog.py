"""Add or edit a resident: a keyboard-first form with inline messages."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, parse_date
from models.residents.entities import HOUSEHOLD_FLAGS
from models.residents.idcard import IdNumberError, mask_id_number, parse_id_number
from models.residents.names import InvalidNameError, mask_phone, normalise_name
from models.residents.readings import still_unread, suggested_reading
from models.residents.registry import (
    FLAG_LABELS,
    GENDER_LABELS,
    ResidentInput,
    age_on,
    create_resident,
    get_resident,
    update_resident,
)
from models.safety import audit
from models.safety.security import PermissionDenied
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable, write_form
from ui.common.style import emphasize

if TYPE_CHECKING:
    from models.core.db import Database


class ResidentDialog(Retranslatable, QDialog):
    """The resident form. Emits :attr:`saved` with the resident's id.

    Open it with ``open()`` (window-modal, never blocking): the caller hears
    back through :attr:`saved`.
    """

    saved = Signal(int)

    def __init__(self, db: Database, resident_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("residentDialog")
        self._db = db
        self.resident_id = resident_id
        self.errors = FieldErrors()
        self.setMinimumWidth(560)

        self.name = QLineEdit(objectName="name")
        self.name.setMaxLength(50)
        # The name's reading: computed as the name is typed; the clerk corrects
        # it, or types it for a character the dictionary cannot read (𠮷).
        self.pinyin = QLineEdit(objectName="pinyin")
        self.pinyin.setMaxLength(400)
        self.pinyin_warning = QLabel(objectName="pinyinWarning")
        self.pinyin_warning.setWordWrap(True)
        emphasize(self.pinyin_warning, color="#8a5a00")
        self.pinyin_warning.hide()
        self.gender = QComboBox(objectName="gender")
        self.id_number = QLineEdit(objectName="id_number")
        self.id_number.setMaxLength(24)
        self.id_hint = QLabel(objectName="idHint")
        emphasize(self.id_hint, color="#3a5a40")
        self.birth_date = QLineEdit(objectName="birth_date")
        self.phone = QLineEdit(objectName="phone")
        self.compound = QLineEdit(objectName="compound")
        self.building = QLineEdit(objectName="building")
        self.unit = QLineEdit(objectName="unit")
        self.room = QLineEdit(objectName="room")
        self.grid = QLineEdit(objectName="grid")
        self.flag_boxes = {flag: QCheckBox(objectName=f"flag_{flag}") for flag in HOUSEHOLD_FLAGS}
        self.notes = QPlainTextEdit(objectName="notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.general_error = ErrorLabel(self)
        # An existing resident's ID number and phone are shown masked and
        # read-only; "Show" reveals one (recorded in the audit trail).
        self.show_id_button = QPushButton(objectName="showIdNumber", clicked=lambda: self.reveal("id_number"))
        self.show_phone_button = QPushButton(objectName="showPhone", clicked=lambda: self.reveal("phone"))
        self._masked: dict[str, str] = {}  # field -> the stored value, while it is shown masked
        for button in (self.show_id_button, self.show_phone_button):
            button.setAutoDefault(False)
            button.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._labels: dict[str, QLabel] = {}

        def row(key: str, field: QWidget, *extra: QWidget) -> None:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(field)
            for w in extra:
                box.addWidget(w)
            box.addWidget(self.errors.add(key, field, self))
            label = QLabel()
            label.setBuddy(field)
            self._labels[key] = label
            form.addRow(label, box)

        def with_button(field: QLineEdit, button: QPushButton) -> QWidget:
            holder = QWidget()
            line = QHBoxLayout(holder)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(field, 1)
            line.addWidget(button)
            holder.setFocusProxy(field)  # an inline error focuses the field itself
            return holder

        row("name", self.name)
        row("pinyin", self.pinyin, self.pinyin_warning)
        row("gender", self.gender)
        id_holder = with_button(self.id_number, self.show_id_button)
        row("id_number", id_holder, self.id_hint)
        self._labels["id_number"].setBuddy(self.id_number)
        row("birth_date", self.birth_date)
        phone_holder = with_button(self.phone, self.show_phone_button)
        row("phone", phone_holder)
        self._labels["phone"].setBuddy(self.phone)

        address = QGridLayout()
        self._address_labels: list[QLabel] = []
        for col, (key, field) in enumerate(
            (("compound", self.compound), ("building", self.building), ("unit", self.unit), ("room", self.room))
        ):
            small = QLabel()
            small.setBuddy(field)
            self._address_labels.append(small)
            address.addWidget(small, 0, col)
            address.addWidget(field, 1, col)
            address.addWidget(self.errors.add(key, field, self), 2, col)
        address.setColumnStretch(0, 3)
        self._address_label = QLabel()
        form.addRow(self._address_label, address)
        row("grid", self.grid)

        flags = QGridLayout()
        for i, box in enumerate(self.flag_boxes.values()):
            flags.addWidget(box, i // 3, i % 3)
        self._flags_label = QLabel()
        form.addRow(self._flags_label, flags)
        row("notes", self.notes)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        bottom = QHBoxLayout()
        self._required_note = QLabel()
        emphasize(self._required_note, color="#666")
        bottom.addWidget(self._required_note)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self.name.textEdited.connect(self._name_edited)
        self.pinyin.textChanged.connect(self._check_reading)
        self.id_number.textEdited.connect(self._check_id_live)
        self.id_number.editingFinished.connect(self._check_id_final)
        self.retranslate()
        if resident_id is not None:
            self._load(resident_id)

    def showEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.activateWindow()
        self.name.setFocus()

    # --- texts --------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("New resident") if self.resident_id is None else _("Edit resident"))
        texts = {
            "name": _("&Name *"),
            "pinyin": _("Pin&yin"),
            "gender": _("&Gender"),
            "id_number": _("&ID number"),
            "birth_date": _("&Birth date"),
            "phone": _("&Phone"),
            "grid": _("G&rid"),
            "notes": _("N&otes"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self._address_label.setText(_("Address"))
        for label, text in zip(
            self._address_labels, (_("Compound"), _("Building"), _("Unit"), _("Room")), strict=True
        ):
            label.setText(text)
        self._flags_label.setText(_("Household"))
        for flag, box in self.flag_boxes.items():
            box.setText(_(FLAG_LABELS[flag]))
        current = self.gender.currentData()
        self.gender.clear()
        self.gender.addItem(_("Not recorded"), None)
        for key, label in GENDER_LABELS.items():
            self.gender.addItem(_(label), key)
        self.gender.setCurrentIndex(max(0, self.gender.findData(current)))
        self.id_number.setPlaceholderText(_("18 characters; an ID-card reader types it here"))
        self.birth_date.setPlaceholderText(_("e.g. 1949-12-31 (taken from the ID number when given)"))
        self.phone.setPlaceholderText(_("mobile or landline"))
        self.pinyin.setPlaceholderText(_("one syllable per character, e.g. zhang san ming"))
        self.pinyin.setToolTip(_("What search by pinyin and initials and the sorting by name use. "
                                 "Correct it when the dictionary reads a character wrongly or not at all."))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self._required_note.setText(_("* required"))
        self.show_id_button.setText(_("Sho&w"))
        self.show_id_button.setToolTip(_("Show the full ID number (recorded in the audit trail)"))
        self.show_phone_button.setText(_("Show"))
        self.show_phone_button.setToolTip(_("Show the full phone number (recorded in the audit trail)"))
        self._check_id_live()
        self._check_reading()

    # --- loading and reading the form -------------------------------------------------

    def _load(self, resident_id: int) -> None:
        with self._db.session() as session:
            data = ResidentInput.from_resident(get_resident(session, resident_id))
        self.name.setText(data.name)
        self.pinyin.setText(data.pinyin if data.pinyin is not None else suggested_reading(data.name))
        self.gender.setCurrentIndex(max(0, self.gender.findData(data.gender)))
        self.birth_date.setText(data.birth_date.isoformat() if data.birth_date else "")
        self._mask("id_number", data.id_number, mask_id_number, self.id_number, self.show_id_button)
        self._mask("phone", data.phone, mask_phone, self.phone, self.show_phone_button)
        for key in ("compound", "building", "unit", "room", "grid"):
            getattr(self, key).setText(getattr(data, key))
        for flag, box in self.flag_boxes.items():
            box.setChecked(flag in data.flags)
        self.notes.setPlainText(data.notes)
        self._check_id_live()

    def _mask(self, field: str, value: str, mask, edit: QLineEdit, button: QPushButton) -> None:  # type: ignore[no-untyped-def]
        if not value:  # nothing to hide: typed in full like a new resident's
            edit.setText("")
            return
        self._masked[field] = value
        edit.setText(mask(value))
        edit.setReadOnly(True)
        button.show()

    def is_masked(self, field: str) -> bool:
        return field in self._masked

    def reveal(self, field: str) -> bool:
        """Show the full value of a masked field and make it editable; the reveal is recorded.

        Refused (with a message) for a role that may not reveal (volunteers).
        """
        if field not in self._masked or self.resident_id is None:
            return False
        edit, button = ((self.id_number, self.show_id_button) if field == "id_number"
                        else (self.phone, self.show_phone_button))
        try:
            with self._db.write() as session:
                value = audit.reveal(session, self.resident_id, field)
        except PermissionDenied as exc:
            self.general_error.show_message(str(exc))
            return False
        del self._masked[field]
        edit.setText(value)
        edit.setReadOnly(False)
        button.hide()
        edit.setFocus()
        self._check_id_live()
        return True

    def _value(self, field: str, edit: QLineEdit) -> str:
        """What the field holds: the stored value while it is shown masked."""
        return self._masked.get(field, edit.text())

    def form_input(self) -> tuple[ResidentInput, dict[str, str]]:
        """The typed values, and the errors found before asking the domain."""
        errors: dict[str, str] = {}
        try:
            birth = parse_date(self.birth_date.text())
        except ValueError as exc:
            birth, errors["birth_date"] = None, str(exc)
        data = ResidentInput(
            name=self.name.text(),
            gender=self.gender.currentData(),
            id_number=self._value("id_number", self.id_number),
            birth_date=birth,
            phone=self._value("phone", self.phone),
            compound=self.compound.text(),
            building=self.building.text(),
            unit=self.unit.text(),
            room=self.room.text(),
            grid=self.grid.text(),
            flags=frozenset(f for f, box in self.flag_boxes.items() if box.isChecked()),
            notes=self.notes.toPlainText(),
            pinyin=self.pinyin.text(),
        )
        return data, errors

    # --- the name's reading ---------------------------------------------------------------

    def _typed_name(self) -> str:
        try:
            return normalise_name(self.name.text())
        except InvalidNameError:
            return ""

    def _name_edited(self) -> None:
        """A new name is read anew: a reading typed for the old name does not fit it."""
        self.pinyin.setText(suggested_reading(self._typed_name()))

    def _check_reading(self) -> None:
        """Name the characters the reading still leaves unread (shown until the clerk types them)."""
        unread = still_unread(self._typed_name(), self.pinyin.text())
        self.pinyin_warning.setText(
            _("{chars} has no reading in the pinyin dictionary: type its pinyin in place of the ?, "
              "or the resident cannot be found by initials.").format(chars="、".join(unread)) if unread else "")
        self.pinyin_warning.setVisible(bool(unread))

    # --- the ID number, checked as it is typed ----------------------------------------------

    def _check_id_live(self) -> None:
        text = self._value("id_number", self.id_number).strip()
        label = self.errors.label("id_number")
        if not text:
            self.id_hint.setText("")
            label.show_message("")
            return
        try:
            idn = parse_id_number(text)
        except IdNumberError as exc:
            self.id_hint.setText("")
            # While typing, only complain once the length is complete.
            if len("".join(text.split())) >= 18:
                label.show_message(str(exc))
            return
        label.show_message("")
        self.id_hint.setText(
            _("Born {date}, {gender}, age {age}").format(
                date=format_date(idn.birth_date),
                gender=_(GENDER_LABELS[idn.gender]),
                age=age_on(idn.birth_date, dt.date.today()),
            )
        )

    def _check_id_final(self) -> None:
        text = self._value("id_number", self.id_number).strip()
        if not text:
            return
        try:
            parse_id_number(text)
        except IdNumberError as exc:
            self.errors.label("id_number").show_message(str(exc))

    # --- saving ---------------------------------------------------------------------

    def save(self) -> bool:
        """Validate and write; on success emit :attr:`saved` and close."""
        data, errors = self.form_input()
        self.general_error.show_message("")
        if errors:
            self.errors.show(errors, self.general_error)
            return False

        def write(session, confirmed: bool) -> int:  # type: ignore[no-untyped-def]
            if self.resident_id is None:
                return create_resident(session, data, confirmed=confirmed).id
            return update_resident(session, self.resident_id, data, confirmed=confirmed).id

        saved_id = write_form(
            self, self._db, write, self.errors, self.general_error,
            confirm_title=_("Possible duplicate"), ok_text=_("Save anyway"),
        )
        if saved_id is None:
            return False
        self.resident_id = saved_id
        self.saved.emit(saved_id)
        self.accept()
        return True

    def keyPressEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        # Enter anywhere but the notes saves; Esc cancels (QDialog default).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.notes.hasFocus():
            self.save()
            return
        super().keyPressEvent(event)
