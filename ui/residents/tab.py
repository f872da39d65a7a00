"""The Residents tab (居民): the registry all four jobs share.

Keyboard first: Ctrl+F searches, typing filters as you type (name, pinyin
initials, phone digits or ID number), Down moves into the list, Enter opens
the resident, Ctrl+N adds one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _, ngettext
from models.residents.registry import (
    ResidentListSource,
    get_resident,
    has_residents,
    is_archived,
    set_archived,
)
from ui.common import dialogs
from ui.common.forms import Retranslatable, open_dialog
from ui.common.lazy_model import LazyTableModel, list_view
from ui.common.style import emphasize
from ui.residents.dialog import ResidentDialog

#: One query of each shape the search builds (pinyin letters, a short and a long number, Chinese):
#: compiled once in the background after the window appears (see ResidentsTab.showEvent).

if TYPE_CHECKING:
    from models.core.db import Database
WARM_UP_QUERIES = ("a", "1", "123", "张")


def _menu_text(text: str) -> str:
    """A menu entry as the menu shows it, without its mnemonic: "文件(&F)" → "文件", "&File" → "File"."""
    return re.sub(r"\(&[^)]\)|&(?=.)", "", text)


class ResidentsTab(Retranslatable, QWidget):
    """List, search, add, edit and archive residents."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("residentsTab")
        self._db = db
        self.source = ResidentListSource()
        self.model = LazyTableModel(self.source, db.session, parent=self)
        self.dialog: ResidentDialog | None = None
        self._warmed = False

        self.search = QLineEdit(objectName="residentSearch")
        emphasize(self.search, px=16)
        self.search.setTextMargins(4, 3, 4, 3)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self._on_search_enter)
        self.search.installEventFilter(self)
        self.show_archived = QCheckBox(objectName="showArchived")
        self.show_archived.toggled.connect(self._on_show_archived)
        self.count = QLabel(objectName="residentCount")
        # An empty registry (a new database): where the residents come from, or how to try the demo.
        self.empty_hint = QLabel(objectName="emptyRegistryHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        emphasize(self.empty_hint, px=15, color="#33475b", background="#eef3f8")
        self.empty_hint.setMargin(10)
        self.empty_hint.setVisible(False)

        self.table = list_view(self.model, "residentTable", (150, 60, 60, 180, 120, 260, 100))
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.installEventFilter(self)

        self.new_button = QPushButton(objectName="newResident")
        self.new_button.clicked.connect(self.new_resident)
        self.open_button = QPushButton(objectName="openResident")
        self.open_button.clicked.connect(self.open_selected)
        self.archive_button = QPushButton(objectName="archiveResident")
        self.archive_button.clicked.connect(self.toggle_archive)

        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.new_action = QAction(self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_resident)
        self.addActions([self.find_action, self.new_action])

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_archived)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.model.modelReset.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.retranslate()
        self._update_count()

    # --- texts --------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search: name, pinyin initials (zsm), phone or ID number — Ctrl+F"))
        self.show_archived.setText(_("Show archived"))
        self.new_button.setText(_("&New resident (Ctrl+N)"))
        self.open_button.setText(_("&Open (Enter)"))
        self.model.refresh_texts()
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(ngettext("{n} resident", "{n} residents", n).format(n=n))
        self._update_empty_hint(n)
        self._update_buttons()

    def _update_empty_hint(self, shown: int) -> None:
        """The hint while the registry is empty; gone with the first resident (added or imported)."""
        empty = False
        if not shown:  # nobody listed: an empty registry, or a search that finds nobody (one LIMIT 1 query)
            with self._db.session() as session:
                empty = not has_residents(session)
        if empty:
            self.empty_hint.setText(
                _("The registry is empty. Import the residents from an Excel file: {menu}, or add them one "
                  "by one: {new}.").format(
                    menu=" → ".join(_menu_text(t) for t in (_("&File"), _("&Import residents or elders…"))),
                    new=_menu_text(self.new_button.text()))
                + "\n"
                + _("To try Linli first, fill a separate demo database: {fill}, then open it: {open} "
                    "(log in as demo-admin, password linli-demo).").format(
                    fill="python3 dev.py run demo --db demo.sqlite3", open="python3 dev.py run --db demo.sqlite3")
            )
        self.empty_hint.setVisible(empty)

    def _update_buttons(self) -> None:
        rid = self.selected_id()
        archived = False
        if rid is not None:
            with self._db.session() as session:  # one column, not the whole record (at every keystroke)
                archived = is_archived(session, rid)
        self.archive_button.setText(_("&Restore") if archived else _("&Archive"))
        self.open_button.setEnabled(rid is not None)
        self.archive_button.setEnabled(rid is not None)

    # --- search -----------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802, ANN001
        """Once: the search's SQL compiled in a worker thread, so the session's first keystroke does not
        pay for it (~15 ms of a 50 ms first keystroke on ten years of data, issue 9)."""
        super().showEvent(event)
        if not self._warmed:
            self._warmed = True
            from ui.common.worker import Worker

            source = ResidentListSource()

            def warm(job) -> None:  # type: ignore[no-untyped-def]  # in the worker thread
                with job.db.session() as session:
                    for text in WARM_UP_QUERIES:
                        source.ids(session, text, None, False)

            Worker(self._db, warm).start()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search(self, text: str) -> None:
        self.model.set_filter(text)
        if self.model.rowCount():
            self.select_row(0)

    def _on_search_enter(self) -> None:
        if self.model.rowCount() == 1:
            self.select_row(0)
            self.open_selected()
        elif self.model.rowCount():
            self.table.setFocus()

    def _on_show_archived(self, checked: bool) -> None:
        self.source.include_archived = checked
        self.model.reload()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802  # type: ignore[no-untyped-def]
        if event.type() == event.Type.KeyPress:
            if obj is self.search and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.table.setFocus()
                if not self.table.selectionModel().hasSelection() and self.model.rowCount():
                    self.select_row(0)
                return True
            if obj is self.table and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
        return super().eventFilter(obj, event)

    # --- selection ---------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def selected_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model.id_at(index.row())

    def select_id(self, resident_id: int) -> None:
        row = self.model.row_of(resident_id)
        if row is not None:
            self.select_row(row)

    # --- actions -------------------------------------------------------------------------

    def new_resident(self) -> ResidentDialog:
        return self._open_dialog(None)

    def open_selected(self) -> ResidentDialog | None:
        rid = self.selected_id()
        return self._open_dialog(rid) if rid is not None else None

    def _open_dialog(self, resident_id: int | None) -> ResidentDialog:
        dialog = ResidentDialog(self._db, resident_id, parent=self)
        return open_dialog(self, dialog, dialog.saved, self._after_save)

    def _after_save(self, resident_id: int) -> None:
        self.model.reload()
        self.select_id(resident_id)
        self.table.setFocus()

    def toggle_archive(self) -> None:
        rid = self.selected_id()
        if rid is None:
            return
        with self._db.session() as session:
            resident = get_resident(session, rid)
            name, archived = resident.name, resident.archived
        if archived:
            question = _("Restore {name} to the active registry?").format(name=name)
        else:
            question = _(
                "Archive {name}? The record is kept but no longer offered in searches; it can be restored."
            ).format(name=name)
        if not dialogs.confirm(self, _("Archive") if not archived else _("Restore"), question):
            return
        with self._db.write() as session:
            set_archived(session, rid, not archived)
        self.model.reload()
        self.select_id(rid)
        self._update_buttons()
