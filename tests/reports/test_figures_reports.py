"""The work report in figures: the PDF by its extracted text and fonts, the .xlsx read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import i18n
from models.core.db import open_database
from models.demo import fill_demo
from models.figures import parse_period, work_report
from reports.figures import work_report_pdf, work_report_xlsx
from reports.pdf import DocumentInfo

TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 18, 0)
CENTRE = "幸福里社区党群服务中心"


@pytest.fixture(scope="module")
def report():
    previous = i18n.current_language()
    i18n.set_language("zh_CN")
    db = open_database(":memory:")
    fill_demo(db, seed=2026, today=TODAY)
    with db.session() as s:
        made = work_report(s, parse_period("2026"), today=TODAY, now=NOW)
    db.dispose()
    yield made
    i18n.set_language(previous)


@pytest.fixture(scope="module")
def pdf(report) -> bytes:  # type: ignore[no-untyped-def]
    i18n.set_language("zh_CN")
    result = work_report_pdf(report, DocumentInfo(centre_name=CENTRE, print_date=TODAY))
    assert result.missing == []
    return result.pdf


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_section_heading_and_the_headline_numbers_are_in_the_pdf(report, pdf) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("zh_CN")
    text = _text(pdf)
    assert "2026年工作数据报告" in text.replace(" ", "")
    for heading in ("一、主要数据", "二、日间照料", "三、助餐", "四、活动预约", "五、党员名册", "六、居民诉求",
                    "七、走访与关爱名单", "八、人民调解"):
        assert heading in text, heading
    dc, meals, acts = report.section("daycare"), report.section("meals"), report.section("activities")
    assert dc.person_times > 0 and meals.meals > 0 and acts.total.held > 0
    for number in (f"{dc.person_times:,}", f"{meals.meals:,}", f"¥{meals.subsidy_fen / 100:,.2f}",
                   f"{acts.total.rate * 100:.2f}%"):
        assert number in text, number
    assert "未记录" in text  # requests, visits, mediation: never a made-up zero
    assert "二〇二六年十一月二十二日" in text
    assert "说明" in text and "开放天数" in text  # the definitions are printed


def test_fonts_are_embedded_and_the_charts_are_vector(pdf) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(io.BytesIO(pdf))
    seen = set()
    for page in reader.pages:
        resources = page["/Resources"]
        assert "/XObject" not in resources or not any(
            x.get_object()["/Subtype"] == "/Image" for x in resources["/XObject"].values())  # no raster charts
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            base = str(font["/BaseFont"])
            seen.add(base)
            assert "Helvetica" not in base and "STSong" not in base, base
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, base
    assert seen


def test_the_charts_have_their_labels_as_text(pdf) -> None:  # type: ignore[no-untyped-def]
    text = _text(pdf)
    assert "日间照料人次（按月）" in text and "按月份和方式的助餐份数" in text
    assert "堂食" in text and "送餐上门" in text  # the stacked chart's legend


def test_the_xlsx_has_numbers_one_sheet_per_job_and_the_definitions(report) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("zh_CN")
    wb = load_workbook(io.BytesIO(work_report_xlsx(report, CENTRE)))
    assert wb.sheetnames == ["汇总", "日间照料", "助餐", "活动预约", "党员名册", "居民诉求", "走访与关爱名单",
                             "人民调解", "口径说明"]
    summary = {row[1]: row for row in wb["汇总"].iter_rows(min_row=4, values_only=True)}
    meals = report.section("meals")
    assert summary["助餐份数"][2] == meals.meals and isinstance(summary["助餐份数"][2], int)
    assert summary["助餐补贴"][2] == pytest.approx(meals.subsidy_fen / 100)
    subsidy = next(c for row in wb["汇总"].iter_rows() for c in row if c.value == summary["助餐补贴"][2])
    assert subsidy.data_type == "n" and subsidy.number_format == "#,##0.00"  # yuan, a number shown with fen
    assert summary["受理诉求"][2] == "未记录"
    cells = [c for row in wb["助餐"].iter_rows() for c in row if c.value is not None]
    numbers = [c for c in cells if c.data_type == "n"]
    assert len(numbers) > 50
    assert not any(isinstance(c.value, str) and c.value.replace(",", "").replace(".", "").isdigit() for c in cells)
    rate = next(c for row in wb["活动预约"].iter_rows() for c in row if c.number_format == "0.00%")
    assert 0 <= rate.value <= 1
    notes = [row for row in wb["口径说明"].iter_rows(min_row=2, values_only=True)]
    assert any(r[1] == "日均出勤人数" for r in notes)
