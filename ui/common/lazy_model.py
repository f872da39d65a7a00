"""A lazy table model for SQL-backed lists.

It holds only the ordered row ids of a :class:`models.core.listing.ListSource` and
fetches the display strings of a page of rows when the view first asks for
one of them. Sorting and filtering re-run the source's SQL and reset the
model: there is no QSortFilterProxyModel over a big Python list.

A damaged database file (opened read-only after its check failed) may refuse
some pages: those rows are shown empty and a warning is logged (the driver's
message only, never the query's parameters: they may hold a name typed in the
filter), rather than an exception in every repaint.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from i18n import _
from models.core.listing import ListSource

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
}

Index = QModelIndex | QPersistentModelIndex
log = logging.getLogger(__name__)


def _unreadable(what: str, exc: DatabaseError) -> None:
    log.warning("%s could not be read: %s", what, getattr(exc, "orig", None) or type(exc).__name__)


_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
_ANSWERED_ROLES = frozenset((*_TEXT_ROLES, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.UserRole + 1))


class LazyTableModel(QAbstractTableModel):
    """Rows of a :class:`ListSource`, fetched a page at a time.

    Args:
        source: what to list (columns, ids in order, display strings).
        session_factory: opens a short-lived Session for each query.
        page_size: rows fetched per round trip.
        cache_pages: how many pages of display strings are kept.
        load: query at once; False leaves the list empty until :meth:`reload`
            (a list on a page not shown yet: its tab appears sooner).
    """

    #: Qt.UserRole: the row's database id.
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self,
        source: ListSource,
        session_factory: Callable[[], Session],
        *,
        page_size: int = 64,
        cache_pages: int = 60,
        load: bool = True,
        parent=None,  # type: ignore[no-untyped-def]
    ):
        super().__init__(parent)
        self._source = source
        self._sessions = session_factory
        self._page_size = page_size
        self._cache_pages = cache_pages
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, tuple[str, ...]]] = OrderedDict()
        self._filter = ""
        self._sort_key: str | None = None
        self._descending = False
        if load:
            self.reload()

    # --- what the widgets call -------------------------------------------------

    @property
    def source(self) -> ListSource:
        return self._source

    @property
    def filter_text(self) -> str:
        return self._filter

    def set_filter(self, text: str) -> None:
        """Show only the rows matching ``text`` (the source decides how, in SQL)."""
        if text != self._filter:
            self._filter = text
            self.reload()

    def reload(self) -> None:
        """Re-run the query (after a write, a filter or a sort) and reset the view."""
        try:
            with self._sessions() as session:
                ids = self._source.ids(session, self._filter, self._sort_key, self._descending)
        except DatabaseError as exc:
            _unreadable(type(self._source).__name__, exc)
            ids = []
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def reread(self) -> bool:
        """Read the list again in place (a board's timer, :mod:`ui.common.refresh`): the same rows
        in the same order are repainted without a reset (the view keeps its selection and
        scroll); True when the rows changed and the model was reset."""
        try:
            with self._sessions() as session:
                ids = self._source.ids(session, self._filter, self._sort_key, self._descending)
        except DatabaseError as exc:
            _unreadable(type(self._source).__name__, exc)
            return False
        if ids == self._ids:
            self.refresh_texts()
            return False
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()
        return True

    def refresh_texts(self) -> None:
        """Drop cached display strings (e.g. after a language change) and repaint."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.columnCount() - 1))

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return None

    # --- QAbstractTableModel -----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._source.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._source.columns):
            column = self._source.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return _(column.title)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _ALIGN.get(column.align, _ALIGN["left"])
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        # The view asks ~800 times per repaint, mostly for roles we do not
        # answer: those return first (issue 9: a search keystroke's repaint).
        if role not in _ANSWERED_ROLES:
            return None
        row_no = index.row()  # -1 for an invalid index
        if not 0 <= row_no < len(self._ids):
            return None
        if role == _TEXT_ROLES[0] or role == _TEXT_ROLES[1]:
            row = self._row(row_no)
            column = index.column()
            if row is None or column >= len(row):
                return None
            return row[column]
        if role == self.IdRole:
            return self._ids[row_no]
        return _ALIGN.get(self._source.columns[index.column()].align, _ALIGN["left"])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key (a non-sortable column resets to the default order)."""
        key = self._source.columns[column].key if 0 <= column < len(self._source.columns) else None
        if key is not None and not self._source.columns[column].sortable:
            key = None
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return  # the order shown already (e.g. the view switching sorting on): no second query
        self._sort_key = key
        self._descending = descending
        self.reload()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS

    # --- the page cache ------------------------------------------------------------

    def _row(self, row: int) -> tuple[str, ...] | None:
        page_no = row // self._page_size
        page = self._pages.get(page_no)
        if page is None:
            start = page_no * self._page_size
            ids = self._ids[start : start + self._page_size]
            try:
                with self._sessions() as session:
                    page = self._source.rows(session, ids)
            except DatabaseError as exc:
                _unreadable(type(self._source).__name__, exc)
                page = {}
            self._pages[page_no] = page
            while len(self._pages) > self._cache_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self._ids[row])


def reread_view(view) -> None:  # type: ignore[no-untyped-def]
    """Read a lazy list's rows again (:meth:`LazyTableModel.reread`) keeping what the clerk sees:
    the row selected (found again by its id wherever it moved; none if it went) and the scroll."""
    from PySide6.QtCore import QItemSelectionModel

    model: LazyTableModel = view.model()
    selection = view.selectionModel()
    index = selection.currentIndex()
    keep = (model.id_at(index.row())
            if index.isValid() and selection.isRowSelected(index.row(), index.parent()) else None)
    scroll = view.verticalScrollBar().value()
    if not model.reread():
        return
    row = model.row_of(keep) if keep is not None else None
    if row is not None:
        selection.setCurrentIndex(model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
    view.verticalScrollBar().setValue(scroll)


def list_view(model: LazyTableModel, name: str, widths: tuple[int, ...] = ()):  # type: ignore[no-untyped-def]
    """A table view for a lazy list, set up the way every Linli list works.

    Whole rows, one at a time, never edited in place; columns the clerk can
    widen, the last one stretching; sorting by clicking a header, which runs
    in SQL. The view starts in the source's own order: Qt's default sort
    indicator (descending on the first column) is cleared before sorting is
    switched on.
    """
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    from ui.common.headers import keep_header_texts_whole

    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    header.setSortIndicatorShown(True)
    view.setSortingEnabled(True)
    keep_header_texts_whole(view)  # the widths above are the least; a longer title widens its column
    return view
