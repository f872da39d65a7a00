"""benchmarks/bench_import.py runs on a few rows and prints every figure (never asserted: timing is the machine's)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_benchmark_runs_and_prints_its_figures() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_import.py"), "--rows", "300", "--write"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    printed = {line.split()[0] for line in done.stdout.splitlines() if " median " in line}
    assert printed == {"check_csv", "refuse_csv", "check_xlsx", "write_csv"}
    assert "target < 0.1 s" in done.stdout  # 20 s per 100,000 rows, scaled
