"""The Central households page (党员中心户): each one with its Party member, place and how many households
it looks after; a member's household made central (the quick-find, then the button — only an active
Party member qualifies, the domain says why not); the households it looks after ticked from its
neighbours (its building), with the count and a gentle word outside 10–15."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, ngettext
from models.core.errors import LinliError, ValidationFailed
from models.grids import (
    central_households,
    look_after,
    look_after_warning,
    make_central_household,
    neighbour_households,
    remove_central_household,
)
from ui.common import dialogs
from ui.common.forms import ErrorLabel
from ui.common.quick_find import QuickFind, describe_hit
from ui.common.style import emphasize
from ui.grids.page import GridsPage

CENTRAL = Qt.ItemDataRole.UserRole


class CentralsPage(GridsPage):
    def __init__(self, db, tab):  # type: ignore[no-untyped-def]
        super().__init__(db, tab)
        self.rows: list = []
        self.table = QTableWidget(objectName="centralTable")
        self.table.setColumnCount(3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.table.currentCellChanged.connect(lambda *_a: self._central_chosen())
        self.remove_button = QPushButton(objectName="removeCentral", clicked=self.remove_central)
        self.removed_label = QLabel(objectName="centralRemoved")
        self.removed_label.setWordWrap(True)
        # --- a member's household made central ---
        self.member_id: int | None = None
        self.finder = QuickFind(self.search, self, visible_rows=3)
        self.finder.chosen.connect(self._chosen)
        self.chosen_label = QLabel(objectName="centralMember")
        self.chosen_label.setWordWrap(True)
        emphasize(self.chosen_label, px=15)
        self.make_button = QPushButton(objectName="makeCentral", clicked=self.make_central)
        self.member_error = ErrorLabel(self)
        self.member_error.setObjectName("error_member")
        self.make_box = QGroupBox(objectName="makeCentralBox")
        box = QVBoxLayout(self.make_box)
        box.addWidget(self.finder)
        row = QHBoxLayout()
        row.addWidget(self.chosen_label, 1)
        row.addWidget(self.make_button)
        box.addLayout(row)
        box.addWidget(self.member_error)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.removed_label, 1)
        row.addWidget(self.remove_button)
        column.addLayout(row)
        column.addWidget(self.make_box)
        # --- the households it looks after ---
        self.wards_heading = QLabel(objectName="wardsHeading")
        self.wards_heading.setWordWrap(True)
        self.wards = QListWidget(objectName="wardList")
        self.wards.itemChanged.connect(lambda _item: self._count())
        self.count_label = QLabel(objectName="wardCount")
        emphasize(self.count_label, px=15)
        self.warning = QLabel(objectName="wardWarning")
        self.warning.setWordWrap(True)
        emphasize(self.warning, color="#8a5a00")
        self.save_button = QPushButton(objectName="saveWards", clicked=self.save_wards)
        self.wards_error = ErrorLabel(self)
        self.wards_error.setObjectName("error_households")
        self.wards_done = QLabel(objectName="wardsDone")
        self.wards_box = QGroupBox(objectName="wardsBox")
        side = QVBoxLayout(self.wards_box)
        side.addWidget(self.wards_heading)
        side.addWidget(self.wards, 1)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.save_button)
        side.addLayout(row)
        side.addWidget(self.warning)
        side.addWidget(self.wards_error)
        side.addWidget(self.wards_done)
        split = QSplitter(objectName="centralsSplit")
        split.addWidget(left)
        split.addWidget(self.wards_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Party member"), _("Place"), _("Looks after")])
        self.make_box.setTitle(_("Make a Party member's household central"))
        self.make_button.setText(_("Make central household"))
        self.remove_button.setText(_("&Remove central household…"))
        self.remove_button.setToolTip(_("The household stays; it is no longer a central household and the "
                                        "households it looks after have none."))
        self.wards_box.setTitle(_("Households it looks after"))
        self.removed_label.clear()  # a message of the language before
        self.save_button.setText(_("Save the ticked households"))
        if self.member_id is None:
            self.chosen_label.setText(_("Find the Party member above."))
        self._central_chosen()

    def refresh(self) -> None:
        chosen = self.central_id()
        with self._db.session() as s:
            self.rows = central_households(s)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            first = QTableWidgetItem(r.name)
            first.setData(CENTRAL, r.id)
            self.table.setItem(i, 0, first)
            self.table.setItem(i, 1, QTableWidgetItem(r.place))
            self.table.setItem(i, 2, QTableWidgetItem(str(len(r.wards))))
        self.table.blockSignals(False)
        row = next((i for i, r in enumerate(self.rows) if r.id == chosen), 0)
        if self.rows:
            self.table.setCurrentCell(row, 0)
        self._central_chosen()

    def central_id(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return item.data(CENTRAL) if item is not None else None

    def row_of(self, name: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.name == name), -1)

    # --- making one ----------------------------------------------------------------------------

    def _chosen(self, resident_id: int) -> None:
        hit = next((h for h in self.hits if h.id == resident_id), None)
        self.member_id = resident_id
        self.chosen_label.setText(describe_hit(hit) if hit else "")
        self.member_error.show_message("")
        self.make_button.setFocus()

    def make_central(self) -> bool:
        if self.member_id is None:
            self.member_error.show_message(_("Find the Party member above."))
            return False
        try:
            with self._db.write() as s:
                central_id = make_central_household(s, self.member_id).id
        except ValidationFailed as exc:
            self.member_error.show_message("\n".join(exc.errors.values()))
            return False
        self.member_error.show_message("")
        self.removed_label.clear()
        self.member_id = None
        self.chosen_label.setText(_("Find the Party member above."))
        self.refresh()
        row = next((i for i, r in enumerate(self.rows) if r.id == central_id), -1)
        if row >= 0:
            self.table.setCurrentCell(row, 0)
        self.wards.setFocus()
        return True

    # --- removing one ---------------------------------------------------------------------------

    def remove_central(self) -> bool:
        """Ask, then remove the chosen central household (its look-after links end with it)."""
        cid = self.central_id()
        row = next((r for r in self.rows if r.id == cid), None)
        if row is None:
            return False
        looked_after = ngettext("It looks after {count} household, which will have no central household.",
                                "It looks after {count} households, which will have no central household.",
                                len(row.wards)).format(count=len(row.wards)) if row.wards else ""
        question = _("{name}'s household ({place}) will no longer be a central household.").format(
            name=row.name, place=row.place)
        if not dialogs.confirm(self, _("Remove central household"), "\n\n".join(filter(None, (question, looked_after))),
                               ok_text=_("&Remove")):
            return False
        try:
            with self._db.write() as s:
                remove_central_household(s, cid)
        except LinliError as exc:  # removed meanwhile at another desk
            self.removed_label.setText(str(exc))
            self.refresh()
            return False
        self.refresh()
        self.removed_label.setText(_("{name}'s household is no longer a central household.").format(name=row.name))
        self.table.setFocus()
        return True

    # --- the households it looks after ---------------------------------------------------------

    def _central_chosen(self) -> None:
        cid = self.central_id()
        self.wards.blockSignals(True)
        self.wards.clear()
        self.wards_error.show_message("")
        self.wards_done.clear()
        row = next((r for r in self.rows if r.id == cid), None)
        self.save_button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None)
        if row is None:
            self.wards_heading.setText(_("Choose a central household on the left."))
            self.wards.blockSignals(False)
            self._count()
            return
        self.wards_heading.setText(_("Neighbours of {name}'s household ({place}): tick the ones it looks "
                                     "after.").format(name=row.name, place=row.place))
        with self._db.session() as s:
            neighbours = neighbour_households(s, cid)
        others = {r.id: r.name for r in self.rows}
        for n in neighbours:
            text = f"{n.place}  {n.names}"
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, n.household_id)
            if n.central_id is not None and n.central_id != cid:
                text += "  " + _("(looked after by {name})").format(name=others.get(n.central_id, "?"))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setText(text)
            item.setCheckState(Qt.CheckState.Checked if n.central_id == cid else Qt.CheckState.Unchecked)
            self.wards.addItem(item)
        self.wards.blockSignals(False)
        self._count()

    def ticked(self) -> list[int]:
        return [self.wards.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.wards.count())
                if self.wards.item(i).checkState() == Qt.CheckState.Checked
                and self.wards.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]

    def tick(self, household_id: int, on: bool = True) -> None:
        for i in range(self.wards.count()):
            item = self.wards.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == household_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _count(self) -> None:
        count = len(self.ticked())
        self.count_label.setText(ngettext("{count} household ticked", "{count} households ticked",
                                          count).format(count=count))
        self.warning.setText(look_after_warning(count) if self.central_id() is not None else "")
        self.warning.setVisible(bool(self.warning.text()))

    def save_wards(self) -> bool:
        cid = self.central_id()
        if cid is None:
            return False
        try:
            with self._db.write() as s:
                look_after(s, cid, self.ticked())
        except (ValidationFailed, LinliError) as exc:
            message = "\n".join(exc.errors.values()) if isinstance(exc, ValidationFailed) else str(exc)
            self.wards_error.show_message(message)
            return False
        count = len(self.ticked())
        self.refresh()
        self.wards_done.setText(ngettext("Saved: it looks after {count} household.",
                                         "Saved: it looks after {count} households.", count).format(count=count))
        return True
