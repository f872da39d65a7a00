"""Grids on the ten-years database (~5,000 residents in ~2,000 households, ~60k visits): prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench_grids.py --db PATH   (a copy is used; PATH is left as it was)

Targets (issue 17): the grid tab's first display and the not-visited list under 200 ms;
placing a resident in a room under 50 ms; the household sheet of a grid under 2 s.
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
    from sqlalchemy import func, select

    import i18n
    from models.core.db import open_database
    from models.grids import list_grids, not_visited, place_resident
    from models.grids.entities import Household, Room, Visit
    from models.grids.sheet import household_sheet
    from models.residents.entities import Resident
    from reports.grids import sheet_pdf

    app = QApplication.instance() or QApplication([])
    i18n.set_language("zh_CN")
    db = open_database(path, create=False)
    today = dt.date.today()
    with db.session() as s:
        counts = {name: s.scalar(select(func.count()).select_from(model))
                  for name, model in (("residents", Resident), ("households", Household), ("rooms", Room),
                                      ("visits", Visit))}
        grids = list_grids(s)
    print("in the database: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + f", {len(grids)} grids")

    samples = []
    for _i in range(runs):
        t = time.perf_counter()
        with db.session() as s:
            rows = not_visited(s, today)
        samples.append(time.perf_counter() - t)
    print(f"not-visited list ({len(rows)} rows): {_ms(samples)}  (target < 200 ms)")

    from ui.grids.tab import GridsTab

    samples = []
    for _i in range(runs):
        t = time.perf_counter()
        tab = GridsTab(db)
        tab.show()
        app.processEvents()
        samples.append(time.perf_counter() - t)
        tab.close()
        tab.deleteLater()
        app.processEvents()
    print(f"the grid tab's first display: {_ms(samples)}  (target < 200 ms)")

    with db.session() as s:
        residents = list(s.scalars(select(Resident.id).where(Resident.archived.is_(False)).limit(runs)))
        room_ids = list(s.scalars(select(Room.id).order_by(Room.id.desc()).limit(runs)))
    samples = []
    for resident_id, room_id in zip(residents, room_ids, strict=False):
        t = time.perf_counter()
        with db.write() as s:
            place_resident(s, resident_id, room_id)
        samples.append(time.perf_counter() - t)
    print(f"placing a resident in a room: {_ms(samples)}  (target < 50 ms)")

    samples = []
    for g in grids[:runs]:
        t = time.perf_counter()
        with db.session() as s:
            sheet = household_sheet(s, g.name, today)
        from models.core.settings import load_centre_info

        with db.session() as s:
            centre = load_centre_info(s)
        sheet_pdf(sheet, centre)
        samples.append(time.perf_counter() - t)
    print(f"a grid's household sheet as PDF ({sheet.people} residents in the last): {_ms(samples)}  (target < 2 s)")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
