"""The dashboard's small charts, painted with QPainter.

QtCharts would be the obvious choice, but it is a separate, heavy module
(``PySide6-Addons``, not in ``PySide6-Essentials``) whose import alone costs
more than the whole dashboard's paint; two small charts need neither axes
objects nor animation. These widgets draw plain data handed to them
(:meth:`set_data`) and compute nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from i18n import format_number

THIS = QColor("#b22222")  # this month: the report's first colour
LAST = QColor("#8a9bb0")  # last month: a quiet grey-blue (tells apart in grey print too)
GRID = QColor("#dddddd")
TEXT = QColor("#444444")


def _small_font(widget: QWidget, px: int = 12) -> QFont:
    font = QFont(widget.font())
    font.setPixelSize(px)
    return font


class CompareBars(QWidget):
    """Two horizontal bars, this month so far and last month to the same day, each with its number."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.values: tuple[int, int] = (0, 0)
        self.labels: tuple[str, str] = ("", "")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the card takes the click

    def set_data(self, this: int, last: int, labels: tuple[str, str]) -> None:
        self.values, self.labels = (int(this), int(last)), labels
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(220, 44)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(160, 44)

    def paintEvent(self, _event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = _small_font(self)
        p.setFont(font)
        metrics = p.fontMetrics()
        label_w = max(metrics.horizontalAdvance(t) for t in self.labels) + 6
        number_w = max(metrics.horizontalAdvance(format_number(v)) for v in self.values) + 6
        bar_w = max(10, self.width() - label_w - number_w)
        top = max(self.values) or 1
        row_h = self.height() / 2
        for i, (value, label, colour) in enumerate(zip(self.values, self.labels, (THIS, LAST), strict=True)):
            y = i * row_h
            p.setPen(TEXT)
            p.drawText(QRectF(0, y, label_w - 6, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       label)
            w = bar_w * value / top
            p.fillRect(QRectF(label_w, y + row_h * 0.2, max(w, 1), row_h * 0.6), colour)
            p.drawText(QRectF(label_w + w + 4, y, number_w, row_h), Qt.AlignmentFlag.AlignVCenter,
                       format_number(value))
        p.end()


class DayLines(QWidget):
    """This month's and last month's running totals, day by day (1st … 31st): where the month stands."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.series: tuple[tuple[str, QColor, tuple[int, ...]], ...] = ()
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_data(self, this: tuple[str, Sequence[int]], last: tuple[str, Sequence[int]], title: str = "") -> None:
        def running(values: Sequence[int]) -> tuple[int, ...]:
            out, total = [], 0
            for v in values:
                total += int(v)
                out.append(total)
            return tuple(out)

        self.title = title
        self.series = ((last[0], LAST, running(last[1])), (this[0], THIS, running(this[1])))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 170)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(220, 130)

    def paintEvent(self, _event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(_small_font(self))
        metrics = p.fontMetrics()
        line_h = metrics.height()
        p.setPen(TEXT)
        title_h = line_h + 6 if self.title else line_h // 2 + 2
        if self.title:
            p.drawText(QRectF(0, 0, self.width(), line_h), Qt.AlignmentFlag.AlignLeft, self.title)
        top = max((max(values) for _n, _c, values in self.series if values), default=0) or 1
        days = max((len(values) for _n, _c, values in self.series), default=1)
        axis_w = metrics.horizontalAdvance(format_number(top)) + 6
        plot = QRectF(axis_w, title_h, self.width() - axis_w - 4, self.height() - title_h - 2 * line_h - 4)
        if plot.height() < 10 or plot.width() < 10:
            p.end()
            return
        p.setPen(QPen(GRID, 1))
        for k in range(3):
            y = plot.bottom() - plot.height() * k / 2
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(TEXT)
        for k, value in ((0, 0), (2, top)):
            y = plot.bottom() - plot.height() * k / 2
            p.drawText(QRectF(0, y - line_h / 2, axis_w - 4, line_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, format_number(value))
        for day in sorted({1, *(d for d in (10, 20) if d < days - 2), days}):
            x = plot.left() + plot.width() * (day - 1) / max(days - 1, 1)
            p.drawText(QRectF(x - 20, plot.bottom() + 2, 40, line_h), Qt.AlignmentFlag.AlignHCenter, str(day))
        for _name, colour, values in self.series:
            if not values:
                continue
            path = QPainterPath()
            for i, v in enumerate(values):
                point = QPointF(plot.left() + plot.width() * i / max(days - 1, 1),
                                plot.bottom() - plot.height() * v / top)
                path.moveTo(point) if i == 0 else path.lineTo(point)
            p.setPen(QPen(colour, 2.2 if colour == THIS else 1.6))
            p.drawPath(path)
        # The legend under the axis.
        x = plot.left()
        y = self.height() - line_h
        for name, colour, _values in reversed(self.series):
            p.fillRect(QRectF(x, y + line_h / 2 - 2, 14, 4), colour)
            p.setPen(TEXT)
            width = metrics.horizontalAdvance(name)
            p.drawText(QRectF(x + 18, y, width + 4, line_h), Qt.AlignmentFlag.AlignVCenter, name)
            x += width + 36
        p.end()
