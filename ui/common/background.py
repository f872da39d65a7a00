"""A view's data read (or drawn) in a worker thread, newest request wins.

:class:`BackgroundRefresh` is for work the clerk does not wait on with a
dialog — a notice's preview while typing, the Party dues grid when its page
is shown — as opposed to :func:`ui.common.worker.run_in_worker` (a report, an
import: a progress dialog, maybe Cancel). One run at a time: a request made
while one runs is started when it ends (only the newest such request), and a
result older than the latest request or :meth:`invalidate` is dropped, so the
view never shows data older than what it already asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from models.core.db import Database
from ui.common.worker import Job, Worker


class BackgroundRefresh(QObject):
    """Runs ``fn(job)`` off the UI thread; :attr:`ready` (result) or :attr:`failed` (message) on the UI thread."""

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self._db = db
        self._generation = 0
        self._running: Worker | None = None
        self._next: tuple[Callable[[Job], Any], int] | None = None

    @property
    def pending(self) -> bool:
        """A run under way or waiting to start."""
        return self._running is not None or self._next is not None

    def invalidate(self) -> None:
        """What runs now is out of date: its result will be dropped."""
        self._generation += 1

    def request(self, fn: Callable[[Job], Any]) -> None:
        """Run ``fn`` now, or when the run under way ends (replacing any other waiting request)."""
        self._generation += 1
        if self._running is not None:
            self._next = (fn, self._generation)
            return
        self._start(fn, self._generation)

    def _start(self, fn: Callable[[Job], Any], generation: int) -> None:
        worker = Worker(self._db, fn)  # no parent: the view may be closed while it runs

        def finished(result: object) -> None:
            if shiboken6.isValid(self) and generation == self._generation:
                self.ready.emit(result)

        def failed(message: str) -> None:
            if shiboken6.isValid(self) and generation == self._generation:
                self.failed.emit(message)

        def done() -> None:
            if not shiboken6.isValid(self):
                return
            self._running = None
            follow, self._next = self._next, None
            if follow is not None:
                self._start(*follow)

        worker.finished.connect(finished)
        worker.failed.connect(failed)
        worker.done.connect(done)
        self._running = worker
        worker.start()
