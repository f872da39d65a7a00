"""The issue-9 benchmark: Linli on ten years of data, every target in one table.

    python main.py demo --db /tmp/ten.sqlite3 --scale ten-years     # once, < 2 minutes
    python benchmarks/bench.py --db /tmp/ten.sqlite3 [--repeat 5] [--json figures.json]

Works on a copy of the database (made with the backup API in a temporary
folder), so the benchmark's own check-ins, meals and bookings never reach the
file given. Measures, each several times (median and worst):

* cold start to the first painted window — a separate process, offscreen
  (``benchmarks/launch_window.py``: the window's real start — lock, start-up
  checks, the style — but the login dialog), on the database and on an empty
  one; and when the start-up quick_check, run in the background, had decided;
* each tab's first display, and the peak memory of that process after every
  tab was opened;
* search-as-you-type on residents, per keystroke (QTest on the real field);
* a day-care check-in, adding a meal and a booking: the real widgets, offscreen,
  ID number typed and Enter pressed, until the view's model has the new row;
* the month's meal reconciliation and day-care attendance statistics;
* a one-page notice PDF (privacy scan + layout), the Party roster PDF;
* a verified backup.

Prints a table of figure, target and verdict and writes the figures as JSON.
In this process the window is built with :func:`ui.shell.app.create_window` as the
tests build it: the system actor, no login dialog. Figures are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAUNCHER = Path(__file__).with_name("launch_window.py")

#: figure → (label, target, unit); target None: measured, no target.
FIGURES: dict[str, tuple[str, float | None, str]] = {
    "start_empty": ("cold start, empty database", 1.5, "s"),
    "start": ("cold start to first paint", 1.5, "s"),
    "start_ratio": ("start / start on empty database", 1.3, "×"),
    "start_check": ("start-up quick_check, after first paint", None, "ms"),
    "tab_daycare": ("first display: Day care tab", 200, "ms"),
    "tab_meals": ("first display: Meals tab", 200, "ms"),
    "tab_activities": ("first display: Activities tab", 200, "ms"),
    "tab_party": ("first display: Party tab", 200, "ms"),
    "tab_notices": ("first display: Notices tab", 200, "ms"),
    "notices_first_page": ("Notices tab, first page drawn", None, "ms"),
    "search_keystroke": ("residents search, per keystroke", 50, "ms"),
    "checkin": ("day-care check-in, Enter → board", 50, "ms"),
    "meal": ("add a meal, Enter → day list", 50, "ms"),
    "booking": ("booking, Enter → desk list", 50, "ms"),
    "meal_reconciliation": ("month meal reconciliation", 500, "ms"),
    "attendance_stats": ("month attendance statistics", None, "ms"),
    "notice_pdf": ("one-page notice PDF", 300, "ms"),
    "roster_pdf": ("Party roster PDF", 3000, "ms"),
    "backup": ("backup (verified)", None, "ms"),
    "memory": ("peak memory, every tab open", 300, "MB"),
}


class Figures:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}
        self.notes: dict[str, str] = {}

    def add(self, key: str, value: float) -> None:
        self.samples.setdefault(key, []).append(value)

    def timed(self, key: str, fn: Callable[[], object], runs: int, *, scale: float = 1000) -> None:
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            self.add(key, (time.perf_counter() - t0) * scale)

    def summary(self) -> dict[str, dict]:
        out = {}
        for key, (label, target, unit) in FIGURES.items():
            values = self.samples.get(key)
            if not values:
                out[key] = {"label": label, "target": target, "unit": unit, "median": None, "worst": None,
                            "runs": 0, "verdict": "not measured", "note": self.notes.get(key, "")}
                continue
            median, worst = statistics.median(values), max(values)
            if target is None:
                verdict = "info"
            elif worst < target:
                verdict = "PASS"
            elif median < target:
                verdict = "PASS (median)"
            else:
                verdict = "FAIL"
            out[key] = {"label": label, "target": target, "unit": unit, "median": round(median, 3),
                        "worst": round(worst, 3), "runs": len(values), "verdict": verdict,
                        "note": self.notes.get(key, "")}
        return out


# --- the separate process ------------------------------------------------------------------


def launch(path: Path, *, tabs: bool) -> dict:
    t0 = time.time()
    args = [sys.executable, str(LAUNCHER), str(path)] + (["--tabs"] if tabs else [])
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the launcher failed: {done.stderr.strip()[-500:]}")
    data = json.loads(lines[-1])
    data["start_s"] = data["painted_at"] - t0
    return data


def measure_start(figures: Figures, path: Path, empty: Path, repeat: int) -> None:
    launch(empty, tabs=False)  # the OS file cache and .pyc files warm, as on a PC used every day
    launch(path, tabs=False)  # and the weekly full check done (it runs once a week, in the background)
    for _ in range(repeat):
        base = launch(empty, tabs=False)["start_s"]
        data = launch(path, tabs=True)
        figures.add("start_empty", base)
        figures.add("start", data["start_s"])
        figures.add("start_ratio", data["start_s"] / base)
        for key, ms in data["tabs"].items():
            figures.add(f"tab_{key}", ms)
        figures.add("memory", data["rss_mb"])
        figures.add("start_check", data.get("checked_ms", 0))
        if "notices_first_page" in data:
            figures.add("notices_first_page", data["notices_first_page"])


# --- in this process: the real widgets offscreen ---------------------------------------------


def _quiet_dialogs() -> None:
    from ui.common import dialogs

    class Quiet(dialogs.DialogService):
        def info(self, parent, title, text):  # noqa: ANN001, ARG002
            pass

        warning = error = info

        def confirm(self, parent, title, text, *, ok_text=None):  # noqa: ANN001, ARG002
            return False

        def open_file(self, parent, title, file_filter=""):  # noqa: ANN001, ARG002
            return None

        def save_file(self, parent, title, suggested="", file_filter=""):  # noqa: ANN001, ARG002
            return None

        def print_pdf(self, parent, title, pdf):  # noqa: ANN001, ARG002
            return True

    dialogs.install(Quiet())


def measure_desk(figures: Figures, db, repeat: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    import models.activities as act
    from models import daycare as dc
    from models.meals import Meal, MenuEntry, menu_of_day, save_menu
    from models.residents.entities import Resident
    from ui.shell.app import create_window, prepare_app

    app = QApplication.instance() or QApplication([])
    prepare_app(app)  # the window's look and settings, as run_app gives them
    _quiet_dialogs()
    today = dt.date.today()
    window = create_window(db, app, "zh_CN")
    window.show()
    app.processEvents()
    runs = max(3, repeat * 3)

    # Search as you type: every keystroke of a few searches, cleared in between.
    tab = window.tab("residents")
    for text in ("zhang", "wxl", "1381234", "3201", "li"):
        tab.search.clear()
        app.processEvents()
        for ch in text:
            t0 = time.perf_counter()
            QTest.keyClick(tab.search, ch)
            app.processEvents()
            figures.add("search_keystroke", (time.perf_counter() - t0) * 1000)

    with db.session() as s:
        elders = list(s.execute(
            select(Resident.id, Resident.id_number).join(dc.Enrolment, dc.Enrolment.resident_id == Resident.id)
            .where(dc.Enrolment.status == "active", Resident.id_number.is_not(None),
                   ~dc.Enrolment.id.in_(select(dc.Visit.enrolment_id).where(dc.Visit.visit_date == today)))
            .order_by(Resident.id).limit(runs)))
    window.tabs.setCurrentWidget(window.lazy_tabs["daycare"])
    daycare = window.tab("daycare")
    for _rid, number in elders:
        daycare.quick.input.setText(number)
        before = daycare.board.counts["in"]
        t0 = time.perf_counter()
        QTest.keyClick(daycare.quick.input, Qt.Key.Key_Return)
        app.processEvents()
        if daycare.board.counts["in"] == before + 1:
            figures.add("checkin", (time.perf_counter() - t0) * 1000)
    if not elders:
        figures.notes["checkin"] = "no enrolled elder left to check in today"

    with db.write() as s:
        if menu_of_day(s, today, "lunch") is None:
            save_menu(s, [MenuEntry(today, "lunch", "红烧肉 米饭", 1200)])
    with db.session() as s:
        eaten = select(Meal.resident_id).where(Meal.day == today)
        diners = list(s.scalars(select(Resident.id_number).where(
            Resident.id_number.is_not(None), Resident.archived.is_(False), ~Resident.id.in_(eaten),
            Resident.birth_date < dt.date(today.year - 60, 1, 1)).order_by(Resident.id).limit(runs)))
    window.tabs.setCurrentWidget(window.lazy_tabs["meals"])
    meals = window.tab("meals")
    meals.reload()
    for number in diners:
        meals.quick.input.setText(number)
        before = meals.model.rowCount()
        t0 = time.perf_counter()
        QTest.keyClick(meals.quick.input, Qt.Key.Key_Return)
        app.processEvents()
        if meals.model.rowCount() == before + 1:
            figures.add("meal", (time.perf_counter() - t0) * 1000)

    window.tabs.setCurrentWidget(window.lazy_tabs["activities"])
    desk = window.tab("activities").desk
    desk.reload()
    now = dt.datetime.now()
    target = next((r for r in desk.rows if r.seats_left >= runs and r.target_group == "everyone"
                   and (r.signup_opens_at is None or r.signup_opens_at <= now)
                   and (r.signup_deadline is None or r.signup_deadline > now)), None)
    if target is None:
        figures.notes["booking"] = "no activity at the desk with seats left and sign-up open"
    else:
        with db.session() as s:
            booked = select(act.ActivityBooking.resident_id).where(act.ActivityBooking.activity_id == target.id)
            people = list(s.scalars(select(Resident.id_number).where(
                Resident.id_number.is_not(None), Resident.archived.is_(False), ~Resident.id.in_(booked),
                Resident.birth_date < dt.date(today.year - 20, 1, 1)).order_by(Resident.id.desc()).limit(runs)))
        for number in people:
            desk.select_activity(target.id)
            desk.find.input.setText(number)
            QTest.keyClick(desk.find.input, Qt.Key.Key_Return)  # the person chosen; the list has the focus
            desk.select_activity(target.id)
            before = next(r.seats_left for r in desk.rows if r.id == target.id)
            t0 = time.perf_counter()
            QTest.keyClick(desk.table, Qt.Key.Key_Return)
            app.processEvents()
            after = next((r.seats_left for r in desk.rows if r.id == target.id), before)
            if after == before - 1:
                figures.add("booking", (time.perf_counter() - t0) * 1000)
    window.close()
    window.deleteLater()
    app.processEvents()


# --- reports and the backup ----------------------------------------------------------------


def measure_reports(figures: Figures, db, path: Path | None, repeat: int) -> None:  # type: ignore[no-untyped-def]
    from models import daycare as dc
    from models.core.settings import load_centre_info
    from models.meals import reconcile_month
    from models.notices import NoticeValues, check_privacy
    from models.party.roster import roster_rows
    from models.safety.backup import make_backup
    from reports.notices import compose
    from reports.party import roster_pdf

    today = dt.date.today()
    last = today.replace(day=1) - dt.timedelta(days=1)

    def reconcile() -> None:
        with db.session() as s:
            reconcile_month(s, last.year, last.month)

    def attendance() -> None:
        with db.session() as s:
            dc.month_stats(s, last.year, last.month)

    with db.session() as s:
        centre = load_centre_info(s)
    notice = NoticeValues(
        title="关于小区停水的通知",
        body="因市政管道检修，下周三8:00至17:00小区停水。请居民提前储水，给您带来不便，敬请谅解。" * 3,
        table_header=["楼栋", "停水时间"], table_rows=[[f"{b}栋", "8:00–17:00"] for b in range(1, 9)],
        issuer=centre.name or "社区服务中心", issue_date=today, contact=centre.phone or "010-65529988")

    def notice_pdf() -> None:
        with db.session() as s:
            check_privacy(s, notice)
        compose(notice, centre)

    def roster() -> None:
        with db.session() as s:
            rows = roster_rows(s)
        roster_pdf(rows, centre)

    notice_pdf()  # fonts parsed once per process, as in the running app
    figures.timed("meal_reconciliation", reconcile, repeat)
    figures.timed("attendance_stats", attendance, repeat)
    figures.timed("notice_pdf", notice_pdf, repeat)
    figures.timed("roster_pdf", roster, max(2, repeat // 2))
    if path is None:  # a server: the server's own tools back it up
        return
    with tempfile.TemporaryDirectory() as backups:
        figures.timed("backup", lambda: make_backup(path, "manual", dest=Path(backups)), max(2, repeat // 2))


# --- the table -----------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.2f} {unit}" if unit in ("s", "×") else f"{value:.0f} {unit}"


def print_table(summary: dict[str, dict]) -> None:
    print(f"{'figure':<38} {'median':>10} {'worst':>10}  {'target':<10} verdict")
    for item in summary.values():
        unit = item["unit"]
        target = "-" if item["target"] is None else f"< {item['target']:g} {unit}"
        note = f"  ({item['note']})" if item["note"] else ""
        print(f"{item['label']:<38} {_fmt(item['median'], unit):>10} {_fmt(item['worst'], unit):>10}  {target:<10} {item['verdict']}{note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the database (e.g. built by demo --scale ten-years); not changed")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each measurement (default 5)")
    parser.add_argument("--json", metavar="OUT", help="write the figures as JSON here")
    args = parser.parse_args(argv)

    from models.core.db import backup_sqlite, open_database

    source = Path(args.db)
    if not source.exists():
        print(f"bench: no database at {source}", file=sys.stderr)
        return 2
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="linli-bench-") as tmp:
        copy = backup_sqlite(source, Path(tmp) / "bench.sqlite3")
        empty = Path(tmp) / "empty.sqlite3"
        open_database(empty).dispose()
        t0 = time.perf_counter()
        measure_start(figures, copy, empty, args.repeat)
        db = open_database(copy, create=False)
        try:
            measure_reports(figures, db, copy, args.repeat)
            measure_desk(figures, db, args.repeat)
        finally:
            db.dispose()
        elapsed = time.perf_counter() - t0
    summary = figures.summary()
    print(f"database: {source} ({args.repeat} repetitions, {elapsed:.0f} s)")
    print_table(summary)
    if args.json:
        Path(args.json).write_text(json.dumps({"database": str(source), "repeat": args.repeat,
                                               "python": sys.version.split()[0], "figures": summary},
                                              ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
