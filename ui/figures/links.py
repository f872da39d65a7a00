"""Where each dashboard figure leads: the tab (its key in the main window) and what to show on it.

The shell gives the dashboard an opener, ``open_tab(key) -> QWidget | None``
(:meth:`ui.shell.main_window.MainWindow.open_tab`: switches to the tab, builds
it if needed, None when the role may not see it). Each link then asks the tab
to show the list behind the figure, through the tab's own public methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QWidget


def _board(tab: QWidget) -> None:
    """Day care: the board of today (who is in now)."""
    today = dt.date.today()
    if tab.day != today:  # type: ignore[attr-defined]
        tab.set_day(today)  # type: ignore[attr-defined]  # the board refreshes on the new day
    else:
        tab.refresh()  # type: ignore[attr-defined]


def _meals_day(tab: QWidget) -> None:
    """Meals: today's log."""
    today = tab.today  # type: ignore[attr-defined]
    if tab.day != today:  # type: ignore[attr-defined]
        tab.set_day(today)  # type: ignore[attr-defined]
    else:
        tab.reload()  # type: ignore[attr-defined]


def _weekend(tab: QWidget) -> None:
    """Activities: the sign-up desk, this weekend's and next week's activities with their seats left."""
    tab.pages.setCurrentIndex(0)  # type: ignore[attr-defined]
    tab.desk.reload()  # type: ignore[attr-defined]


def _catalogue(tab: QWidget) -> None:
    """Activities: the catalogue of past activities (this month's attendance is theirs)."""
    scope = tab.scope  # type: ignore[attr-defined]
    index = scope.findData("past")
    if scope.currentIndex() != index:
        scope.setCurrentIndex(index)  # reloads the list
    tab.pages.setCurrentIndex(1)  # type: ignore[attr-defined]


def _overdue(tab: QWidget) -> None:
    """Requests: the overdue list (the tab's first view)."""
    tab.search.clear()  # type: ignore[attr-defined]
    view = tab.view  # type: ignore[attr-defined]
    index = view.findData("overdue")
    if view.currentIndex() != index:
        view.setCurrentIndex(index)  # refreshes the list
    else:
        tab.refresh()  # type: ignore[attr-defined]


#: figure → (the tab's key, what to show on it).
LINKS: dict[str, tuple[str, Callable[[QWidget], None]]] = {
    "elders_in": ("daycare", _board),
    "meals_today": ("meals", _meals_day),
    "weekend_seats": ("activities", _weekend),
    "overdue_requests": ("requests", _overdue),
    "month_daycare": ("daycare", _board),
    "month_meals": ("meals", _meals_day),
    "month_activities": ("activities", _catalogue),
}


def follow(figure: str, open_tab: Callable[[str], QWidget | None]) -> QWidget | None:
    """Open the list behind ``figure``; the tab shown (None when the role may not see it)."""
    key, show = LINKS[figure]
    tab = open_tab(key)
    if tab is not None:
        show(tab)
    return tab
