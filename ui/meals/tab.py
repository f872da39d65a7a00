"""The Meals tab (助餐): the lunch-queue log for a day, menus, the policy, month end.

Keyboard first: the quick-find input has the focus; initials + Enter logs a
meal for that diner at the day's price (mode and payment from the choices
beside it). Ctrl+R repeats yesterday's list as a checklist. In the list,
Enter edits the row, Delete cancels it. All rules live in models.meals.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_money, ngettext
from models.core.db import Database
from models.core.errors import LinliError, NeedsConfirmation
from models.meals.day import DayTotals, MealDayListSource, day_totals
from models.meals.desk import add_meal, cancel_meal, get_meal
from models.meals.diners import daycare_present_ids, meal_diner_name
from models.meals.menu import menu_of_day
from models.meals.policy import ensure_default_policy, example_policy_in_use
from models.meals.subsidy import describe_reason
from models.meals.vocabulary import (
    MEAL_KINDS,
    MODES,
    PAYMENTS,
    kind_label,
    mode_label,
    money,
    payment_label,
)
from models.residents.registry import search_residents
from ui.common import dialogs
from ui.common.forms import Retranslatable
from ui.common.lazy_model import LazyTableModel, list_view, reread_view
from ui.common.quick_find import QuickFind
from ui.common.refresh import AutoRefresh, file_changes
from ui.common.style import emphasize, plain


class MealsTab(Retranslatable, QWidget):
    """The day view of meals with its quick-find and the month-end actions."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("mealsTab")
        self._db = db
        self._today = today
        with db.write() as session:
            ensure_default_policy(session)
        self.dialog: QWidget | None = None

        self.date_label = QLabel()
        self.date = QDateEdit(objectName="mealDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        day = self.today
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.kind = QComboBox(objectName="mealKind")
        for k in MEAL_KINDS:
            self.kind.addItem("", k)
        self.kind.setCurrentIndex(MEAL_KINDS.index("lunch"))
        self.menu_label = QLabel(objectName="menuLabel")
        self.menu_label.setWordWrap(True)
        self.example_banner = QLabel(objectName="examplePolicyBanner")
        self.example_banner.setWordWrap(True)
        emphasize(self.example_banner, background="#fff4ce", color="#5c4400")
        self.example_banner.setMargin(4)
        self.totals = QLabel(objectName="mealTotals")
        emphasize(self.totals, px=15, bold=True)
        self.status = QLabel(objectName="mealStatus")
        self._status_error = False
        self.status.setWordWrap(True)

        self.quick = QuickFind(self._search, self, visible_rows=4)
        self.quick.use_large_type(18)
        self.quick.chosen.connect(self.log_meal)
        self.mode = QComboBox(objectName="newMode")
        for m in MODES:
            self.mode.addItem("", m)
        self.payment = QComboBox(objectName="newPayment")
        for p in PAYMENTS:
            self.payment.addItem("", p)
        self.mode_label, self.payment_label = QLabel(), QLabel()

        self.source = MealDayListSource(day, "lunch")
        self.model = LazyTableModel(self.source, db.session, parent=self)
        self.table = list_view(self.model, "mealTable", (130, 70, 110, 45, 80, 80, 80, 80))
        # Row numbers count the portions handed out.
        self.table.verticalHeader().setVisible(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.installEventFilter(self)

        self.repeat_button = QPushButton(objectName="repeatYesterday")
        self.repeat_button.clicked.connect(self.repeat_yesterday)
        self.edit_button = QPushButton(objectName="editMeal")
        self.edit_button.clicked.connect(self.edit_selected)
        self.cancel_button = QPushButton(objectName="cancelMeal")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.menu_button = QPushButton(objectName="weekMenu")
        self.menu_button.clicked.connect(self.open_menu)
        self.policy_button = QPushButton(objectName="subsidyPolicy")
        self.policy_button.clicked.connect(self.open_policy)
        self.month_button = QPushButton(objectName="monthEnd")
        self.month_button.clicked.connect(self.open_month)
        self.delivery_button = QPushButton(objectName="deliveryList")
        self.delivery_button.clicked.connect(self.print_delivery)

        self.repeat_action = QAction(self)
        self.repeat_action.setShortcut(QKeySequence("Ctrl+R"))
        self.repeat_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.repeat_action.triggered.connect(self.repeat_yesterday)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self.quick.focus)
        self.addActions([self.repeat_action, self.find_action])

        top = QHBoxLayout()
        top.addWidget(self.date_label)
        top.addWidget(self.date)
        top.addWidget(self.kind)
        top.addWidget(self.menu_label, 1)
        entry = QHBoxLayout()
        entry.addWidget(self.quick, 1)
        side = QVBoxLayout()
        for label, combo in ((self.mode_label, self.mode), (self.payment_label, self.payment)):
            row = QHBoxLayout()
            row.addWidget(label)
            row.addWidget(combo)
            side.addLayout(row)
        side.addStretch(1)
        entry.addLayout(side)
        buttons = QHBoxLayout()
        for b in (self.repeat_button, self.edit_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.menu_button, self.delivery_button, self.month_button, self.policy_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.example_banner)
        layout.addWidget(self.totals)
        layout.addLayout(entry)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        # The status line says what happened to the day and meal shown: another one clears it.
        self.date.dateChanged.connect(lambda _d: self._day_changed())
        self.kind.currentIndexChanged.connect(lambda _i: self._day_changed())
        self.retranslate()
        self.reload()
        self.quick.focus()
        # Another desk's meals appear within seconds while the day's log is shown.
        self.auto = AutoRefresh(self, self.refresh_on_timer, changed=file_changes(db), on_show=True)

    # --- state ------------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    @property
    def day(self) -> dt.date:
        return self.date.date().toPython()

    def set_day(self, day: dt.date) -> None:
        self.date.setDate(QDate(day.year, day.month, day.day))

    @property
    def meal_kind(self) -> str:
        return self.kind.currentData()

    def retranslate(self) -> None:
        self.date_label.setText(_("&Day:"))
        self.date_label.setBuddy(self.date)
        for i, k in enumerate(MEAL_KINDS):
            self.kind.setItemText(i, kind_label(k))
        for i, m in enumerate(MODES):
            self.mode.setItemText(i, mode_label(m))
        for i, p in enumerate(PAYMENTS):
            self.payment.setItemText(i, payment_label(p))
        self.mode_label.setText(_("&Mode:"))
        self.mode_label.setBuddy(self.mode)
        self.payment_label.setText(_("&Payment:"))
        self.payment_label.setBuddy(self.payment)
        self.repeat_button.setText(_("&Repeat yesterday's list… (Ctrl+R)"))
        self.edit_button.setText(_("&Edit row (Enter)"))
        self.cancel_button.setText(_("&Cancel row (Del)"))
        self.menu_button.setText(_("Week's me&nu…"))
        self.policy_button.setText(_("Subsidy &policy…"))
        self.month_button.setText(_("Month en&d…"))
        self.delivery_button.setText(_("De&livery list…"))
        self.quick.retranslate()
        self.model.refresh_texts()
        self._update_header()

    def reload(self) -> None:
        """Re-read the day's rows, totals and menu (after a write or a new day)."""
        self.source.day = self.day
        self.source.kind = self.meal_kind
        self.model.reload()
        self._update_header()

    def refresh_on_timer(self) -> None:
        """The timer's read (:mod:`ui.common.refresh`): the rows in place (the selected meal and the
        scroll kept), the totals, menu and banner again."""
        self.source.day = self.day
        self.source.kind = self.meal_kind
        reread_view(self.table)
        self._update_header()

    def _day_changed(self) -> None:
        """Another day or meal: what the status line said was about the one before."""
        self._say("")
        self.reload()

    def _rows_changed(self) -> None:
        """After meals were logged on the day shown: the rows and the totals only
        (the menu and the policy banner cannot have changed) — the queue's fast path."""
        self.model.reload()
        with self._db.session() as session:
            totals = day_totals(session, self.day, self.meal_kind)
        self._show_totals(totals)

    def _update_header(self) -> None:
        with self._db.session() as session:
            totals = day_totals(session, self.day, self.meal_kind)
            menu = menu_of_day(session, self.day, self.meal_kind)
            example = example_policy_in_use(session, self.day)
        kind = kind_label(self.meal_kind)
        if menu is None or menu.price_fen is None:
            self.menu_label.setText(
                _("No price for {meal} on this day: enter the week's menu first.").format(meal=kind.lower())
            )
            emphasize(self.menu_label, color="#b3261e")
        else:
            self.menu_label.setText(
                _("{meal}: {dishes} — {price} a portion").format(
                    meal=kind, dishes=menu.dishes or _("(no dishes entered)"), price=format_money(menu.price_fen)
                )
            )
            plain(self.menu_label)
        self.example_banner.setText(
            _(
                "The subsidy policy in force is Linli's example, not your city's: an administrator "
                "should enter the local policy (Subsidy policy…) before the month is reconciled."
            )
        )
        self.example_banner.setVisible(example)
        self._show_totals(totals)

    def _show_totals(self, totals: DayTotals) -> None:
        modes = _(", ").join(  # the list separator: "，" in Chinese
            f"{mode_label(m)} {totals.by_mode[m]}" for m in MODES if totals.by_mode.get(m)
        )
        self.totals.setText(
            ngettext("{n} meal", "{n} meals", totals.meals).format(n=totals.meals)
            + "   "
            + _("price {price}   subsidy {subsidy}   paid {paid}").format(
                price=money(totals.price_fen),
                subsidy=money(totals.subsidy_fen),
                paid=money(totals.paid_fen),
            )
            + ("   " + _("({modes})").format(modes=modes) if modes else "")
        )

    # --- the queue ----------------------------------------------------------------------

    def _search(self, text: str):  # type: ignore[no-untyped-def]
        with self._db.session() as session:
            hits = search_residents(session, text, today=self.day)
            if hits:
                present = set(daycare_present_ids(session, self.day))
                if present:
                    hits.sort(key=lambda h: h.id not in present)
        return hits

    def log_meal(self, resident_id: int, *, confirmed: bool = False) -> int | None:
        """Log a meal of the chosen kind for a diner (Enter in the quick-find)."""
        try:
            with self._db.write() as session:
                meal = add_meal(
                    session,
                    resident_id,
                    self.day,
                    self.meal_kind,
                    mode=self.mode.currentData(),
                    payment=self.payment.currentData(),
                    confirmed=confirmed,
                )
                meal_id = meal.id
                # What the status line says, read in the same transaction (no second round trip).
                logged = _("Logged: {name}, {price}, subsidy {subsidy}, to pay {paid}.").format(
                    name=meal_diner_name(session, resident_id), price=money(meal.price_fen),
                    subsidy=money(meal.subsidy_fen), paid=money(meal.paid_fen),
                )
                why = describe_reason(meal.reason)
        except NeedsConfirmation as exc:
            if dialogs.confirm(self, _("Another meal?"), str(exc), ok_text=_("Log another")):
                return self.log_meal(resident_id, confirmed=True)
            self._say(_("Not logged: the diner already has this meal."))
            return None
        except LinliError as exc:
            self._say(str(exc), error=True)
            dialogs.warning(self, _("Meal not logged"), str(exc))
            return None
        self._rows_changed()
        self.select_id(meal_id)
        self._say(logged + (" " + why if why else ""))
        return meal_id

    def _say(self, text: str, *, error: bool = False) -> None:
        self._status_error = error and bool(text)
        self.status.setText(text)
        emphasize(self.status, color="#b3261e" if error else "#3a5a40")

    # --- selection and row actions ---------------------------------------------------------

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def select_id(self, meal_id: int) -> None:
        row = self.model.row_of(meal_id)
        if row is not None:
            self.select_row(row)

    def selected_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model.id_at(index.row())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802  # type: ignore[no-untyped-def]
        if obj is self.table and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.cancel_selected()
                return True
        return super().eventFilter(obj, event)

    def edit_selected(self):  # type: ignore[no-untyped-def]
        from ui.meals.desk import MealEditDialog

        meal_id = self.selected_id()
        if meal_id is None:
            return None
        return self._show(MealEditDialog(self._db, meal_id, parent=self))

    def cancel_selected(self) -> None:
        meal_id = self.selected_id()
        if meal_id is None:
            return
        with self._db.session() as session:
            meal = get_meal(session, meal_id)
            name = meal_diner_name(session, meal.resident_id)
        if not dialogs.confirm(
            self, _("Cancel meal"), _("Cancel this meal of {name}? It is kept as cancelled and leaves the totals.").format(name=name),
            ok_text=_("Cancel the meal"),
        ):
            return
        with self._db.write() as session:
            cancel_meal(session, meal_id)
        self.reload()
        self._say(_("Meal cancelled."))

    def _show(self, dialog):  # type: ignore[no-untyped-def]
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if hasattr(dialog, "saved"):
            dialog.saved.connect(self._after_dialog)
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog) -> None:  # type: ignore[no-untyped-def]
        if self.dialog is dialog:
            self.dialog = None
        self.quick.focus()

    def _after_dialog(self, *_args) -> None:  # type: ignore[no-untyped-def]
        keep = self.selected_id()
        if self._status_error:  # a menu, a policy or an edit was saved: the refusal may no longer hold
            self._say("")
        self.reload()
        if keep is not None:
            self.select_id(keep)

    # --- other actions ------------------------------------------------------------------------

    def repeat_yesterday(self):  # type: ignore[no-untyped-def]
        from ui.meals.desk import RepeatDialog

        return self._show(RepeatDialog(self._db, self.day, self.meal_kind, parent=self))

    def open_menu(self):  # type: ignore[no-untyped-def]
        from ui.meals.menu import MenuDialog

        return self._show(MenuDialog(self._db, self.day, parent=self))

    def open_policy(self):  # type: ignore[no-untyped-def]
        from ui.meals.policy import PolicyDialog

        return self._show(PolicyDialog(self._db, self.day, parent=self))

    def open_month(self):  # type: ignore[no-untyped-def]
        from ui.meals.month_end import MonthDialog

        return self._show(MonthDialog(self._db, self.day, parent=self))

    def print_delivery(self):  # type: ignore[no-untyped-def]
        """Ask where, then write the day's delivery list in a worker thread; returns the worker (or None)."""
        from ui.meals.delivery import save_delivery_list

        self.delivery_worker = save_delivery_list(self, self._db, self.day)
        return self.delivery_worker
