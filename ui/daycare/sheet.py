"""Typing in a filled paper attendance sheet: a grid of the day's expected elders.

Tick who came, type the times (0830 or 08:30) and who collected them; Save
records every changed line as a correction with the reason "Entered from the
paper attendance sheet".
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.daycare.corrections import SheetEntry, attendance_sheet, enter_paper_sheet
from ui.common.forms import ErrorLabel, Retranslatable
from ui.common.style import emphasize


def parse_clock(text: str) -> dt.time | None:
    """08:30, 8:30, 0830 or 830 → a time; empty → None.

    Raises:
        ValueError: a message for the clerk.
    """
    value = text.strip().replace("：", ":").replace(".", ":")
    if not value:
        return None
    if ":" not in value and value.isdigit() and len(value) in (3, 4):
        value = value[:-2] + ":" + value[-2:]
    try:
        return dt.datetime.strptime(value, "%H:%M").time()
    except ValueError:
        raise ValueError(_("Not a time: {text} (write it as 08:30).").format(text=text)) from None


class PaperSheetDialog(Retranslatable, QDialog):
    """The grid: present ✓, arrival, departure, collected by. Emits :attr:`done` (lines changed)."""

    completed = Signal(int)

    def __init__(self, db: Database, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("paperSheetDialog")
        self._db, self.day = db, day
        with db.session() as session:
            self.lines = attendance_sheet(session, [day])[0].lines
        self.title = QLabel()
        emphasize(self.title, bold=True)
        self.grid = QTableWidget(len(self.lines), 5, objectName="paperGrid")
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((130, 60, 80, 80)):
            self.grid.setColumnWidth(col, width)
        for r, line in enumerate(self.lines):
            name = QTableWidgetItem(line.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.grid.setItem(r, 0, name)
            present = QTableWidgetItem("")
            present.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            present.setCheckState(Qt.CheckState.Checked if line.check_in else Qt.CheckState.Unchecked)
            self.grid.setItem(r, 1, present)
            self.grid.setItem(r, 2, QTableWidgetItem(line.check_in.strftime("%H:%M") if line.check_in else ""))
            self.grid.setItem(r, 3, QTableWidgetItem(line.check_out.strftime("%H:%M") if line.check_out else ""))
            self.grid.setItem(r, 4, QTableWidgetItem(line.collected_by))
        self.grid.itemChanged.connect(self._tick_on_time)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(620, 520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Enter a filled paper sheet"))
        self.title.setText(
            _("Attendance sheet of {date}: tick who came and type the times (0830 or 08:30).").format(
                date=format_date(self.day)
            )
        )
        self.grid.setHorizontalHeaderLabels([_("Name"), _("Came"), _("Arrival"), _("Departure"), _("Collected by")])
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _tick_on_time(self, item: QTableWidgetItem) -> None:
        if item.column() == 2 and item.text().strip():
            self.grid.item(item.row(), 1).setCheckState(Qt.CheckState.Checked)

    def set_line(self, row: int, arrival: str, departure: str = "", collected_by: str = "") -> None:
        """Fill a line as the clerk would (tests)."""
        self.grid.item(row, 2).setText(arrival)
        self.grid.item(row, 3).setText(departure)
        self.grid.item(row, 4).setText(collected_by)

    def entries(self) -> list[SheetEntry]:
        out, errors = [], {}
        for r, line in enumerate(self.lines):
            present = self.grid.item(r, 1).checkState() == Qt.CheckState.Checked
            try:
                arrival = parse_clock(self.grid.item(r, 2).text())
                departure = parse_clock(self.grid.item(r, 3).text())
            except ValueError as exc:
                errors[f"line_{line.enrolment_id}"] = f"{line.name}: {exc}"
                continue
            out.append(SheetEntry(line.enrolment_id, present, arrival, departure, self.grid.item(r, 4).text()))
        if errors:
            raise ValidationFailed(errors)
        return out

    def save(self) -> bool:
        try:
            entries = self.entries()
            with self._db.write() as session:
                changed = enter_paper_sheet(session, self.day, entries)
        except LinliError as exc:
            self.error.show_message(str(exc).replace("; ", "\n"))
            return False
        self.completed.emit(changed)
        self.accept()
        return True
