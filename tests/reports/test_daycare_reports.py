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


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def table_rows(ws) -> list[tuple]:  # type: ignore[no-untyped-def]
    """A sheet's table: the rows above the sign-off lines (which follow one empty row)."""
    rows = list(ws.iter_rows(values_only=True))
    return rows[: rows.index(tuple([None] * len(rows[0])))]


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
    rows = table_rows(per_elder)
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
    day_rows = table_rows(per_day)
    assert len(day_rows) == 1 + 30 + 1
    assert day_rows[-1][2] == 6 == sum(r[2] for r in day_rows[1:-1])
    summary = {r[0]: r[1] for r in table_rows(wb.worksheets[2])[1:]}
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
    rows = table_rows(wb.worksheets[0])
    assert rows[-1][3] == sum(r[3] for r in rows[1:-1]) > 0
    assert "Day care attendance, 2026-10" in text_of((tmp_path / "m.pdf").read_bytes())
    sheet = _run(["daycare", "sheet", "--week", "2026-W47", "--db", str(path), "--out", str(tmp_path / "s.pdf")], tmp_path)
    assert sheet.returncode == 0, sheet.stderr
    week = pages_of((tmp_path / "s.pdf").read_bytes())
    assert "Day care attendance sheet" in week[0]
    assert f"{len(week)} pages" in sheet.stdout
    # The demo's elders come Monday to Saturday (some on Saturdays), never on Sundays.
    assert "(Sat)" in "".join(week) and "(Sun)" not in "".join(week)


def test_monthly_pdf_ends_with_the_signoff_beside_the_last_rows():
    i18n.set_language("zh_CN")
    result = monthly_pdf(stats(), DocumentInfo(centre_name="幸福里社区党群服务中心", print_date=dt.date(2026, 12, 7)),
                         prepared_by="王小红")
    pages = pages_of(result.pdf)
    last = pages[-1]
    for text in ("制表人：", "王小红", "审核人：", " 日期：\n二〇二六年十二月七日", "（盖章）"):
        assert text in last, text
    assert not any("制表人：" in page for page in pages[:-1])
    # The per-day table's last day and its total are on the sign-off's page, above it.
    assert last.index("2026年11月30日") < last.rindex("合计") < last.index("制表人：")


def test_monthly_pdf_keeps_the_signoff_with_the_table_at_every_length():
    """However many elders push the per-day table down, the sign-off is never alone on a page."""
    d = dt.date
    for n in range(14, 60, 4):
        month = MonthStats(2026, 11, [ElderMonth(i, f"张三{i}", "mild", 2) for i in range(n)],
                           {d(2026, 11, k): 3 for k in range(1, 31)}, {})
        last = pages_of(monthly_pdf(month, DocumentInfo(centre_name="幸福里", print_date=d(2026, 12, 7))).pdf)[-1]
        assert "Prepared by:" in last and "(Seal)" in last, n
        assert "November 30, 2026" in last and "Total" in last, n


def test_monthly_xlsx_sheets_end_with_the_signoff_lines():
    i18n.set_language("zh_CN")
    wb = load_workbook(io.BytesIO(monthly_xlsx(stats(), "幸福里", prepared_by="王小红", today=dt.date(2026, 12, 7))))
    for ws, column in zip(wb.worksheets, (1, 0, 0), strict=True):
        rows = list(ws.iter_rows(values_only=True))
        assert [r[column:column + 2] for r in rows[-3:]] == [
            ("制表人：", "王小红"), ("审核人：", None), ("日期：", "二〇二六年十二月七日")], ws.title


# --- the week's sheet: only the centre's service days -------------------------------------------


def _centre(db, elders) -> list[int]:  # type: ignore[no-untyped-def]
    """Elders enrolled with the given service days: ``[(name, days), ...]``; returns their resident ids."""
    from models.daycare.enrolment import ContactInput, EnrolmentInput, enrol
    from models.residents.registry import ResidentInput, create_resident

    today = dt.date(2026, 9, 1)
    ids = []
    with db.write() as s:
        for i, (name, days) in enumerate(elders):
            rid = create_resident(s, ResidentInput(name=name, birth_date=dt.date(1930 + i % 25, 1, 1), phone=""),
                                  today=today).id
            ids.append(rid)
            enrol(s, EnrolmentInput(resident_id=rid, enrolled_on=today, care_level="mild", service_days=frozenset(days),
                                    contacts=[ContactInput(name="王芳", relation="女儿", phone="13800138001")]),
                  today=today)
    return ids


@pytest.fixture
def centre_db():
    from models.core.db import open_database

    database = open_database(":memory:")
    yield database
    database.dispose()


WEEK_47 = [dt.date(2026, 11, 16) + dt.timedelta(days=i) for i in range(7)]  # Monday 16 to Sunday 22 November


def _week_pdf(db, days=WEEK_47):  # type: ignore[no-untyped-def]
    from models.daycare import attendance_sheet

    with db.session() as s:
        sheet = attendance_sheet(s, days, service_days_only=True)
    return sheet, attendance_sheet_pdf(sheet, DocumentInfo(centre_name="幸福里社区党群服务中心"))


def test_week_of_a_monday_to_friday_centre_prints_five_days(centre_db):
    _centre(centre_db, [(f"张{i}明", (1, 2, 3, 4, 5)) for i in range(30)] + [("李𠮷", (1, 3, 5))])
    sheet, result = _week_pdf(centre_db)
    assert [d.day.isoweekday() for d in sheet] == [1, 2, 3, 4, 5]
    text = text_of(result.pdf)
    for weekday in ("(Mon)", "(Tue)", "(Wed)", "(Thu)", "(Fri)"):
        assert weekday in text, weekday
    assert "(Sat)" not in text and "(Sun)" not in text
    # 31 (or 30) elders and 3 walk-in rows take two landscape pages a day: ten, not the fourteen of 7 days.
    assert result.pages == 10
    from models.daycare import attendance_sheet

    with centre_db.session() as s:  # the whole week, as before, for comparison; one day on its own always prints
        assert len(attendance_sheet(s, WEEK_47)) == 7
        assert [d.day for d in attendance_sheet(s, [WEEK_47[6]], service_days_only=False)] == [WEEK_47[6]]


def test_a_saturday_service_day_or_a_walk_in_prints_that_day(centre_db):
    from models.daycare.desk import check_in

    zhang, _wang = _centre(centre_db, [("张三明", (1, 2, 3, 4, 5)), ("王秀英", (2, 6))])
    sheet, _result = _week_pdf(centre_db)
    assert [d.day.isoweekday() for d in sheet] == [1, 2, 3, 4, 5, 6]
    with centre_db.write() as s:  # someone came on the Sunday after all: the paper shows it
        check_in(s, zhang, at=dt.datetime(2026, 11, 22, 9, 5))
    sheet, result = _week_pdf(centre_db)
    assert [d.day.isoweekday() for d in sheet] == [1, 2, 3, 4, 5, 6, 7]
    assert "09:05" in text_of(result.pdf)


def test_public_holidays_are_printed_and_marked(centre_db):
    """National Day 2026 (1–7 October) falls on Thursday to Wednesday: the centre may open, so the
    days are kept, each saying it is a public holiday; the weekend stays out."""
    _centre(centre_db, [("张三明", (1, 2, 3, 4, 5))])
    days = [dt.date(2026, 9, 28) + dt.timedelta(days=i) for i in range(7)]
    sheet, result = _week_pdf(centre_db, days)
    assert [(d.day.day, d.holiday) for d in sheet] == [(28, False), (29, False), (30, False), (1, True), (2, True)]
    pages = pages_of(result.pdf)
    assert len(pages) == 5
    assert ["Public holiday" in page for page in pages] == [False, False, False, True, True]
    i18n.set_language("zh_CN")
    assert "法定节假日" in text_of(attendance_sheet_pdf(sheet, DocumentInfo(centre_name="幸福里")).pdf)


def test_a_week_without_service_days_prints_one_page_that_says_so(centre_db):
    sheet, result = _week_pdf(centre_db)
    assert sheet == [] and result.pages == 1
    assert "No elder is expected on any of these days." in text_of(result.pdf)
