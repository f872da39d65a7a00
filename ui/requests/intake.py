"""The Take-a-request form (点单) of the Requests tab: who, category, text, urgency, channel — then Enter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.core.errors import LinliError, ValidationFailed
from models.requests import RequestInput, categories, take_request
from models.requests.labels import CHANNEL_LABELS, CHANNELS
from models.residents.registry import search_residents
from ui.common.forms import ErrorLabel, Retranslatable
from ui.common.quick_find import QuickFind, describe_hit
from ui.common.style import emphasize

if TYPE_CHECKING:
    from models.core.db import Database


class IntakeForm(Retranslatable, QGroupBox):
    """Emits :attr:`taken` (the new request's id) after a request is stored."""

    taken = Signal(int)

    def __init__(self, db: Database, today: Callable[[], dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("intakeForm")
        self._db, self._today = db, today
        self.resident_id: int | None = None
        self._last_hits: list = []  # the quick-find clears its list before it says who was chosen
        self.finder = QuickFind(self._search, self, visible_rows=4)
        self.finder.chosen.connect(self._chosen)
        self.chosen_label = QLabel(objectName="chosenResident")
        emphasize(self.chosen_label, px=15)
        self.caller_name = QLineEdit(objectName="callerName")
        self.caller_phone = QLineEdit(objectName="callerPhone")
        self.category = QComboBox(objectName="category")
        self.text = QLineEdit(objectName="requestText")
        self.text.returnPressed.connect(self.submit)
        self.urgent = QCheckBox(objectName="urgent")
        self.channel = QComboBox(objectName="channel")
        for value in CHANNELS:
            self.channel.addItem("", value)
        self.take_button = QPushButton(objectName="takeRequest", clicked=self.submit)
        self.error = ErrorLabel(self)
        self.done_label = QLabel(objectName="takenNumber")
        emphasize(self.done_label, px=16, color="#1b5e20")
        form = QFormLayout()
        self._labels = {k: QLabel() for k in ("caller", "category", "text", "channel")}
        caller = QHBoxLayout()
        caller.addWidget(self.caller_name, 2)
        caller.addWidget(self.caller_phone, 2)
        form.addRow(self._labels["caller"], caller)
        form.addRow(self._labels["category"], self.category)
        form.addRow(self._labels["text"], self.text)
        row = QHBoxLayout()
        row.addWidget(self.channel, 1)
        row.addWidget(self.urgent)
        form.addRow(self._labels["channel"], row)
        for key, widget in (("category", self.category), ("text", self.text), ("channel", self.channel)):
            self._labels[key].setBuddy(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.finder)
        layout.addWidget(self.chosen_label)
        layout.addLayout(form)
        layout.addWidget(self.take_button)
        layout.addWidget(self.error)
        layout.addWidget(self.done_label)
        self.reload_categories()
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Take a request (点单)"))
        self._labels["caller"].setText(_("Or a caller"))
        self._labels["category"].setText(_("Ca&tegory"))
        self._labels["text"].setText(_("&Request"))
        self._labels["channel"].setText(_("C&hannel"))
        self.caller_name.setPlaceholderText(_("caller's name (not in the registry)"))
        self.caller_phone.setPlaceholderText(_("caller's phone"))
        self.text.setPlaceholderText(_("what the resident asks for — then Enter"))
        self.urgent.setText(_("&Urgent"))
        for i in range(self.channel.count()):
            self.channel.setItemText(i, _(CHANNEL_LABELS[self.channel.itemData(i)]))
        self.take_button.setText(_("Take the request"))

    def reload_categories(self) -> None:
        with self._db.session() as s:
            names = [(c.id, c.name) for c in categories(s)]
        current = self.category.currentData()
        self.category.clear()
        for cid, name in names:
            self.category.addItem(name, cid)
        if current is not None and self.category.findData(current) >= 0:
            self.category.setCurrentIndex(self.category.findData(current))

    def _search(self, text: str):  # type: ignore[no-untyped-def]
        with self._db.session() as s:
            self._last_hits = search_residents(s, text, today=self._today())
        return self._last_hits

    def _chosen(self, resident_id: int) -> None:
        self.resident_id = resident_id
        hit = next((h for h in self._last_hits if h.id == resident_id), None)
        self.chosen_label.setText(describe_hit(hit) if hit else "")
        self.category.setFocus()

    def submit(self) -> bool:
        data = RequestInput(
            category=self.category.currentData(), text=self.text.text(), resident_id=self.resident_id,
            caller_name=self.caller_name.text() if self.resident_id is None else "",
            caller_phone=self.caller_phone.text() if self.resident_id is None else "",
            urgent=self.urgent.isChecked(), channel=self.channel.currentData(),
        )
        try:
            with self._db.write() as s:
                request = take_request(s, data, today=self._today())
                number, request_id, deadline = request.number, request.id, request.deadline
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return False
        except LinliError as exc:
            self.error.show_message(str(exc))
            return False
        from i18n import format_date

        self.error.show_message("")
        self.done_label.setText(_("Request {number} taken — tell the resident. Due {date}.").format(
            number=number, date=format_date(deadline)))
        self.resident_id = None
        self.chosen_label.clear()
        for w in (self.caller_name, self.caller_phone, self.text):
            w.clear()
        self.urgent.setChecked(False)
        self.taken.emit(request_id)
        self.finder.focus()
        return True
