"""The sub-district's per-centre figures: prints the time against the 5 s target, asserts nothing.

    python main.py demo --db /tmp/ten.sqlite3 --scale ten-years         # once per centre
    .venv/bin/python benchmarks/bench_district.py /tmp/a.sqlite3 /tmp/b.sqlite3 /tmp/c.sqlite3 \\
        [--year 2025] [--runs 3] [--workers 1,4]
    .venv/bin/python benchmarks/bench_district.py postgresql+psycopg://district@server/a …

Each argument is a centre: a database file or a server's address (its password in ~/.pgpass).
Target (issue 19): three centres' ten-years data, the year's figures of every centre side by
side under 5 s — reading them (read-only, as the sub-district's reader) and building the PDF
and the .xlsx. Files are opened read-only in place (nothing is written to them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_S = 5.0


def _s(samples: list[float]) -> str:
    return f"median {statistics.median(samples):.2f} s, worst {max(samples):.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("centres", nargs="+", help="each centre's database file or server address")
    parser.add_argument("--year", type=int, default=None, help="the year (default: last year)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", default="1,4", help="centres read at once, each value measured (1,4)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="linli-bench-district-") as tmp:
        os.environ["LINLI_CONFIG_DIR"] = str(Path(tmp) / "config")
        import datetime as dt

        from models.district import Centre, district_figures
        from models.figures import parse_period
        from reports.district import district_file

        centres = [Centre(f"centre {n}", a if "://" in a else str(Path(a).resolve()), n)
                   for n, a in enumerate(args.centres, start=1)]
        year = args.year or dt.date.today().year - 1
        period = parse_period(str(year))
        print(f"{len(centres)} centres, the year {year}; target {TARGET_S:.0f} s (issue 19)")
        for workers in (int(w) for w in args.workers.split(",")):
            reads, pdfs, xlsxs, totals = [], [], [], []
            for _run in range(args.runs):
                t0 = time.perf_counter()
                figures = district_figures(centres, period, workers=workers)
                t1 = time.perf_counter()
                district_file(figures, "pdf")
                t2 = time.perf_counter()
                district_file(figures, "xlsx")
                t3 = time.perf_counter()
                reads.append(t1 - t0)
                pdfs.append(t2 - t1)
                xlsxs.append(t3 - t2)
                totals.append(max(t2 - t0, (t1 - t0) + (t3 - t2)))
            for c in figures.failed:
                print(f"  did not answer: {c.error}")
            slowest = max(figures.columns, key=lambda c: c.seconds)
            print(f"workers={workers}: reading every centre {_s(reads)} (slowest centre {slowest.seconds:.2f} s)")
            print(f"workers={workers}: the PDF built {_s(pdfs)}; the .xlsx built {_s(xlsxs)}")
            verdict = "within" if statistics.median(totals) < TARGET_S else "OVER"
            print(f"workers={workers}: per-centre figures, read and the file built: {_s(totals)} — "
                  f"{verdict} the {TARGET_S:.0f} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
