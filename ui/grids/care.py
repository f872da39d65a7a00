"""The Care page: the "not visited lately" list (the grid worker's list for the week) or the whole care list,
per grid; Enter on a resident opens the visit form for them. The intervals per category are edited here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from i18n import _, format_date, ngettext
from models.core.errors import ValidationFailed
from models.grids import care_list, intervals, list_grids, not_visited, set_interval
from models.grids.labels import CARE_CATEGORIES, care_label
from ui.common.forms import ErrorLabel
from ui.common.headers import keep_header_texts_whole
from ui.common.style import emphasize
from ui.grids.page import GridsPage

DUE_RED = "#b3261e"


class CarePage(GridsPage):
    visit_requested = Signal(int, str)  # resident id, name

    def __init__(self, db, tab):  # type: ignore[no-untyped-def]
        super().__init__(db, tab)
        self.rows: list = []
        self.heading = QLabel(objectName="careHeading")
        emphasize(self.heading, px=16, bold=True)
        self.view = QComboBox(objectName="careView")
        self.view.addItem("", "due")
        self.view.addItem("", "all")
        self.grid = QComboBox(objectName="careGrid")
        self.view.currentIndexChanged.connect(lambda _i: self.refresh())
        self.grid.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = QTableWidget(objectName="careTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnCount(7)
        keep_header_texts_whole(self.table)
        self.table.horizontalHeader().setResizeContentsPrecision(100)  # widths from the first rows, not all
        self.table.itemActivated.connect(lambda item: self._visit(item.row()))
        self.visit_button = QPushButton(objectName="visitChosen", clicked=lambda: self._visit(self.table.currentRow()))
        self.category = QComboBox(objectName="intervalCategory")
        for c in CARE_CATEGORIES:
            self.category.addItem("", c)
        self.days = QSpinBox(objectName="intervalDays")
        self.days.setRange(1, 366)
        self.category.currentIndexChanged.connect(lambda _i: self._show_interval())
        self.save_interval = QPushButton(objectName="saveInterval", clicked=self._save_interval)
        self.interval_label = QLabel()
        self.error = ErrorLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.grid)
        top.addWidget(self.view)
        bottom = QHBoxLayout()
        bottom.addWidget(self.visit_button)
        bottom.addStretch(1)
        bottom.addWidget(self.interval_label)
        bottom.addWidget(self.category)
        bottom.addWidget(self.days)
        bottom.addWidget(self.save_interval)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.view.setItemText(0, _("Not visited lately"))
        self.view.setItemText(1, _("The whole care list"))
        for i in range(self.category.count()):
            self.category.setItemText(i, care_label(self.category.itemData(i)))
        self.table.setHorizontalHeaderLabels([_("Name"), _("Care categories"), _("Grid"), _("Building"), _("Room"),
                                              _("Last visit"), _("Days since")])
        self.visit_button.setText(_("&Record a visit"))
        self.save_interval.setText(_("Save"))
        self.interval_label.setText(_("Visit at least every (days):"))
        if self.grid.count():
            self.grid.setItemText(0, _("All grids"))
        self._heading()

    def refresh(self) -> None:
        with self._db.session() as s:
            if not self.grid.count() or self.grid.count() != len(list_grids(s)) + 1:
                self.grid.blockSignals(True)
                current = self.grid.currentData()
                self.grid.clear()
                self.grid.addItem(_("All grids"), None)
                for g in list_grids(s):
                    self.grid.addItem(g.name, g.id)
                if current is not None and self.grid.findData(current) >= 0:
                    self.grid.setCurrentIndex(self.grid.findData(current))
                self.grid.blockSignals(False)
            grid_id = self.grid.currentData()
            if self.view.currentData() == "due":
                self.rows = not_visited(s, self.today, grid_id=grid_id)
            else:
                self.rows = care_list(s, self.today, grid_id=grid_id)
            self._intervals = intervals(s)
        self.table.setRowCount(len(self.rows))
        dates: dict = {}  # Babel's formatting costs ~0.05 ms a call: each day once
        for i, r in enumerate(self.rows):
            if r.last_visit and r.last_visit not in dates:
                dates[r.last_visit] = format_date(r.last_visit)
            values = (r.name, r.category_text, r.grid or _("(no grid)"), r.building, r.room,
                      dates[r.last_visit] if r.last_visit else _("never"),
                      "" if r.days_since is None else str(r.days_since))
            for j, text in enumerate(values):
                item = QTableWidgetItem(text)
                if j == 0:
                    item.setData(Qt.ItemDataRole.UserRole, r.resident_id)
                if r.due and j in (5, 6):
                    item.setForeground(QBrush(QColor(DUE_RED)))
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self._show_interval()
        self._heading()

    def _heading(self) -> None:
        n = len(self.rows)
        if self.view.currentData() == "due":
            self.heading.setText(ngettext("{count} care-list resident not visited lately",
                                          "{count} care-list residents not visited lately", n).format(count=n))
        else:
            self.heading.setText(ngettext("{count} resident on the care list", "{count} residents on the care list",
                                          n).format(count=n))

    def row_of(self, name: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.name == name), -1)

    def _visit(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.visit_requested.emit(self.rows[row].resident_id, self.rows[row].name)

    def _show_interval(self) -> None:
        days = getattr(self, "_intervals", {}).get(self.category.currentData())
        if days:
            self.days.setValue(days)

    def _save_interval(self) -> None:
        try:
            with self._db.write() as s:
                set_interval(s, self.category.currentData(), self.days.value())
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return
        self.error.show_message("")
        self.refresh()
