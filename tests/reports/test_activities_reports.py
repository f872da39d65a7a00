"""Activity paper checked by its extracted text: notice (no personal data), sign-up
sheet (masked public copy, full desk copy), monthly statistics (PDF and .xlsx)."""

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
from models.activities import ActivityRow, CategoryFigures, MonthlyStatistics, SheetLine
from models.core.settings import CentreInfo
from reports.activities import (
    activity_notice_pdf,
    monthly_statistics_pdf,
    monthly_statistics_xlsx,
    signup_sheet_pdf,
)

ROOT = Path(__file__).resolve().parents[2]
CENTRE = CentreInfo(name="幸福里社区党群服务中心", address="幸福路88号", phone="010-65529988")
ROW = ActivityRow(
    id=7, title="老年书法班", category="culture", room="活动室", starts_at=dt.datetime(2026, 11, 28, 9, 0),
    ends_at=dt.datetime(2026, 11, 28, 11, 0), capacity=20, taken=3, waiting=1, target_group="elders",
    status="open", organiser="老年大学", contact="王老师 13800138000", description="欢迎报名。",
    signup_deadline=dt.datetime(2026, 11, 27, 18, 0),
)
LINES = [
    SheetLine("张三明", "13800138000", 1, "confirmed"),
    SheetLine("𠮷祥", "13900001113", 2, "confirmed"),
    SheetLine("阿卜杜·热合曼", "13900001112", 1, "waitlisted"),
]


@pytest.fixture(autouse=True)
def english():
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_notice_has_the_facts_and_no_booked_names() -> None:
    result = activity_notice_pdf(ROW, CENTRE)
    text = text_of(result.pdf)
    for expected in ("老年书法班", "活动室", "Elders 60+", "老年大学", "20", "How to sign up", "11:00"):
        assert expected in text
    for line in LINES:
        assert line.name not in text


def test_public_sheet_masks_and_desk_copy_shows_full_names() -> None:
    public = text_of(signup_sheet_pdf(ROW, LINES, CENTRE, public=True).pdf)
    assert "张*明" in public and "𠮷*" in public and "阿卜杜·***" in public
    assert "138****8000" in public
    assert "张三明" not in public and "13800138000" not in public
    assert "Waitlisted" in public
    desk = signup_sheet_pdf(ROW, LINES, CENTRE, public=False)
    text = text_of(desk.pdf)
    assert "张三明" in text and "𠮷祥" in text and "13800138000" in text
    assert "desk copy" in text


STATS = MonthlyStatistics(2026, 11, [CategoryFigures("culture", 4, 40, 30), CategoryFigures("clinic", 2, 10, 10)], 1)


def test_statistics_pdf_and_xlsx(tmp_path: Path) -> None:
    text = text_of(monthly_statistics_pdf(STATS, CENTRE).pdf)
    assert "Activities held: 6" in text and "person-times: 40" in text and "80.0%" in text
    path = monthly_statistics_xlsx(STATS, tmp_path / "s.xlsx")
    ws = load_workbook(path).active
    assert [c.value for c in ws[1]] == ["Category", "Held", "Person-times", "Seats booked", "Attendance rate"]
    assert [c.value for c in ws[4]][:4] == ["Total", 6, 40, 50]
    assert ws.freeze_panes == "A2"


def test_statistics_end_with_the_signoff_on_the_tables_page(tmp_path: Path) -> None:
    i18n.set_language("zh_CN")
    many = MonthlyStatistics(2026, 11, [CategoryFigures("culture", 4, 40, 30)] * 26, 1)  # a table near a page's end
    for stats in (STATS, many):
        result = monthly_statistics_pdf(stats, CENTRE, prepared_by="王小红", today=dt.date(2026, 12, 7))
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(result.pdf)).pages]
        last = pages[-1]
        for text in ("制表人：", "王小红", "审核人：", " 日期：\n二〇二六年十二月七日", "（盖章）"):
            assert text in last, text
        assert not any("制表人：" in page for page in pages[:-1])
        assert last.index("合计") < last.index("人次按") < last.index("制表人：")  # the total row, the note, the block
    assert len(pages) == 2
    path = monthly_statistics_xlsx(STATS, tmp_path / "s.xlsx", prepared_by="王小红", today=dt.date(2026, 12, 7))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[4] == (None,) * 5
    assert [r[:2] for r in rows[5:]] == [("制表人：", "王小红"), ("审核人：", None), ("日期：", "二〇二六年十二月七日")]


def test_cli_notice_sheet_stats_and_a_one_line_error(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"), PYTHONIOENCODING="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=120)

    assert run("demo", "--db", str(db), "--residents", "60").returncode == 0
    out = tmp_path / "n.pdf"
    done = run("activities", "notice", "--activity", "1", "--db", str(db), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1 and out.read_bytes().startswith(b"%PDF")
    done = run("activities", "signup-sheet", "--id", "1", "--db", str(db), "--out", str(tmp_path / "s.pdf"))
    assert done.returncode == 0, done.stderr
    done = run("activities", "stats", "--month", "2026-11", "--db", str(db), "--out", str(tmp_path / "s.xlsx"))
    assert done.returncode == 0, done.stderr
    bad = run("activities", "notice", "--activity", "99999", "--db", str(db), "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert bad.stderr.strip() == "linli: No activity with number 99999."
