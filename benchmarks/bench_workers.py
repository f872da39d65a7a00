"""Issue 9, round 3: long work off the UI thread, and the Party tab's Dues page.

    env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen \\
        python benchmarks/bench_workers.py --db /tmp/ten.sqlite3 [--repeat 3]

Figures (median / worst of the runs):

* ``roster_sync``: the roster PDF built on the UI thread, as the old code did
  (= how long the window was frozen);
* ``roster_worker_total`` / ``roster_worker_gap``: the Roster button through
  :func:`ui.common.worker.run_in_worker`: time until written, and the worst gap
  between two ticks of a 5 ms timer on the UI thread meanwhile;
* ``dues_first_show``: a fresh Party tab, then its Dues page shown and painted;
* ``dues_filled`` / ``dues_gap``: until its grid and arrears (read in a worker
  thread since round 4) are shown, and the worst gap between two ticks of a
  5 ms timer on the UI thread meanwhile.

Read-only on the database (the roster goes to a temporary file).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from bench import _quiet_dialogs
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from models.core.db import open_database
    from ui.common import dialogs
    from ui.shell.app import prepare_app

    app = QApplication.instance() or QApplication([])
    prepare_app(app)  # the window's settings (style, the GIL's switch interval)
    _quiet_dialogs()
    db = open_database(args.db, create=False)
    out_dir = Path(tempfile.mkdtemp(prefix="linli-bench-"))
    out = out_dir / "roster.pdf"
    dialogs._service.save_file = lambda *a, **k: out  # type: ignore[method-assign]
    figures: dict[str, list[float]] = {k: [] for k in ("roster_sync", "roster_worker_total", "roster_worker_gap",
                                                         "dues_first_show", "dues_filled", "dues_gap")}
    from models.core.settings import load_centre_info
    from models.party.roster import roster_rows
    from reports.party import roster_pdf
    from ui.party.tab import PartyTab

    for _run in range(args.repeat):
        t0 = time.perf_counter()
        with db.session() as s:
            rows = roster_rows(s)
            centre = load_centre_info(s)
        roster_pdf(rows, centre)
        figures["roster_sync"].append((time.perf_counter() - t0) * 1000)

        tab = PartyTab(db)
        tab.resize(1100, 700)
        tab.show()
        app.processEvents()
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
        timer.start()
        t0 = time.perf_counter()
        ticks.append(t0)
        worker = tab.members.export_roster()
        while worker.running:
            app.processEvents()
            time.sleep(0.001)
        end = time.perf_counter()
        timer.stop()
        assert worker.outcome == "finished", worker.error
        figures["roster_worker_total"].append((end - t0) * 1000)
        ticks.append(end)
        figures["roster_worker_gap"].append(max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) * 1000)
        tab.close()
        tab.deleteLater()
        app.processEvents()

        tab = PartyTab(db)
        tab.resize(1100, 700)
        tab.show()
        app.processEvents()
        clock = QElapsedTimer()
        clock.start()
        tab.pages.setCurrentWidget(tab.dues)
        tab.dues.repaint()
        app.processEvents()
        figures["dues_first_show"].append(clock.nsecsElapsed() / 1e6)
        ticks = [time.perf_counter()]
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
        timer.start()
        while tab.dues.loading:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        ticks.append(time.perf_counter())
        figures["dues_filled"].append(clock.nsecsElapsed() / 1e6)
        figures["dues_gap"].append(max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) * 1000)
        tab.close()
        tab.deleteLater()
        app.processEvents()

    for key, values in figures.items():
        print(f"{key:22s} median {statistics.median(values):8.0f} ms   worst {max(values):8.0f} ms")
    db.dispose()
    for f in out_dir.iterdir():
        f.unlink()
    out_dir.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
