"""The elder's own day-care record: enrolment, contacts, health notes, status history.

A new enrolment picks an existing resident with the quick-find, or creates the
resident on the spot with the shared resident form (ui.residents.dialog). This
is the only place where health notes (conditions, medications, diet,
allergies) are shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date
from models.core.db import Database
from models.core.errors import LinliError
from models.daycare.enrolment import (
    ContactInput,
    EnrolmentInput,
    enrol,
    get_enrolment,
    history,
    set_status,
    update_enrolment,
)
from models.daycare.entities import CARE_LEVEL_LABELS, STATUS_LABELS, WEEKDAY_LABELS
from models.residents.registry import age_on, get_resident, search_residents
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable, write_form
from ui.common.quick_find import QuickFind
from ui.common.style import emphasize

_CONTACT_ROWS = 4


def _to_date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class EnrolmentDialog(Retranslatable, QDialog):
    """Enrol an elder, or open an elder's record. Emits :attr:`done` with the enrolment id."""

    completed = Signal(int)

    def __init__(
        self,
        db: Database,
        *,
        enrolment_id: int | None = None,
        resident_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("enrolmentDialog")
        self._db = db
        self.enrolment_id = enrolment_id
        self.resident_id = resident_id
        self.errors = FieldErrors()
        self.resident_dialog = None
        self.setMinimumWidth(720)

        # who
        self.finder = QuickFind(self._search, visible_rows=4)
        self.finder.chosen.connect(self.set_resident)
        self.new_resident_button = QPushButton(objectName="newResidentButton")
        self.new_resident_button.clicked.connect(self.new_resident)
        self.resident_label = QLabel(objectName="enrolResident")
        emphasize(self.resident_label, px=15, bold=True)
        # what
        self.enrolled_on = QDateEdit(objectName="enrolledOn")
        self.enrolled_on.setCalendarPopup(True)
        self.enrolled_on.setDisplayFormat("yyyy-MM-dd")
        today = dt.date.today()
        self.enrolled_on.setDate(QDate(today.year, today.month, today.day))
        self.care_level = QComboBox(objectName="careLevel")
        self.day_boxes = {d: QCheckBox(objectName=f"day{d}") for d in WEEKDAY_LABELS}
        for d in (1, 2, 3, 4, 5):
            self.day_boxes[d].setChecked(True)
        self.diet = QLineEdit(objectName="diet")
        self.allergies = QLineEdit(objectName="allergies")
        self.conditions = QLineEdit(objectName="conditions")
        self.medications = QLineEdit(objectName="medications")
        self.contacts = QTableWidget(_CONTACT_ROWS, 5, objectName="contacts")
        self.contacts.verticalHeader().setVisible(False)
        self.contacts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((130, 90, 140, 90)):
            self.contacts.setColumnWidth(col, width)
        self.contacts.setFixedHeight(28 * (_CONTACT_ROWS + 1) + 6)
        self._contact_ids: list[int | None] = [None] * _CONTACT_ROWS
        for r in range(_CONTACT_ROWS):
            self._blank_contact(r)
        self.add_contact_button = QPushButton(objectName="addContact")
        self.add_contact_button.clicked.connect(self.add_contact_row)
        # status (an existing record only)
        self.status_box = QGroupBox()
        self.status_now = QLabel(objectName="statusNow")
        self.history_list = QListWidget(objectName="statusHistory")
        self.history_list.setMaximumHeight(80)
        self.new_status = QComboBox(objectName="newStatus")
        self.status_date = QDateEdit(objectName="statusDate")
        self.status_date.setCalendarPopup(True)
        self.status_date.setDisplayFormat("yyyy-MM-dd")
        self.status_date.setDate(QDate(today.year, today.month, today.day))
        self.status_reason = QLineEdit(objectName="statusReason")
        self.status_button = QPushButton(objectName="statusButton")
        self.status_button.clicked.connect(self.change_status)
        self.status_error = ErrorLabel(self)
        self.general_error = ErrorLabel(self)

        who = QVBoxLayout()
        self._who_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.finder, 1)
        row.addWidget(self.new_resident_button, 0, Qt.AlignmentFlag.AlignTop)
        who.addWidget(self._who_label)
        who.addLayout(row)
        who.addWidget(self.resident_label)
        who.addWidget(self.errors.add("resident", self.finder.input, self))

        form = QFormLayout()
        self._labels: dict[str, QLabel] = {}

        def add(key: str, widget: QWidget | None, layout=None) -> None:  # type: ignore[no-untyped-def]
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget) if widget is not None else box.addLayout(layout)
            box.addWidget(self.errors.add(key, widget or self, self))
            label = QLabel()
            if widget is not None:
                label.setBuddy(widget)
            self._labels[key] = label
            form.addRow(label, box)

        add("enrolled_on", self.enrolled_on)
        add("care_level", self.care_level)
        days = QHBoxLayout()
        for box in self.day_boxes.values():
            days.addWidget(box)
        days.addStretch(1)
        add("service_days", None, days)
        add("diet", self.diet)
        add("allergies", self.allergies)
        add("conditions", self.conditions)
        add("medications", self.medications)
        contacts = QVBoxLayout()
        contacts.addWidget(self.contacts)
        contacts.addWidget(self.add_contact_button, 0, Qt.AlignmentFlag.AlignLeft)
        add("contacts", None, contacts)

        status_layout = QVBoxLayout(self.status_box)
        status_layout.addWidget(self.status_now)
        status_layout.addWidget(self.history_list)
        change = QHBoxLayout()
        change.addWidget(self.new_status)
        change.addWidget(self.status_date)
        change.addWidget(self.status_reason, 1)
        change.addWidget(self.status_button)
        status_layout.addLayout(change)
        status_layout.addWidget(self.status_error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(who)
        layout.addLayout(form)
        layout.addWidget(self.status_box)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()
        if enrolment_id is not None:
            self._load(enrolment_id)
        elif resident_id is not None:
            self.set_resident(resident_id)
        self.status_box.setVisible(enrolment_id is not None)

    # --- texts --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Day care enrolment") if self.enrolment_id is None else _("Elder's record"))
        self._who_label.setText(_("Resident: find by initials, name, phone or ID number — or add a new one"))
        self.new_resident_button.setText(_("&New resident…"))
        texts = {
            "enrolled_on": _("Enrolled &on"),
            "care_level": _("Care &level"),
            "service_days": _("Service days"),
            "diet": _("&Diet"),
            "allergies": _("&Allergies"),
            "conditions": _("Chronic &conditions"),
            "medications": _("&Medications"),
            "contacts": _("Contacts *"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        current = self.care_level.currentData()
        self.care_level.clear()
        for key, label in CARE_LEVEL_LABELS.items():
            self.care_level.addItem(_(label), key)
        self.care_level.setCurrentIndex(max(0, self.care_level.findData(current)))
        for d, box in self.day_boxes.items():
            box.setText(_(WEEKDAY_LABELS[d]))
        self.contacts.setHorizontalHeaderLabels(
            [_("Name"), _("Relation"), _("Phone"), _("Emergency"), _("May collect")]
        )
        self.add_contact_button.setText(_("Add a contact &row"))
        self.status_box.setTitle(_("Status"))
        status = self.new_status.currentData()
        self.new_status.clear()
        for key, label in STATUS_LABELS.items():
            self.new_status.addItem(_(label), key)
        self.new_status.setCurrentIndex(max(0, self.new_status.findData(status)))
        self.status_reason.setPlaceholderText(_("reason (required unless resuming)"))
        self.status_button.setText(_("Change &status"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            _("&Enrol") if self.enrolment_id is None else _("&Save")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self._show_resident()
        self._show_status()

    # --- the resident -----------------------------------------------------------------------

    def _search(self, text: str):  # type: ignore[no-untyped-def]
        with self._db.session() as session:
            return search_residents(session, text)

    def set_resident(self, resident_id: int) -> None:
        self.resident_id = resident_id
        self._show_resident()
        self.enrolled_on.setFocus()

    def _show_resident(self) -> None:
        if self.resident_id is None:
            self.resident_label.setText(_("No resident chosen yet."))
            return
        with self._db.session() as session:
            r = get_resident(session, self.resident_id)
            age = "" if r.birth_date is None else _("{age} yrs").format(age=age_on(r.birth_date, dt.date.today()))
            self.resident_label.setText(f"{r.name}  {age}")

    def new_resident(self):  # type: ignore[no-untyped-def]
        from ui.residents.dialog import ResidentDialog

        dialog = ResidentDialog(self._db, None, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.set_resident)
        dialog.finished.connect(lambda _r: setattr(self, "resident_dialog", None))
        self.resident_dialog = dialog
        dialog.open()
        return dialog

    # --- contacts ---------------------------------------------------------------------------

    def _blank_contact(self, r: int) -> None:
        for c in range(3):
            self.contacts.setItem(r, c, QTableWidgetItem(""))
        for c in (3, 4):
            item = QTableWidgetItem("")
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked)
            self.contacts.setItem(r, c, item)

    def add_contact_row(self) -> None:
        r = self.contacts.rowCount()
        self.contacts.insertRow(r)
        self._contact_ids.append(None)
        self._blank_contact(r)
        self.contacts.setCurrentCell(r, 0)

    def set_contact(self, r: int, name: str, relation: str, phone: str, emergency: bool = True, collect: bool = True) -> None:
        """Fill a contact row (the form and tests)."""
        while r >= self.contacts.rowCount():
            self.add_contact_row()
        for c, text in enumerate((name, relation, phone)):
            self.contacts.item(r, c).setText(text)
        self.contacts.item(r, 3).setCheckState(Qt.CheckState.Checked if emergency else Qt.CheckState.Unchecked)
        self.contacts.item(r, 4).setCheckState(Qt.CheckState.Checked if collect else Qt.CheckState.Unchecked)

    def _contact_inputs(self) -> list[ContactInput]:
        out = []
        for r in range(self.contacts.rowCount()):
            texts = [self.contacts.item(r, c).text() for c in range(3)]
            out.append(
                ContactInput(
                    name=texts[0],
                    relation=texts[1],
                    phone=texts[2],
                    emergency=self.contacts.item(r, 3).checkState() == Qt.CheckState.Checked,
                    may_collect=self.contacts.item(r, 4).checkState() == Qt.CheckState.Checked,
                    id=self._contact_ids[r],
                )
            )
        return out

    # --- loading and saving -------------------------------------------------------------------

    def _load(self, enrolment_id: int) -> None:
        with self._db.session() as session:
            e = get_enrolment(session, enrolment_id)
            data = EnrolmentInput.from_enrolment(e)
        self.resident_id = data.resident_id
        self.finder.hide()
        self.new_resident_button.hide()
        self._who_label.hide()
        self._show_resident()
        self.enrolled_on.setDate(QDate(data.enrolled_on.year, data.enrolled_on.month, data.enrolled_on.day))
        self.care_level.setCurrentIndex(max(0, self.care_level.findData(data.care_level)))
        for d, box in self.day_boxes.items():
            box.setChecked(d in data.service_days)
        self.diet.setText(data.diet)
        self.allergies.setText(data.allergies)
        self.conditions.setText(data.conditions)
        self.medications.setText(data.medications)
        for r in range(self.contacts.rowCount()):
            self._blank_contact(r)
        for r, c in enumerate(data.contacts):
            self.set_contact(r, c.name, c.relation, c.phone, c.emergency, c.may_collect)
            self._contact_ids[r] = c.id
        self._show_status()

    def _show_status(self) -> None:
        if self.enrolment_id is None:
            return
        with self._db.session() as session:
            e = get_enrolment(session, self.enrolment_id)
            status, since = e.status, e.status_since
            lines = history(session, self.enrolment_id)
        self.status_now.setText(
            _("Now: {status} since {date}").format(status=_(STATUS_LABELS[status]), date=format_date(since))
        )
        self.history_list.clear()
        for h in lines:
            text = f"{format_date(h.effective_on)}  {_(STATUS_LABELS[h.status])}"
            self.history_list.addItem(text + (f"  — {h.reason}" if h.reason else ""))

    def form_input(self) -> EnrolmentInput:
        return EnrolmentInput(
            resident_id=self.resident_id,
            enrolled_on=_to_date(self.enrolled_on.date()),
            care_level=self.care_level.currentData(),
            service_days=frozenset(d for d, box in self.day_boxes.items() if box.isChecked()),
            diet=self.diet.text(),
            allergies=self.allergies.text(),
            conditions=self.conditions.text(),
            medications=self.medications.text(),
            contacts=self._contact_inputs(),
        )

    def save(self) -> bool:
        data = self.form_input()
        self.general_error.show_message("")

        def write(session, confirmed: bool) -> int:  # type: ignore[no-untyped-def]
            if self.enrolment_id is None:
                return enrol(session, data, confirmed=confirmed).id
            return update_enrolment(session, self.enrolment_id, data).id

        enrolment_id = write_form(
            self, self._db, write, self.errors, self.general_error,
            confirm_title=_("Please confirm"), ok_text=_("&Enrol anyway"),
        )
        if enrolment_id is None:
            return False
        self.enrolment_id = enrolment_id
        self.completed.emit(enrolment_id)
        self.accept()
        return True

    def change_status(self) -> bool:
        assert self.enrolment_id is not None
        self.status_error.show_message("")
        try:
            with self._db.write() as session:
                set_status(
                    session,
                    self.enrolment_id,
                    self.new_status.currentData(),
                    effective_on=_to_date(self.status_date.date()),
                    reason=self.status_reason.text(),
                )
        except LinliError as exc:
            self.status_error.show_message(str(exc))
            return False
        self.status_reason.clear()
        self._show_status()
        self.completed.emit(self.enrolment_id)
        return True

    def keyPressEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        # Enter in the contact grid edits a cell; elsewhere the default button saves.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.contacts.hasFocus() or self.finder.input.hasFocus()
        ):
            return
        super().keyPressEvent(event)
