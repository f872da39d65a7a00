"""The two dialogs about one visit: the check-out (who collects the elder) and a
correction after the fact (with its reason; the domain logs who made it).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date
from models.core.base import now_local
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.daycare.corrections import correct_visit
from models.daycare.desk import BoardRow, check_out
from models.daycare.enrolment import collectors
from ui.common.forms import ErrorLabel, Retranslatable
from ui.common.style import emphasize


class CheckoutDialog(Retranslatable, QDialog):
    """Who collects the elder: an authorised person from the list, or a typed name."""

    completed = Signal(int)

    def __init__(self, db: Database, resident_id: int, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("checkoutDialog")
        self._db, self.resident_id, self._name = db, resident_id, name
        with db.session() as session:
            self.choices = collectors(session, resident_id)
        self.collector = QComboBox(objectName="collector")
        self.other = QLineEdit(objectName="otherCollector")
        self.other.textEdited.connect(self._typed)
        self.time = QTimeEdit(objectName="checkoutTime")
        self.time.setDisplayFormat("HH:mm")
        now = now_local()
        self.time.setTime(QTime(now.hour, now.minute))
        self.error = ErrorLabel(self)
        self.title = QLabel(objectName="checkoutTitle")
        emphasize(self.title, px=15, bold=True)
        self.form = QFormLayout()
        self._labels = [QLabel(), QLabel(), QLabel()]
        self.form.addRow(self._labels[0], self.collector)
        self.form.addRow(self._labels[1], self.other)
        self.form.addRow(self._labels[2], self.time)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Check out"))
        self.title.setText(_("Check out {name}").format(name=self._name))
        self._labels[0].setText(_("&Collected by"))
        self._labels[0].setBuddy(self.collector)
        self._labels[1].setText(_("Someone &else"))
        self._labels[1].setBuddy(self.other)
        self._labels[2].setText(_("&Time"))
        self._labels[2].setBuddy(self.time)
        current = self.collector.currentIndex()
        self.collector.clear()
        for c in self.choices:
            self.collector.addItem(f"{c.name}（{c.relation}）" if c.relation else c.name, c.id)
        self.collector.addItem(_("Not on the list: type the name below"), None)
        self.collector.setCurrentIndex(current if current >= 0 else 0)
        self.other.setPlaceholderText(_("name of a person not on the list (marked for attention)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Check &out"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _typed(self, text: str) -> None:
        if text.strip():
            self.collector.setCurrentIndex(self.collector.count() - 1)

    def showEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.collector.setFocus()

    def save(self) -> bool:
        collector_id = self.collector.currentData()
        t = self.time.time()
        at = dt.datetime.combine(dt.date.today(), dt.time(t.hour(), t.minute()))
        try:
            with self._db.write() as session:
                check_out(
                    session,
                    self.resident_id,
                    at=at,
                    collector_id=collector_id,
                    collector_name="" if collector_id is not None else self.other.text(),
                )
        except LinliError as exc:
            self.error.show_message(str(exc))
            return False
        self.completed.emit(self.resident_id)
        self.accept()
        return True


class CorrectionDialog(Retranslatable, QDialog):
    """Set a day's visit after the fact, with a reason (logged with who and when)."""

    completed = Signal(int)

    def __init__(self, db: Database, row: BoardRow, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self.setMinimumWidth(480)
        self._db, self.row, self.day = db, row, day
        with db.session() as session:
            self.choices = collectors(session, row.resident_id)
        self.check_in = QLineEdit(row.check_in.strftime("%H:%M") if row.check_in else "", objectName="correctIn")
        self.check_out = QLineEdit(row.check_out.strftime("%H:%M") if row.check_out else "", objectName="correctOut")
        self.collector = QLineEdit(row.collected_by, objectName="correctCollector")
        self.reason = QLineEdit(objectName="correctReason")
        self.error = ErrorLabel(self)
        self.title = QLabel()
        emphasize(self.title, bold=True)
        self._labels = [QLabel() for _i in range(4)]
        form = QFormLayout()
        for label, field in zip(self._labels, (self.check_in, self.check_out, self.collector, self.reason), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Correct a visit"))
        self.title.setText(_("{name}, {date}").format(name=self.row.name, date=format_date(self.day)))
        for label, text in zip(
            self._labels, (_("Check-&in (HH:MM, empty: did not come)"), _("Check-o&ut (HH:MM)"), _("Collected &by"), _("&Reason *")), strict=True
        ):
            label.setText(text)
        names = "、".join(c.name for c in self.choices)
        self.collector.setPlaceholderText(_("authorised: {names}").format(names=names) if names else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    @staticmethod
    def _time(text: str) -> dt.time | None:
        text = text.strip().replace("：", ":")
        if not text:
            return None
        try:
            return dt.datetime.strptime(text, "%H:%M").time()
        except ValueError:
            raise ValidationFailed({"time": _("Not a time: {text} (write it as 08:30).").format(text=text)}) from None

    def save(self) -> bool:
        try:
            in_t, out_t = self._time(self.check_in.text()), self._time(self.check_out.text())
            with self._db.write() as session:
                correct_visit(
                    session,
                    self.row.enrolment_id,
                    self.day,
                    check_in_time=in_t,
                    check_out_time=out_t,
                    collector_name=self.collector.text(),
                    reason=self.reason.text(),
                )
        except LinliError as exc:
            self.error.show_message(str(exc))
            return False
        self.completed.emit(self.row.resident_id)
        self.accept()
        return True
