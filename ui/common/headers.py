"""Column headers that show their whole text, in every language.

A column given a width in pixels for the English header ("Gender", 60 px)
elides another language's text, or a longer English one ("Full/probationary"
in 80 px). :func:`keep_header_texts_whole` widens each interactive column of
a header to at least its header text — measured as Qt's ResizeToContents
measures a section, in the header's own font and the style's margins — now,
and again whenever the texts change (a language switch, a model reset). The
clerk can still widen a column; it never shrinks below its title.

Columns that size themselves (ResizeToContents, Stretch) are left alone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyleOptionHeader, QTreeView


def header_text_width(header: QHeaderView, logical: int) -> int:
    """The width section ``logical`` needs to show its header text whole (arrow included where shown)."""
    model = header.model()
    if model is None:
        return 0
    opt = QStyleOptionHeader()
    opt.initFrom(header)
    opt.section = logical
    opt.orientation = header.orientation()
    opt.text = str(model.headerData(logical, header.orientation(), Qt.ItemDataRole.DisplayRole) or "")
    font = model.headerData(logical, header.orientation(), Qt.ItemDataRole.FontRole)
    opt.fontMetrics = QFontMetrics(font) if font is not None else header.fontMetrics()
    if header.isSortIndicatorShown():
        # Any column may become the sorted one: keep room for the arrow on each.
        opt.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
    return header.style().sizeFromContents(QStyle.ContentsType.CT_HeaderSection, opt, QSize(), header).width()


class _HeaderFit(QObject):
    def __init__(self, header: QHeaderView):
        super().__init__(header)
        self._header = header
        header.sectionCountChanged.connect(lambda *_a: self.fit())
        self._model = None
        self._watch_model()

    def _watch_model(self) -> None:
        model = self._header.model()
        if model is self._model or model is None:
            return
        self._model = model
        model.headerDataChanged.connect(lambda *_a: self.fit())
        model.modelReset.connect(self.fit)
        model.columnsInserted.connect(lambda *_a: self.fit())

    def fit(self) -> None:
        self._watch_model()
        header = self._header
        for logical in range(header.count()):
            if header.isSectionHidden(logical) or header.sectionResizeMode(logical) != QHeaderView.ResizeMode.Interactive:
                continue
            if header.stretchLastSection() and logical == header.logicalIndex(header.count() - 1):
                continue
            need = header_text_width(header, logical)
            if header.sectionSize(logical) < need:
                header.resizeSection(logical, need)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            self.fit()
        return False


def keep_header_texts_whole(view: QAbstractItemView | QHeaderView) -> None:
    """Keep every interactive column of ``view`` (a table, a tree, or its header) at least as wide as its title."""
    if isinstance(view, QHeaderView):
        header = view
    elif isinstance(view, QTreeView):
        header = view.header()
    else:
        header = view.horizontalHeader()  # type: ignore[attr-defined]
    fit = header.findChild(_HeaderFit)
    if fit is None:
        fit = _HeaderFit(header)
        header.installEventFilter(fit)
    fit.fit()
