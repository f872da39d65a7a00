"""Issue 13: what the audit anchors, the restore's schema check and ``main.py check`` cost.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_audit.py [--entries 200000] [--repeat 3]

On a database of its own (in a temporary folder): ``--entries`` audit entries
and an anchor log with an anchor every third entry (a long-used log). Figures
(median / worst of the runs):

* ``start_up_audit``: :func:`models.safety.startup.audit_start_up` — the triggers and
  the log's last anchor, what every start adds;
* ``audit_check``: :func:`models.safety.audit.check_trail` — the whole chain, the
  triggers, every anchor (``python main.py audit check``);
* ``file_check``: :func:`models.safety.check.check_file` (``python main.py check``);
* ``revision_schema``: the schema of revision head built by the migrations
  (once per process; the restore's check).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from models.core.db import head_revision, open_database
    from models.safety import backup, startup
    from models.safety.audit import check_trail, record
    from models.safety.check import check_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "linli.sqlite3"
        db = open_database(path)
        with db.write() as s:
            for i in range(args.entries):
                record(s, "print", summary=f"sheet {i}")
        db.dispose()
        conn = sqlite3.connect(path)
        rows = conn.execute("SELECT id, hash FROM audit_entry WHERE id % 3 = 0").fetchall()
        conn.close()
        with open(str(path) + ".anchors", "w", encoding="utf-8") as fh:
            for entry, digest in rows:
                fh.write(json.dumps({"at": "2026-01-01 00:00:00", "entry": entry, "hash": digest,
                                     "reason": "backup"}) + "\n")
        db = open_database(path)
        try:
            figures = {"start_up_audit": _timed(lambda: startup.audit_start_up(db), args.repeat)}
        finally:
            db.dispose()
        figures["audit_check"] = _timed(lambda: check_trail(path), args.repeat)
        figures["file_check"] = _timed(lambda: check_file(path), args.repeat)
        figures["revision_schema"] = _timed(lambda: backup.revision_schema(head_revision()), 1)
    print(f"{args.entries} entries, {len(rows)} anchors in the log")
    for key, (median, worst) in figures.items():
        print(f"  {key:<16} {median:9.1f} ms (worst {worst:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
