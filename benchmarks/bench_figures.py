"""The year in figures on the ten-years database: prints the issue's figures, asserts nothing.

    python main.py demo --db /tmp/ten.sqlite3 --scale ten-years     # once, < 2 minutes
    .venv/bin/python benchmarks/bench_figures.py --db /tmp/ten.sqlite3 [--runs 5] [--year 2025]

(a copy of the file is used; PATH is left as it was). Targets (issue 18):

* the year's report PDF under 3 s and the .xlsx under 2 s — the figures of the year and of the
  year before (the comparison) computed, then the file built;
* the dashboard painted under 200 ms after its tab is shown (reading today's desk and the month
  so far included), and each 30-second refresh small;
* the window's cold start unchanged within noise whether it opens on the dashboard (a clerk with
  no tab remembered) or on Residents (one who used it last): ``benchmarks/launch_window.py`` in a
  fresh interpreter, alternating, the median of each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
LAUNCHER = ROOT / "benchmarks" / "launch_window.py"


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.0f} ms, worst {max(samples) * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="a ten-years database (main.py demo --scale ten-years)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=None, help="the report's year (default: last year)")
    parser.add_argument("--only", default="reports,dashboard,start", help="what to measure (comma-separated)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="linli-bench-figures-") as tmp:
        path = Path(tmp) / "bench.sqlite3"
        shutil.copy(args.db, path)
        os.environ["LINLI_CONFIG_DIR"] = str(Path(tmp) / "config")  # no preference of the bench's user is touched
        only = set(args.only.split(","))
        if "reports" in only:
            run_reports(path, args.runs, args.year)
        if "dashboard" in only:
            run_dashboard(path, args.runs)
        if "start" in only:
            run_start(path, Path(tmp), args.runs)
    return 0


# --- the report ------------------------------------------------------------------------------


def run_reports(path: Path, runs: int, year: int | None) -> None:
    import datetime as dt

    import i18n
    from models.core.db import open_database
    from models.figures import parse_period, work_report
    from reports.figures import work_report_pdf, work_report_xlsx
    from reports.pdf import DocumentInfo

    i18n.set_language("zh_CN")
    db = open_database(path, create=False)
    year = year or dt.date.today().year - 1
    period = parse_period(str(year))
    figures, pdfs, xlsxs, pdf_total, xlsx_total = [], [], [], [], []
    pages = 0
    for _i in range(runs):
        t0 = time.perf_counter()
        with db.session() as s:
            report = work_report(s, period)
        t1 = time.perf_counter()
        result = work_report_pdf(report, DocumentInfo(centre_name="幸福里社区党群服务中心"))
        t2 = time.perf_counter()
        work_report_xlsx(report, "幸福里社区党群服务中心")
        t3 = time.perf_counter()
        figures.append(t1 - t0)
        pdfs.append(t2 - t1)
        xlsxs.append(t3 - t2)
        pdf_total.append(t2 - t0)
        xlsx_total.append(t1 - t0 + t3 - t2)
        pages = result.pdf.count(b"/Type /Page\n") or result.pdf.count(b"/Type /Page")
    req = report.section("requests")
    print(f"the year {year}: {report.section('daycare').person_times:,} day-care person-times, "
          f"{report.section('meals').meals:,} meals, {req.received:,} requests received")
    print(f"  the figures (the year and the year before):  {_ms(figures)}")
    print(f"  the PDF built ({pages} pages):                 {_ms(pdfs)}")
    print(f"  the .xlsx built:                              {_ms(xlsxs)}")
    print(f"year's report PDF, figures + file:  {_ms(pdf_total)}  (target < 3 s)")
    print(f"year's report .xlsx, figures + file: {_ms(xlsx_total)}  (target < 2 s)")
    db.dispose()


# --- the dashboard --------------------------------------------------------------------------


def run_dashboard(path: Path, runs: int) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from models.core.db import open_database
    from models.core.settings import save_preference
    from ui.shell.app import create_window, prepare_app

    app = QApplication.instance() or QApplication([])
    prepare_app(app)
    db = open_database(path, create=False)

    class Painted(QObject):
        """When the dashboard's first card is painted (its number drawn)."""

        at: float | None = None

        def eventFilter(self, obj, event) -> bool:  # noqa: N802  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and self.at is None and obj.objectName() == "elders_in":
                self.at = time.perf_counter()
            return False

    watcher = Painted()
    app.installEventFilter(watcher)

    first, reads, refreshes, again = [], [], [], []
    for _i in range(runs):
        save_preference("last_tab", {"system": "residents"})  # the window opens on Residents; then the dashboard
        window = create_window(db, app, "zh_CN")
        window.resize(1366, 738)
        window.show()
        app.processEvents()
        holder = window.lazy_tabs["overview"]
        watcher.at = None
        t0 = time.perf_counter()
        window.tabs.setCurrentWidget(holder)  # built, read, shown
        while watcher.at is None:
            app.processEvents()
        first.append(watcher.at - t0)
        tab = window.tab("overview")
        reads.append(tab.read_ms / 1000)
        t1 = time.perf_counter()
        tab.refresh()  # what the 30-second timer does
        app.processEvents()
        refreshes.append(time.perf_counter() - t1)
        window.tabs.setCurrentWidget(window.lazy_tabs["residents"])
        app.processEvents()
        watcher.at = None
        t2 = time.perf_counter()
        window.tabs.setCurrentWidget(holder)  # shown again: read again
        while watcher.at is None:
            app.processEvents()
        again.append(watcher.at - t2)
        window.close()
        window.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.removeEventFilter(watcher)
    print(f"dashboard first paint after its tab is shown: {_ms(first)}  (target < 200 ms)")
    print(f"  of which reading today's desk and the month so far: {_ms(reads)}")
    print(f"  shown again (read again): {_ms(again)}")
    print(f"  the 30-second refresh (read and repaint): {_ms(refreshes)}")
    db.dispose()


# --- cold start ------------------------------------------------------------------------------


def _launch(path: Path, config: Path) -> float:
    env = dict(os.environ, LINLI_CONFIG_DIR=str(config), PYTHONPATH=str(ROOT))
    t0 = time.time()
    done = subprocess.run([sys.executable, str(LAUNCHER), str(path)], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env=env)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the launcher failed: {done.stderr.strip()[-500:]}")
    return json.loads(lines[-1])["painted_at"] - t0


def run_start(path: Path, tmp: Path, runs: int) -> None:
    dashboard, residents = tmp / "first-dashboard", tmp / "first-residents"
    dashboard.mkdir()
    residents.mkdir()
    (residents / "preferences.json").write_text(json.dumps({"last_tab": {"system": "residents"}}), encoding="utf-8")
    _launch(path, residents)  # the OS file cache and .pyc files warm, the weekly check done
    _launch(path, dashboard)
    with_dash, without = [], []
    for _i in range(runs):
        without.append(_launch(path, residents))
        with_dash.append(_launch(path, dashboard))
    print(f"cold start, the window opening on Residents:      {_ms(without)}")
    print(f"cold start, the window opening on the dashboard:  {_ms(with_dash)}  "
          f"({(statistics.median(with_dash) / statistics.median(without) - 1) * 100:+.0f}% by the medians)")


if __name__ == "__main__":
    sys.exit(main())
