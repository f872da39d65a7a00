"""Day care printouts: the attendance sheet and the monthly statistics (PDF text, .xlsx values)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import i18n
from models.daycare import ElderMonth, MonthStats, SheetDay, SheetLine
from reports.daycare import attendance_sheet_pdf, monthly_pdf, monthly_xlsx
from reports.pdf import DocumentInfo

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english():
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def stats() -> MonthStats:
    d = dt.date
    return MonthStats(
        year=2026,
        month=11,
        per_elder=[ElderMonth(1, "李𠮷", "mild", 2), ElderMonth(2, "阿卜杜·热合曼", "total", 1), ElderMonth(3, "张三明", "intact", 3)],
        per_day={d(2026, 11, 2): 3, d(2026, 11, 3): 2, d(2026, 11, 30): 1},
        grid={1: {d(2026, 11, 2), d(2026, 11, 3)}, 2: {d(2026, 11, 2)}, 3: {d(2026, 11, 2), d(2026, 11, 3), d(2026, 11, 30)}},
    )


def test_attendance_sheet_pdf_has_names_and_headings():
    day = SheetDay(
        dt.date(2026, 11, 23),
        [
            SheetLine(1, "张三明", "mild"),
            SheetLine(2, "李𠮷", "severe", dt.datetime(2026, 11, 23, 8, 31)),
            SheetLine(3, "阿卜杜·热合曼", "intact"),
        ],
    )
    result = attendance_sheet_pdf([day, SheetDay(dt.date(2026, 11, 24), [])], DocumentInfo(centre_name="幸福里社区党群服务中心"))
    text = text_of(result.pdf)
    for expected in ("Day care attendance sheet", "幸福里社区党群服务中心", "Signature", "Arrival", "Departure",
                     "Collected by", "张三明", "李𠮷", "阿卜杜·热合曼", "08:31", "Mild disability"):
        assert expected in text, expected
    assert result.pages == 2
    assert not result.missing


def test_monthly_pdf_has_names_headings_and_totals():
    result = monthly_pdf(stats(), DocumentInfo(centre_name="幸福里社区党群服务中心"))
    text = text_of(result.pdf)
    for expected in ("Day care attendance, 2026-11", "Days attended per elder", "Person-times per day",
                     "张三明", "李𠮷", "阿卜杜·热合曼", "Person-times: 6", "Open days: 3", "Average daily attendance: 2.0"):
        assert expected in text, expected


def test_monthly_xlsx_opens_and_totals_match():
    wb = load_workbook(io.BytesIO(monthly_xlsx(stats(), "幸福里")))
    per_elder = wb.worksheets[0]
    rows = list(per_elder.iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Name", "Care level", "Days attended")
    body = rows[1:-1]
    assert [(r[1], r[3]) for r in body] == [("李𠮷", 2), ("阿卜杜·热合曼", 1), ("张三明", 3)]
    total = rows[-1]
    assert total[1] == "Total" and total[3] == 6 == sum(r[3] for r in body)
    # The day-by-day grid: column of 2 November (day 2 → 5th + 1) has three ticks, its total 3.
    col = 4 + 2 - 1
    assert sum(1 for r in body if r[col] == "✓") == 3 and total[col] == 3
    assert per_elder.freeze_panes == "E2"
    per_day = wb.worksheets[1]
    day_rows = list(per_day.iter_rows(values_only=True))
    assert len(day_rows) == 1 + 30 + 1
    assert day_rows[-1][2] == 6 == sum(r[2] for r in day_rows[1:-1])
    summary = {r[0]: r[1] for r in wb.worksheets[2].iter_rows(min_row=2, values_only=True)}
    assert summary["Person-times"] == 6 and summary["Open days"] == 3 and summary["Average daily attendance"] == 2.0


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """As the demo administrator (attendance with names needs export.personal), the password on stdin."""
    from models.demo import DEMO_PASSWORD

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *args, "--user", "demo-admin"],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
                          input=DEMO_PASSWORD + "\n")


def test_cli_writes_pdf_or_xlsx_by_extension(tmp_path: Path):
    from models import daycare
    from models.core.db import open_database
    from models.demo import add_demo_accounts, resident_inputs
    from models.residents.registry import create_resident

    path = tmp_path / "linli.sqlite3"
    db = open_database(path)
    today = dt.date(2026, 11, 22)
    with db.write() as s:  # residents and day care only (not every job's demo data)
        for data in resident_inputs(3, 120, today):
            data.id_number = ""
            create_resident(s, data, confirmed=True, today=today)
        daycare.fill_demo(s, seed=3, today=today, elders=30)
        add_demo_accounts(s)
    db.dispose()
    for name in ("m.xlsx", "m.pdf"):
        result = _run(["daycare", "attendance", "--month", "2026-10", "--db", str(path), "--out", str(tmp_path / name)], tmp_path)
        assert result.returncode == 0, result.stderr
        assert "person-times" in result.stdout
    wb = load_workbook(tmp_path / "m.xlsx")
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[-1][3] == sum(r[3] for r in rows[1:-1]) > 0
    assert "Day care attendance, 2026-10" in text_of((tmp_path / "m.pdf").read_bytes())
    sheet = _run(["daycare", "sheet", "--week", "2026-W47", "--db", str(path), "--out", str(tmp_path / "s.pdf")], tmp_path)
    assert sheet.returncode == 0, sheet.stderr
    assert "Day care attendance sheet" in text_of((tmp_path / "s.pdf").read_bytes())
