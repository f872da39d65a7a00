"""benchmarks/bench_server.py runs end to end: a tiny ten-years file, the same data on the server.

Figures are printed and written, never asserted: timing depends on the machine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from models.core.db import open_database
from models.core.move import move
from models.demo_large import fill_ten_years
from models.safety.security import SYSTEM, acting_as

ROOT = Path(__file__).resolve().parents[2]


def test_bench_server_measures_file_and_server_side_by_side(pg_server, tmp_path) -> None:
    path = tmp_path / "tiny.sqlite3"
    db = open_database(path)
    try:
        fill_ten_years(db, seed=3, today=dt.date.today(), factor=0.004)
        centres = []
        for _centre in (1, 2):
            name = pg_server.new_name("linli_bench_centre")
            url = pg_server.create(name)
            with acting_as(SYSTEM):
                move(db, url, centre=None)
            centres.append((name, url))
    finally:
        db.dispose()
    out = tmp_path / "figures.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "bench_server.py"), "--sqlite", str(path),
             *[arg for _, url in centres for arg in ("--server", url)], "--repeat", "1", "--json", str(out)],
            capture_output=True, text=True, timeout=240, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        figures = json.loads(out.read_text(encoding="utf-8"))
        assert figures["centres"] == 2
        for side in ("file", "server"):
            for key in ("search_keystroke", "checkin", "meal", "meal_reconciliation", "centre_figures"):
                assert figures[side][key]["runs"] >= 1, (side, key)
            # two centres read per run: one figure per centre
            assert figures[side]["one_centre_figures"]["runs"] == 2, side
        assert "the year's figures, every centre" in done.stdout
        # the desk's database is measured on a copy: the copy is gone, the centre untouched
        names = {n for n, _ in centres}
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(centres[0][1])
        with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname="postgres") as conn:
            left = {r[0] for r in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'linli_bench%'")}
        assert left == names
    finally:
        for name, _ in centres:
            pg_server.drop(name)
