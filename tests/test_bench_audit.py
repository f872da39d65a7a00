"""benchmarks/bench_audit.py runs (on a small trail), so that it cannot rot. Figures are printed, never asserted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_audit_benchmark_runs() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_audit.py"), "--entries", "300", "--repeat", "1"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for key in ("start_up_audit", "audit_check", "file_check", "revision_schema"):
        assert key in done.stdout
