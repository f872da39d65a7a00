"""Issue 19's benchmark: the desk on a PostgreSQL server against the same desk on a file.

    python main.py demo --db /tmp/ten.sqlite3 --scale ten-years            # once
    python main.py move --from COPY.sqlite3 --to postgresql+psycopg://…/centre1 --user admin   # × 3 centres
    python benchmarks/bench_server.py --sqlite /tmp/ten.sqlite3 \\
        --server postgresql+psycopg://owner@HOST/centre1 --server …/centre2 --server …/centre3 [--repeat 3]

The first ``--server`` database is the desk's: it is copied on the server
(``CREATE DATABASE … TEMPLATE``, so the role needs CREATEDB and nobody else may be
connected to it) and the copy is measured and dropped, as the file is measured on a
copy — the benchmark's own check-ins, meals and bookings reach neither. The other
``--server`` databases are the other centres on the same server: they are read for
the sub-district's figures per centre, which read every centre given in turn, and
the file's are the same figures read from ``--sqlite`` once per centre given.

Measures, with the same code as ``benchmarks/bench.py`` (the real widgets,
offscreen): search per keystroke, a check-in, a meal and a booking (Enter → the
row shown), the month's meal reconciliation and attendance statistics; and the
year's figures of every centre as the sub-district reads them, read-only
(:func:`models.district.district_figures`); and how many SQL statements (round
trips to the server) each desk action sends. Prints one table, file and server side by
side, against the issue's targets; figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the measures of the one-file benchmark, shared)

#: figure → (label, target, unit), in the order printed.
SERVER_FIGURES: dict[str, tuple[str, float | None, str]] = {
    key: bench.FIGURES[key] for key in ("search_keystroke", "checkin", "meal", "booking",
                                        "meal_reconciliation", "attendance_stats")
}
SERVER_FIGURES["centre_figures"] = ("the year's figures, every centre", 5, "s")
SERVER_FIGURES["one_centre_figures"] = ("the year's figures, one centre", None, "s")


class CountingFigures(bench.Figures):
    """Also counts the SQL statements sent between one sample and the next — each one a round trip
    to the server, which a network adds to (an upper bound for an action: the look-up before it,
    the finding of the resident, is counted with it)."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        from sqlalchemy import event

        super().__init__()
        self.sent = 0
        self._mark = 0
        self.statements: dict[str, list[int]] = {}
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args) -> None:  # type: ignore[no-untyped-def]
        self.sent += 1

    def add(self, key: str, value: float) -> None:
        super().add(key, value)
        self.statements.setdefault(key, []).append(self.sent - self._mark)
        self._mark = self.sent


def measure(db, repeat: int) -> bench.Figures:  # type: ignore[no-untyped-def]
    figures = CountingFigures(db.engine)
    bench.measure_reports(figures, db, None, repeat)
    bench.measure_desk(figures, db, repeat)
    return figures


def measure_centres(figures: bench.Figures, targets: list, repeat: int) -> None:  # type: ignore[type-arg]
    """The sub-district's figures of every centre (:func:`models.district.district_figures`, read-only)."""
    from models.district import Centre, district_figures
    from models.figures.period import parse_period

    period = parse_period(str(dt.date.today().year - 1))
    centres = [Centre(f"centre {n}", str(t), n) for n, t in enumerate(targets, start=1)]
    for _ in range(repeat):
        t0 = time.perf_counter()
        read = district_figures(centres, period)
        figures.add("centre_figures", time.perf_counter() - t0)
        for column in read.columns:
            if column.answered:
                figures.add("one_centre_figures", column.seconds)
        for column in read.failed:
            figures.notes["centre_figures"] = f"did not answer: {column.error}"


def _admin(url: str, sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


def summary(figures: bench.Figures) -> dict[str, dict]:
    out = {}
    for key, (label, target, unit) in SERVER_FIGURES.items():
        values = figures.samples.get(key)
        if not values:
            out[key] = {"label": label, "target": target, "unit": unit, "median": None, "worst": None,
                        "note": figures.notes.get(key, "not measured")}
            continue
        sent = getattr(figures, "statements", {}).get(key)
        out[key] = {"label": label, "target": target, "unit": unit, "median": round(statistics.median(values), 3),
                    "worst": round(max(values), 3), "runs": len(values), "note": figures.notes.get(key, ""),
                    "statements": statistics.median(sent) if sent else None}
    return out


def _cell(item: dict) -> str:
    if item["median"] is None:
        return "-"
    return f"{bench._fmt(item['median'], item['unit'])} / {bench._fmt(item['worst'], item['unit'])}"


def _verdict(item: dict) -> str:
    if item["median"] is None or item["target"] is None:
        return ""
    return "PASS" if item["worst"] < item["target"] else "PASS (median)" if item["median"] < item["target"] else "FAIL"


def print_table(file_side: dict[str, dict], server_side: dict[str, dict]) -> None:
    print(f"{'figure':<36} {'target':<9} {'file: median / worst':>24} {'server: median / worst':>24}  "
          f"{'verdict':<8} statements")
    for key, item in server_side.items():
        unit = item["unit"]
        target = "-" if item["target"] is None else f"< {item['target']:g} {unit}"
        sent = "" if item.get("statements") is None else f"{item['statements']:g}"
        print(f"{item['label']:<36} {target:<9} {_cell(file_side[key]):>24} {_cell(item):>24}  "
              f"{_verdict(item):<8} {sent}")


def run_side(args: argparse.Namespace) -> dict[str, dict]:
    """One side (``args.side``: the file or the server) measured in this process."""
    from sqlalchemy.engine import make_url

    from models.core.db import backup_sqlite, open_database

    if args.side == "file":
        with tempfile.TemporaryDirectory(prefix="linli-bench-") as tmp:
            copy = backup_sqlite(Path(args.sqlite), Path(tmp) / "bench.sqlite3")
            db = open_database(copy, create=False)
            try:
                figures = measure(db, args.repeat)
            finally:
                db.dispose()
            measure_centres(figures, [copy] * len(args.server), args.repeat)
        return summary(figures)
    desk = make_url(args.server[0])
    scratch = f"{desk.database}_bench_{uuid.uuid4().hex[:8]}"
    _admin(args.server[0], f'CREATE DATABASE "{scratch}" TEMPLATE "{desk.database}"')
    try:
        db = open_database(desk.set(database=scratch).render_as_string(hide_password=False), create=False)
        try:
            figures = measure(db, args.repeat)
        finally:
            db.dispose()
    finally:
        _admin(args.server[0], f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    measure_centres(figures, args.server, args.repeat)
    return summary(figures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", required=True, metavar="PATH", help="a centre's database file; not changed")
    parser.add_argument("--server", action="append", required=True, metavar="URL",
                        help="a centre's database on the server (the first is the desk's; repeat for each centre)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each measurement (default 3)")
    parser.add_argument("--json", metavar="OUT", help="write the figures as JSON here")
    parser.add_argument("--side", choices=("file", "server"), help=argparse.SUPPRESS)  # one side, in a child
    args = parser.parse_args(argv)

    from sqlalchemy.engine import make_url

    if not Path(args.sqlite).exists():
        print(f"bench_server: no database at {args.sqlite}", file=sys.stderr)
        return 2
    if args.side:  # the child: one side, its figures as JSON on the last line of stdout
        print(json.dumps(run_side(args), ensure_ascii=False))
        return 0
    t0 = time.perf_counter()
    sides = {}
    for side in ("file", "server"):  # each in a fresh process: one window per process, as at the desk
        done = subprocess.run([sys.executable, __file__, *(argv if argv is not None else sys.argv[1:]),
                               "--side", side], capture_output=True, text=True, check=False)
        if done.returncode:
            print(f"bench_server: the {side} side failed:\n{done.stderr[-3000:]}", file=sys.stderr)
            return 1
        sides[side] = json.loads(done.stdout.strip().splitlines()[-1])
    hosts = sorted({f"{make_url(u).host}:{make_url(u).port or 5432}" for u in args.server})
    print(f"file: {args.sqlite}; server: {', '.join(hosts)}, {len(args.server)} centres "
          f"({args.repeat} repetitions, {time.perf_counter() - t0:.0f} s)")
    print_table(sides["file"], sides["server"])
    if args.json:
        Path(args.json).write_text(json.dumps({**sides, "centres": len(args.server)}, ensure_ascii=False, indent=2),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
