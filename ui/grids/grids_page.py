"""The Grids page: each grid with its grid worker (and work phone) and the buildings it covers; a new grid
worker and grid; a building added to a grid (a building in two grids is refused by the domain)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from i18n import _
from models.core.errors import ValidationFailed
from models.grids import (
    assign_buildings,
    list_grids,
    list_workers,
    place_tree,
    save_grid,
    save_worker,
)
from models.grids.labels import work_phone_text
from ui.common.forms import ErrorLabel
from ui.common.headers import keep_header_texts_whole
from ui.grids.page import GridsPage


class GridsListPage(GridsPage):
    def __init__(self, db, tab):  # type: ignore[no-untyped-def]
        super().__init__(db, tab)
        self.table = QTableWidget(objectName="gridTable")
        self.table.setColumnCount(4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        keep_header_texts_whole(self.table)
        self.worker_name = QLineEdit(objectName="workerName")
        self.worker_phone = QLineEdit(objectName="workerPhone")
        self.grid_name = QLineEdit(objectName="gridName")
        self.grid_worker = QComboBox(objectName="gridWorker")
        self.save_button = QPushButton(objectName="saveGrid", clicked=self.save)
        self.grid_choice = QComboBox(objectName="assignGrid")
        self.building_choice = QComboBox(objectName="assignBuilding")
        self.assign_button = QPushButton(objectName="assignButton", clicked=self.assign)
        self.error = ErrorLabel(self)
        self.box = QGroupBox(objectName="gridForm")
        form = QFormLayout(self.box)
        self._labels = {k: QLabel() for k in ("worker", "grid", "assign")}
        row = QHBoxLayout()
        row.addWidget(self.worker_name)
        row.addWidget(self.worker_phone)
        form.addRow(self._labels["worker"], row)
        row = QHBoxLayout()
        row.addWidget(self.grid_name)
        row.addWidget(self.grid_worker)
        row.addWidget(self.save_button)
        form.addRow(self._labels["grid"], row)
        row = QHBoxLayout()
        row.addWidget(self.grid_choice)
        row.addWidget(self.building_choice, 1)
        row.addWidget(self.assign_button)
        form.addRow(self._labels["assign"], row)
        form.addRow(self.error)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.box)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Grid"), _("Grid worker"), _("Work phone"), _("Buildings")])
        self.box.setTitle(_("Grids and grid workers"))
        self._labels["worker"].setText(_("New grid worker"))
        self._labels["grid"].setText(_("Grid"))
        self._labels["assign"].setText(_("Add a building"))
        self.worker_name.setPlaceholderText(_("name"))
        self.worker_phone.setPlaceholderText(_("work phone (printed on the board)"))
        self.grid_name.setPlaceholderText(_("grid's name"))
        self.save_button.setText(_("Save"))
        self.assign_button.setText(_("Add"))

    def refresh(self) -> None:
        with self._db.session() as s:
            self.grids = list_grids(s)
            workers = [(w.id, w.name) for w in list_workers(s)]
            tree = place_tree(s, rooms_too=False)
        self.table.setRowCount(len(self.grids))
        for i, g in enumerate(self.grids):
            for j, text in enumerate((g.name, g.worker, work_phone_text(g.work_phone), "、".join(b for _i, b in g.buildings))):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.grid_worker.clear()
        self.grid_worker.addItem("—", None)
        for wid, name in workers:
            self.grid_worker.addItem(name, wid)
        self.grid_choice.clear()
        for g in self.grids:
            self.grid_choice.addItem(g.name, g.id)
        covered = {bid for g in self.grids for bid, _label in g.buildings}
        self.building_choice.clear()
        for compound in tree:
            for b in compound.children:
                if b.id not in covered:
                    self.building_choice.addItem(_("{compound} Bldg {number}").format(
                        compound=compound.number, number=b.number), b.id)

    def save(self) -> None:
        try:
            with self._db.write() as s:
                worker_id = self.grid_worker.currentData()
                if self.worker_name.text().strip():
                    worker_id = save_worker(s, self.worker_name.text(), self.worker_phone.text()).id
                save_grid(s, self.grid_name.text(), worker_id)
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return
        self.error.show_message("")
        for w in (self.worker_name, self.worker_phone, self.grid_name):
            w.clear()
        self.refresh()

    def assign(self) -> None:
        if self.grid_choice.currentData() is None or self.building_choice.currentData() is None:
            return
        try:
            with self._db.write() as s:
                assign_buildings(s, self.grid_choice.currentData(), [self.building_choice.currentData()])
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return
        self.error.show_message("")
        self.refresh()
