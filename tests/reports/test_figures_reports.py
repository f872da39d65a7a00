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
    requests = report.section("requests")
    assert summary["受理诉求"][2] == requests.received and isinstance(summary["受理诉求"][2], int)
    visits = report.section("visits")
    assert summary["入户走访"][2] == visits.visits and isinstance(summary["入户走访"][2], int)
    cells = [c for row in wb["助餐"].iter_rows() for c in row if c.value is not None]
    numbers = [c for c in cells if c.data_type == "n"]
    assert len(numbers) > 50
    assert not any(isinstance(c.value, str) and c.value.replace(",", "").replace(".", "").isdigit() for c in cells)
    rate = next(c for row in wb["活动预约"].iter_rows() for c in row if c.number_format == "0.00%")
    assert 0 <= rate.value <= 1
    notes = [row for row in wb["口径说明"].iter_rows(min_row=2, values_only=True)]
    assert any(r[1] == "日均出勤人数" for r in notes)


# --- the requests section against a hand-built database ------------------------------------


@pytest.fixture(scope="module")
def requests_report():
    """Four requests in 2025Q1, counted by hand below; the centre treats silence as satisfied."""
    from sqlalchemy import select

    from models.requests import RequestCategory, ServiceRequest, set_silence_is_satisfied

    previous = i18n.current_language()
    i18n.set_language("zh_CN")
    db = open_database(":memory:")
    d = dt.date
    with db.write() as s:
        cats = {c.name: c.id for c in s.scalars(select(RequestCategory))}
        for seq, cat, received, deadline, state, done, rating in (
            (1, "维修", d(2025, 1, 6), d(2025, 1, 9), "rated", d(2025, 1, 8), "satisfied"),
            (2, "维修", d(2025, 1, 20), d(2025, 1, 23), "rated", d(2025, 2, 5), "unsatisfied"),  # late
            (3, "代办", d(2025, 2, 10), d(2025, 2, 17), "done", d(2025, 2, 12), None),  # never rated
            (4, "助医", d(2025, 3, 3), d(2025, 3, 10), "taken", None, None),  # open, overdue
        ):
            s.add(ServiceRequest(year=2025, seq=seq, caller_name="来电居民", category_id=cats[cat], text="诉求",
                                 state=state, received_on=received, deadline=deadline, done_on=done, rating=rating))
        set_silence_is_satisfied(s, True)
    with db.session() as s:
        made = work_report(s, parse_period("2025Q1"), today=d(2025, 4, 30), now=dt.datetime(2025, 4, 30, 9))
    db.dispose()
    yield made
    i18n.set_language(previous)


def test_the_requests_section_in_the_pdf(requests_report) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("zh_CN")
    result = work_report_pdf(requests_report, DocumentInfo(centre_name=CENTRE, print_date=TODAY))
    assert result.missing == []
    text = _text(result.pdf)
    flat = text.replace(" ", "").replace("\n", "")
    assert "六、居民诉求" in text and "按月统计的居民诉求" in text and "按类别统计的居民诉求" in text
    cells = "|".join(line.strip() for line in text.splitlines())
    # The summary: received 4, done 3, on time 2 of 3, overdue 2 (request 2 done late, request 4 open);
    # rated 3 with request 3 counted as satisfied → 2 of 3 satisfied. 2024Q1 has no requests: no comparison.
    for row in ("居民诉求|受理诉求|4|—|无同期数据", "居民诉求|办结诉求|3|", "居民诉求|按时办结|2|",
                "居民诉求|按时办结率|66.67%|", "居民诉求|超期诉求|2|", "居民诉求|满意率|66.67%|"):
        assert row in cells, row
    # The section: by month (received, done, on time, overdue, rated, rate) and the period's total.
    assert "2025-01|2|1|1|1|1|100.00%|2025-02|1|2|1|0|2|50.00%|2025-03|1|0|0|1|0|未记录|统计期|4|3|2|2|3|66.67%" in cells
    assert "未评价（按满意计）|1|待评价|0|办结|3" in cells
    assert "5个工作日内未评价的服务单按满意计（本中心的设置）。" in flat  # the setting is said, summary and section
    assert flat.count("5个工作日内未评价的服务单按满意计") >= 3
    assert "维修" in text and "助医" in text  # the categories (table and chart legend)


def test_the_requests_section_in_the_xlsx(requests_report) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("zh_CN")
    wb = load_workbook(io.BytesIO(work_report_xlsx(requests_report, CENTRE)))
    sheet = wb["居民诉求"]
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value is not None}
    assert "5 个工作日内未评价的服务单按满意计（本中心的设置）。" in rows
    jan, feb, mar = rows["2025-01"], rows["2025-02"], rows["2025-03"]
    # Month | received | done | on time | overdue | rated | satisfaction
    assert [c.value for c in jan[1:6]] == [2, 1, 1, 1, 1] and jan[6].value == 1.0
    assert [c.value for c in feb[1:6]] == [1, 2, 1, 0, 2] and feb[6].value == 0.5
    assert [c.value for c in mar[1:6]] == [1, 0, 0, 1, 0] and mar[6].value == "未记录"
    assert all(c.data_type == "n" for c in jan[1:7]) and jan[6].number_format == "0.00%"
    total = rows["统计期"]
    assert [c.value for c in total[1:6]] == [4, 3, 2, 2, 3] and total[6].value == pytest.approx(2 / 3)
    assert rows["维修"][1].value == 2 and rows["维修"][2].value == 2 and rows["代办"][2].value == 1
    assert rows["未评价（按满意计）"][1].value == 1
    summary = {row[1]: row for row in wb["汇总"].iter_rows(min_row=4, values_only=True)}
    assert summary["受理诉求"][2] == 4 and summary["满意率"][2] == pytest.approx(2 / 3)
