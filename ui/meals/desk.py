"""The desk's dialogs: edit a logged row (mode, quantity, payment, diet notes)
and "repeat yesterday", the checklist of yesterday's diners and the day-care
elders, logged in one go. Every rule is in models.meals."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, format_money, ngettext
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.meals.desk import add_meals, get_meal, repeat_candidates, update_meal
from models.meals.diners import diet_notes, meal_diner_name, set_diet_notes
from models.meals.subsidy import describe_reason
from models.meals.vocabulary import MODES, PAYMENTS, kind_label, mode_label, payment_label
from ui.common import dialogs
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable
from ui.meals.common import combo, relabel


class MealEditDialog(Retranslatable, QDialog):
    """Mode, quantity and payment of a logged meal; the diner's diet notes."""

    saved = Signal(int)

    def __init__(self, db: Database, meal_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mealEditDialog")
        self._db, self.meal_id = db, meal_id
        self.errors = FieldErrors()
        with db.session() as session:
            meal = get_meal(session, meal_id)
            self._resident_id = meal.resident_id
            self._name = meal_diner_name(session, meal.resident_id)
            self._why = describe_reason(meal.reason, meal.subsidy_fen, meal.unit_price_fen)
            self._facts = (meal.day, meal.kind, meal.unit_price_fen, meal.subsidy_fen)
            notes = diet_notes(session, meal.resident_id)
        self.heading = QLabel(objectName="mealHeading")
        self.heading.setWordWrap(True)
        self.mode = combo(MODES, mode_label, "mode")
        self.mode.setCurrentIndex(MODES.index(meal.mode))
        self.quantity = QSpinBox(objectName="quantity")
        self.quantity.setRange(1, 20)
        self.quantity.setValue(meal.quantity)
        self.payment = combo(PAYMENTS, payment_label, "payment")
        self.payment.setCurrentIndex(PAYMENTS.index(meal.payment))
        self.diet = QLineEdit(notes, objectName="dietNotes")
        self.diet.setMaxLength(200)
        self.general = ErrorLabel(self)
        self.form = QFormLayout()
        self._labels = [QLabel() for _i in range(4)]
        for label, widget, key in zip(self._labels, (self.mode, self.quantity, self.payment, self.diet),
                                      ("mode", "quantity", "payment", "diet_notes"), strict=True):
            label.setBuddy(widget)
            self.form.addRow(label, widget)
            self.form.addRow("", self.errors.add(key, widget, self))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        day, kind, unit, subsidy = self._facts
        self.setWindowTitle(_("Edit meal"))
        text = _("{name} — {meal} on {date}: {price} a portion, subsidy {subsidy}.").format(
            name=self._name, meal=kind_label(kind), date=format_date(day, "medium"),
            price=format_money(unit), subsidy=format_money(subsidy),
        )
        self.heading.setText(text + ("\n" + self._why if self._why else ""))
        for label, text in zip(self._labels, (_("&Mode:"), _("&Quantity:"), _("Pa&yment:"), _("&Diet notes:")), strict=True):
            label.setText(text)
        relabel(self.mode, mode_label)
        relabel(self.payment, payment_label)

    def save(self) -> None:
        try:
            with self._db.write() as session:
                update_meal(session, self.meal_id, mode=self.mode.currentData(), quantity=self.quantity.value(),
                            payment=self.payment.currentData())
                set_diet_notes(session, self._resident_id, self.diet.text())
        except ValidationFailed as exc:
            self.errors.show(exc.errors, self.general)
            return
        except LinliError as exc:
            self.general.show_message(str(exc))
            return
        self.saved.emit(self.meal_id)
        self.accept()


# --- repeat yesterday ------------------------------------------------------------------------


class RepeatDialog(Retranslatable, QDialog):
    """Yesterday's diners as a checklist: correct mode, quantity, payment; log in one go."""

    saved = Signal(int)
    COL_NAME, COL_MODE, COL_QTY, COL_PAYMENT, COL_NOTE = range(5)

    def __init__(self, db: Database, day: dt.date, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("repeatDialog")
        self._db, self.day, self.kind = db, day, kind
        self.resize(760, 560)
        with db.session() as session:
            self.previous, self.candidates = repeat_candidates(session, day, kind)
        self.intro = QLabel(objectName="repeatIntro")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(self.candidates), 5, objectName="repeatTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, c in enumerate(self.candidates):
            item = QTableWidgetItem(c.name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if c.checked else Qt.CheckState.Unchecked)
            self.table.setItem(row, self.COL_NAME, item)
            mode = combo(MODES, mode_label, f"mode_{row}")
            mode.setCurrentIndex(MODES.index(c.mode))
            self.table.setCellWidget(row, self.COL_MODE, mode)
            qty = QSpinBox(objectName=f"qty_{row}")
            qty.setRange(1, 20)
            qty.setValue(c.quantity)
            self.table.setCellWidget(row, self.COL_QTY, qty)
            pay = combo(PAYMENTS, payment_label, f"payment_{row}")
            pay.setCurrentIndex(PAYMENTS.index(c.payment))
            self.table.setCellWidget(row, self.COL_PAYMENT, pay)
            note = QTableWidgetItem("")
            note.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, self.COL_NOTE, note)
        self.table.itemChanged.connect(lambda _i: self._update_count())
        self.all_button = QPushButton(objectName="checkAll")
        self.all_button.clicked.connect(lambda: self.set_all(True))
        self.none_button = QPushButton(objectName="checkNone")
        self.none_button.clicked.connect(lambda: self.set_all(False))
        self.count = QLabel(objectName="repeatCount")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.log_checked)
        self.buttons.rejected.connect(self.reject)
        self.log_action = QAction(self)
        self.log_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.log_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.log_action.triggered.connect(self.log_checked)
        self.addAction(self.log_action)
        self.table.installEventFilter(self)
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.table.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Repeat yesterday's list"))
        meal = kind_label(self.kind).lower()
        if self.previous is None:
            intro = _("No {meal} was logged in the last week: nothing to repeat.").format(meal=meal)
        else:
            intro = _(
                "The diners of {previous}, for {meal} on {day}. Uncheck who is not here, correct mode, "
                "quantity or payment, then log them all (Ctrl+Enter)."
            ).format(previous=format_date(self.previous, "medium"), meal=meal, day=format_date(self.day, "medium"))
        self.intro.setText(intro)
        self.table.setHorizontalHeaderLabels([_("Diner"), _("Mode"), _("Qty"), _("Payment"), _("Note")])
        for row, c in enumerate(self.candidates):
            notes = []
            if c.in_daycare:
                notes.append(_("in day care today"))
            if c.has_today:
                notes.append(_("already logged today"))
            if not c.had_yesterday:
                notes.append(_("not here yesterday"))
            self.table.item(row, self.COL_NOTE).setText(_(", ").join(notes))
            relabel(self.table.cellWidget(row, self.COL_MODE), mode_label)
            relabel(self.table.cellWidget(row, self.COL_PAYMENT), payment_label)
        self.all_button.setText(_("Check &all"))
        self.none_button.setText(_("Check &none"))
        self.ok_button.setText(_("&Log checked"))
        self._update_count()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802  # type: ignore[no-untyped-def]
        # Ctrl+Enter logs the list even where the table would take the key.
        if obj is self.table and event.type() == event.Type.KeyPress:
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.log_checked()
                return True
            if event.key() == Qt.Key.Key_Space and self.table.currentRow() >= 0:
                row = self.table.currentRow()
                item = self.table.item(row, self.COL_NAME)
                self.set_checked(row, item.checkState() != Qt.CheckState.Checked)
                return True
        return super().eventFilter(obj, event)

    def set_all(self, checked: bool) -> None:
        for row in range(self.table.rowCount()):
            self.table.item(row, self.COL_NAME).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_checked(self, row: int, checked: bool) -> None:
        self.table.item(row, self.COL_NAME).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _update_count(self) -> None:
        n = sum(1 for r in range(self.table.rowCount()) if self.table.item(r, self.COL_NAME).checkState() == Qt.CheckState.Checked)
        self.count.setText(ngettext("{n} diner checked", "{n} diners checked", n).format(n=n))

    def log_checked(self) -> None:
        for row, c in enumerate(self.candidates):
            c.checked = self.table.item(row, self.COL_NAME).checkState() == Qt.CheckState.Checked
            c.mode = self.table.cellWidget(row, self.COL_MODE).currentData()
            c.quantity = self.table.cellWidget(row, self.COL_QTY).value()
            c.payment = self.table.cellWidget(row, self.COL_PAYMENT).currentData()
        try:
            with self._db.write() as session:
                result = add_meals(session, self.day, self.kind, self.candidates)
        except LinliError as exc:
            dialogs.warning(self, _("Nothing logged"), str(exc))
            return
        if result.skipped:
            dialogs.info(self, _("Some diners skipped"), "\n".join(result.skipped))
        self.added = result.added
        self.saved.emit(len(result.added))
        self.accept()
