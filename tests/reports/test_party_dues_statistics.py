"""The dues statistics the branch secretary signs (issue 15): the PDF's text, its embedded TrueType
fonts and the sign-off; the .xlsx read back with numbers in its cells."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import i18n
from models.core.settings import CentreInfo
from models.party.dues import BranchDues, DuesStatistics
from reports.party import dues_statistics_pdf, dues_statistics_xlsx

CENTRE = CentreInfo(name="幸福里社区党群服务中心", address="幸福路88号", phone="025-83001234")
DAY = dt.date(2026, 12, 7)
NOV = dt.date(2026, 11, 1)
BRANCHES = [
    BranchDues("第一党支部", 2, 1, 1, 10_000, 9_000, 0, 1_000),
    BranchDues("𠮷祥小区党支部", 1, 0, 1, 20, 10, 0, 10),
]
NOVEMBER = DuesStatistics(2026, 11, [NOV], BRANCHES, BranchDues("", 3, 1, 2, 10_020, 9_010, 0, 1_010), DAY)
YEAR = DuesStatistics(2026, None, [dt.date(2026, m, 1) for m in range(1, 13)],
                      [BranchDues("第一党支部", 2, 0, 2, 120_000, 28_000, 1_000, 80_000, 11_000)],
                      BranchDues("", 2, 0, 2, 120_000, 28_000, 1_000, 80_000, 11_000), DAY)


@pytest.fixture
def lang():
    previous = i18n.current_language()
    yield i18n.set_language
    i18n.set_language(previous)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_shows_each_branch_the_totals_and_the_sign_off(lang) -> None:
    lang("zh_CN")
    result = dues_statistics_pdf(NOVEMBER, CENTRE, prepared_by="王小红", today=DAY)
    assert not result.missing
    text = _text(result.pdf)
    assert "党费收缴情况统计表（2026年11月）" in text
    for header in ("党支部", "应交人数", "足额交纳人数", "欠缴人数", "应交金额", "已收金额", "缓交金额", "欠缴金额"):
        assert header in text
    assert "尚未交纳" not in text  # November has ended by 12-07
    assert "第一党支部" in text and "𠮷祥小区党支部" in text  # the rare character extracted as itself
    for amount in ("¥100.00", "¥90.00", "¥10.00", "¥0.20", "¥0.10", "¥100.20", "¥90.10"):
        assert amount in text, amount
    assert "合计" in text
    for line in ("制表人：", "审核人：", "日期：", "（盖章）", "王小红", "二〇二六年十二月七日"):
        assert line in text
    assert "内部资料" in text


def test_a_year_not_yet_over_has_the_not_yet_paid_column(lang) -> None:
    lang("en")
    text = _text(dues_statistics_pdf(YEAR, CENTRE, today=DAY).pdf)
    assert "Party dues statistics, year 2026" in text
    assert "Not yet paid" in text and "¥110.00" in text
    assert "2026-12 has not ended yet" in text
    assert "Months counted: 2026-01 to 2026-12." in text


def test_the_fonts_are_embedded_truetype(lang) -> None:
    lang("zh_CN")
    reader = PdfReader(io.BytesIO(dues_statistics_pdf(NOVEMBER, CENTRE, today=DAY).pdf))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base = str(font["/BaseFont"])
            seen.add(base)
            assert "Helvetica" not in base and "STSong" not in base, base
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), base
    assert len(seen) >= 2  # the CJK face and the fallback for 𠮷


def test_the_xlsx_has_numbers_a_total_and_the_sign_off(lang, tmp_path) -> None:
    lang("zh_CN")
    path = dues_statistics_xlsx(NOVEMBER, tmp_path / "dues.xlsx", prepared_by="王小红", today=DAY)
    ws = load_workbook(path).active
    assert ws.title == "2026-11"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("党支部", "应交人数", "足额交纳人数", "欠缴人数", "应交金额", "已收金额", "缓交金额", "欠缴金额")
    assert rows[1] == ("第一党支部", 2, 1, 1, 100, 90, 0, 10)
    assert rows[2] == ("𠮷祥小区党支部", 1, 0, 1, 0.2, 0.1, 0, 0.1)
    assert rows[3] == ("合计", 3, 1, 2, 100.2, 90.1, 0, 10.1)
    for r in (2, 3, 4):
        for c in range(2, 9):
            assert isinstance(ws.cell(r, c).value, (int, float)) and ws.cell(r, c).data_type == "n"
        assert ws.cell(r, 5).number_format == '"¥"#,##0.00'
    labels = [row[0] for row in rows[4:] if row[0]]
    assert labels == ["制表人：", "审核人：", "日期："]
    assert ("制表人：", "王小红") == rows[rows.index(next(r for r in rows if r[0] == "制表人："))][:2]


def test_the_xlsx_of_a_year_not_yet_over_has_the_ninth_column(lang, tmp_path) -> None:
    lang("en")
    ws = load_workbook(dues_statistics_xlsx(YEAR, tmp_path / "y.xlsx", today=DAY)).active
    assert ws.title == "2026"
    assert ws.cell(1, 9).value == "Not yet paid (2026-12)" and ws.cell(2, 9).value == 110
