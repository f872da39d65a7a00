"""Boards that read themselves again while they are shown: :class:`AutoRefresh`.

Several desks work on one database (a server, docs/server.md): the day-care board,
the meals' day log and the sign-up desk show what the other desks did within
:data:`BOARD_REFRESH_MS`; the dashboard re-reads its figures every 30 seconds.
One helper does it for all of them:

* the timer runs only while the widget is shown: another tab, another page, or the
  window locked (:mod:`ui.shell.idle_lock` hides the window's content) stop it, and
  showing the widget again starts it;
* a tick is skipped while the clerk is typing (a text box of the board edited in the
  last :data:`TYPING_PAUSE_S` seconds), while a dialog or a popup is open, and while
  work runs in a worker thread (a printout recording itself, a backup) — the next tick reads;
* ``changed()`` (optional) tells whether anything was committed since the last read:
  on a file :func:`file_changes` asks SQLite's ``data_version`` (nothing changed:
  nothing is read); on a server every tick reads (see docs/server.md for why).

What ``read()`` re-reads must keep what the clerk is doing: the selection, the
scroll position, the text typed in a search box (each board's ``refresh`` does).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from models.core.db import Database

#: How often a day board reads again while shown (ms): the issue's "within a few seconds".
BOARD_REFRESH_MS = 5_000
#: A tick this soon after an edit in one of the board's text boxes waits for the next one.
TYPING_PAUSE_S = 1.5


def clerk_busy() -> bool:
    """A dialog or popup open, or work in a worker thread: a refresh waits for the next tick."""
    from ui.common.worker import running_workers

    return (QApplication.activeModalWidget() is not None or QApplication.activePopupWidget() is not None
            or running_workers() > 0)


def file_changes(db: Database) -> Callable[[], bool] | None:
    """``changed()`` for a database file: True when any connection (this program's or another
    desk's) committed since it last answered True. None on a server: read at every tick."""
    if db.path is None:
        return None
    from models.safety.backup import ChangeWatcher

    try:
        watcher = ChangeWatcher(db.path)
    except Exception:  # noqa: BLE001 - a file that cannot be watched is read at every tick
        return None

    def changed() -> bool:
        if watcher.changed():
            watcher.mark()
            return True
        return False

    changed.close = watcher.close  # type: ignore[attr-defined]
    return changed


class AutoRefresh(QObject):
    """Calls ``read()`` every ``interval_ms`` while ``widget`` is shown (see the module's rules).

    ``changed``: skip the read when it says nothing changed (:func:`file_changes`).
    ``on_show``: shown again (the clerk back on its tab, the window unlocked), read at once
    when something changed meanwhile — before the paint, so the board is never seen stale;
    not at the first show (the board has just been built and read).
    ``reads`` counts the reads done here (tests, the benchmark).
    """

    def __init__(self, widget: QWidget, read: Callable[[], None], interval_ms: int = BOARD_REFRESH_MS, *,
                 changed: Callable[[], bool] | None = None, on_show: bool = False):
        super().__init__(widget)
        self._widget, self._read, self._changed = widget, read, changed
        self._on_show, self._shown_before = on_show, widget.isVisible()
        self.reads = 0
        self._typed_at = 0.0
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.tick)
        widget.installEventFilter(self)
        # Typing is watched on the board's own text boxes (an input method's words arrive as
        # edits too): no application-wide filter, which every event of the window would pass.
        for edit in widget.findChildren(QLineEdit):
            edit.textEdited.connect(self._typed)
        if widget.isVisible():
            self.timer.start()
        close = getattr(changed, "close", None)
        if close is not None:
            self.destroyed.connect(lambda *_a: close())

    def _typed(self, _text: str = "") -> None:
        self._typed_at = time.monotonic()

    @property
    def typing(self) -> bool:
        """Whether the clerk typed in one of the board's boxes in the last :data:`TYPING_PAUSE_S` seconds."""
        return time.monotonic() - self._typed_at < TYPING_PAUSE_S

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._widget:
            if event.type() == QEvent.Type.Show:
                if self._on_show and self._shown_before:
                    self._read_if_changed()
                self._shown_before = True
                self.timer.start()
            elif event.type() == QEvent.Type.Hide:
                self.timer.stop()
        return False

    def tick(self) -> None:
        if not self._widget.isVisible():  # hidden without a hide event reaching us
            self.timer.stop()
            return
        if not (self.typing or clerk_busy()):
            self._read_if_changed()

    def _read_if_changed(self) -> None:
        if self._changed is not None and not self._changed():
            return
        self.reads += 1
        self._read()
