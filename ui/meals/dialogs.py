"""The Meals tab's dialogs: edit a row, repeat yesterday, the week's menu, the
subsidy policy editor and month end. Opened with ``open()``; every rule is in
models.meals, every message box and file dialog goes through ui.common.dialogs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
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
from models.core.files import write_bytes  # whole or not at all: no partial file on a full disk
from models.core.settings import load_centre_info
from models.meals import (
    CATEGORIES,
    COMBINE_LABELS,
    COMBINE_MODES,
    MEAL_KINDS,
    MODES,
    PAYMENTS,
    MenuEntry,
    PolicyData,
    RuleData,
    add_meals,
    archive_policy,
    category_label,
    delivery_list,
    describe_reason,
    diet_notes,
    fill_from_last_week,
    get_meal,
    kind_label,
    list_policies,
    meal_diner_name,
    mode_label,
    parse_yuan,
    payment_label,
    recompute_history,
    recompute_month,
    reconcile_month,
    repeat_candidates,
    save_menu,
    save_policy,
    set_diet_notes,
    update_meal,
    week_menu,
    week_start,
    yuan_text,
)
from ui.common import dialogs
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable
from ui.common.month_picker import MonthPicker
from ui.common.style import emphasize


def _combo(values, labeller, name: str) -> QComboBox:  # type: ignore[no-untyped-def]
    box = QComboBox(objectName=name)
    for v in values:
        box.addItem(labeller(v), v)
    return box


def _relabel(box: QComboBox, labeller) -> None:  # type: ignore[no-untyped-def]
    for i in range(box.count()):
        data = box.itemData(i)
        if data is not None:
            box.setItemText(i, labeller(data))


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _doc_info(db: Database):  # type: ignore[no-untyped-def]
    from reports.pdf import DocumentInfo

    with db.session() as session:
        centre = load_centre_info(session)
    return DocumentInfo(centre_name=centre.name or _("Linli"), address=centre.address, phone=centre.phone,
                        issuer=centre.name)


def _write(parent: QWidget, path: Path, data: bytes, missing: list[str] | None = None, *,
           db: Database | None = None, what: str = "", count: int = 0, personal: bool = True) -> bool:
    """Write ``data``; with ``db``, recorded in the audit trail in the same transaction (models.safety.export)."""
    from models.safety.security import PermissionDenied

    try:
        if db is None:
            write_bytes(path, data)
        else:
            from ui.common.export import write_recorded

            write_recorded(db, path, lambda: write_bytes(path, data), what=what, count=count, personal=personal)
    except OSError as exc:
        _not_written(parent, path, exc.strerror)
        return False
    except PermissionDenied as exc:
        dialogs.error(parent, _("Not saved"), str(exc))
        return False
    _tell_saved(parent, path, missing)
    return True


def _not_written(parent: QWidget, path: Path, reason: str | None) -> None:
    dialogs.error(parent, _("Not saved"), _("Cannot write {path}: {reason}").format(path=path, reason=reason))


def _tell_saved(parent: QWidget, path: Path, missing: list[str] | None = None) -> None:
    text = _("Saved to {path}.").format(path=path)
    if missing:
        text += "\n" + _("No font has these characters; they print blank: {chars}").format(chars="".join(missing))
    dialogs.info(parent, _("Saved"), text)


# --- edit a row ---------------------------------------------------------------------------


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
        self.mode = _combo(MODES, mode_label, "mode")
        self.mode.setCurrentIndex(MODES.index(meal.mode))
        self.quantity = QSpinBox(objectName="quantity")
        self.quantity.setRange(1, 20)
        self.quantity.setValue(meal.quantity)
        self.payment = _combo(PAYMENTS, payment_label, "payment")
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
        _relabel(self.mode, mode_label)
        _relabel(self.payment, payment_label)

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
            mode = _combo(MODES, mode_label, f"mode_{row}")
            mode.setCurrentIndex(MODES.index(c.mode))
            self.table.setCellWidget(row, self.COL_MODE, mode)
            qty = QSpinBox(objectName=f"qty_{row}")
            qty.setRange(1, 20)
            qty.setValue(c.quantity)
            self.table.setCellWidget(row, self.COL_QTY, qty)
            pay = _combo(PAYMENTS, payment_label, f"payment_{row}")
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
            self.table.item(row, self.COL_NOTE).setText(", ".join(notes))
            _relabel(self.table.cellWidget(row, self.COL_MODE), mode_label)
            _relabel(self.table.cellWidget(row, self.COL_PAYMENT), payment_label)
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


# --- the week's menu ----------------------------------------------------------------------------


class MenuDialog(Retranslatable, QDialog):
    """The week's menu: dishes and price per day and meal; copy last week; print the notice."""

    saved = Signal(int)

    def __init__(self, db: Database, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("menuDialog")
        self._db = db
        self.monday = week_start(day)
        self.resize(980, 420)
        self.week_label = QLabel(objectName="weekLabel")
        self.prev_button = QPushButton("◀", objectName="prevWeek")
        self.prev_button.clicked.connect(lambda: self.go(-7))
        self.next_button = QPushButton("▶", objectName="nextWeek")
        self.next_button.clicked.connect(lambda: self.go(7))
        self.copy_button = QPushButton(objectName="copyLastWeek")
        self.copy_button.clicked.connect(self.copy_last_week)
        self.print_button = QPushButton(objectName="printMenu")
        self.print_button.clicked.connect(self.print_notice)
        self.table = QTableWidget(7, 2 * len(MEAL_KINDS), objectName="menuTable")
        header = self.table.horizontalHeader()
        for col in range(self.table.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col % 2 == 0 else QHeaderView.ResizeMode.ResizeToContents)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        for w in (self.prev_button, self.week_label, self.next_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.dirty = False
        self.table.itemChanged.connect(self._changed)
        self.load()
        self.retranslate()

    def _changed(self, _item: QTableWidgetItem) -> None:
        self.dirty = True

    def _may_leave(self) -> bool:
        """True when nothing typed would be lost (or the clerk agrees to drop it)."""
        return not self.dirty or dialogs.confirm(
            self, _("Unsaved menu"), _("The changes to this week's menu are not saved. Drop them?"),
            ok_text=_("Drop the changes"),
        )

    def reject(self) -> None:
        if self._may_leave():
            super().reject()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Week's menu"))
        self.copy_button.setText(_("&Copy last week"))
        self.print_button.setText(_("&Print notice…"))
        labels = []
        for k in MEAL_KINDS:
            labels += [_("{meal}: dishes").format(meal=kind_label(k)), _("Price (¥)")]
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setVerticalHeaderLabels(
            [format_date(self.monday + dt.timedelta(days=i), "EEE d MMM") for i in range(7)]
        )
        self.week_label.setText(
            _("Week of {date}").format(date=format_date(self.monday, "medium"))
        )

    def load(self) -> None:
        with self._db.session() as session:
            entries = week_menu(session, self.monday)
        self._fill(entries)
        self.dirty = False
        self.error.show_message("")

    def _fill(self, entries: list[MenuEntry]) -> None:
        self.table.blockSignals(True)
        for e in entries:
            row, col = (e.day - self.monday).days, 2 * MEAL_KINDS.index(e.kind)
            self.table.setItem(row, col, QTableWidgetItem(e.dishes))
            price = QTableWidgetItem(yuan_text(e.price_fen))
            price.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col + 1, price)
        self.table.blockSignals(False)

    def entries(self) -> list[MenuEntry]:
        """The grid as menu entries. Raises ValueError on a bad price (message says where)."""
        out = []
        for row in range(7):
            day = self.monday + dt.timedelta(days=row)
            for i, k in enumerate(MEAL_KINDS):
                dishes = (self.table.item(row, 2 * i).text() if self.table.item(row, 2 * i) else "").strip()
                price_text = self.table.item(row, 2 * i + 1).text() if self.table.item(row, 2 * i + 1) else ""
                try:
                    price = parse_yuan(price_text)
                except ValueError as exc:
                    raise ValueError(
                        _("{meal} on {date}: {problem}").format(meal=kind_label(k), date=format_date(day, "medium"), problem=exc)
                    ) from None
                out.append(MenuEntry(day, k, dishes, price))
        return out

    def save(self) -> bool:
        try:
            entries = self.entries()
            with self._db.write() as session:
                save_menu(session, entries)
        except ValueError as exc:
            self.error.show_message(str(exc))
            return False
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return False
        self.error.show_message("")
        self.dirty = False
        self.saved.emit(0)
        return True

    def go(self, days: int) -> None:
        if not self._may_leave():
            return
        self.monday += dt.timedelta(days=days)
        self.load()
        self.retranslate()

    def copy_last_week(self) -> None:
        """Fill the empty cells of the grid from last week (what was typed stays); Save keeps them."""
        try:
            current = self.entries()
            with self._db.session() as session:
                merged, copied = fill_from_last_week(session, self.monday, current)
        except (ValueError, LinliError) as exc:
            self.error.show_message(str(exc))
            return
        self._fill([merged[i] for i in copied])
        n = len(copied)
        self.dirty = self.dirty or bool(n)
        self.error.show_message(
            ngettext("{n} cell copied from last week; Save to keep it.", "{n} cells copied from last week; Save to keep them.", n).format(n=n)
        )

    def print_notice(self) -> None:
        """The notice composer, filled with this week's menu: preview, privacy guard, save or print, history."""
        from ui.notices.tab import open_composer

        if not self.save():
            return
        year, week, _wd = self.monday.isocalendar()
        open_composer(self, self._db, "menu", f"{year}-W{week:02d}")


# --- the subsidy policy -----------------------------------------------------------------------


class PolicyDialog(Retranslatable, QDialog):
    """The administrator's policy editor: versions with effective dates, rules, combine mode."""

    saved = Signal(int)
    COL_KIND, COL_MIN, COL_MAX, COL_CATEGORY, COL_MEAL, COL_AMOUNT = range(6)

    def __init__(self, db: Database, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("policyDialog")
        self._db, self._day = db, day
        self.resize(1000, 600)
        self.errors = FieldErrors()
        self.policy_id: int | None = None
        self.versions = QListWidget(objectName="policyVersions")
        self.versions.currentRowChanged.connect(self._show_version)
        self.new_button = QPushButton(objectName="newVersion")
        self.new_button.clicked.connect(self.new_version)
        self.archive_button = QPushButton(objectName="archiveVersion")
        self.archive_button.clicked.connect(self.archive_version)
        self.example_note = QLabel(objectName="policyExampleNote")
        self.example_note.setWordWrap(True)
        emphasize(self.example_note, background="#fff4ce", color="#5c4400")
        self.example_note.setMargin(4)
        self.name = QLineEdit(objectName="policyName")
        self.name.setMaxLength(80)
        self.effective_from = QLineEdit(objectName="effectiveFrom")
        self.effective_to = QLineEdit(objectName="effectiveTo")
        self.combine = _combo(COMBINE_MODES, lambda c: _(COMBINE_LABELS[c]), "combine")
        self.notes = QPlainTextEdit(objectName="policyNotes")
        self.notes.setFixedHeight(50)
        self.notes.setTabChangesFocus(True)
        self.rules = QTableWidget(0, 6, objectName="rulesTable")
        self.rules.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_age = QPushButton(objectName="addAgeRule")
        self.add_age.clicked.connect(lambda: self.add_rule(RuleData("age", 0, 60, None, meal_kind="lunch")))
        self.add_category = QPushButton(objectName="addCategoryRule")
        self.add_category.clicked.connect(lambda: self.add_rule(RuleData("category", 0, category=CATEGORIES[0], meal_kind="lunch")))
        self.remove_rule = QPushButton(objectName="removeRule")
        self.remove_rule.clicked.connect(lambda: self.rules.removeRow(self.rules.currentRow()))
        self.general = ErrorLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.versions, 1)
        left.addWidget(self.new_button)
        left.addWidget(self.archive_button)
        self.form = QFormLayout()
        self._labels = {k: QLabel() for k in ("name", "effective_from", "effective_to", "combine", "notes")}
        for key, widget in (("name", self.name), ("effective_from", self.effective_from),
                            ("effective_to", self.effective_to), ("combine", self.combine), ("notes", self.notes)):
            self._labels[key].setBuddy(widget)
            self.form.addRow(self._labels[key], widget)
            self.form.addRow("", self.errors.add(key, widget, self))
        rule_buttons = QHBoxLayout()
        for b in (self.add_age, self.add_category, self.remove_rule):
            rule_buttons.addWidget(b)
        rule_buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.example_note)
        right.addLayout(self.form)
        right.addWidget(self.rules, 1)
        right.addWidget(self.errors.add("rules", self.rules, self))
        right.addLayout(rule_buttons)
        right.addWidget(self.general)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self._policies: list[PolicyData] = []
        self.load()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Subsidy policy"))
        self.new_button.setText(_("&New version…"))
        self.archive_button.setText(_("&Withdraw version"))
        self.add_age.setText(_("Add &age band"))
        self.add_category.setText(_("Add &category"))
        self.remove_rule.setText(_("&Remove rule"))
        for key, text in (("name", _("&Name:")), ("effective_from", _("In force &from:")),
                          ("effective_to", _("&Until (optional):")), ("combine", _("Category amounts &combine:")),
                          ("notes", _("N&otes:"))):
            self._labels[key].setText(text)
        self.effective_from.setPlaceholderText("2026-01-01")
        self.effective_to.setPlaceholderText(_("open-ended"))
        self.rules.setHorizontalHeaderLabels(
            [_("Rule"), _("From age"), _("To age"), _("Category"), _("Meal"), _("Amount (¥)")]
        )
        self.example_note.setText(
            _(
                "This is Linli's example policy, not the local one. Enter your city's or district's rules and "
                "dates; saving makes the policy yours. Meals already logged keep their subsidy until you "
                "recompute their month (Month end…)."
            )
        )
        self._fill_versions()

    def load(self) -> None:
        with self._db.session() as session:
            self._policies = list_policies(session)
        self._fill_versions()
        current = next((i for i, p in enumerate(self._policies) if p.in_force(self._day)), 0)
        if self._policies:
            self.versions.setCurrentRow(current)
        else:
            self.new_version()

    def _fill_versions(self) -> None:
        row = self.versions.currentRow()
        self.versions.blockSignals(True)
        self.versions.clear()
        for p in self._policies:
            until = format_date(p.effective_to, "medium") if p.effective_to else _("open")
            QListWidgetItem(f"{p.name}\n{format_date(p.effective_from, 'medium')} – {until}", self.versions)
        self.versions.setCurrentRow(row)
        self.versions.blockSignals(False)

    def _show_version(self, row: int) -> None:
        if 0 <= row < len(self._policies):
            self.show_policy(self._policies[row])

    def show_policy(self, p: PolicyData) -> None:
        self.policy_id = p.id
        self.errors.clear()
        self.general.show_message("")
        self.name.setText(p.name)
        self.effective_from.setText(p.effective_from.isoformat() if p.effective_from else "")
        self.effective_to.setText(p.effective_to.isoformat() if p.effective_to else "")
        self.combine.setCurrentIndex(COMBINE_MODES.index(p.combine))
        self.notes.setPlainText(p.notes)
        self.example_note.setVisible(p.example)
        self.rules.setRowCount(0)
        for r in p.rules:
            self.add_rule(r)

    def add_rule(self, r: RuleData) -> None:
        row = self.rules.rowCount()
        self.rules.insertRow(row)
        kind = _combo(("age", "category"), lambda k: _("Age band") if k == "age" else _("Category"), f"ruleKind_{row}")
        kind.setCurrentIndex(0 if r.kind == "age" else 1)
        self.rules.setCellWidget(row, self.COL_KIND, kind)
        self.rules.setItem(row, self.COL_MIN, QTableWidgetItem("" if r.min_age is None else str(r.min_age)))
        self.rules.setItem(row, self.COL_MAX, QTableWidgetItem("" if r.max_age is None else str(r.max_age)))
        cat = QComboBox(objectName=f"ruleCategory_{row}")
        cat.addItem("—", None)
        for c in CATEGORIES:
            cat.addItem(category_label(c), c)
        cat.setCurrentIndex(0 if r.category is None else CATEGORIES.index(r.category) + 1)
        self.rules.setCellWidget(row, self.COL_CATEGORY, cat)
        meal = QComboBox(objectName=f"ruleMeal_{row}")
        meal.addItem(_("Every meal"), None)
        for k in MEAL_KINDS:
            meal.addItem(kind_label(k), k)
        meal.setCurrentIndex(0 if r.meal_kind is None else MEAL_KINDS.index(r.meal_kind) + 1)
        self.rules.setCellWidget(row, self.COL_MEAL, meal)
        self.rules.setItem(row, self.COL_AMOUNT, QTableWidgetItem(yuan_text(r.amount_fen)))

    def policy_data(self) -> PolicyData:
        """The form as policy data. Raises ValidationFailed for what cannot even be read."""
        from i18n import parse_date

        errors: dict[str, str] = {}
        dates = {}
        for key, widget in (("effective_from", self.effective_from), ("effective_to", self.effective_to)):
            try:
                dates[key] = parse_date(widget.text())
            except ValueError as exc:
                errors[key] = str(exc)
        rules = []
        problems = []
        for row in range(self.rules.rowCount()):
            def cell(col: int) -> str:
                item = self.rules.item(row, col)  # noqa: B023
                return item.text().strip() if item else ""

            kind = self.rules.cellWidget(row, self.COL_KIND).currentData()
            try:
                amount = parse_yuan(cell(self.COL_AMOUNT))
                lo = int(cell(self.COL_MIN)) if cell(self.COL_MIN) else None
                hi = int(cell(self.COL_MAX)) if cell(self.COL_MAX) else None
            except ValueError as exc:
                problems.append(_("Rule {n}: {problem}").format(n=row + 1, problem=exc if "amount" in str(exc) else _("ages are whole numbers.")))
                continue
            rules.append(
                RuleData(kind, amount if amount is not None else -1, lo, hi,
                         self.rules.cellWidget(row, self.COL_CATEGORY).currentData(),
                         self.rules.cellWidget(row, self.COL_MEAL).currentData())
            )
        if problems:
            errors["rules"] = "\n".join(problems)
        if errors:
            raise ValidationFailed(errors)
        return PolicyData(
            id=self.policy_id, name=self.name.text(), effective_from=dates.get("effective_from"),
            effective_to=dates.get("effective_to"), combine=self.combine.currentData(),
            notes=self.notes.toPlainText(), rules=rules,
        )

    def save(self) -> bool:
        try:
            data = self.policy_data()
            with self._db.write() as session:
                saved = save_policy(session, data)
        except ValidationFailed as exc:
            self.errors.show(exc.errors, self.general)
            return False
        self.policy_id = saved.id
        self.load()
        row = next((i for i, p in enumerate(self._policies) if p.id == saved.id), 0)
        self.versions.setCurrentRow(row)
        self.general.show_message("")
        self.saved.emit(saved.id or 0)
        return True

    def new_version(self) -> None:
        """A new version starting tomorrow, with the rules of the version shown."""
        try:
            base = self.policy_data()
        except ValidationFailed:
            base = PolicyData(id=None, name="", effective_from=None)
        start = max(self._day, dt.date.today()) + dt.timedelta(days=1)
        self.show_policy(
            PolicyData(id=None, name="", effective_from=start, combine=base.combine,
                       rules=[r for r in base.rules if r.amount_fen >= 0])
        )
        self.versions.blockSignals(True)
        self.versions.setCurrentRow(-1)
        self.versions.blockSignals(False)
        self.name.setFocus()

    def archive_version(self) -> None:
        if self.policy_id is None:
            return
        if not dialogs.confirm(self, _("Withdraw version"),
                               _("Withdraw this policy version? Meals already logged keep their subsidy."),
                               ok_text=_("Withdraw")):
            return
        with self._db.write() as session:
            archive_policy(session, self.policy_id)
        self.load()
        self.saved.emit(0)


# --- month end -----------------------------------------------------------------------------------


class MonthDialog(Retranslatable, QDialog):
    """Month end: totals, "recompute this month", the reconciliation (PDF, .xlsx), the disclosure."""

    saved = Signal(int)

    def __init__(self, db: Database, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("monthDialog")
        self._db = db
        self.resize(620, 360)
        self.month = MonthPicker(day)
        self.month.dateChanged.connect(lambda _d: self.refresh())
        self.month_label = QLabel()
        self.month_label.setBuddy(self.month)
        self.summary = QLabel(objectName="monthSummary")
        self.summary.setWordWrap(True)
        self.recompute_button = QPushButton(objectName="recompute")
        self.recompute_button.clicked.connect(self.recompute)
        self.pdf_button = QPushButton(objectName="reconcilePdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(objectName="reconcileXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.disclosure_button = QPushButton(objectName="disclosure")
        self.disclosure_button.clicked.connect(self.disclosure)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.month_label)
        top.addWidget(self.month)
        top.addStretch(1)
        actions = QHBoxLayout()
        for b in (self.pdf_button, self.xlsx_button, self.disclosure_button):
            actions.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary, 1)
        layout.addLayout(actions)
        layout.addWidget(self.recompute_button)
        layout.addWidget(self.buttons)
        self.retranslate()

    @property
    def year_month(self) -> tuple[int, int]:
        d = self.month.date()
        return d.year(), d.month()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Month end"))
        self.month_label.setText(_("&Month:"))
        self.recompute_button.setText(_("&Recompute this month's subsidies…"))
        self.pdf_button.setText(_("Reconciliation &PDF…"))
        self.xlsx_button.setText(_("Reconciliation &Excel…"))
        self.disclosure_button.setText(_("Public &disclosure PDF…"))
        self.refresh()

    def refresh(self) -> None:
        year, month = self.year_month
        with self._db.session() as session:
            rec = reconcile_month(session, year, month)
            history = recompute_history(session, year, month)
        t = rec.totals
        lines = [
            _("{month}: {meals} meals for {diners} diners — price {price}, subsidy {subsidy}, paid {paid}.").format(
                month=rec.month_text, meals=t.meals, diners=len(rec.diners), price=format_money(t.price_fen),
                subsidy=format_money(t.subsidy_fen), paid=format_money(t.paid_fen),
            ),
            _("Policies applied: {names}.").format(names="; ".join(rec.policies) or _("none")),
        ]
        if rec.example_policy:
            lines.append(_("Warning: the example policy was applied; enter the local policy and recompute."))
        for h in history:
            lines.append(
                _("Recomputed on {when} by {who}: {changed} of {checked} meals changed, subsidy {before} → {after}.").format(
                    when=format_date(h.done_at.date(), "medium") + " " + h.done_at.strftime("%H:%M"),
                    who=h.done_by or "?", changed=h.meals_changed, checked=h.meals_checked,
                    before=format_money(h.subsidy_before_fen), after=format_money(h.subsidy_after_fen),
                )
            )
        self.summary.setText("\n".join(lines))
        self.rec = rec

    def recompute(self) -> None:
        year, month = self.year_month
        if not dialogs.confirm(
            self,
            _("Recompute this month"),
            _(
                "Recompute the subsidy of every meal in {month} with the policy in force on each meal's date? "
                "Stored subsidies change; the change is recorded with your name and the time."
            ).format(month=f"{year:04d}-{month:02d}"),
            ok_text=_("Recompute"),
        ):
            return
        with self._db.write() as session:
            result = recompute_month(session, year, month)
        self.refresh()
        self.saved.emit(result.changed)
        dialogs.info(
            self, _("Recomputed"),
            _("{changed} of {checked} meals changed; subsidy {before} → {after}.").format(
                changed=result.changed, checked=result.checked,
                before=format_money(result.subsidy_before_fen), after=format_money(result.subsidy_after_fen),
            ),
        )

    def export(self, kind: str):  # type: ignore[no-untyped-def]
        """Ask where, then build and write the PDF or .xlsx in a worker thread; returns the worker (or None)."""
        from models.safety.export import RECONCILIATION
        from ui.common.export import refused_personal_output
        from ui.common.worker import run_in_worker

        if refused_personal_output(self, _("Month-end reconciliation")):  # the diners' names: export.personal
            return None
        self.refresh()
        rec = self.rec
        name = f"meal-reconciliation-{rec.month_text}.{kind}"
        file_filter = _("PDF (*.pdf)") if kind == "pdf" else _("Excel workbook (*.xlsx)")
        path = dialogs.save_file(self, _("Save the reconciliation"), name, file_filter)
        if path is None:
            return None

        def build(job):  # type: ignore[no-untyped-def]  # in the worker thread
            from reports.meals import reconciliation_pdf, reconciliation_xlsx

            if kind == "pdf":
                result = reconciliation_pdf(rec, _doc_info(job.db))
                return result.pdf, result.missing
            return reconciliation_xlsx(rec), None

        self.export_worker = run_in_worker(
            self, self._db, build, title=_("Month-end reconciliation"), label=_("Writing the reconciliation…"),
            on_done=lambda out: _write(self, path, out[0], out[1], db=self._db, what=RECONCILIATION,
                                       count=len(rec.diners)),
        )
        return self.export_worker

    def disclosure(self) -> None:
        """The notice composer, filled with the month's disclosure: preview, privacy guard, save or print, history."""
        from ui.notices.tab import open_composer

        self.refresh()
        open_composer(self, self._db, "meal_subsidy", self.rec.month_text)


def save_delivery_list(parent: QWidget, db: Database, day: dt.date):  # type: ignore[no-untyped-def]
    """Ask where, then build and write the day's delivery list (internal PDF) in a worker thread.

    Returns the worker (or None when nothing is to be delivered or no path was
    chosen). The day's lines are read first, on the UI thread (a few dozen
    rows): with none, the clerk is told so before any file dialog.
    """
    from models.safety.export import DELIVERY
    from ui.common.export import refused_personal_output, write_recorded
    from ui.common.worker import run_in_worker

    if refused_personal_output(parent, _("Delivery list")):  # names, addresses, phones: export.personal
        return None
    with db.session() as session:
        lines = delivery_list(session, day, None)
    if not lines:
        dialogs.info(parent, _("Delivery list"), _("No meals are to be delivered on {date}.").format(date=format_date(day, "medium")))
        return None
    path = dialogs.save_file(parent, _("Save the delivery list"), f"delivery-{day.isoformat()}.pdf", _("PDF (*.pdf)"))
    if path is None:
        return None

    def build(job):  # type: ignore[no-untyped-def]  # in the worker thread
        from reports.fonts import FontError
        from reports.meals import delivery_pdf

        try:
            result = delivery_pdf(lines, _doc_info(job.db), day=day)
        except FontError as exc:
            return "font", str(exc)
        people = len({(line.name, line.address) for line in lines})
        try:
            write_recorded(job.db, path, lambda: write_bytes(path, result.pdf), what=DELIVERY, count=people,
                           personal=True)
        except OSError as exc:
            return "disk", exc.strerror
        return "saved", result.missing

    def done(outcome) -> None:  # type: ignore[no-untyped-def]
        kind, detail = outcome
        if kind == "font":
            dialogs.error(parent, _("Not printed"), detail)
        elif kind == "disk":
            _not_written(parent, path, detail)
        else:
            _tell_saved(parent, path, detail)

    return run_in_worker(
        parent, db, build, title=_("Delivery list"), label=_("Writing the delivery list…"), on_done=done,
    )
