"""The Grids page: each grid with its grid worker (and work phone) and the buildings it covers; a new grid
worker and grid; a building added to a grid (a building in two grids is refused by the domain); and per
building its heads (楼栋长): a resident found with the quick-find (Enter adds them), one removed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.core.errors import ValidationFailed
from models.grids import (
    add_building_head,
    assign_buildings,
    building_heads,
    list_grids,
    list_workers,
    place_tree,
    remove_building_head,
    save_grid,
    save_worker,
)
from models.grids.labels import work_phone_text
from ui.common.forms import ErrorLabel
from ui.common.headers import keep_header_texts_whole
from ui.common.quick_find import QuickFind
from ui.grids.page import GridsPage

BUILDING = Qt.ItemDataRole.UserRole


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
        # --- building heads, per building ---
        self.buildings = QTableWidget(objectName="headBuildings")
        self.buildings.setColumnCount(3)
        self.buildings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.buildings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.buildings.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.buildings.verticalHeader().setVisible(False)
        self.buildings.horizontalHeader().setStretchLastSection(True)
        keep_header_texts_whole(self.buildings)
        self.buildings.currentCellChanged.connect(lambda *_a: self._building_chosen())
        self.heads_heading = QLabel(objectName="headsHeading")
        self.heads_heading.setWordWrap(True)
        self.heads = QListWidget(objectName="buildingHeads")
        self.heads.setMaximumHeight(110)
        self.remove_head_button = QPushButton(objectName="removeHead", clicked=self.remove_head)
        self.head_finder = QuickFind(self.search, self, visible_rows=3)
        self.head_finder.chosen.connect(self.add_head)
        self.head_label = QLabel(objectName="addHeadLabel")
        self.head_error = ErrorLabel(self)
        self.head_error.setObjectName("headError")
        self.heads_box = QGroupBox(objectName="headsBox")
        side = QVBoxLayout(self.heads_box)
        side.addWidget(self.buildings, 1)
        side.addWidget(self.heads_heading)
        row = QHBoxLayout()
        row.addWidget(self.heads, 1)
        row.addWidget(self.remove_head_button, 0, Qt.AlignmentFlag.AlignTop)
        side.addLayout(row)
        side.addWidget(self.head_label)
        side.addWidget(self.head_finder)
        side.addWidget(self.head_error)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.box)
        split = QSplitter(objectName="gridsSplit")
        split.addWidget(left)
        split.addWidget(self.heads_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
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
        self.heads_box.setTitle(_("Building heads"))
        self.buildings.setHorizontalHeaderLabels([_("Building"), _("Grid"), _("Building heads")])
        self.remove_head_button.setText(_("Remove"))
        self.head_label.setText(_("Add a building head (find the resident, then Enter):"))
        self._building_chosen()

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
        self._fill_buildings(tree)

    # --- building heads ----------------------------------------------------------------------

    def _fill_buildings(self, tree=None) -> None:  # type: ignore[no-untyped-def]
        chosen = self.building_id()
        with self._db.session() as s:
            if tree is None:
                tree = place_tree(s, rooms_too=False)
            self._heads = building_heads(s)
            grids = list_grids(s)
        grid_of = {bid: g.name for g in grids for bid, _label in g.buildings}
        rows = [(b.id, _("{compound} Bldg {number}").format(compound=c.number, number=b.number))
                for c in tree for b in c.children]
        self.buildings.blockSignals(True)
        self.buildings.setRowCount(len(rows))
        for i, (bid, label) in enumerate(rows):
            first = QTableWidgetItem(label)
            first.setData(BUILDING, bid)
            self.buildings.setItem(i, 0, first)
            self.buildings.setItem(i, 1, QTableWidgetItem(grid_of.get(bid, "—")))
            self.buildings.setItem(i, 2, QTableWidgetItem("、".join(h.name for h in self._heads.get(bid, ()))))
        self.buildings.resizeColumnsToContents()
        self.buildings.blockSignals(False)
        row = self.row_of_building(chosen) if chosen is not None else -1
        if rows:
            self.buildings.setCurrentCell(max(row, 0), 0)
        self._building_chosen()

    def row_of_building(self, building_id: int) -> int:
        for i in range(self.buildings.rowCount()):
            if self.buildings.item(i, 0).data(BUILDING) == building_id:
                return i
        return -1

    def building_id(self) -> int | None:
        row = self.buildings.currentRow()
        item = self.buildings.item(row, 0) if row >= 0 else None
        return item.data(BUILDING) if item is not None else None

    def _building_chosen(self) -> None:
        bid = self.building_id()
        self.heads.clear()
        self.head_error.show_message("")
        if bid is None:
            self.heads_heading.setText(_("Choose a building above."))
            self.remove_head_button.setEnabled(False)
            return
        label = self.buildings.item(self.buildings.currentRow(), 0).text()
        heads = getattr(self, "_heads", {}).get(bid, [])
        self.heads_heading.setText(_("Heads of {building}: {count}").format(building=label, count=len(heads)))
        for head in heads:
            item = QListWidgetItem(head.name)
            item.setData(Qt.ItemDataRole.UserRole, head.id)
            self.heads.addItem(item)
        if heads:
            self.heads.setCurrentRow(0)
        self.remove_head_button.setEnabled(bool(heads))

    def add_head(self, resident_id: int) -> bool:
        bid = self.building_id()
        if bid is None:
            self.head_error.show_message(_("Choose a building above."))
            return False
        try:
            with self._db.write() as s:
                add_building_head(s, bid, resident_id)
        except ValidationFailed as exc:
            self.head_error.show_message("\n".join(exc.errors.values()))
            return False
        self._fill_buildings()
        return True

    def remove_head(self) -> None:
        item = self.heads.currentItem()
        if item is None:
            return
        with self._db.write() as s:
            remove_building_head(s, item.data(Qt.ItemDataRole.UserRole))
        self._fill_buildings()

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
