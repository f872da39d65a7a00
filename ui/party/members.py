"""The Members page of the Party tab: the organisation tree (add, rename, archive) and the member list.

Ctrl+F searches the members (name, pinyin initials, phone, ID, branch), Ctrl+N
adds one; the roster is written as PDF or .xlsx in a worker thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, ngettext
from models.core.errors import LinliError, ValidationFailed
from models.core.files import write_bytes  # whole or not at all: no partial file on a full disk
from models.party.members import ORG_KIND_LABELS
from models.party.orgs import org_tree, save_org, set_org_archived
from models.party.roster import MemberListSource
from ui.common.forms import ErrorLabel, open_dialog
from ui.common.lazy_model import LazyTableModel, list_view
from ui.party.member_dialog import MemberDialog
from ui.party.page import PartyPage
from ui.party.status_dialog import StatusDialog

if TYPE_CHECKING:
    from models.core.db import Database
    from ui.party.tab import PartyTab


class MembersPage(PartyPage):
    def __init__(self, db: Database, tab: PartyTab):
        super().__init__(db, tab)
        self.tree = QTreeWidget(objectName="orgTree")
        self.tree.setColumnCount(3)
        # A few dozen branches and groups: each column as wide as its longest name or title.
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemChanged.connect(self._renamed)
        self.tree.currentItemChanged.connect(self._branch_filter)
        self.org_name = QLineEdit(objectName="orgName")
        self.add_org_button = QPushButton(objectName="addOrg")
        self.add_org_button.clicked.connect(self.add_org)
        self.org_error = ErrorLabel(self)
        self.archive_button = QPushButton(objectName="archiveOrg")
        self.archive_button.clicked.connect(self.toggle_archived)
        self.show_archived = QCheckBox(objectName="showArchived")
        self.show_archived.toggled.connect(lambda _c: self.load_tree())
        self.tree.currentItemChanged.connect(lambda _i, _p: self._update_archive_button())

        self.source = MemberListSource()
        self.model = LazyTableModel(self.source, db.session, parent=self)
        self.search = QLineEdit(objectName="memberSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.model.set_filter)
        self.show_inactive = QCheckBox(objectName="showInactive")
        self.show_inactive.toggled.connect(self._toggle_inactive)
        self.count = QLabel(objectName="memberCount")
        self.table = list_view(self.model, "memberTable", (110, 140, 110, 80, 100, 95, 90))
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.new_button = QPushButton(objectName="newMember")
        self.new_button.clicked.connect(self.new_member)
        self.open_button = QPushButton(objectName="openMember")
        self.open_button.clicked.connect(self.open_selected)
        self.status_button = QPushButton(objectName="memberStatus")
        self.status_button.clicked.connect(self.open_status)
        self.roster_button = QPushButton(objectName="rosterExport")
        self.roster_button.clicked.connect(self.export_roster)
        self.roster_worker = None
        self.dialog: MemberDialog | None = None
        self.status_dialog: StatusDialog | None = None

        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_member)
        self.addActions([self.find_action, self.new_action])

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.tree, 1)
        add = QHBoxLayout()
        add.addWidget(self.org_name, 1)
        add.addWidget(self.add_org_button)
        lv.addLayout(add)
        archive = QHBoxLayout()
        archive.addWidget(self.archive_button)
        archive.addWidget(self.show_archived, 1)
        lv.addLayout(archive)
        lv.addWidget(self.org_error)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        top.addWidget(self.count)
        rv.addLayout(top)
        rv.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.status_button)
        buttons.addStretch(1)
        buttons.addWidget(self.roster_button)
        rv.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([330, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.model.modelReset.connect(self._update_count)
        self.retranslate()  # loads the tree

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([_("Organisation"), _("Secretary / leader"), _("Members")])
        self.org_name.setPlaceholderText(_("Name of a new branch or group under the selected node"))
        self.add_org_button.setText(_("&Add"))
        self.search.setPlaceholderText(_("Search: name, pinyin initials, phone, ID number or branch — Ctrl+F"))
        self.show_inactive.setText(_("Show transferred and deceased"))
        self.new_button.setText(_("&New member (Ctrl+N)"))
        self.open_button.setText(_("&Open"))
        self.status_button.setText(_("S&tatus…"))
        self.roster_button.setText(_("&Roster (PDF or Excel)…"))
        self.show_archived.setText(_("Show archi&ved"))
        self.model.refresh_texts()
        self._update_count()
        self.load_tree()

    def refresh(self) -> None:
        self.load_tree()
        self.model.reload()

    def export_roster(self):  # type: ignore[no-untyped-def]
        """Ask where, then write the whole roster (.pdf or .xlsx) in a worker thread; returns the worker."""
        from ui.common import dialogs
        from ui.common.export import refused_personal_output, write_recorded
        from ui.common.worker import run_in_worker

        title = _("Save the roster")
        if refused_personal_output(self, title):  # full ID numbers and mobiles: export.personal
            return None
        path = dialogs.save_file(
            self, title, f"party-roster-{self.today.isoformat()}.pdf",
            _("PDF files (*.pdf);;Excel workbook (*.xlsx)"),
        )
        if path is None:
            return None
        if path.suffix.lower() not in (".pdf", ".xlsx"):
            path = path.with_suffix(".pdf")

        def write(job):  # type: ignore[no-untyped-def]  # in the worker thread
            from models.core.settings import load_centre_info
            from models.party.roster import ROSTER_COLUMNS, roster_rows
            from models.safety.export import ROSTER
            from reports.party import roster_pdf, roster_xlsx

            with job.db.session() as s:
                rows = roster_rows(s)
                centre = load_centre_info(s)
            job.check()
            if path.suffix.lower() == ".xlsx":
                write_recorded(job.db, path, lambda: roster_xlsx(rows, path, ROSTER_COLUMNS), what=ROSTER,
                               count=len(rows), personal=True)
                return len(rows), ""
            result = roster_pdf(rows, centre)
            job.check()
            write_recorded(job.db, path, lambda: write_bytes(path, result.pdf), what=ROSTER, count=len(rows),
                           personal=True)
            return len(rows), "".join(result.missing)

        def written(outcome) -> None:  # type: ignore[no-untyped-def]
            count, missing = outcome
            text = _("Roster written to {path}: {count} members.").format(path=path, count=count)
            if missing:
                text += "\n" + _("No font has these characters: {chars}").format(chars=missing)
            dialogs.info(self, title, text)

        self.roster_worker = run_in_worker(
            self, self._db, write, title=title, label=_("Writing the roster…"), on_done=written, cancellable=True
        )
        return self.roster_worker

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(ngettext("{n} member", "{n} members", n).format(n=n))

    def _toggle_inactive(self, checked: bool) -> None:
        self.source.include_inactive = checked
        self.model.reload()

    # --- the tree -----------------------------------------------------------------------------

    def load_tree(self) -> None:
        current = self.tree.currentItem()
        keep = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self.tree.blockSignals(True)
        self.tree.clear()
        with self._db.session() as s:
            roots = org_tree(s, include_archived=self.show_archived.isChecked())

        def add(node, parent) -> None:  # type: ignore[no-untyped-def]
            item = QTreeWidgetItem(parent, [node.name, node.leader, str(node.members)])
            item.setData(0, Qt.ItemDataRole.UserRole, node.id)
            item.setData(1, Qt.ItemDataRole.UserRole, node.kind)
            item.setData(2, Qt.ItemDataRole.UserRole, node.archived)
            item.setToolTip(0, _(ORG_KIND_LABELS[node.kind]))
            if node.archived:
                item.setText(1, _("archived"))
                item.setToolTip(0, _("{kind}, archived").format(kind=_(ORG_KIND_LABELS[node.kind])))
                for col in range(3):
                    item.setForeground(col, Qt.GlobalColor.gray)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            for child in node.children:
                add(child, item)
            if node.id == keep:
                self.tree.setCurrentItem(item)

        for root in roots:
            add(root, self.tree)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.blockSignals(False)
        self._update_archive_button()

    def _update_archive_button(self) -> None:
        item = self.tree.currentItem()
        archived = bool(item.data(2, Qt.ItemDataRole.UserRole)) if item is not None else False
        self.archive_button.setText(_("Re&store") if archived else _("Arc&hive"))
        self.archive_button.setEnabled(item is not None)

    def toggle_archived(self) -> bool:
        """Archive the selected node (or restore it when it is archived); nothing is deleted."""
        item = self.tree.currentItem()
        if item is None:
            return False
        archived = bool(item.data(2, Qt.ItemDataRole.UserRole))
        try:
            with self._db.write() as s:
                set_org_archived(s, item.data(0, Qt.ItemDataRole.UserRole), not archived)
        except LinliError as exc:
            self.org_error.show_message(str(exc))
            return False
        self.org_error.show_message("")
        self.load_tree()
        self.model.reload()
        return True

    def add_org(self) -> None:
        item = self.tree.currentItem()
        parent_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if parent_id is None and self.tree.topLevelItemCount():
            parent_id = self.tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole)
        try:
            with self._db.write() as s:
                save_org(s, name=self.org_name.text(), parent_id=parent_id)
        except ValidationFailed as exc:
            self.org_error.show_message("\n".join(exc.errors.values()))
            return
        self.org_error.show_message("")
        self.org_name.clear()
        self.load_tree()

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        try:
            with self._db.write() as s:
                save_org(s, name=item.text(0), org_id=item.data(0, Qt.ItemDataRole.UserRole))
        except ValidationFailed as exc:
            self.org_error.show_message("\n".join(exc.errors.values()))
        else:
            self.org_error.show_message("")
        self.load_tree()

    def _branch_filter(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        branch = None
        if item is not None and item.data(1, Qt.ItemDataRole.UserRole) == "branch":
            branch = item.data(0, Qt.ItemDataRole.UserRole)
        elif item is not None and item.data(1, Qt.ItemDataRole.UserRole) == "group" and item.parent() is not None:
            branch = item.parent().data(0, Qt.ItemDataRole.UserRole)
        if branch != self.source.branch_id:
            self.source.branch_id = branch
            self.model.reload()

    # --- members ------------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def new_member(self) -> MemberDialog:
        return self._open(None)

    def open_selected(self) -> MemberDialog | None:
        mid = self.selected_id()
        return self._open(mid) if mid is not None else None

    def _open(self, member_id: int | None) -> MemberDialog:
        dialog = MemberDialog(self._db, member_id, parent=self)
        return open_dialog(self, dialog, dialog.saved, self._after_save)

    def open_status(self) -> StatusDialog | None:
        """The selected member's status history and a change (transferred out, deceased, back)."""
        mid = self.selected_id()
        if mid is None:
            return None
        dialog = StatusDialog(self._db, mid, parent=self, today=self.today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._after_save)
        dialog.finished.connect(lambda _r: setattr(self, "status_dialog", None))
        self.status_dialog = dialog
        dialog.open()
        return dialog

    def _after_save(self, member_id: int) -> None:
        self.model.reload()
        self.load_tree()
        row = self.model.row_of(member_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.scrollTo(index)
