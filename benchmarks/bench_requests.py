"""Residents' requests on the ten-years database (~20k requests): prints the issue's figures, asserts nothing.

    .venv/bin/python benchmarks/bench_requests.py --db PATH   (a copy is used; PATH is left as it was)

Targets (issue 16): the tab's first display and the overdue list under 200 ms; taking a
request (Enter → in the list) under 50 ms; the month's figures under 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.1f} ms, worst {max(samples) * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="a ten-years database (main.py demo --scale ten-years)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        shutil.copy(args.db, path)
        return run(path, args.runs)


def run(path: Path, runs: int) -> int:
    from PySide6.QtWidgets import QApplication

    import i18n
    from models.core.db import open_database
    from models.requests import overdue_requests
    from models.requests.statistics import month_figures

    app = QApplication.instance() or QApplication([])
    i18n.set_language("zh_CN")
    db = open_database(path, create=False)
    with db.session() as s:
        from sqlalchemy import func, select

        from models.requests.entities import ServiceRequest

        total = s.scalar(select(func.count()).select_from(ServiceRequest))
    print(f"requests in the database: {total}")

    samples = []
    for _i in range(runs):
        t = time.perf_counter()
        with db.session() as s:
            rows = overdue_requests(s)
        samples.append(time.perf_counter() - t)
    print(f"overdue list ({len(rows)} rows): {_ms(samples)}  (target < 200 ms)")

    from ui.requests.tab import RequestsTab

    samples = []
    for _i in range(runs):
        t = time.perf_counter()
        tab = RequestsTab(db)
        tab.show()
        app.processEvents()
        samples.append(time.perf_counter() - t)
        tab.close()
        tab.deleteLater()
        app.processEvents()
    print(f"the tab's first display: {_ms(samples)}  (target < 200 ms)")

    tab = RequestsTab(db)
    tab.show()
    app.processEvents()
    form = tab.intake
    with db.session() as s:
        from models.residents.entities import Resident

        resident_id = s.scalar(select(Resident.id).where(Resident.archived.is_(False)).limit(1))
    samples = []
    for k in range(runs):
        form.resident_id = resident_id
        form.text.setText(f"基准测试 {k}")
        t = time.perf_counter()
        form.submit()  # Enter in the request field
        app.processEvents()
        samples.append(time.perf_counter() - t)
        number = form.done_label.text().split()[1] if form.done_label.text() else ""
        assert tab.row_of(number) >= 0 or not number
    print(f"take a request (Enter → in the list): {_ms(samples)}  (target < 50 ms)")

    today = dt.date.today()
    last = (today.replace(day=1) - dt.timedelta(days=1))
    samples = []
    for _i in range(runs):
        t = time.perf_counter()
        with db.session() as s:
            fig = month_figures(s, last.year, last.month)
        samples.append(time.perf_counter() - t)
    print(f"the month's figures ({last:%Y-%m}: {fig.received} received, {fig.counts.done} done): {_ms(samples)}"
          "  (target < 300 ms)")
    tab.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
