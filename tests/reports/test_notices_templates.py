"""Every notice template rendered and read back: official date, posting period,
masked names, embedded fonts, rare characters, and missing glyphs named by field."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

import i18n
from models.activities import ActivityRow
from models.core.settings import CentreInfo
from models.meals import DinerLine, MenuEntry, Reconciliation, Sums
from models.notices import NoticeValues
from models.party.dues import DisclosureData
from reports.notices import TEMPLATES, compose, template

CENTRE = CentreInfo(name="幸福里社区党群服务中心", address="幸福路88号", phone="010-65529988")
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def chinese():
    previous = i18n.current_language()
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(previous)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def fonts_of(pdf: bytes) -> list[dict]:
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            out.append(font)
    return out


def assert_embedded(pdf: bytes) -> None:
    for font in fonts_of(pdf):
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_the_registry_has_the_six_templates() -> None:
    assert list(TEMPLATES) == ["general", "activity", "menu", "meal_subsidy", "dues", "service_results",
                              "request_results", "grid_board"]
    for t in TEMPLATES.values():
        blank = t.blank(CENTRE, TODAY)
        assert blank.template == t.key
        assert bool(t.fill) == bool(t.source)


def test_general_notice_official_date_rare_names_and_fonts() -> None:
    values = template("general").blank(CENTRE, TODAY)
    values.title = "停水通知"
    values.body = "因管道检修，11月25日8:00至17:00停水。感谢𠮷*与阿卜杜·***的配合，请居民提前储水。"
    values.table_header, values.table_rows = ["楼栋", "时间"], [["3栋2单元", "8:00–12:00"]]
    result = compose(values, CENTRE)
    text = text_of(result.pdf)
    assert result.ok and result.pages == 1 and not result.where
    for expected in ("停水通知", "管道检修", "𠮷*", "阿卜杜·***", "3栋2单元", "2026年11月22日",
                     "幸福里社区党群服务中心"):
        assert expected in text
    assert_embedded(result.pdf)


def test_activity_notice_fills_from_the_activity() -> None:
    row = ActivityRow(id=7, title="老年书法班", category="culture", room="活动室",
                      starts_at=dt.datetime(2026, 11, 28, 9), ends_at=dt.datetime(2026, 11, 28, 11),
                      capacity=20, taken=3, waiting=1, target_group="elders", status="cancelled")
    values = template("activity").fill(row, CENTRE, TODAY)
    text = text_of(compose(values, CENTRE).pdf)
    assert "老年书法班" in text and "活动室" in text and "2026年11月22日" in text
    assert "取消" in text or "cancelled" in text


def test_menu_notice() -> None:
    monday = dt.date(2026, 11, 23)
    entries = [MenuEntry(monday, "lunch", "红烧肉 青菜", 1200), MenuEntry(monday + dt.timedelta(days=1), "lunch", "鱼香肉丝", None)]
    text = text_of(compose(template("menu").fill((monday, entries), CENTRE, TODAY), CENTRE).pdf)
    assert "红烧肉 青菜" in text and "¥12.00" in text and "鱼香肉丝" in text


def _rec() -> Reconciliation:
    diners = [DinerLine(resident_id=i, name=n, masked_name=m, subsidised_meals=10, subsidy_fen=3000)
              for i, (n, m) in enumerate([("张三明", "张*明"), ("欧阳明华", "欧阳**"), ("李四", "李*"),
                                           ("阿卜杜·热合曼", "阿卜杜·***")], start=1)]
    for d in diners:
        d.meals = 10
    return Reconciliation(2026, 11, diners, [], [], [], Sums(), [], False, 0)


def test_meal_subsidy_disclosure_masks_and_has_the_posting_period() -> None:
    result = compose(template("meal_subsidy").fill(_rec(), CENTRE, TODAY), CENTRE)
    text = text_of(result.pdf)
    for masked in ("张*明", "欧阳**", "李*", "阿卜杜·***"):
        assert masked in text
    for full in ("张三明", "欧阳明华", "热合曼"):
        assert full not in text
    assert "公示期：2026年11月22日 – 2026年11月27日" in text  # from Sunday: Mon–Fri are the 5 working days
    assert "010-65529988" in text and "¥120.00" in text


def test_dues_disclosure_wide_table_and_posting() -> None:
    months = [dt.date(2026, m, 1) for m in (10, 11, 12)]
    rows = [("欧阳**", "第一党支部", [("paid", 1500), ("unpaid", 0), ("deferred", 0)], 1500),
            ("𠮷*", "第一党支部", [("paid", 9000), ("paid", 9000), ("none", 0)], 18000)]
    data = DisclosureData(2026, 4, months, rows, [10500, 9000, 0], 19500, 2, dt.date(2026, 12, 21),
                          dt.date(2026, 12, 25))
    result = compose(template("dues").fill(data, CENTRE, TODAY), CENTRE)
    text = text_of(result.pdf)
    assert "欧阳**" in text and "𠮷*" in text and "¥195.00" in text
    assert "2026年12月25日" in text and "2026年12月21日" in text
    assert not result.landscape  # seven columns still fit portrait


def test_service_results_typed_table_and_landscape() -> None:
    values = template("service_results").blank(CENTRE, TODAY)
    values.table_rows = [["1", "更换楼道灯", "3栋2单元", "王*", "11月20日", "满意"]]
    text = text_of(compose(values, CENTRE).pdf)
    assert "更换楼道灯" in text and "公示期" in text
    values.landscape = True
    assert compose(values, CENTRE).landscape


@pytest.mark.parametrize("n", [20, 24, 28, 32, 120, 125])
def test_a_long_table_repeats_its_header_and_the_issuer_never_stands_alone(n: int) -> None:
    values = NoticeValues(title="名单", table_header=["序号", "姓名"],
                          table_rows=[[str(i), "李*"] for i in range(1, n + 1)])
    result = compose(values, CENTRE)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(result.pdf)).pages]
    assert result.pages >= (3 if n > 100 else 1)
    for page in pages:
        assert "序号" in page
    assert "2026年" in pages[-1] and f"\n{n}\n" in pages[-1].replace(" ", "\n")  # the last row is with the date


def test_large_type_takes_more_room() -> None:
    values = NoticeValues(title="通知", body="社区通知正文。" * 85)
    small = compose(NoticeValues(**{**values.__dict__, "large_type": False}), CENTRE)
    assert (compose(values, CENTRE).pages, small.pages) == (2, 1)


def test_missing_glyphs_are_named_by_field() -> None:
    values = NoticeValues(title="通知", body="正文\U000f0002", table_header=["甲"], table_rows=[["\U000f0001"]])
    result = compose(values, CENTRE)
    assert result.missing == ["\U000f0002", "\U000f0001"]
    assert result.where == {"body": ["\U000f0002"], "table:1:1": ["\U000f0001"]}


def test_the_logo_is_drawn(tmp_path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), (200, 30, 30)).save(logo)
    centre = CentreInfo(name=CENTRE.name, logo_path=str(logo))
    with_logo = compose(NoticeValues(title="通知"), centre)
    reader = PdfReader(io.BytesIO(with_logo.pdf))
    assert any(k for k in reader.pages[0]["/Resources"].get("/XObject", {}))
    broken = CentreInfo(name=CENTRE.name, logo_path=str(tmp_path / "missing.png"))
    assert compose(NoticeValues(title="通知"), broken).pages == 1  # a bad logo never stops a print
