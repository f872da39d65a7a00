"""The kill -9 script on a small scale: every acknowledged write survives, the file stays sound."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def crash_test():
    spec = importlib.util.spec_from_file_location("crash_test", ROOT / "benchmarks" / "crash_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_test"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL semantics; the script uses TerminateProcess there")
def test_kill_9_loses_no_acknowledged_write(crash_test, tmp_path, capsys):
    db = tmp_path / "crash.sqlite3"
    assert crash_test.run(db, kills=10, seed=3, check_every=5, max_delay=0.3) == 0
    out = capsys.readouterr().out
    assert "verdict: PASS" in out and "none lost" in out


def test_the_check_notices_a_missing_row(crash_test, tmp_path):
    db = tmp_path / "crash.sqlite3"
    crash_test.create(db)
    assert crash_test.check(db, set()) == []
    assert "missing" in crash_test.check(db, {1})[0]
