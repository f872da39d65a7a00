"""Linli's look without a Qt style sheet: fonts, a palette and a proxy style.

An application-wide style sheet (the first ``linli.qss``) makes Qt draw and
measure *every* widget through ``QStyleSheetStyle``; on ten years of data that
doubled the time to build and paint a tab (issue 9: the Party and Activities
tabs took 140–200 ms to appear with it, 60–110 ms without). The same choices
are made here with what the platform's own style reads directly:

* 14 px type everywhere, 15 px on the tabs, bold column headers;
* the selection in Linli red (#c8102e) with white text, light grid lines;
* roomier buttons, tabs, header sections and input fields (:class:`LinliStyle`).

Widgets that need a different look say so with :func:`emphasize` (font size,
weight, colour through the palette), never with ``setStyleSheet``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

FONT_PX = 14
TAB_FONT_PX = 15
SELECTION = QColor("#c8102e")
GRID = QColor("#d9d9d9")

#: Extra room (width, height) in pixels on top of the platform style's sizes.
_PADDING = {
    QStyle.ContentsType.CT_PushButton: (16, 6),
    QStyle.ContentsType.CT_TabBarTab: (18, 0),
    QStyle.ContentsType.CT_HeaderSection: (8, 6),
    QStyle.ContentsType.CT_LineEdit: (6, 4),
    QStyle.ContentsType.CT_ComboBox: (6, 4),
}


class LinliStyle(QProxyStyle):
    """The platform's style with Linli's paddings, grid colour and bold selected tab."""

    def sizeFromContents(self, kind, option, size, widget=None):  # noqa: N802, ANN001, ANN201
        base = super().sizeFromContents(kind, option, size, widget)
        extra = _PADDING.get(kind)
        return base + QSize(*extra) if extra else base

    def styleHint(self, hint, option=None, widget=None, data=None):  # noqa: ANN001, ANN201
        if hint == QStyle.StyleHint.SH_Table_GridLineColor:
            rgba = GRID.rgba()  # QRgb is unsigned; styleHint returns a C int
            return rgba - (1 << 32) if rgba >= 1 << 31 else rgba
        return super().styleHint(hint, option, widget, data)

    def drawControl(self, element, option: QStyleOption, painter, widget=None):  # noqa: N802, ANN001, ANN201
        if element == QStyle.ControlElement.CE_TabBarTabLabel and option.state & QStyle.StateFlag.State_Selected:
            painter.save()
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            super().drawControl(element, option, painter, widget)
            painter.restore()
            return
        super().drawControl(element, option, painter, widget)


def _font(base: QFont, px: int, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def apply_style(app: QApplication) -> None:
    """Give ``app`` Linli's fonts, palette and style (once, before any window is built)."""
    style = LinliStyle()
    app.setStyle(style)
    base = app.font()
    app.setFont(_font(base, FONT_PX))
    # The selected tab's label is drawn bold (LinliStyle.drawControl); the tab's padding leaves it room.
    app.setFont(_font(base, TAB_FONT_PX), "QTabBar")
    app.setFont(_font(base, FONT_PX, bold=True), "QHeaderView")
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, SELECTION)
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("white"))
    app.setPalette(palette)


def emphasize(widget: QWidget, *, px: int | None = None, bold: bool | None = None,
              color: str | None = None, background: str | None = None) -> None:
    """A label's own look (a heading, a count, a hint in grey, a warning in red) without a style sheet."""
    if px is not None or bold is not None:
        font = QFont(widget.font())
        if px is not None:
            font.setPixelSize(px)
        if bold is not None:
            font.setBold(bold)
        widget.setFont(font)
    if color is not None or background is not None:
        palette = widget.palette()
        if color is not None:
            for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
                palette.setColor(role, QColor(color))
        if background is not None:
            palette.setColor(QPalette.ColorRole.Window, QColor(background))
            widget.setAutoFillBackground(True)
        widget.setPalette(palette)
