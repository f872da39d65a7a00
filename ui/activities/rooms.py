"""The rooms editor: add a room, rename it, change its capacity, retire or
reinstate it. Every rule (unique names, a capacity not below a coming
activity's seats, no retiring while coming activities use the room, who may do
it) is in ``models.activities``; this dialog only shows the refusals."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

from i18n import _, format_number
from models.activities.labels import MAX_ROOM_CAPACITY
from models.activities.rooms import list_rooms, reinstate_room, retire_room, save_room
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable


class RoomsDialog(Retranslatable, QDialog):
    """Emits :attr:`changed` after every saved change (the tab reloads its lists)."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("roomsDialog")
        self._db = db
        self.resize(520, 420)
        self.rooms: list[tuple[int, str, int, bool]] = []

        self.table = QTableWidget(0, 3, objectName="roomTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self._selection_changed())

        self.name = QLineEdit(objectName="name")
        self.name.setMaxLength(40)
        self.capacity = QSpinBox(objectName="capacity")
        self.capacity.setRange(1, MAX_ROOM_CAPACITY)
        self.capacity.setValue(20)
        self.errors = FieldErrors()
        self.general_error = ErrorLabel(self)
        self.name_label, self.capacity_label = QLabel(), QLabel()
        self.name_label.setBuddy(self.name)
        self.capacity_label.setBuddy(self.capacity)
        form = QFormLayout()
        form.addRow(self.name_label, self.name)
        form.addRow("", self.errors.add("name", self.name, self))
        form.addRow(self.capacity_label, self.capacity)
        form.addRow("", self.errors.add("capacity", self.capacity, self))

        self.add_button = QPushButton(objectName="addRoom")
        self.add_button.clicked.connect(self.add)
        self.save_button = QPushButton(objectName="saveRoom")
        self.save_button.clicked.connect(self.save)
        self.retire_button = QPushButton(objectName="retireRoom")
        self.retire_button.clicked.connect(self.retire)
        self.reinstate_button = QPushButton(objectName="reinstateRoom")
        self.reinstate_button.clicked.connect(self.reinstate)
        actions = QHBoxLayout()
        for b in (self.add_button, self.save_button, self.retire_button, self.reinstate_button):
            b.setAutoDefault(False)
            actions.addWidget(b)
        actions.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        self.retranslate()
        if self.rooms:
            self.table.setCurrentCell(0, 0)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Rooms"))
        self.table.setHorizontalHeaderLabels([_("Room"), _("Capacity"), _("Status")])
        self.name_label.setText(_("&Name:"))
        self.capacity_label.setText(_("&Capacity (people):"))
        self.add_button.setText(_("&Add as a new room"))
        self.save_button.setText(_("&Save changes"))
        self.retire_button.setText(_("&Retire"))
        self.reinstate_button.setText(_("R&einstate"))
        self.reload()

    # --- the list -----------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.selected_id()
        with self._db.session() as s:
            self.rooms = [(r.id, r.name, r.capacity, r.archived) for r in list_rooms(s, include_archived=True)]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rooms))
        for row, (_rid, name, capacity, archived) in enumerate(self.rooms):
            cells = (name, format_number(capacity), _("Not in use") if archived else _("In use"))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if archived:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(2)
        if keep is not None:
            self.select_id(keep)
        self._selection_changed()

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        return self.rooms[row][0] if 0 <= row < len(self.rooms) else None

    def select_id(self, room_id: int) -> None:
        for row, room in enumerate(self.rooms):
            if room[0] == room_id:
                self.table.setCurrentCell(row, 0)
                return

    def _selection_changed(self) -> None:
        row = self.table.currentRow()
        room = self.rooms[row] if 0 <= row < len(self.rooms) else None
        self.save_button.setEnabled(room is not None)
        self.retire_button.setEnabled(room is not None and not room[3])
        self.reinstate_button.setEnabled(room is not None and room[3])
        if room is not None:
            self.name.setText(room[1])
            self.capacity.setValue(room[2])
        self.errors.clear()
        self.general_error.show_message("")

    # --- actions -------------------------------------------------------------------------------

    def _write(self, write) -> int | None:  # type: ignore[no-untyped-def]
        self.errors.clear()
        self.general_error.show_message("")
        try:
            with self._db.write() as s:
                room_id = write(s)
        except ValidationFailed as exc:
            self.errors.show(exc.errors, fallback=self.general_error)
            return None
        except LinliError as exc:
            self.general_error.show_message(str(exc))
            return None
        self.reload(select_id=room_id)
        self.changed.emit()
        return room_id

    def add(self) -> int | None:
        name, capacity = self.name.text(), self.capacity.value()
        return self._write(lambda s: save_room(s, name, capacity).id)

    def save(self) -> int | None:
        room_id = self.selected_id()
        if room_id is None:
            return None
        name, capacity = self.name.text(), self.capacity.value()
        return self._write(lambda s: save_room(s, name, capacity, room_id).id)

    def retire(self) -> int | None:
        room_id = self.selected_id()
        if room_id is None:
            return None
        return self._write(lambda s: retire_room(s, room_id).id)

    def reinstate(self) -> int | None:
        room_id = self.selected_id()
        if room_id is None:
            return None
        return self._write(lambda s: reinstate_room(s, room_id).id)
