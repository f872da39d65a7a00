"""Benchmark of the residents' import: reading and checking 100,000 rows.

    python benchmarks/bench_import.py [--rows 100000] [--repeat 1] [--write]

Builds a CSV of ``--rows`` valid residents (and an .xlsx of the same rows) in a
temporary folder, then times against an empty database:

* ``check_csv``: read and check every row of the CSV (a dry run) — target:
  100,000 rows in under 20 s (scaled to ``--rows``);
* ``refuse_csv``: the same rows when every one has a problem (each ID number
  is already registered) — the refusal, same target;
* ``check_xlsx``: read and check the .xlsx (for information);
* ``write_csv`` with ``--write``: the real import after the check, without
  the backup (for information).

Figures are printed (median and worst), never asserted.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from models.core.db import open_database  # noqa: E402
from models.core.importer import ImportFailed, import_people  # noqa: E402
from models.residents.entities import Resident  # noqa: E402

TODAY = dt.date(2026, 11, 22)
TARGET_PER_100K = 20.0
HEADER = ["姓名", "身份证号", "性别", "电话", "小区", "楼栋", "单元", "室", "网格", "独居"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def make_id(birth: str, seq: int, area: str) -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def people(n: int) -> list[list[str]]:
    rng = random.Random(13)
    rows = []
    for i in range(n):
        birth = f"{1930 + i % 70}{1 + i % 12:02d}{1 + i % 28:02d}"
        rows.append([rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                     make_id(birth, i % 1000, f"11{(i // 1000) % 100:02d}{(i // 100_000) % 100:02d}"), "",
                     f"138{i:08d}", "幸福小区", str(i % 30), "1", str(101 + i % 20), "一网格", "否"])
    return rows


def write_files(folder: Path, rows: list[list[str]]) -> tuple[Path, Path]:
    from openpyxl import Workbook

    csv_path = folder / "residents.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    xlsx_path = folder / "residents.xlsx"
    wb.save(xlsx_path)
    return csv_path, xlsx_path


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), max(times)


def report(label: str, figures: tuple[float, float], target: float | None) -> None:
    median, worst = figures
    verdict = "" if target is None else ("OK" if worst < target else "TOO SLOW")
    target_text = f"target < {target:.1f} s" if target is not None else "no target"
    print(f"{label:<36} median {median:8.2f} s  worst {worst:8.2f} s  {target_text:<16} {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="also time the real import (no backup)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    rows = people(args.rows)
    csv_path, xlsx_path = write_files(folder, rows)
    target = TARGET_PER_100K * args.rows / 100_000
    print(f"{args.rows} rows: CSV {csv_path.stat().st_size / 1e6:.1f} MB, .xlsx {xlsx_path.stat().st_size / 1e6:.1f} MB")

    empty = open_database(folder / "empty.sqlite3")
    taken = open_database(folder / "taken.sqlite3")
    with taken.write() as s:  # every ID number of the file already registered: every row is refused
        s.execute(insert(Resident), [
            dict(name="老住户", id_number=r[1], name_pinyin="", name_initials="", compound="", building="", unit="",
                 room="", grid="", lives_alone=False, empty_nest=False, minimum_allowance=False,
                 extreme_poverty=False, disabled=False, entitled_group=False, notes="", archived=False,
                 created_at=dt.datetime(2026, 1, 1), updated_at=dt.datetime(2026, 1, 1))
            for r in rows])

    def check_csv() -> None:
        assert import_people(empty, csv_path, dry_run=True, today=TODAY).rows == args.rows

    def refuse_csv() -> None:
        try:
            import_people(taken, csv_path, dry_run=True, today=TODAY)
        except ImportFailed as exc:
            assert len(exc.report.problems) == args.rows
        else:
            raise AssertionError("not refused")

    def check_xlsx() -> None:
        assert import_people(empty, xlsx_path, dry_run=True, today=TODAY).rows == args.rows

    report(f"check_csv ({args.rows} rows)", timed(check_csv, args.repeat), target)
    report(f"refuse_csv ({args.rows} rows)", timed(refuse_csv, args.repeat), target)
    report(f"check_xlsx ({args.rows} rows)", timed(check_xlsx, args.repeat), None)
    if args.write:
        report(f"write_csv ({args.rows} rows, check + write)",
               timed(lambda: import_people(empty, csv_path, today=TODAY, backup=False), 1), None)
    empty.dispose()
    taken.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
