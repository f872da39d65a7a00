"""benchmarks/bench.py runs end to end on a tiny ten-years database and writes every figure.

Figures are printed and written, never asserted: timing depends on the machine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """A ten-years database at 0.4 % of the size."""
    from models.core.db import open_database
    from models.demo_large import fill_ten_years

    path = tmp_path_factory.mktemp("bench") / "tiny.sqlite3"
    db = open_database(path)
    fill_ten_years(db, seed=3, today=dt.date.today(), factor=0.004)
    db.dispose()
    return path


def test_bench_runs_and_writes_every_figure(tiny, tmp_path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench import FIGURES
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    path = tiny
    out = tmp_path / "figures.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--db", str(path), "--repeat", "1", "--json", str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(out.read_text(encoding="utf-8"))["figures"]
    assert set(figures) == set(FIGURES)
    assert "cold start to first paint" in done.stdout
    for key in ("start", "start_empty", "tab_party", "search_keystroke", "roster_pdf", "memory"):
        assert figures[key]["runs"] >= 1, key


def test_the_workers_benchmark_runs(tiny) -> None:
    """benchmarks/bench_workers.py: the roster through the worker, the dues page read in the background."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_workers.py"), "--db", str(tiny), "--repeat", "1"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    printed = {line.split()[0] for line in done.stdout.splitlines() if " median " in line}
    assert printed == {"roster_sync", "roster_worker_total", "roster_worker_gap", "dues_first_show", "dues_filled",
                       "dues_gap"}
