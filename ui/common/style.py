"""Linli's look without a Qt style sheet: fonts and a palette on the platform's own style.

An application-wide style sheet (the first ``linli.qss``) makes Qt draw and
measure *every* widget through ``QStyleSheetStyle``; on ten years of data that
doubled the time to build and paint a tab (issue 9: the Party and Activities
tabs took 140–200 ms to appear with it, 60–110 ms without). A ``QProxyStyle``
written in Python was tried for the paddings and dropped: every measurement
and paint then calls into Python and waits for the GIL, so the window froze
for over a second while a report was laid out in a worker thread. What is
left is what the platform's style reads directly, all in C++:

* 14 px type everywhere, 15 px on the tabs, bold column headers;
* the selection in a calm blue (#2f6395) with white text (contrast 6.4:1):
  a selected row is where the clerk is, not an alarm; red stays for what is
  overdue or wrong (the messages, the demo warning). The same blue on every
  machine: a Windows accent colour may be red.

Widgets that need a different look say so with :func:`emphasize` (font size,
weight, colour through the palette), never with ``setStyleSheet``.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

FONT_PX = 14
TAB_FONT_PX = 15
SELECTION = QColor("#2f6395")
SELECTION_TEXT = QColor("white")


def _font(base: QFont, px: int, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def apply_style(app: QApplication) -> None:
    """Give ``app`` Linli's fonts and palette (once, before any window is built)."""
    base = app.font()
    app.setFont(_font(base, FONT_PX))
    app.setFont(_font(base, TAB_FONT_PX), "QTabBar")
    app.setFont(_font(base, FONT_PX, bold=True), "QHeaderView")
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, SELECTION)
        palette.setColor(group, QPalette.ColorRole.HighlightedText, SELECTION_TEXT)
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


def plain(widget: QWidget) -> None:
    """Undo :func:`emphasize`'s colours: the widget takes its parent's palette again."""
    widget.setPalette(QPalette())
    widget.setAutoFillBackground(False)
