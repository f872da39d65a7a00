"""The week's menu editor: dishes and prices for seven days × three meals,
copy last week, print the menu notice. Every rule is in models.meals.menu."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, ngettext
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.meals.menu import MenuEntry, fill_from_last_week, save_menu, week_menu
from models.meals.vocabulary import MEAL_KINDS, kind_label, parse_yuan, week_start, yuan_text
from ui.common import dialogs
from ui.common.forms import ErrorLabel, Retranslatable


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
