"""Cold start of the window, measured from outside (used by benchmarks/bench.py).

    python benchmarks/launch_window.py DB [--tabs]

Starts the way ``python main.py --db DB`` starts the window — a fresh
interpreter, :func:`models.safety.startup.open_for_window` (network share, the lock,
the file opened; its quick_check deferred when it is at the current schema),
the style (``ui.shell.app.prepare_app``), :func:`ui.shell.startup.start` (the
start-up checks, the background check started), the main window through
:func:`ui.shell.app.create_window` — all but the login dialog (the system actor
acts) — and prints one JSON line on stdout:

* ``painted_at``: ``time.time()`` at the first paint event of the main window
  (the parent subtracts the moment it launched this process);
* with ``--tabs``: ``tabs``, each tab's first display in ms (switching to it
  builds it, then the paint events are processed), ``notices_first_page``
  (ms from switching to the Notices tab until its first page, laid out in a
  worker thread, is shown) and ``rss_mb``, the peak resident memory of this
  process after every tab was opened and that page drawn;
* ``checked_ms``: when the background start-up check had decided (ms after the
  first paint; 0 when it had before).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    path = sys.argv[1]
    with_tabs = "--tabs" in sys.argv[2:]
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from models.safety.startup import open_for_window
    from ui.shell import startup as safety_startup
    from ui.shell.app import create_window, prepare_app

    opened = open_for_window(path)
    app = QApplication(sys.argv[:1])
    prepare_app(app)
    db = safety_startup.start(opened.db, app, lock=opened.lock, checked=opened.checked, deferred=opened.deferred)
    if db is None:
        raise SystemExit("the start-up checks refused the file")
    window = create_window(db, app, "zh_CN")
    out: dict = {}

    def after_paint() -> None:
        safety_startup.window_shown(app)
        t0 = time.perf_counter()
        gate = db.write_gate
        while gate is not None and not gate.decided:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
        out["checked_ms"] = (time.perf_counter() - t0) * 1000
        if with_tabs:
            import resource

            from ui.shell.main_window import TAB_CLASSES

            tabs = {}
            first = window.tabs.currentWidget().key  # the dashboard, or the tab the clerk used last
            for key in TAB_CLASSES:
                if key == first or key not in window.lazy_tabs:
                    continue  # the first tab is part of the start-up
                t0 = time.perf_counter()
                window.tabs.setCurrentWidget(window.lazy_tabs[key])
                app.processEvents()
                tabs[key] = (time.perf_counter() - t0) * 1000
                if key == "notices":  # its first page is drawn in a worker thread, after the tab shows
                    tab = window.tab("notices")
                    while tab.preview_pending:
                        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
                    out["notices_first_page"] = (time.perf_counter() - t0) * 1000
            out["tabs"] = tabs
            out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(out), flush=True)
        window.close()
        app.quit()

    class FirstPaint(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and "painted_at" not in out:
                out["painted_at"] = time.time()
                QTimer.singleShot(0, after_paint)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()  # the weekly check, if it ran
    db.dispose()
    if opened.lock is not None:
        opened.lock.release()
    return code


if __name__ == "__main__":
    sys.exit(main())
