"""Long work (reports, imports) off the UI thread, with a progress indication.

:func:`run_in_worker` runs ``fn(job)`` in a :class:`QThreadPool` thread. The
function gets a :class:`Job`: ``job.db`` (open its own ``job.db.session()`` /
``job.db.write()`` there — never a Session or a widget of the UI thread),
``job.progress(done, total)`` and ``job.check()`` (raises :class:`Cancelled`
when the clerk pressed Cancel; only functions that call it are cancellable).
The function runs in a copy of the starting thread's context, so the domain
sees the same actor (``models.safety.security``: permissions, audit entries) as the
clerk who started it, not the worker thread's default.
A small window-modal progress dialog appears when the work lasts longer than
half a second, so the window keeps painting but cannot start the same work
twice. The :class:`Worker`'s signals arrive on the UI thread:
``finished(result)``, ``failed(message)``, ``cancelled()``, then ``done()``.
UI updates belong in the ``on_done`` / ``on_error`` callbacks (or slots on
these signals). :class:`ui.shell.backup_dialog.BackupRunner` runs its backups on
:class:`Worker` too (its own one-thread pool, its status-bar progress).
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from i18n import _
from models.core.db import Database
from ui.common import dialogs

SHOW_AFTER_MS = 500

_running: set[Worker] = set()


def running_workers() -> int:
    """How many workers are running now (a board's refresh waits while any is: :mod:`ui.common.refresh`)."""
    return len(_running)


class Cancelled(Exception):
    """Raised by :meth:`Job.check` once the clerk cancelled."""


class Job:
    """What the worker function sees: the database, progress, cancellation."""

    def __init__(self, db: Database | None, worker: Worker):
        self.db = db
        self._worker = worker
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        self._worker._progressed.emit(int(done), int(total))

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class _Task(QRunnable):
    def __init__(self, worker: Worker, fn: Callable[[Job], Any]):
        super().__init__()
        self.setAutoDelete(True)
        self._worker, self._fn = worker, fn

    def run(self) -> None:  # in the worker thread
        worker = self._worker
        try:
            result = worker._context.run(self._fn, worker.job)
            worker.job.check()
        except Cancelled:
            outcome, value = "cancelled", None
        except Exception as exc:  # noqa: BLE001 - the clerk is told, the worker never dies silently
            outcome, value = "failed", str(exc) or type(exc).__name__
        else:
            outcome, value = "finished", result
        try:
            worker._ended.emit(outcome, value)
        except RuntimeError:  # the application is quitting: its objects are gone, nobody to tell
            pass


class Worker(QObject):
    """One piece of work in a thread; its signals are delivered on the UI thread."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()
    _progressed = Signal(int, int)
    _ended = Signal(str, object)

    def __init__(self, db: Database | None, fn: Callable[[Job], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.job = Job(db, self)
        self._fn = fn
        self.running = False
        self.outcome: str | None = None
        self.result: Any = None
        self.error = ""
        self._progressed.connect(self.progressed)
        self._ended.connect(self._end)

    def start(self, pool: QThreadPool | None = None) -> None:
        self.running = True
        self._context = contextvars.copy_context()  # the actor who started it acts in the worker too
        _running.add(self)
        (pool or QThreadPool.globalInstance()).start(_Task(self, self._fn))

    def cancel(self) -> None:
        self.job._cancel.set()

    def _end(self, outcome: str, value: object) -> None:
        self.running = False
        self.outcome = outcome
        _running.discard(self)
        if outcome == "finished":
            self.result = value
            self.finished.emit(value)
        elif outcome == "failed":
            self.error = str(value)
            self.failed.emit(self.error)
        else:
            self.cancelled.emit()
        self.done.emit()


def run_in_worker(
    parent: QWidget | None,
    db: Database,
    fn: Callable[[Job], Any],
    *,
    title: str,
    label: str,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    cancellable: bool = False,
) -> Worker:
    """Run ``fn(job)`` in a worker thread behind a progress dialog; returns the :class:`Worker`.

    ``on_done(result)`` runs on the UI thread when it succeeded; a failure is
    shown with ``dialogs.error(parent, title, message)`` unless ``on_error``
    is given; a cancelled run does nothing. When ``parent`` was closed
    (deleted) meanwhile, ``on_done`` / ``on_error`` are not called (they would
    touch its widgets) and a failure is shown in a message box of its own.
    """
    worker = Worker(db, fn)
    progress = QProgressDialog(label, _("Cancel") if cancellable else "", 0, 0, parent)
    progress.setObjectName("workerProgress")
    progress.setWindowTitle(title)
    progress.setMinimumDuration(SHOW_AFTER_MS)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    if not cancellable:
        progress.setCancelButton(None)
    else:
        progress.canceled.connect(worker.cancel)
    worker.progress_dialog = progress  # type: ignore[attr-defined]

    def show_progress(done: int, total: int) -> None:
        progress.setRange(0, max(1, total))
        progress.setValue(min(done, max(1, total)))

    def finish_ui() -> None:
        try:
            progress.canceled.disconnect()
        except (RuntimeError, TypeError):
            pass
        progress.reset()
        progress.hide()
        progress.deleteLater()

    def alive() -> bool:  # the widget that asked may have been closed (deleted) meanwhile
        return parent is None or shiboken6.isValid(parent)

    worker.progressed.connect(show_progress)
    worker.done.connect(lambda: finish_ui() if shiboken6.isValid(progress) else None)
    if on_done is not None:
        worker.finished.connect(lambda result: on_done(result) if alive() else None)
    fail = on_error or (lambda message: dialogs.error(parent, title, message))
    # A failure is always told: when the dialog that asked was closed meanwhile, in a box of its own.
    worker.failed.connect(lambda message: fail(message) if alive() else dialogs.error(None, title, message))
    progress.setValue(0)
    worker.start()
    return worker
