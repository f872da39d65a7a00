"""Split… and Merge… on a household of the Places page.

Split: tick the members who leave, pick the room (the same one unless another of the building), the new
household's head among those who leave. Merge: pick the other household (its room's first, then the rest
of the building); its members join this one, whose head stays head. The rules and their messages are
:func:`models.grids.split_household` and :func:`models.grids.merge_households`; each message is shown
under its field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _
from models.grids import HouseholdRow, households_near, merge_households, split_household
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable, write_form

if TYPE_CHECKING:
    from models.core.db import Database

RID = Qt.ItemDataRole.UserRole


def _field(widget: QWidget, errors: FieldErrors, key: str, parent: QWidget) -> QVBoxLayout:
    box = QVBoxLayout()
    box.setSpacing(1)
    box.addWidget(widget)
    box.addWidget(errors.add(key, widget, parent))
    return box


class SplitDialog(Retranslatable, QDialog):
    """Split one household. Emits :attr:`saved` with the new household's id."""

    saved = Signal(int)

    def __init__(self, db: Database, household: HouseholdRow, address: str, rooms: list[tuple[int, str]],
                 room_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("splitDialog")
        self.setMinimumWidth(520)
        self._db = db
        self.household = household
        self._address = address
        self.errors = FieldErrors()
        self.heading = QLabel(objectName="splitHeading")
        self.heading.setWordWrap(True)
        self.members = QListWidget(objectName="splitMembers")
        for rid, name in zip(household.member_ids, household.member_names, strict=True):
            item = QListWidgetItem(name)
            item.setData(RID, rid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.members.addItem(item)
        self.members.setMaximumHeight(min(8, max(3, self.members.count())) * 28 + 8)
        self.members.itemChanged.connect(lambda _i: self._fill_heads())
        self.room = QComboBox(objectName="splitRoom")
        for rid, label in rooms:
            self.room.addItem(label, rid)
        self.room.setCurrentIndex(max(self.room.findData(room_id), 0))
        self.head = QComboBox(objectName="splitHead")
        self.general = ErrorLabel(self)
        self.ok_button = QPushButton(objectName="splitOk", clicked=self.accept_split)
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(objectName="splitCancel", clicked=self.reject)
        form = QFormLayout()
        self._labels = {k: QLabel() for k in ("members", "room", "head")}
        form.addRow(self._labels["members"], _field(self.members, self.errors, "members", self))
        form.addRow(self._labels["room"], _field(self.room, self.errors, "room", self))
        form.addRow(self._labels["head"], _field(self.head, self.errors, "head", self))
        self._labels["room"].setBuddy(self.room)
        self._labels["head"].setBuddy(self.head)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addLayout(buttons)
        self.retranslate()
        self._fill_heads()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Split a household"))
        self.heading.setText(_("Household of {head} at {address}: tick the members who leave for a new "
                               "household.").format(head=self.household.member_names[0], address=self._address))
        self._labels["members"].setText(_("Who leaves"))
        self._labels["room"].setText(_("New household's &room"))
        self._labels["head"].setText(_("New household's &head"))
        self.ok_button.setText(_("Split"))
        self.cancel_button.setText(_("Cancel"))

    def tick(self, *names: str) -> None:
        for i in range(self.members.count()):
            item = self.members.item(i)
            if item.text() in names:
                item.setCheckState(Qt.CheckState.Checked)

    def leaving(self) -> list[int]:
        return [self.members.item(i).data(RID) for i in range(self.members.count())
                if self.members.item(i).checkState() == Qt.CheckState.Checked]

    def _fill_heads(self) -> None:
        current = self.head.currentData()
        self.head.clear()
        for i in range(self.members.count()):
            item = self.members.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                self.head.addItem(item.text(), item.data(RID))
        if current is not None and self.head.findData(current) >= 0:
            self.head.setCurrentIndex(self.head.findData(current))

    def accept_split(self) -> int | None:
        def write(session, _confirmed: bool) -> int:  # type: ignore[no-untyped-def]
            return split_household(session, self.household.id, self.leaving(), self.room.currentData(),
                                   self.head.currentData()).id

        new_id = write_form(self, self._db, write, self.errors, self.general, confirm_title="", ok_text="")
        if new_id is not None:
            self.saved.emit(new_id)
            self.accept()
        return new_id


class MergeDialog(Retranslatable, QDialog):
    """Merge another household into this one. Emits :attr:`saved` with this household's id."""

    saved = Signal(int)

    def __init__(self, db: Database, household: HouseholdRow, address: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setMinimumWidth(520)
        self._db = db
        self.household = household
        self._address = address
        self.errors = FieldErrors()
        self.heading = QLabel(objectName="mergeHeading")
        self.heading.setWordWrap(True)
        self.others = QListWidget(objectName="mergeOthers")
        with db.session() as s:
            self.nearby = households_near(s, household.id)
        self.others.itemActivated.connect(lambda _i: self.accept_merge())
        self.general = ErrorLabel(self)
        self.ok_button = QPushButton(objectName="mergeOk", clicked=self.accept_merge)
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(objectName="mergeCancel", clicked=self.reject)
        self.other_label = QLabel()
        self.other_label.setBuddy(self.others)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.other_label)
        layout.addLayout(_field(self.others, self.errors, "other", self))
        layout.addWidget(self.general)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Merge households"))
        self.heading.setText(_("The members of the household chosen join the household of {head} at {address}; "
                               "{head} stays its head, the other household is archived.").format(
            head=self.household.member_names[0], address=self._address))
        self.other_label.setText(_("The &other household (this room first, then the building)"))
        self.ok_button.setText(_("Merge"))
        self.cancel_button.setText(_("Cancel"))
        row = self.others.currentRow()
        self.others.clear()
        for n in self.nearby:
            text = f"{n.room}  {'、'.join(n.member_names)}"
            if n.same_room:
                text += "  " + _("(this room)")
            item = QListWidgetItem(text)
            item.setData(RID, n.id)
            self.others.addItem(item)
        if self.nearby:
            self.others.setCurrentRow(max(row, 0))
        else:
            self.errors.show({"other": _("No other household lives in this building.")})

    def choose(self, household_id: int) -> None:
        for i in range(self.others.count()):
            if self.others.item(i).data(RID) == household_id:
                self.others.setCurrentRow(i)

    def accept_merge(self) -> int | None:
        item = self.others.currentItem()
        if item is None:
            self.errors.show({"other": _("Choose the other household.")})
            return None

        def write(session, _confirmed: bool) -> int:  # type: ignore[no-untyped-def]
            return merge_households(session, self.household.id, item.data(RID)).id

        saved = write_form(self, self._db, write, self.errors, self.general, confirm_title="", ok_text="")
        if saved is not None:
            self.saved.emit(saved)
            self.accept()
        return saved
