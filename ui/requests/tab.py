"""The Requests tab (服务): the overdue list first (oldest deadline first, in red), taking a request, its moves.

The tab's title carries the overdue count (:func:`overdue_badge`, asked by the
main window; :attr:`RequestsTab.count_changed` after every change).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, ngettext
from models.core.db import Database
from models.requests import list_requests, overdue_count, overdue_requests
from models.requests.labels import STATE_LABELS, STATES, label
from ui.common.forms import Retranslatable
from ui.common.headers import keep_header_texts_whole
from ui.common.style import emphasize
from ui.requests.actions import ActionPanel
from ui.requests.intake import IntakeForm

OVERDUE_RED = "#b3261e"
#: The views of the list: (key, label); "overdue" is the first screen.
VIEWS = ("overdue", "open", "all", *STATES)


def overdue_badge(db: Database) -> int:
    """The overdue count for the tab's title (the main window asks before the tab is built)."""
    with db.session() as s:
        return overdue_count(s)


class RequestsTab(Retranslatable, QWidget):
    count_changed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self._db = db
        self._today = today
        self.rows = []
        self.heading = QLabel(objectName="overdueHeading")
        emphasize(self.heading, px=16, bold=True)
        self.view = QComboBox(objectName="view")
        for key in VIEWS:
            self.view.addItem("", key)
        self.view.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search = QLineEdit(objectName="requestSearch")
        self.search.returnPressed.connect(self.refresh)
        self.table = QTableWidget(objectName="requestTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        keep_header_texts_whole(self.table)
        self.table.itemSelectionChanged.connect(self._selected)
        self.intake = IntakeForm(db, lambda: self.today, self)
        self.intake.taken.connect(self._taken)
        self.actions = ActionPanel(db, lambda: self.today, self)
        self.actions.moved.connect(self._moved)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.search)
        top.addWidget(self.view)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.intake)
        side.addWidget(self.actions, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        # The forms scroll up and down at 1366×768, never sideways (the 1366 layout test).
        side_scroll = QScrollArea(objectName="requestSide")
        side_scroll.setWidget(right)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        side_scroll.setMinimumWidth(right.minimumSizeHint().width() + side_scroll.verticalScrollBar().sizeHint().width())
        split.addWidget(side_scroll)
        split.setCollapsible(1, False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([660, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def retranslate(self) -> None:
        names = {"overdue": _("Overdue"), "open": _("Open (not done)"), "all": _("All requests")}
        for i in range(self.view.count()):
            key = self.view.itemData(i)
            self.view.setItemText(i, names.get(key) or label(STATE_LABELS, key))
        self.search.setPlaceholderText(_("number, words, resident…"))
        self.refresh()

    # --- the list ------------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        key = self.view.currentData()
        with self._db.session() as s:
            count = overdue_count(s, self.today)
            if key == "overdue" and not self.search.text().strip():
                rows = overdue_requests(s, self.today)
            else:
                state = key if key in STATES else None
                rows = list_requests(s, state=state, overdue=key == "overdue", text=self.search.text(),
                                     today=self.today, open_only=key == "open")
        self.rows = rows
        self.heading.setText(ngettext("{n} request overdue", "{n} requests overdue", count).format(n=count)
                             if key == "overdue" else self.view.currentText())
        emphasize(self.heading, color=OVERDUE_RED if count and key == "overdue" else "#222")
        headers = [_("No."), _("Received"), _("Category"), _("Resident"), _("Request"), _("State"), _("Handler"),
                   _("Deadline"), _("Overdue")]
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        red = QBrush(QColor(OVERDUE_RED))
        chosen = -1
        for r, row in enumerate(rows):
            late = ngettext("{n} working day", "{n} working days", row.overdue_days).format(n=row.overdue_days) \
                if row.overdue_days else ""
            values = (row.number, format_date(row.received_on, "short"), row.category + (_(" (urgent)") if row.urgent
                                                                                     else ""),
                      row.who, row.text, label(STATE_LABELS, row.state), row.handler,
                      format_date(row.deadline, "short"), late)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row.id)
                if row.overdue_days:
                    item.setForeground(red)
                self.table.setItem(r, c, item)
            if row.id == select_id:
                chosen = r
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.blockSignals(False)
        if chosen >= 0:
            self.table.selectRow(chosen)
        else:
            self.actions.show_request(select_id)
        self.count_changed.emit(count)

    def row_of(self, number: str) -> int:
        """The table row showing request ``number`` (-1 when not listed)."""
        return next((i for i, r in enumerate(self.rows) if r.number == number), -1)

    def _selected(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        request_id = self.table.item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        self.actions.show_request(request_id)

    def _taken(self, request_id: int) -> None:
        # Show the new request in the list at once: "received" is where it is.
        if self.view.currentData() not in ("all", "open", "received"):
            self.view.blockSignals(True)
            self.view.setCurrentIndex(self.view.findData("open"))
            self.view.blockSignals(False)
        self.search.clear()
        self.refresh(select_id=request_id)
        self.intake.finder.focus()

    def _moved(self, request_id: int) -> None:
        self.refresh(select_id=request_id)
