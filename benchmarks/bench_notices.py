"""Benchmark of bulletin-board notices (issue 7 / issue 9 targets).

    python benchmarks/bench_notices.py [--db PATH]

Builds (or uses) a database of 5,000 residents (bulk inserted, deterministic),
then measures, median and worst of several runs:

* a one-page general notice, "click to PDF": privacy scan + layout + PDF — target 300 ms;
* a 10-page meal-subsidy disclosure (masked names table) with its scan — target 2 s;
* the preview of page 1 (rendering the PDF to an image; for information);
* the privacy scan alone on the 10-page disclosure (for information).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from models.core.db import open_database  # noqa: E402
from models.core.settings import CentreInfo  # noqa: E402
from models.notices import NoticeValues, check_privacy, default_posting_period  # noqa: E402
from models.residents.entities import Resident  # noqa: E402
from models.residents.names import mask_name, name_keys  # noqa: E402
from reports.notices import compose  # noqa: E402

RESIDENTS = 5_000
TODAY = dt.date(2026, 11, 22)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚"
CENTRE = CentreInfo(name="幸福里社区党群服务中心", address="幸福路88号", phone="010-65529988")


def build(db) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    rows = []
    for i in range(RESIDENTS):
        name = rng.choice(SURNAMES[:-2]) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        keys = name_keys(name)
        rows.append({"name": name, "name_pinyin": keys.pinyin, "name_initials": keys.initials,
                     "phone": f"139{i:08d}", "compound": "幸福小区", "building": str(i % 30 + 1)})
    with db.write() as s:
        s.execute(insert(Resident), rows)


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def report(label: str, figures: tuple[float, float], target_ms: float | None) -> None:
    median, worst = figures
    verdict = "" if target_ms is None else ("OK" if worst < target_ms else ("median OK" if median < target_ms else "SLOW"))
    target = f"target {target_ms:.0f} ms" if target_ms else "for information"
    print(f"{label:<48} median {median:8.1f} ms  worst {worst:8.1f} ms  ({target}) {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a database file (built with 5,000 residents if it has none)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    tmp = None
    if args.db:
        path = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "bench.sqlite3"
    db = open_database(path)
    with db.session() as s:
        if (s.scalar(select(func.count()).select_from(Resident)) or 0) < 1000:
            build(db)
    with db.session() as s:
        names = list(s.scalars(select(Resident.name).limit(400)))

    start, end = default_posting_period(TODAY)
    one_page = NoticeValues(
        title="关于小区停水的通知",
        body="因市政管道检修，11月25日（星期三）8:00至17:00小区停水。请居民提前储水，给您带来不便，敬请谅解。" * 3,
        table_header=["楼栋", "停水时间"], table_rows=[[f"{b}栋", "8:00–17:00"] for b in range(1, 9)],
        issuer=CENTRE.name, issue_date=TODAY, contact=CENTRE.phone)
    disclosure = NoticeValues(
        template="meal_subsidy", title="助餐补贴公示（2026年11月）", body="本月享受助餐补贴的老人名单如下。",
        table_header=["序号", "姓名", "补贴餐数", "补贴"],
        table_rows=[[str(i + 1), mask_name(n), "20", "¥60.00"] for i, n in enumerate(names)],
        disclosure=True, posting_from=start, posting_to=end, contact=CENTRE.phone, issuer=CENTRE.name,
        issue_date=TODAY)

    def click_to_pdf(values: NoticeValues):  # type: ignore[no-untyped-def]
        with db.session() as s:
            check_privacy(s, values)
        return compose(values, CENTRE)

    click_to_pdf(one_page)  # fonts parsed once per process, as in the running app
    pages = click_to_pdf(disclosure).pages
    report("one-page notice: scan + PDF", timed(lambda: click_to_pdf(one_page), args.runs), 300)
    report(f"{pages}-page disclosure: scan + PDF", timed(lambda: click_to_pdf(disclosure), max(3, args.runs // 2)), 2000)

    def scan() -> None:
        with db.session() as s:
            check_privacy(s, disclosure)

    report("privacy scan of the disclosure", timed(scan, args.runs), None)
    try:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841
        from ui.notices.printing import render_pages, renderer_name

        pdf = compose(one_page, CENTRE).pdf
        report(f"preview of page 1 ({renderer_name() or 'no renderer'})",
               timed(lambda: render_pages(pdf, 60, 1, 1), args.runs), None)
    except ImportError:
        pass
    db.dispose()
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
