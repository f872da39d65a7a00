"""Render every notice template to a small PNG, as docs/reports.md shows them.

    python docs/images/notices/render.py [SUFFIX]      # writes <template>-SUFFIX.png (default "after")

A fresh demo database (``main.py demo``, seed 0) in a temporary folder gives the
activity, menu, meal-subsidy and dues notices through their commands; the general
notice and the service results are typed as a clerk would. ``LINLI_DEMO_DB=PATH``
uses a copy of a demo database made before instead. Pages are rendered with
``pdftoppm -r 50 -gray`` (poppler-utils) to keep each picture under ~150 KB.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}

GENERAL_BODY = (
    "因小区二次供水管道检修，定于12月10日（星期四）8:00至17:00暂停供水。\n"
    "请各位居民提前储水，关好水龙头，以免来水时跑水。检修期间如有困难，请联系“楼栋长”或到社区服务中心"
    "前台登记，我们将为行动不便的老人送水上门。\n"
    "感谢广大居民的理解与配合！"
)
SERVICE_ROWS = [
    ["1", "更换楼道声控灯", "3栋2单元", "王*", "12月1日", "满意"],
    ["2", "疏通下水道", "5栋1单元", "李*明", "12月2日", "满意"],
    ["3", "代购降压药", "7栋3单元", "张*", "12月3日", "非常满意"],
    ["4", "陪同就医（社区医院复诊）", "2栋1单元", "欧阳**", "12月4日", "满意"],
]


def main(db: Path, suffix: str) -> None:
    out = db.parent
    con = sqlite3.connect(db)
    (activity,) = con.execute(
        "select id from activity where title like '%义诊%' order by starts_at desc limit 1").fetchone()
    con.close()
    main_py = [PY, str(ROOT / "main.py"), "--lang", "zh_CN"]
    commands = {
        "activity": ["activities", "notice", "--activity", str(activity)],
        "menu": ["meals", "menu", "--week", "2026-W50"],
        "meal_subsidy": ["meals", "disclosure", "--month", "2026-11"],
        "dues": ["party", "dues-disclosure", "--quarter", "2026Q4"],
    }
    pdfs: dict[str, Path] = {}
    for key, args in commands.items():
        pdf = out / f"{key}.pdf"
        subprocess.run([*main_py, *args, "--db", str(db), "--out", str(pdf)], env=ENV, check=True)
        pdfs[key] = pdf
    code = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "import i18n\n"
        "i18n.set_language('zh_CN')\n"
        "from models.core.settings import CentreInfo\n"
        "from reports.notices import compose, template\n"
        "centre = CentreInfo(name='幸福里社区党群服务中心', address='幸福路 88 号', phone='025-8888 6666')\n"
        "today = dt.date(2026, 12, 7)\n"
        "v = template('general').blank(centre, today)\n"
        f"v.title, v.body = '关于小区停水的通知', {GENERAL_BODY!r}\n"
        "Path(sys.argv[1]).write_bytes(compose(v, centre).pdf)\n"
        "v = template('service_results').blank(centre, today)\n"
        f"v.title, v.table_rows = '居民点单服务结果公示', {SERVICE_ROWS!r}\n"
        "Path(sys.argv[2]).write_bytes(compose(v, centre).pdf)\n"
    )
    pdfs["general"], pdfs["service_results"] = out / "general.pdf", out / "service_results.pdf"
    subprocess.run([PY, "-c", code, str(pdfs["general"]), str(pdfs["service_results"])], env=ENV, check=True)
    for key, pdf in pdfs.items():
        pages = [("", "1")]
        if key == "dues":
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            last = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
            pages.append(("-last", last))
        for tag, page in pages:
            stem = out / f"{key}{tag}"
            subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", "-singlefile", "-f", page, "-l", page,
                            str(pdf), str(stem)], check=True)
            target = HERE / f"{key}{tag}-{suffix}.png"
            target.write_bytes(stem.with_suffix(".png").read_bytes())
            print(target.relative_to(ROOT), target.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    if os.environ.get("LINLI_DEMO_DB"):  # a demo database made before (a copy is used): quicker
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "demo.sqlite3"
            copy.write_bytes(Path(os.environ["LINLI_DEMO_DB"]).read_bytes())
            main(copy, sys.argv[1] if len(sys.argv) > 1 else "after")
        sys.exit(0)
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "demo.sqlite3"
        subprocess.run([PY, str(ROOT / "main.py"), "demo", "--db", str(database)], env=ENV, check=True,
                       stdout=subprocess.DEVNULL)
        main(database, sys.argv[1] if len(sys.argv) > 1 else "after")
