"""The dashboard tab 概览: today's desk, and the month so far against last month.

Numbers from :func:`models.figures.today_desk` and :func:`models.figures.month_so_far`
(counts only, no name). The figures are read when the tab is shown — before its
first paint, so it never shows empty cards — and again every 30 seconds while
it is visible (the queries are small: see docs/figures.md for the measures on
ten years of data); hidden, it reads nothing. Each figure is a card the clerk
clicks (or focuses and presses Enter) to open the list behind it, through the
opener the shell gives (:func:`set_opener`; :mod:`ui.figures.links`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, format_number, format_time, ngettext
from models.core.db import Database
from ui.common.forms import Retranslatable
from ui.common.refresh import AutoRefresh
from ui.common.style import emphasize
from ui.figures import links
from ui.figures.charts import CompareBars, DayLines
from ui.figures.report import ReportBar

if TYPE_CHECKING:
    from models.figures import DeskToday, MonthSoFar

#: How often the figures are read again while the tab is visible (ms).
REFRESH_MS = 30_000
OVERDUE_RED = "#b3261e"


class FigureCard(QFrame):
    """One figure: a big number, what it counts, a line of detail; ``clicked`` on a click, Enter or Space."""

    clicked = Signal()

    def __init__(self, name: str, chart: QWidget | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
        self.setPalette(palette)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        emphasize(self.caption, px=15, bold=True, color="#333")
        self.value = QLabel(objectName="value")
        emphasize(self.value, px=34, bold=True, color="#1d4e89")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        emphasize(self.detail, px=13, color="#555")
        self.chart = chart
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        if chart is None:
            layout.addWidget(self.value)
        else:
            layout.addWidget(chart, 1)
        layout.addWidget(self.detail)
        layout.addStretch(0)
        for label in (self.caption, self.value, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def show_figure(self, caption: str, value: str, detail: str, *, alarm: bool = False) -> None:
        self.caption.setText(caption)
        self.value.setText(value)
        emphasize(self.value, color=OVERDUE_RED if alarm else "#1d4e89")
        self.detail.setText(detail)
        self.setAccessibleName(f"{caption}: {value}")

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


def _change(this: int, last: int) -> str:
    if not last:
        return _("last month to this day: none")
    pct = (this - last) / last * 100
    if abs(pct) < 0.05:
        return _("the same as last month to this day")
    text = format_number(abs(pct), 1) + "%"
    return (_("up {percent} on last month to this day") if pct > 0
            else _("down {percent} on last month to this day")).format(percent=text)


class OverviewTab(Retranslatable, QWidget):
    """概览: built when first shown like every tab (``Class(db)``); the shell gives the opener."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("overviewTab")
        self._db = db
        self._open_tab: Callable[[str], QWidget | None] | None = None
        self.desk: DeskToday | None = None
        self.month: MonthSoFar | None = None
        self.read_at: dt.datetime | None = None
        self.read_ms = 0.0  # how long the last reading took (the benchmark prints it)
        self._read_after_paint = False
        # Every 30 s while shown, hidden nothing (another tab, the window locked): the boards' helper.
        self.auto = AutoRefresh(self, self.refresh, REFRESH_MS)
        self.timer = self.auto.timer

        self.heading = QLabel(objectName="overviewHeading")
        emphasize(self.heading, px=20, bold=True)
        self.updated = QLabel(objectName="overviewUpdated")
        emphasize(self.updated, px=13, color="#666")
        self.month_heading = QLabel(objectName="monthHeading")
        emphasize(self.month_heading, px=17, bold=True)

        self.cards: dict[str, FigureCard] = {}
        for name in ("elders_in", "meals_today", "weekend_seats", "overdue_requests"):
            self.cards[name] = FigureCard(name)
        self.bars: dict[str, CompareBars] = {}
        for name in ("month_daycare", "month_meals", "month_activities"):
            self.bars[name] = CompareBars()
            self.cards[name] = FigureCard(name, self.bars[name])
        self.lines: dict[str, DayLines] = {"daycare_days": DayLines(), "meals_days": DayLines()}
        self.cards["daycare_days"] = FigureCard("daycare_days", self.lines["daycare_days"])
        self.cards["meals_days"] = FigureCard("meals_days", self.lines["meals_days"])
        targets = {"daycare_days": "month_daycare", "meals_days": "month_meals"}
        for name, card in self.cards.items():
            target = targets.get(name, name)
            card.clicked.connect(lambda target=target: self.open_figure(target))

        self.report = ReportBar(db, self)  # the year's figures as a file (the report command's)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.updated)
        top.addSpacing(16)
        top.addWidget(self.report)
        today = QGridLayout()
        today.setSpacing(10)
        for i, name in enumerate(("elders_in", "meals_today", "weekend_seats", "overdue_requests")):
            today.addWidget(self.cards[name], 0, i)
            today.setColumnStretch(i, 1)
        month = QGridLayout()
        month.setSpacing(10)
        for i, name in enumerate(("month_daycare", "month_meals", "month_activities")):
            month.addWidget(self.cards[name], 0, i)
            month.setColumnStretch(i, 1)
        charts = QHBoxLayout()
        charts.setSpacing(10)
        charts.addWidget(self.cards["daycare_days"], 1)
        charts.addWidget(self.cards["meals_days"], 1)
        for card in (self.cards["daycare_days"], self.cards["meals_days"]):
            card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(today)
        layout.addWidget(self.month_heading)
        layout.addLayout(month)
        layout.addLayout(charts, 1)
        self.retranslate()

    # --- the shell's callback -----------------------------------------------------------

    def set_opener(self, open_tab: Callable[[str], QWidget | None]) -> None:
        """``open_tab(key)`` switches the window to a tab and returns it (None: the role may not see it)."""
        self._open_tab = open_tab

    def open_figure(self, name: str) -> QWidget | None:
        """The list behind a figure (its tab, showing it); None without an opener or when hidden by role."""
        if self._open_tab is None:
            return None
        return links.follow(name, self._open_tab)

    # --- reading -------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        handle = self.window().windowHandle()
        if handle is None or not handle.isExposed():
            # The window's first screen: it paints first, then the figures are read (paintEvent),
            # so the window's cold start stays what it was without the dashboard (docs/figures.md).
            self._read_after_paint = True
        else:
            self.refresh()  # before this paint: switching to the tab never shows stale figures
        super().showEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        if self._read_after_paint:
            self._read_after_paint = False
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """Read today's desk and the month so far again, and show them."""
        # Imported here: on the window's first screen, after its first paint (the figures' modules
        # take longer to import than the whole tab takes to build).
        from models.figures import month_so_far, today_desk

        started = time.perf_counter()
        with self._db.session() as s:
            self.desk = today_desk(s)
            self.month = month_so_far(s)
        self.read_at = dt.datetime.now()
        self.read_ms = (time.perf_counter() - started) * 1000
        self._show()

    # --- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.month_heading.setText(_("This month so far, against last month to the same day"))
        tip = _("Click, or press Enter, to open the list behind this figure.")
        for card in self.cards.values():
            card.setToolTip(tip)
        self._show()

    @staticmethod
    def _caption(name: str) -> str:
        return {
            "elders_in": _("Elders in day care now"), "meals_today": _("Meals logged today"),
            "weekend_seats": _("Seats left this weekend"), "overdue_requests": _("Requests overdue"),
            "month_daycare": _("Day-care person-times"), "month_meals": _("Meals served"),
            "month_activities": _("Activity person-times"),
            "daycare_days": _("Day-care person-times, running total by day"),
            "meals_days": _("Meals, running total by day"),
        }[name]

    def _show(self) -> None:
        d, m = self.desk, self.month
        if d is None or m is None:  # not read yet (the window's first screen, for an instant)
            self.heading.setText(_("Today"))
            self.updated.setText("")
            for name, card in self.cards.items():
                card.show_figure(self._caption(name), "…", "")
            return
        self.heading.setText(_("Today, {date}").format(date=format_date(d.day, "full")))
        if self.read_at is not None:
            self.updated.setText(_("Figures as of {time}").format(time=format_time(self.read_at)))
        self.cards["elders_in"].show_figure(
            self._caption("elders_in"), format_number(d.elders_in),
            _("{arrived} came today; {expected} expected").format(arrived=format_number(d.elders_arrived),
                                                                  expected=format_number(d.elders_expected)))
        self.cards["meals_today"].show_figure(
            self._caption("meals_today"), format_number(d.meals),
            ngettext("for {n} diner so far", "for {n} diners so far", d.diners).format(n=format_number(d.diners)))
        days = format_date(d.weekend_first, "EEE M/d")
        if d.weekend_last != d.weekend_first:
            days += " – " + format_date(d.weekend_last, "EEE M/d")
        self.cards["weekend_seats"].show_figure(
            self._caption("weekend_seats"), format_number(d.weekend_seats_left),
            ngettext("{n} activity open, {days}", "{n} activities open, {days}", d.weekend_activities).format(
                n=format_number(d.weekend_activities), days=days))
        if d.overdue_requests is None:
            self.cards["overdue_requests"].show_figure(self._caption("overdue_requests"), "—", _("not shown for this role"))
        else:
            self.cards["overdue_requests"].show_figure(
                self._caption("overdue_requests"), format_number(d.overdue_requests),
                _("open past their deadline") if d.overdue_requests else _("none overdue"),
                alarm=bool(d.overdue_requests))
        this_label, last_label = _("This month"), _("Last month")
        for name, (this, last) in (("month_daycare", m.daycare), ("month_meals", m.meals),
                                   ("month_activities", m.activities)):
            self.bars[name].set_data(this, last, (this_label, last_label))
            self.cards[name].show_figure(self._caption(name), format_number(this), _change(this, last))
        self.lines["daycare_days"].set_data((this_label, m.daycare_days[0]), (last_label, m.daycare_days[1]))
        self.lines["meals_days"].set_data((this_label, m.meals_days[0]), (last_label, m.meals_days[1]))
        span = _("{first} to {last}").format(first=format_date(m.this.first, "M/d"),
                                             last=format_date(m.this.last, "M/d"))
        for name in ("daycare_days", "meals_days"):
            self.cards[name].show_figure(self._caption(name), "", span)
