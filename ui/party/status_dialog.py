"""A member's status: the history (kept, never rewritten) and recording a change.

Transferred out (with the destination organisation), deceased, or active
again (transferred back in); the rules live in
:func:`models.party.members.change_status`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
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

from i18n import _, format_date, parse_date
from models.core.errors import LinliError
from models.party.members import STATUS_LABELS, change_status, member_status
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable, write_form

if TYPE_CHECKING:
    from models.core.db import Database


class StatusDialog(Retranslatable, QDialog):
    """Record a status change of one member. Emits :attr:`saved` with the member's id."""

    saved = Signal(int)

    def __init__(self, db: Database, member_id: int, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("partyStatusDialog")
        self._db = db
        self._today = today
        self.member_id = member_id
        self.setMinimumWidth(560)
        self.errors = FieldErrors()
        self.heading = QLabel(objectName="statusHeading")
        self.history = QTableWidget(0, 3, objectName="statusHistory")
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.status = QComboBox(objectName="status")
        self.status.currentIndexChanged.connect(self._status_changed)
        self.since = QLineEdit(objectName="status_on")
        self.destination = QLineEdit(objectName="destination")
        self.general_error = ErrorLabel(self)
        self.record_button = QPushButton(objectName="recordStatus")
        self.record_button.clicked.connect(self.record)
        self.record_button.setDefault(True)
        self.close_button = QPushButton(objectName="closeStatus")
        self.close_button.clicked.connect(self.reject)
        for edit in (self.since, self.destination):
            edit.returnPressed.connect(self.record)

        form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        for key, widget in (("status", self.status), ("status_on", self.since), ("destination", self.destination)):
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(self.errors.add(key, widget, self))
            label = QLabel()
            label.setBuddy(widget)
            self._labels[key] = label
            form.addRow(label, box)
        self.history_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history, 1)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        self.retranslate()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def showEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.activateWindow()
        self.status.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Member status"))
        self.history_label.setText(_("History"))
        self.history.setHorizontalHeaderLabels([_("Since"), _("Status"), _("Destination")])
        for key, text in (("status", _("New &status")), ("status_on", _("&Date")),
                          ("destination", _("Transferred &to"))):
            self._labels[key].setText(text)
        self.since.setPlaceholderText(_("e.g. {date}").format(date=self.today.isoformat()))
        self.destination.setPlaceholderText(_("the Party organisation the member moves to"))
        self.record_button.setText(_("&Record change"))
        self.close_button.setText(_("Close"))
        current = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        for key, label in STATUS_LABELS.items():
            self.status.addItem(_(label), key)
        self.status.blockSignals(False)
        self.load(prefer=current)

    def load(self, prefer: str | None = None) -> None:
        with self._db.session() as s:
            now_ = member_status(s, self.member_id)
        name, status, status_on, destination, history = (
            now_.name, now_.status, now_.status_on, now_.destination, now_.history)
        now = _(STATUS_LABELS[status])
        if status == "transferred_out" and destination:
            now = _("{status} to {destination}").format(status=now, destination=destination)
        self.heading.setText(
            _("{name}: {status} since {date}").format(
                name=name, status=now, date=format_date(status_on) if status_on else "—"
            )
        )
        self.history.setRowCount(len(history))
        for r, h in enumerate(history):
            for c, text in enumerate((format_date(h.since), _(STATUS_LABELS[h.status]), h.destination)):
                self.history.setItem(r, c, QTableWidgetItem(text))
        # Propose the likely change: away from the current status.
        default = prefer or ("transferred_out" if status == "active" else "active")
        self.status.setCurrentIndex(max(0, self.status.findData(default)))
        editable = status != "deceased"
        for w in (self.status, self.since, self.record_button):
            w.setEnabled(editable)
        self._status_changed()

    def _status_changed(self) -> None:
        self.destination.setEnabled(self.status.isEnabled() and self.status.currentData() == "transferred_out")

    def record(self) -> bool:
        self.general_error.show_message("")
        try:
            since = parse_date(self.since.text())
        except ValueError as exc:
            self.errors.show({"status_on": str(exc)}, self.general_error)
            return False
        status = self.status.currentData()

        def write(session, _confirmed: bool) -> int:  # type: ignore[no-untyped-def]
            return change_status(
                session, self.member_id, status, since, destination=self.destination.text(), today=self.today
            ).id

        try:
            saved = write_form(self, self._db, write, self.errors, self.general_error,
                               confirm_title=_("Please confirm"), ok_text=_("Record"))
        except LinliError as exc:
            self.general_error.show_message(str(exc))
            return False
        if saved is None:
            return False
        self.since.clear()
        self.destination.clear()
        self.load()
        self.saved.emit(self.member_id)
        return True
