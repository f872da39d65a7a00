"""The shared sign-off block: its lines in three languages, the body's font, never alone on a page, the .xlsx lines."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

import i18n
from reports.fonts import default_chain
from reports.pdf import (
    Body,
    Composer,
    DataTable,
    DocumentInfo,
    Heading,
    Title,
    build_pdf,
    make_styles,
)
from reports.signoff import SignOff, signed, signoff_block, signoff_rows

DAY = dt.date(2026, 12, 7)
INFO = DocumentInfo(centre_name="幸福里社区党群服务中心", print_date=DAY)


@pytest.fixture
def lang():
    previous = i18n.current_language()
    yield i18n.set_language
    i18n.set_language(previous)


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def report(rows: int, signoff: SignOff, *, after: str = "") -> list[str]:
    blocks = [
        Title("月度统计"),
        Heading("明细"),
        DataTable(["序号", "项目", "数量"], [[i, f"第{i}项", i * 3] for i in range(1, rows + 1)] + [["", "合计", 999]]),
    ]
    if after:
        blocks.append(Body(after))
    return pages_of(build_pdf(signed(blocks, signoff), INFO).pdf)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh_CN", ["制表人：", "审核人：", "日期：", "（盖章）", "二〇二六年十二月七日", "王小红"]),
        ("zh_TW", ["製表人：", "審核人：", "日期：", "（蓋章）", "二〇二六年十二月七日", "王小红"]),
        ("en", ["Prepared by:", "Checked by:", "Date:", "(Seal)", "December 7, 2026", "王小红"]),
    ],
)
def test_the_lines_in_each_language(lang, language, expected):
    lang(language)
    (page,) = report(3, SignOff("王小红", DAY))
    for text in expected:
        assert text in page, (language, text)


def test_without_a_name_or_a_date_there_are_lines_to_sign(lang):
    lang("zh_CN")
    (page,) = report(3, SignOff())
    assert "制表人：" in page and "（盖章）" in page
    assert "〇" not in page.split("制表人：", 1)[1]  # no date printed: a line to write it on


def test_the_block_is_drawn_in_the_body_style_and_never_splits():
    chain = default_chain()
    composer = Composer(chain, make_styles(chain), 400)
    block = signoff_block(composer, SignOff("王小红", DAY))
    assert type(block).__name__ == "KeepTogether"
    table = block._content[-1]
    labels = [row[0] for row in table._cellvalues]
    assert {p.style.fontName for p in labels} == {composer.styles.body.fontName}
    assert {p.style.fontSize for p in labels} == {composer.styles.body.fontSize}


def test_never_alone_on_a_page_and_always_with_the_tables_last_rows(lang):
    """Every table length from one page to three: the sign-off is on the last page, whole, with
    the last data row and the total. (Appended plainly, some lengths leave it alone on a page.)"""
    lang("zh_CN")
    seen_pages = set()
    for rows in range(15, 95, 3):
        pages = report(rows, SignOff("王小红", DAY), after="人次按到场计。")
        seen_pages.add(len(pages))
        last = pages[-1]
        assert " 日期：\n二〇二六年十二月七日" in last, rows  # (the footer's 打印日期 is on every page)
        for text in ("制表人：", "审核人：", "（盖章）", "二〇二六年", "人次按到场计。"):
            assert text in last, (rows, text)
            assert not any(text in page for page in pages[:-1]), (rows, text)
        assert f"第{rows}项" in last and "合计" in last, rows
        assert "序号" in last  # the table's header is repeated above its last rows
    assert seen_pages >= {1, 2, 3}


def test_a_plain_append_would_orphan_it(lang):
    """The case the keeping is for exists: with the block merely appended, some lengths put it on a page without rows."""
    lang("zh_CN")
    orphaned = []
    for rows in range(15, 95, 3):
        blocks = [Title("月度统计"), Heading("明细"),
                  DataTable(["序号", "项目", "数量"], [[i, f"第{i}项", i * 3] for i in range(1, rows + 1)] + [["", "合计", 999]]),
                  lambda c: [signoff_block(c, SignOff("王小红", DAY))]]
        pages = pages_of(build_pdf(blocks, INFO).pdf)
        if "合计" not in pages[-1]:
            orphaned.append(rows)
    assert orphaned


def test_without_a_table_it_is_appended():
    pages = pages_of(build_pdf(signed([Title("说明"), Body("本月无数据。")], SignOff("", DAY)), INFO).pdf)
    assert len(pages) == 1 and "本月无数据。" in pages[0]


def test_xlsx_lines_below_the_table(lang):
    lang("zh_CN")
    wb = Workbook()
    ws = wb.active
    ws.append(["项目", "数量"])
    ws.append(["合计", 3])
    signoff_rows(ws, SignOff("=HYPERLINK(1)", DAY))
    out = io.BytesIO()
    wb.save(out)
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[2] == (None, None, None)  # one empty row after the table
    assert [r[:2] for r in rows[3:]] == [("制表人：", "'=HYPERLINK(1)"), ("审核人：", None), ("日期：", "二〇二六年十二月七日")]
    assert ws.cell(4, 2).border.bottom.style == "thin" and ws.cell(5, 3).border.bottom.style == "thin"
    assert "B5:C5" in {str(r) for r in ws.merged_cells.ranges}
