"""The Party members tab (党员名册): organisation tree, members, reminders, dues, reporting-in.

Keyboard first: Ctrl+F searches the members (name, pinyin initials, phone,
ID, branch), Ctrl+N adds one; on the Dues page a member is found by initials,
Enter takes them and a second Enter records the month's dues.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from i18n import _, format_money, ngettext, parse_date
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.core.files import write_bytes  # whole or not at all: no partial file on a full disk
from models.party.dues import (
    METHOD_LABELS,
    arrears,
    can_edit_bands,
    dues_grid,
    month_start,
    monthly_due,
    quarter_months,
    record_payment,
)
from models.party.entities import PartyMember
from models.party.members import (
    ORG_KIND_LABELS,
    add_service,
    org_tree,
    political_birthdays,
    probation_reminders,
    save_org,
    service_by_member,
    service_summary,
    set_org_archived,
)
from models.party.roster import MemberListSource, member_search_condition
from models.residents.entities import Resident
from models.residents.registry import search_residents
from ui.common.background import BackgroundRefresh
from ui.common.forms import ErrorLabel, Retranslatable, open_dialog
from ui.common.lazy_model import LazyTableModel, list_view
from ui.common.quick_find import QuickFind
from ui.common.style import emphasize
from ui.common.worker import Job
from ui.party.dues_bands import DuesBandsDialog
from ui.party.member_dialog import MemberDialog, _parse_yuan
from ui.party.status_dialog import StatusDialog


class PartyTab(Retranslatable, QWidget):
    """The Party roster's pages."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("partyTab")
        self._db = db
        self._today = today
        self.pages = QTabWidget(objectName="partyPages")
        self.members = MembersPage(db, self)
        self.reminders = RemindersPage(db, self)
        self.dues = DuesPage(db, self)
        self.service = ServicePage(db, self)
        for page in (self.members, self.reminders, self.dues, self.service):
            self.pages.addTab(page, "")
        self.pages.currentChanged.connect(lambda i: self.pages.widget(i).refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.retranslate()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def retranslate(self) -> None:
        for i, text in enumerate((_("&Members"), _("Re&minders"), _("&Dues"), _("Reporting &in"))):
            self.pages.setTabText(i, text)


class _Page(Retranslatable, QWidget):
    def __init__(self, db: Database, tab: PartyTab):
        super().__init__(tab)
        self._db = db
        self._tab = tab

    @property
    def today(self) -> dt.date:
        return self._tab.today

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass

    def refresh_if_shown(self) -> None:
        """Refresh now when this page is the one shown; otherwise showing it refreshes it.

        The Dues page alone fills 2,000 rows: built with the tab, it made the
        tab's first display take 1.4 s on ten years of data (issue 9).
        """
        if self._tab.pages.currentWidget() is self:
            self.refresh()


# --- members: the tree and the list ------------------------------------------------------------


class MembersPage(_Page):
    def __init__(self, db: Database, tab: PartyTab):
        super().__init__(db, tab)
        self.tree = QTreeWidget(objectName="orgTree")
        self.tree.setColumnCount(3)
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


# --- reminders ------------------------------------------------------------------------------------


class RemindersPage(_Page):
    def __init__(self, db: Database, tab: PartyTab):
        super().__init__(db, tab)
        self.probation_label = QLabel()
        self.probation = QListWidget(objectName="probationList")
        self.birthday_label = QLabel()
        self.birthdays = QListWidget(objectName="birthdayList")
        layout = QHBoxLayout(self)
        for label, widget in ((self.probation_label, self.probation), (self.birthday_label, self.birthdays)):
            box = QVBoxLayout()
            box.addWidget(label)
            box.addWidget(widget, 1)
            layout.addLayout(box)
        self.retranslate()

    def retranslate(self) -> None:
        self.probation_label.setText(_("Probationary year ending within 30 days"))
        self.birthday_label.setText(_("Political birthdays this month (joining anniversaries)"))
        self.refresh_if_shown()

    def refresh(self) -> None:
        today = self.today
        with self._db.session() as s:
            reminders = probation_reminders(s, today)
            birthdays = political_birthdays(s, today.year, today.month)
        self.probation.clear()
        for r in reminders:
            when = (
                _("overdue by {n} days").format(n=-r.days_left) if r.days_left < 0
                else _("in {n} days").format(n=r.days_left)
            )
            self.probation.addItem(
                _("{name}: joined {joined}, year ends {ends} ({when})").format(
                    name=r.name, joined=r.joined_on.isoformat(), ends=r.year_ends.isoformat(), when=when
                )
            )
        self.birthdays.clear()
        for b in birthdays:
            self.birthdays.addItem(
                _("{day:02d}: {name} — {years} years in the Party (joined {joined})").format(
                    day=b.joined_on.day, name=b.name, years=b.years, joined=b.joined_on.isoformat()
                )
            )


# --- dues --------------------------------------------------------------------------------------------


class _DuesGridModel(QAbstractTableModel):
    """The quarter's dues grid as plain rows (no 12,000 QTableWidgetItems: issue 9)."""

    _RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list = []
        self._headers: list[str] = []
        self._texts: dict[str, str] = {}

    def set_rows(self, rows: list, headers: list[str], texts: dict[str, str]) -> list[int]:
        """Show ``rows`` (from ``dues_grid``); returns the three months' collected totals in fen."""
        self.beginResetModel()
        self._rows, self._headers, self._texts = list(rows), headers, texts
        self.endResetModel()
        return self.totals()

    def replace_member(self, member_id: int, rows: list) -> bool:
        """Put a member's new line (``dues_grid(member_id=)``: one row or none) in place of the
        old one; False when the member was not shown (the whole grid must be read again)."""
        at = next((i for i, r in enumerate(self._rows) if r.member_id == member_id), None)
        if at is None or len(rows) != 1:
            return False
        self._rows[at] = rows[0]
        self.dataChanged.emit(self.index(at, 0), self.index(at, self.columnCount() - 1))
        return True

    def totals(self) -> list[int]:
        """The three months' collected totals in fen."""
        totals = [0, 0, 0]
        for row in self._rows:
            for c, (state, fen) in enumerate(row.cells):
                if state in ("paid", "short"):
                    totals[c] += fen
        return totals

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole):
            return None
        row, col = self._rows[index.row()], index.column()
        if col < 2:
            return (row.name if col == 0 else row.branch) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._RIGHT
        if col == 5:
            return format_money(row.total_fen) if role == Qt.ItemDataRole.DisplayRole else None
        state, fen = row.cells[col - 2]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(Qt.GlobalColor.darkRed) if state in ("unpaid", "short") else None
        return format_money(fen) if state in ("paid", "short") else self._texts[state]


class DuesPage(_Page):
    """The quarter's grid, quick payment entry and the arrears list."""

    def __init__(self, db: Database, tab: PartyTab):
        super().__init__(db, tab)
        self.member_id: int | None = None
        today = self.today
        self.year = QSpinBox(objectName="duesYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.quarter = QComboBox(objectName="duesQuarter")
        for q in range(1, 5):
            self.quarter.addItem(f"Q{q}", q)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.quarter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.grid_model = _DuesGridModel(self)
        self.grid = QTableView(objectName="duesGrid")
        self.grid.setModel(self.grid_model)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setAlternatingRowColors(True)
        # Column widths from the first rows only: measuring 2,000 rows took 1.5 s (issue 9).
        self.grid.horizontalHeader().setResizeContentsPrecision(100)

        self.finder = QuickFind(self._search, self, visible_rows=4)
        self.finder.chosen.connect(self.choose_member)
        self.chosen_label = QLabel(objectName="duesChosen")
        self.month = QLineEdit(objectName="duesMonth")
        self.amount = QLineEdit(objectName="duesAmount")
        self.method = QComboBox(objectName="duesMethod")
        self.paid_by = QLineEdit(objectName="duesPaidBy")
        self.record_button = QPushButton(objectName="recordPayment")
        self.record_button.clicked.connect(self.record)
        for edit in (self.month, self.amount, self.paid_by):
            edit.returnPressed.connect(self.record)
        self.error = ErrorLabel(self)
        self.arrears_label = QLabel()
        self.arrears = QListWidget(objectName="arrearsList")
        self.bands_button = QPushButton(objectName="duesBands")
        self.bands_button.clicked.connect(self.open_bands)
        self.bands_dialog: DuesBandsDialog | None = None
        self.owing: list = []  # the arrears shown (models.party.dues.Arrears)
        # The grid and the arrears (2,000 members: ~0.3 s) are read in a worker thread.
        self._loader = BackgroundRefresh(db, self)
        self._loader.ready.connect(self._show)
        self._loader.failed.connect(self.error.show_message)

        entry = QVBoxLayout()
        self.entry_title = QLabel()
        entry.addWidget(self.entry_title)
        entry.addWidget(self.finder)
        entry.addWidget(self.chosen_label)
        self._entry_labels = [QLabel() for _i in range(4)]
        for label, widget in zip(self._entry_labels, (self.month, self.amount, self.method, self.paid_by), strict=True):
            label.setBuddy(widget)
            entry.addWidget(label)
            entry.addWidget(widget)
        entry.addWidget(self.record_button)
        entry.addWidget(self.error)
        entry.addWidget(self.arrears_label)
        entry.addWidget(self.arrears, 1)
        top = QHBoxLayout()
        self.period_label = QLabel()
        top.addWidget(self.period_label)
        top.addWidget(self.year)
        top.addWidget(self.quarter)
        top.addStretch(1)
        self.totals = QLabel(objectName="duesTotals")
        top.addWidget(self.totals)
        top.addWidget(self.bands_button)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.grid, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(entry, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.entry_title.setText(_("Record a payment"))
        for label, text in zip(self._entry_labels, (_("Mon&th (YYYY-MM)"), _("Amo&unt (yuan)"), _("Met&hod"),
                                                       _("Paid on &behalf by")), strict=True):
            label.setText(text)
        current = self.method.currentData()
        self.method.clear()
        for key, label in METHOD_LABELS.items():
            self.method.addItem(_(label), key)
        self.method.setCurrentIndex(max(0, self.method.findData(current)))
        self.record_button.setText(_("&Record (Enter)"))
        self.period_label.setText(_("Quarter"))
        self.arrears_label.setText(_("Arrears (the last twelve months)"))
        self.bands_button.setText(_("Dues ba&nds…"))
        self.refresh_if_shown()

    def open_bands(self) -> DuesBandsDialog | None:
        """The bands editor (administrators only: the button is disabled for others)."""
        if not can_edit_bands():
            return None
        dialog = DuesBandsDialog(self._db, self, today=self.today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.refresh)
        dialog.finished.connect(lambda _r: setattr(self, "bands_dialog", None))
        self.bands_dialog = dialog
        dialog.open()
        return dialog

    def _search(self, text: str):  # type: ignore[no-untyped-def]
        with self._db.session() as s:
            return search_residents(s, text, where=member_search_condition())

    def choose_member(self, resident_id: int) -> None:
        with self._db.session() as s:
            self.member_id = s.scalar(select(PartyMember.id).where(PartyMember.resident_id == resident_id))
        month = self._next_unpaid()
        self.month.setText(month.strftime("%Y-%m"))
        self._show_due()
        self.amount.setFocus()
        self.amount.selectAll()

    def arrears_window(self) -> tuple[dt.date, dt.date]:
        """A month is in arrears once it has ended: the last twelve ended months."""
        last = month_start(self.today) - dt.timedelta(days=1)
        first = month_start(dt.date(last.year - 1, last.month, 1) + dt.timedelta(days=31))
        return first, last

    def _next_unpaid(self) -> dt.date:
        with self._db.session() as s:
            rows = arrears(s, *self.arrears_window(), member_id=self.member_id)
        return rows[0].months[0] if rows else month_start(self.today)

    def _show_due(self) -> None:
        month = self._month()
        if self.member_id is None or month is None:
            return
        with self._db.session() as s:
            member = s.get(PartyMember, self.member_id)
            name = s.get(Resident, member.resident_id).name
            due = monthly_due(s, self.member_id, month)
        self.amount.setText(f"{due / 100:.2f}")
        self.chosen_label.setText(_("{name}: {due} a month").format(name=name, due=format_money(due)))

    def _month(self) -> dt.date | None:
        text = self.month.text().strip()
        try:
            return parse_date(text + "-01") if len(text) <= 7 else parse_date(text)
        except ValueError:
            return None

    def record(self) -> bool:
        if self.member_id is None:
            self.error.show_message(_("Find the member first."))
            self.finder.focus()
            return False
        month = self._month()
        if month is None:
            self.error.show_message(_("Write the month as 2026-11."))
            return False
        try:
            amount = _parse_yuan(self.amount.text())
            with self._db.write() as s:
                record_payment(s, self.member_id, month, amount_fen=amount, method=self.method.currentData(),
                               paid_by=self.paid_by.text(), today=self.today)
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return False
        except (ValueError, LinliError) as exc:
            self.error.show_message(str(exc))
            return False
        self.error.show_message("")
        self.chosen_label.setText(_("Recorded {month}.").format(month=month.strftime("%Y-%m")))
        paid_member, self.member_id = self.member_id, None
        self.month.clear()
        self.amount.clear()
        self.paid_by.clear()
        self._update_member(paid_member)
        self.finder.focus()
        return True

    @property
    def loading(self) -> bool:
        """The grid and the arrears are being read."""
        return self._loader.pending

    def _months(self) -> list[dt.date]:
        return quarter_months(self.year.value(), self.quarter.currentData() or 1)

    def refresh(self) -> None:
        """Read the quarter's grid and the arrears again, in a worker thread (shown when read)."""
        editable = can_edit_bands()
        self.bands_button.setEnabled(editable)
        self.bands_button.setToolTip("" if editable else _("Only an administrator can change the dues bands."))
        months, window = self._months(), self.arrears_window()

        def read(job: Job) -> tuple[list[dt.date], list, list]:
            with job.db.session() as s:
                return months, dues_grid(s, months), arrears(s, *window)

        self.totals.setText(_("Reading the dues…"))
        self._loader.request(read)

    def _show(self, payload: tuple[list[dt.date], list, list]) -> None:
        months, rows, self.owing = payload
        texts = {"deferred": _("Deferred"), "unpaid": _("Unpaid"), "none": "—"}
        headers = [_("Name"), _("Branch"), *(m.strftime("%Y-%m") for m in months), _("Total")]
        self.grid_model.set_rows(rows, headers, texts)
        self.grid.resizeColumnsToContents()
        self._show_totals()
        self._fill_arrears()

    def _show_totals(self) -> None:
        self.totals.setText(_("Collected: {total}").format(total=format_money(sum(self.grid_model.totals()))))

    def _fill_arrears(self) -> None:
        self.arrears.clear()
        self.arrears.addItems([
            ngettext("{name} ({branch}): {n} month, {owed}", "{name} ({branch}): {n} months, {owed}", len(a.months)).format(
                name=a.name, branch=a.branch, n=len(a.months), owed=format_money(a.owed_fen))
            for a in self.owing
        ])

    def _update_member(self, member_id: int) -> None:
        """After a payment: that member's line and arrears read again here (a few ms), not the whole page.

        While the page is still being read, the read starts again instead (it may predate the payment).
        """
        if self._loader.pending:
            self.refresh()
            return
        with self._db.session() as s:
            line = dues_grid(s, self._months(), member_id=member_id)
            mine = arrears(s, *self.arrears_window(), member_id=member_id)
        if not self.grid_model.replace_member(member_id, line):
            self.refresh()
            return
        self._show_totals()
        at = next((i for i, a in enumerate(self.owing) if a.member_id == member_id), None)
        if at is not None:
            self.owing[at:at + 1] = mine
            self._fill_arrears()
        elif mine:  # not in arrears before the payment: the list's order needs the whole read
            self.refresh()


# --- reporting in ---------------------------------------------------------------------------------------


class ServicePage(_Page):
    """Service entries of reporting-in members, the hours and the reporting-in rate."""

    def __init__(self, db: Database, tab: PartyTab):
        super().__init__(db, tab)
        self.member_id: int | None = None
        self.finder = QuickFind(self._search, self, visible_rows=4)
        self.finder.chosen.connect(self._chosen)
        self.chosen_label = QLabel()
        self.served_on = QLineEdit(objectName="servedOn")
        self.hours = QLineEdit(objectName="serviceHours")
        self.description = QLineEdit(objectName="serviceDescription")
        self.add_button = QPushButton(objectName="addService")
        self.add_button.clicked.connect(self.add)
        self.description.returnPressed.connect(self.add)
        self.hours.returnPressed.connect(self.add)
        self.error = ErrorLabel(self)
        self.summary = QLabel(objectName="serviceSummary")
        emphasize(self.summary, px=15)
        self.table = QTableWidget(objectName="serviceTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        entry = QVBoxLayout()
        self._labels = [QLabel() for _i in range(3)]
        entry.addWidget(self.finder)
        entry.addWidget(self.chosen_label)
        for label, w in zip(self._labels, (self.served_on, self.hours, self.description), strict=True):
            label.setBuddy(w)
            entry.addWidget(label)
            entry.addWidget(w)
        entry.addWidget(self.add_button)
        entry.addWidget(self.error)
        entry.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.summary)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(entry, 1)
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(self._labels, (_("Served &on"), _("H&ours"), _("&What was done")), strict=True):
            label.setText(text)
        self.served_on.setPlaceholderText(_("today"))
        self.add_button.setText(_("&Add service"))
        self.refresh_if_shown()

    def _search(self, text: str):  # type: ignore[no-untyped-def]
        where = Resident.id.in_(
            select(PartyMember.resident_id).where(
                PartyMember.member_type == "reporting_in", PartyMember.status == "active"
            )
        )
        with self._db.session() as s:
            return search_residents(s, text, where=where)

    def _chosen(self, resident_id: int) -> None:
        with self._db.session() as s:
            self.member_id = s.scalar(select(PartyMember.id).where(PartyMember.resident_id == resident_id))
            self.chosen_label.setText(s.get(Resident, resident_id).name)
        self.hours.setFocus()

    def add(self) -> bool:
        if self.member_id is None:
            self.error.show_message(_("Find the member first."))
            return False
        try:
            day = parse_date(self.served_on.text()) or self.today
            hours = float(self.hours.text().strip() or "0")
            with self._db.write() as s:
                add_service(s, self.member_id, day, round(hours * 60), description=self.description.text(),
                            today=self.today)
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return False
        except ValueError as exc:
            self.error.show_message(str(exc) if "date" in str(exc) else _("Write the hours as 1.5."))
            return False
        self.error.show_message("")
        self.member_id = None
        self.chosen_label.clear()
        for w in (self.served_on, self.hours, self.description):
            w.clear()
        self.refresh()
        self.finder.focus()
        return True

    def refresh(self) -> None:
        start, end = dt.date(self.today.year, 1, 1), self.today
        with self._db.session() as s:
            summary = service_summary(s, start, end)
            lines = service_by_member(s, start, end)
        self.summary.setText(
            _("{year}: {served} of {total} members reporting in served ({rate}); {hours} hours, {times} person-times.").format(
                year=start.year, served=summary.served, total=summary.reporting_in,
                rate=f"{summary.rate:.1%}", hours=f"{summary.hours:.1f}", times=summary.person_times,
            )
        )
        self.table.clear()
        self.table.setColumnCount(5)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Service post"), _("Times"), _("Hours"), _("Person-times")])
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            for c, value in enumerate((line.name, line.service_post, str(line.times), f"{line.minutes / 60:.1f}",
                                       str(line.person_times))):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
