"""The Places page: the tree of compounds, buildings, units and rooms; a whole building in one step;
placing a resident in the room chosen in the tree; the households of that room, each split or merged
(:mod:`ui.grids.household_dialogs`); the residents still to place.

Rooms are added to the tree when their unit is opened (ten years of data hold
thousands of rooms: the page shows at once).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, ngettext
from models.core.errors import LinliError, ValidationFailed
from models.grids import (
    BulkBuilding,
    bulk_create_building,
    create_compound,
    households_at,
    place_resident,
    place_tree,
    room_address,
    unplaced_count,
    unplaced_residents,
)
from ui.common.forms import ErrorLabel, open_dialog
from ui.common.quick_find import QuickFind, describe_hit
from ui.common.style import emphasize
from ui.grids.household_dialogs import MergeDialog, SplitDialog
from ui.grids.page import GridsPage

KIND, ID = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1
NAME = Qt.ItemDataRole.UserRole + 2
UNPLACED_SHOWN = 200


class PlacesPage(GridsPage):
    placed = Signal(int)  # a resident's id, after they were placed
    households_changed = Signal()  # after a split or a merge

    def __init__(self, db, tab):  # type: ignore[no-untyped-def]
        super().__init__(db, tab)
        self.tree = QTreeWidget(objectName="placesTree")
        self.tree.setHeaderHidden(True)
        self.tree.itemExpanded.connect(self._expanded)
        self.tree.currentItemChanged.connect(lambda *_a: self._room_chosen())
        # --- a compound, a building in one step ---
        self.new_compound = QLineEdit(objectName="newCompound")
        self.new_compound.returnPressed.connect(self.add_compound)
        self.add_compound_button = QPushButton(objectName="addCompound", clicked=self.add_compound)
        self.compound = QComboBox(objectName="bulkCompound")
        self.building = QLineEdit(objectName="bulkBuilding")
        self.first_unit, self.last_unit = QSpinBox(objectName="firstUnit"), QSpinBox(objectName="lastUnit")
        self.first_floor, self.last_floor = QSpinBox(objectName="firstFloor"), QSpinBox(objectName="lastFloor")
        self.rooms = QSpinBox(objectName="roomsPerFloor")
        for spin, value in ((self.first_unit, 1), (self.last_unit, 4), (self.first_floor, 1), (self.last_floor, 18),
                            (self.rooms, 2)):
            spin.setRange(0, 99)
            spin.setValue(value)
        self.create_button = QPushButton(objectName="bulkCreate", clicked=self.bulk_create)
        self.building.returnPressed.connect(self.bulk_create)
        self.bulk_error = ErrorLabel(self)
        self.bulk_done = QLabel(objectName="bulkDone")
        self.bulk_box = QGroupBox(objectName="bulkBox")
        form = QFormLayout(self.bulk_box)
        self._labels = {k: QLabel() for k in ("compound", "building", "units", "floors", "rooms", "new")}
        row = QHBoxLayout()
        row.addWidget(self.new_compound, 1)
        row.addWidget(self.add_compound_button)
        form.addRow(self._labels["new"], row)
        form.addRow(self._labels["compound"], self.compound)
        form.addRow(self._labels["building"], self.building)
        for key, a, b in (("units", self.first_unit, self.last_unit), ("floors", self.first_floor, self.last_floor)):
            pair = QHBoxLayout()
            pair.addWidget(a)
            pair.addWidget(QLabel("–"))
            pair.addWidget(b)
            form.addRow(self._labels[key], pair)
        form.addRow(self._labels["rooms"], self.rooms)
        form.addRow(self.create_button)
        form.addRow(self.bulk_error)
        form.addRow(self.bulk_done)
        # --- placing a resident ---
        self.resident_id: int | None = None
        self._name = ""
        self.finder = QuickFind(self.search, self, visible_rows=4)
        self.finder.chosen.connect(self._chosen)
        self.chosen_label = QLabel(objectName="placeResident")
        emphasize(self.chosen_label, px=15)
        self.room_label = QLabel(objectName="chosenRoom")
        self.room_label.setWordWrap(True)
        # --- the room's households: split, merge ---
        self.room_households: list = []
        self.households = QListWidget(objectName="roomHouseholds")
        self.households.setMaximumHeight(96)
        self.households.currentRowChanged.connect(lambda _r: self._household_chosen())
        self.split_button = QPushButton(objectName="splitHousehold", clicked=self.open_split)
        self.merge_button = QPushButton(objectName="mergeHousehold", clicked=self.open_merge)
        self.household_done = QLabel(objectName="householdDone")
        self.household_done.setWordWrap(True)
        self.households_box = QGroupBox(objectName="householdsBox")
        hbox = QVBoxLayout(self.households_box)
        hbox.addWidget(self.room_label)
        hbox.addWidget(self.households)
        buttons = QHBoxLayout()
        buttons.addWidget(self.split_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        hbox.addLayout(buttons)
        hbox.addWidget(self.household_done)
        self.dialog = None
        self.place_button = QPushButton(objectName="placeHere", clicked=self.place)
        self.place_error = ErrorLabel(self)
        self.place_done = QLabel(objectName="placeDone")
        self.unplaced_heading = QLabel(objectName="unplacedHeading")
        self.unplaced = QListWidget(objectName="unplacedList")
        self.unplaced.itemActivated.connect(self._unplaced_chosen)
        self.unplaced.itemClicked.connect(self._unplaced_chosen)
        self.place_box = QGroupBox(objectName="placeBox")
        box = QVBoxLayout(self.place_box)
        for widget in (self.finder, self.chosen_label, self.place_button, self.place_error,
                       self.place_done, self.unplaced_heading, self.unplaced):
            box.addWidget(widget)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.households_box)
        side.addWidget(self.place_box, 1)
        side.addWidget(self.bulk_box)
        scroll = QScrollArea(objectName="placesForms")
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        split = QSplitter(objectName="placesSplit")
        split.addWidget(self.tree)
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.retranslate()

    def retranslate(self) -> None:
        self.bulk_box.setTitle(_("A building in one step"))
        self.place_box.setTitle(_("Place a resident"))
        for key, text in (("new", _("New compound")), ("compound", _("Co&mpound")), ("building", _("&Building")),
                          ("units", _("Units")), ("floors", _("Floors")), ("rooms", _("Rooms a floor"))):
            self._labels[key].setText(text)
        self._labels["compound"].setBuddy(self.compound)
        self._labels["building"].setBuddy(self.building)
        self.new_compound.setPlaceholderText(_("name of a compound not in the list"))
        self.add_compound_button.setText(_("Add"))
        self.building.setPlaceholderText(_("the building's number, e.g. 3"))
        self.create_button.setText(_("Create the building, its units and rooms"))
        self.place_button.setText(_("Place in the chosen room"))
        self.households_box.setTitle(_("The chosen room and its households"))
        self.split_button.setText(_("Split…"))
        self.merge_button.setText(_("Merge…"))
        self._room_chosen()
        self._count_unplaced()

    # --- the tree ------------------------------------------------------------------------

    def refresh(self) -> None:
        with self._db.session() as s:
            tree = place_tree(s)
        self._nodes = {}
        self.tree.clear()
        current = self.compound.currentData()
        self.compound.clear()
        for compound in tree:
            self.compound.addItem(compound.number, compound.id)
            top = self._item(self.tree, compound)
            for building in compound.children:
                b = self._item(top, building)
                for unit in building.children:
                    u = self._item(b, unit)
                    self._nodes[unit.id] = unit
                    if unit.children:
                        u.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        if current is not None and self.compound.findData(current) >= 0:
            self.compound.setCurrentIndex(self.compound.findData(current))
        self._fill_unplaced()

    def _item(self, parent, node) -> QTreeWidgetItem:  # type: ignore[no-untyped-def]
        text = {"compound": node.number, "building": _("Bldg {number}").format(number=node.number),
                "unit": _("Unit {number}").format(number=node.number),
                "room": _("Rm {number}").format(number=node.number)}[node.kind]
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, KIND, node.kind)
        item.setData(0, ID, node.id)
        return item

    def _expanded(self, item: QTreeWidgetItem) -> None:
        if item.data(0, KIND) != "unit" or item.childCount():
            return
        node = self._nodes.get(item.data(0, ID))
        for room in node.children if node else ():
            self._item(item, room)

    def find_item(self, *path: str) -> QTreeWidgetItem | None:
        """The tree's item at these labels (compound, building, unit, room), opening units on the way."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        found = None
        for text in path:
            found = next((i for i in items if i.text(0) == text), None)
            if found is None:
                return None
            found.setExpanded(True)
            items = [found.child(i) for i in range(found.childCount())]
        return found

    # --- bulk create -----------------------------------------------------------------------

    def add_compound(self) -> None:
        try:
            with self._db.write() as s:
                compound_id = create_compound(s, self.new_compound.text()).id
        except ValidationFailed as exc:
            self.bulk_error.show_message("\n".join(exc.errors.values()))
            return
        self.bulk_error.show_message("")
        self.new_compound.clear()
        self.refresh()
        self.compound.setCurrentIndex(self.compound.findData(compound_id))
        self.building.setFocus()

    def bulk_create(self) -> bool:
        if self.compound.currentData() is None:
            self.bulk_error.show_message(_("Add the compound first."))
            return False
        data = BulkBuilding(self.compound.currentData(), self.building.text(), self.first_unit.value(),
                            self.last_unit.value(), self.first_floor.value(), self.last_floor.value(),
                            self.rooms.value())
        try:
            with self._db.write() as s:
                building = bulk_create_building(s, data)
                number, rooms = building.number, sum(len(u.rooms) for u in building.units)
        except ValidationFailed as exc:
            self.bulk_error.show_message("\n".join(exc.errors.values()))
            self.bulk_done.clear()
            return False
        self.bulk_error.show_message("")
        self.bulk_done.setText(_("Building {number} created with {rooms} rooms.").format(number=number, rooms=rooms))
        self.building.clear()
        self.refresh()
        return True

    # --- placing ---------------------------------------------------------------------------

    def _chosen(self, resident_id: int) -> None:
        hit = next((h for h in self.hits if h.id == resident_id), None)
        self.choose_resident(resident_id, describe_hit(hit) if hit else "", hit.name if hit else "")

    def choose_resident(self, resident_id: int, text: str, name: str) -> None:
        self.resident_id, self._name = resident_id, name
        self.chosen_label.setText(text)
        self.place_done.clear()
        self.tree.setFocus()

    def _unplaced_chosen(self, item: QListWidgetItem) -> None:
        self.choose_resident(item.data(Qt.ItemDataRole.UserRole), item.text(), item.data(NAME))

    def chosen_room(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ID) if item is not None and item.data(0, KIND) == "room" else None

    def _room_chosen(self) -> None:
        room_id = self.chosen_room()
        if room_id is None:
            self.room_label.setText(_("Choose a room in the tree."))
            self.room_households = []
            self.households.clear()
            self._household_chosen()
            return
        with self._db.session() as s:
            self.room_address = room_address(s, room_id).text
            self.room_households = households_at(s, room_id)
        self.room_label.setText(self.room_address)
        row = self.households.currentRow()
        self.households.blockSignals(True)
        self.households.clear()
        for h in self.room_households:
            self.households.addItem(_("Household: {names}").format(names="、".join(h.member_names)))
        if self.room_households:
            self.households.setCurrentRow(min(max(row, 0), len(self.room_households) - 1))
        self.households.blockSignals(False)
        self._household_chosen()

    # --- split and merge ---------------------------------------------------------------------

    def chosen_household(self):  # type: ignore[no-untyped-def]
        row = self.households.currentRow()
        return self.room_households[row] if 0 <= row < len(self.room_households) else None

    def _household_chosen(self) -> None:
        chosen = self.chosen_household()
        self.split_button.setEnabled(chosen is not None and len(chosen.member_ids) > 1)
        self.merge_button.setEnabled(chosen is not None)

    def building_rooms(self) -> list[tuple[int, str]]:
        """The rooms of the chosen room's building, (id, "Unit 2 Rm 302"), for a split to another room."""
        item = self.tree.currentItem()
        building = item.parent().parent() if item is not None and item.parent() is not None else None
        if building is None:
            return []
        out = []
        for i in range(building.childCount()):
            unit = self._nodes.get(building.child(i).data(0, ID))
            for room in unit.children if unit else ():
                out.append((room.id, _("Unit {unit} Rm {room}").format(unit=unit.number, room=room.number)))
        return out

    def open_split(self) -> SplitDialog | None:
        chosen, room_id = self.chosen_household(), self.chosen_room()
        if chosen is None or room_id is None:
            return None
        dialog = SplitDialog(self._db, chosen, self.room_address, self.building_rooms(), room_id, parent=self)
        return open_dialog(self, dialog, dialog.saved, lambda _id: self._households_changed(
            ngettext("Split: a new household of {count} member.", "Split: a new household of {count} members.",
                     len(dialog.leaving())).format(count=len(dialog.leaving()))))

    def open_merge(self) -> MergeDialog | None:
        chosen = self.chosen_household()
        if chosen is None:
            return None
        dialog = MergeDialog(self._db, chosen, self.room_address, parent=self)
        return open_dialog(self, dialog, dialog.saved, lambda _id: self._households_changed(
            _("Merged into the household of {head}.").format(head=chosen.member_names[0])))

    def _households_changed(self, message: str) -> None:
        self._room_chosen()
        self.household_done.setText(message)
        self.households_changed.emit()

    def place(self) -> bool:
        room_id = self.chosen_room()
        if self.resident_id is None or room_id is None:
            self.place_error.show_message(_("Find the resident and choose a room in the tree."))
            return False
        try:
            with self._db.write() as s:
                place_resident(s, self.resident_id, room_id)
                address = room_address(s, room_id).text
        except (ValidationFailed, LinliError) as exc:
            message = "\n".join(exc.errors.values()) if isinstance(exc, ValidationFailed) else str(exc)
            self.place_error.show_message(message)
            return False
        self.place_error.show_message("")
        self.place_done.setText(_("{name} placed at {address}.").format(
            name=self._name, address=address))
        resident_id, self.resident_id = self.resident_id, None
        self.chosen_label.clear()
        self._room_chosen()
        self._fill_unplaced()
        self.placed.emit(resident_id)
        return True

    def _fill_unplaced(self) -> None:
        with self._db.session() as s:
            rows = unplaced_residents(s, limit=UNPLACED_SHOWN)
            self._unplaced_total = unplaced_count(s)
        self.unplaced.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.name}  {row.address}".strip())
            item.setData(Qt.ItemDataRole.UserRole, row.resident_id)
            item.setData(NAME, row.name)
            self.unplaced.addItem(item)
        self._count_unplaced()

    def _count_unplaced(self) -> None:
        total = getattr(self, "_unplaced_total", 0)
        self.unplaced_heading.setText(_("Still to place: {count} (their address as typed)").format(count=total))
