"""benchmarks/bench_figures.py runs end to end on a tiny ten-years database and prints each figure.

Figures are printed, never asserted: timing depends on the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_figures_benchmark_runs(tmp_path) -> None:
    from models.core.db import open_database
    from models.demo_large import fill_ten_years

    path = tmp_path / "tiny.sqlite3"
    db = open_database(path)
    fill_ten_years(db, seed=3, today=dt.date.today(), factor=0.004)
    db.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_figures.py"), "--db", str(path), "--runs", "1"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for line in ("year's report PDF", "year's report .xlsx", "dashboard first paint after its tab is shown",
                 "cold start, the window opening on Residents", "cold start, the window opening on the dashboard"):
        assert line in done.stdout, line
