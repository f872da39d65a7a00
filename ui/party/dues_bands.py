"""The dues bands editor (党费收缴标准): an administrator's dialog, opened from the Dues page.

Per category, the schedules in force from their effective dates; a schedule's
bands are rows of (up to, rate, fixed amount). Saving replaces the schedule of
that date or adds a new one; the rules (rising limits, open-ended last band,
first day of a month, administrators only) live in :mod:`models.party.dues`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, parse_date
from models.core.errors import LinliError, ValidationFailed
from models.party.bands import parse_yuan
from models.party.dues import (
    Band,
    can_edit_bands,
    delete_schedule,
    month_start,
    save_schedule,
    schedule_on,
    schedule_starts,
)
from models.party.entities import DUES_CATEGORIES
from models.party.members import DUES_CATEGORY_LABELS
from ui.common import dialogs
from ui.common.forms import ErrorLabel, Retranslatable

if TYPE_CHECKING:
    from models.core.db import Database


def _fen_text(fen: int | None) -> str:
    return "" if fen is None else f"{fen / 100:.2f}"


def _parse_rate(text: str) -> int:
    """"0.5" or "0.5%" → 50 basis points. Raises ValueError."""
    clean = text.replace("%", "").replace("％", "").strip() or "0"
    try:
        return int((Decimal(clean) * 100).to_integral_value())
    except InvalidOperation:
        raise ValueError(_("Not a rate: write it as 0.5 (per cent).")) from None


class DuesBandsDialog(Retranslatable, QDialog):
    """Edit the dues bands. Emits :attr:`saved` after a schedule was saved or removed."""

    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("duesBandsDialog")
        self._db = db
        self._today = today or dt.date.today()
        self.editable = can_edit_bands()
        self.setMinimumSize(640, 420)
        self.category = QComboBox(objectName="bandsCategory")
        self.category.currentIndexChanged.connect(lambda _i: self.load_category())
        self.starts = QListWidget(objectName="bandsSchedules")
        self.starts.currentItemChanged.connect(lambda item, _p: self.load_schedule(item))
        self.effective_from = QLineEdit(objectName="bandsEffectiveFrom")
        self.table = QTableWidget(0, 3, objectName="bandsTable")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_row_button = QPushButton(objectName="bandsAddRow")
        self.add_row_button.clicked.connect(lambda: self.add_row())
        self.remove_row_button = QPushButton(objectName="bandsRemoveRow")
        self.remove_row_button.clicked.connect(self.remove_row)
        self.new_button = QPushButton(objectName="bandsNew")
        self.new_button.clicked.connect(self.new_schedule)
        self.save_button = QPushButton(objectName="bandsSave")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(objectName="bandsDelete")
        self.delete_button.clicked.connect(self.delete)
        self.close_button = QPushButton(objectName="bandsClose")
        self.close_button.clicked.connect(self.reject)
        self.note = QLabel(objectName="bandsNote")
        self.note.setWordWrap(True)
        self.error = ErrorLabel(self)

        self._labels = [QLabel() for _i in range(3)]
        form = QFormLayout()
        self._labels[0].setBuddy(self.category)
        form.addRow(self._labels[0], self.category)
        self._labels[2].setBuddy(self.effective_from)
        left = QVBoxLayout()
        self._labels[1].setBuddy(self.starts)
        left.addWidget(self._labels[1])
        left.addWidget(self.starts, 1)
        left.addWidget(self.new_button)
        left.addWidget(self.delete_button)
        right = QVBoxLayout()
        eff = QHBoxLayout()
        eff.addWidget(self._labels[2])
        eff.addWidget(self.effective_from, 1)
        right.addLayout(eff)
        right.addWidget(self.table, 1)
        rows = QHBoxLayout()
        rows.addWidget(self.add_row_button)
        rows.addWidget(self.remove_row_button)
        rows.addStretch(1)
        rows.addWidget(self.save_button)
        right.addLayout(rows)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(body, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        for w in (self.effective_from, self.add_row_button, self.remove_row_button, self.new_button,
                  self.save_button, self.delete_button):
            w.setEnabled(self.editable)
        if not self.editable:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.retranslate()

    # --- texts --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Dues bands"))
        for label, text in zip(self._labels, (_("&Category"), _("&Schedules (in force from)"),
                                              _("In &force from")), strict=True):
            label.setText(text)
        self.table.setHorizontalHeaderLabels([_("Base up to (yuan, empty: no limit)"), _("Rate (%)"),
                                              _("Fixed amount (yuan)")])
        self.effective_from.setPlaceholderText(_("first day of a month, e.g. 2027-01-01"))
        self.add_row_button.setText(_("&Add band"))
        self.remove_row_button.setText(_("&Remove band"))
        self.new_button.setText(_("&New schedule"))
        self.save_button.setText(_("Sa&ve schedule"))
        self.delete_button.setText(_("De&lete schedule"))
        self.close_button.setText(_("Close"))
        self.note.setText(
            _("The whole monthly base is charged at the rate of its band; a band includes its upper limit. "
              "A schedule applies from its month on; recorded payments keep their due.")
            if self.editable else _("Only an administrator can change the dues bands.")
        )
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        for key in DUES_CATEGORIES:
            self.category.addItem(_(DUES_CATEGORY_LABELS[key]), key)
        self.category.setCurrentIndex(max(0, self.category.findData(current)))
        self.category.blockSignals(False)
        self.load_category()

    # --- loading -------------------------------------------------------------------------

    def load_category(self, select: dt.date | None = None) -> None:
        category = self.category.currentData()
        with self._db.session() as s:
            starts = schedule_starts(s, category)
        in_force = max((d for d in starts if d <= self._today), default=None)
        self.starts.blockSignals(True)
        self.starts.clear()
        chosen = None
        for start in starts:
            text = format_date(start)
            if start == in_force:
                text = _("{date} (in force)").format(date=text)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, start)
            self.starts.addItem(item)
            if start == (select or in_force):
                chosen = item
        self.starts.blockSignals(False)
        if chosen is None and self.starts.count():
            chosen = self.starts.item(self.starts.count() - 1)
        self.starts.setCurrentItem(chosen)
        self.load_schedule(chosen)

    def load_schedule(self, item: QListWidgetItem | None) -> None:
        self.error.show_message("")
        if item is None:
            self.effective_from.clear()
            self.table.setRowCount(0)
            return
        start = item.data(Qt.ItemDataRole.UserRole)
        with self._db.session() as s:
            bands = schedule_on(s, self.category.currentData(), start)
        self.effective_from.setText(start.isoformat())
        self.table.setRowCount(0)
        for band in bands:
            self.add_row(band)

    def add_row(self, band: Band | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = ("", "", "") if band is None else (
            _fen_text(band.upper_fen),
            "" if band.fixed_fen is not None else f"{Decimal(band.rate_bp) / 100:g}",
            _fen_text(band.fixed_fen),
        )
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)
        if band is None:
            self.table.setCurrentCell(row, 0)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def new_schedule(self) -> None:
        """Start a schedule from the shown bands, in force from next month."""
        self.starts.blockSignals(True)
        self.starts.setCurrentItem(None)
        self.starts.clearSelection()
        self.starts.blockSignals(False)
        nxt = (month_start(self._today) + dt.timedelta(days=32)).replace(day=1)
        self.effective_from.setText(nxt.isoformat())
        self.effective_from.setFocus()
        self.effective_from.selectAll()

    # --- reading and writing ------------------------------------------------------------------

    def bands(self) -> list[Band]:
        """The table's rows as bands. Raises ValueError naming the row."""
        out: list[Band] = []
        for row in range(self.table.rowCount()):
            texts = [(self.table.item(row, c).text() if self.table.item(row, c) else "").strip() for c in range(3)]
            if not any(texts):
                continue
            try:
                upper = parse_yuan(texts[0]) if texts[0] else None
                fixed = parse_yuan(texts[2]) if texts[2] else None
                rate = _parse_rate(texts[1]) if fixed is None else 0
            except ValueError as exc:
                raise ValueError(_("Band {n}: {reason}").format(n=row + 1, reason=exc)) from None
            out.append(Band(upper, rate, fixed))
        return out

    def _effective(self) -> dt.date | None:
        text = self.effective_from.text().strip()
        return parse_date(text + "-01") if 0 < len(text) <= 7 else parse_date(text)

    def save(self) -> bool:
        try:
            start = self._effective()
            bands = self.bands()
            with self._db.write() as s:
                save_schedule(s, self.category.currentData(), start, bands)
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return False
        except (ValueError, LinliError) as exc:
            self.error.show_message(str(exc))
            return False
        self.error.show_message("")
        self.load_category(select=start)
        self.saved.emit()
        return True

    def delete(self) -> bool:
        item = self.starts.currentItem()
        if item is None:
            return False
        start = item.data(Qt.ItemDataRole.UserRole)
        label = _(DUES_CATEGORY_LABELS[self.category.currentData()])
        if not dialogs.confirm(
            self, _("Delete schedule"),
            _("Remove the {category} bands in force from {date}? The earlier bands apply again.").format(
                category=label, date=format_date(start)),
            ok_text=_("Delete"),
        ):
            return False
        try:
            with self._db.write() as s:
                delete_schedule(s, self.category.currentData(), start)
        except LinliError as exc:
            self.error.show_message(str(exc))
            return False
        self.load_category()
        self.saved.emit()
        return True
