"""The base A4 document: text survives extraction, fonts are embedded, pages are numbered."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.platypus import Paragraph

import i18n
from i18n import _, format_date
from reports.fonts import FontChain, FontNotFoundError, default_chain, discover_fonts
from reports.pdf import (
    Body,
    Composer,
    DataTable,
    DocumentInfo,
    Gap,
    Heading,
    MissingGlyphsError,
    NewPage,
    PdfResult,
    Title,
    build_pdf,
    make_styles,
)

RARE = "\U00020bb7"  # 𠮷
NAME_RARE = f"{RARE}明"
MIDDLE_DOT_NAME = "阿卜杜·热合曼"
CHINESE = "幸福里社区十一月助餐补贴公示"
CENTRE = "幸福里社区党群服务中心"
PRINTED = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def chain() -> FontChain:
    try:
        chain = default_chain()
    except FontNotFoundError as exc:
        pytest.skip(f"no TrueType CJK font installed: {exc}")
    missing = chain.missing_chars(CHINESE + CENTRE + NAME_RARE + MIDDLE_DOT_NAME)
    if missing:
        pytest.skip(
            f"installed fonts lack {missing!r}: install an Ext-B font (BabelStone Han, SimSun-ExtB)"
        )
    return chain


@pytest.fixture(scope="module")
def latin_only() -> FontChain:
    for spec in discover_fonts():
        if spec.path.endswith(("DejaVuSans.ttf", "arial.ttf")):
            return FontChain([spec])
    pytest.skip("no Latin-only TrueType font (DejaVu Sans, Arial) installed")


@pytest.fixture
def language() -> Iterator[None]:
    before = i18n.current_language()
    yield
    i18n.set_language(before)


def info(**kw) -> DocumentInfo:
    defaults = dict(
        centre_name=CENTRE,
        title="助餐补贴公示",
        address="幸福路88号",
        phone="010-12345678",
        issuer="幸福里社区居委会",
        print_date=PRINTED,
    )
    defaults.update(kw)
    return DocumentInfo(**defaults)


def reader(result: PdfResult) -> PdfReader:
    return PdfReader(io.BytesIO(result.pdf))


def page_texts(result: PdfResult) -> list[str]:
    return [page.extract_text() for page in reader(result).pages]


def pdf_fonts(result: PdfResult) -> list[DictionaryObject]:
    fonts: dict[int, DictionaryObject] = {}
    for page in reader(result).pages:
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).get_object().values():
            fonts[id(ref.get_object())] = ref.get_object()
    return list(fonts.values())


def test_chinese_rare_and_middle_dot_survive_extraction(chain: FontChain) -> None:
    result = build_pdf(
        [Title(CHINESE), Body(NAME_RARE), Body(MIDDLE_DOT_NAME), Body("¥12.50")],
        info(),
        font_chain=chain,
    )
    assert isinstance(result.pdf, bytes) and result.pdf.startswith(b"%PDF")
    assert result.missing == []
    assert result.pages == 1
    lines = [line.strip() for line in page_texts(result)[0].splitlines()]
    for text in (CHINESE, NAME_RARE, MIDDLE_DOT_NAME, "¥12.50", CENTRE):
        assert text in lines, (text, lines)


def test_fonts_are_embedded_truetype_subsets(chain: FontChain) -> None:
    result = build_pdf(
        [Title(CHINESE), Body(NAME_RARE), DataTable(["姓名"], [[MIDDLE_DOT_NAME]])],
        info(),
        font_chain=chain,
    )
    fonts = pdf_fonts(result)
    assert len(fonts) >= 2  # the primary CJK font and the Ext-B font for 𠮷
    for font in fonts:
        base = str(font["/BaseFont"])
        assert "STSong" not in base and "Helvetica" not in base, base
        assert font["/Subtype"] == "/TrueType", base
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{base} is not embedded"
        assert "/ToUnicode" in font
    assert b"STSong-Light" not in result.pdf


def test_metadata_title_and_author(chain: FontChain) -> None:
    result = build_pdf(
        [Body("正文")], info(title=f"{RARE}祥 公示", issuer="居委会"), font_chain=chain
    )
    meta = reader(result).metadata
    assert meta.title == f"{RARE}祥 公示"
    assert meta.author == "居委会"


def test_markup_characters_are_printed_not_parsed(chain: FontChain) -> None:
    result = build_pdf([Body("A & B <b>不加粗</b>\n第二行")], info(), font_chain=chain)
    text = page_texts(result)[0]
    assert "A & B <b>不加粗</b>" in text
    assert "第二行" in text


def test_missing_characters_are_reported(latin_only: FontChain, language) -> None:
    i18n.set_language("en")
    result = build_pdf(
        [Body(f"Zhang San 张{RARE}明"), Body("张 again")],
        info(centre_name="Sunny Lane Centre", title="", address="", phone="", issuer=""),
        font_chain=latin_only,
    )
    assert result.missing == ["张", RARE, "明"]
    assert not result.ok
    assert result.pdf.startswith(b"%PDF")  # still printed, with the gaps reported


def test_missing_characters_include_the_letterhead(latin_only: FontChain, language) -> None:
    i18n.set_language("en")
    result = build_pdf(
        [Body("plain")],
        info(centre_name="Centre 中心", title="", address="", phone="", issuer=""),
        font_chain=latin_only,
    )
    assert result.missing == ["中", "心"]


def test_strict_raises_with_the_characters(latin_only: FontChain) -> None:
    with pytest.raises(MissingGlyphsError) as excinfo:
        build_pdf([Body(f"{RARE}")], info(), font_chain=latin_only, strict=True)
    assert RARE in excinfo.value.missing
    assert "U+20BB7" in str(excinfo.value)


def _two_page_table(chain: FontChain) -> PdfResult:
    rows = [
        [i, f"{RARE}*祥" if i % 3 == 0 else "张*明", "1号楼2单元", "¥12.50"] for i in range(1, 46)
    ]
    return build_pdf(
        [
            Title(CHINESE),
            Heading("名单"),
            DataTable(
                ["序号", "姓名", "楼栋", "补贴"],
                rows,
                col_widths=[1, 2, 3, 2],
                align=["center", "left", "left", "right"],
            ),
        ],
        info(),
        font_chain=chain,
    )


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_header_and_page_x_of_y_on_every_page(chain: FontChain, language, lang: str) -> None:
    i18n.set_language(lang)
    result = _two_page_table(chain)
    assert result.pages == 2
    texts = page_texts(result)
    assert len(texts) == 2
    for number, text in enumerate(texts, start=1):
        assert CENTRE in text
        assert _("Page {page} of {pages}").format(page=number, pages=2) in text
        assert format_date(PRINTED) in text
        assert "幸福里社区居委会" in text  # the issuer
    # the table's header row repeats on page 2; the title does not
    assert "序号" in texts[1] and "补贴" in texts[1]
    assert CHINESE not in texts[1]
    assert f"{RARE}*祥" in texts[1]


def test_zh_cn_footer_differs_from_english_when_translated(chain: FontChain, language) -> None:
    i18n.set_language("en")
    english = page_texts(build_pdf([Body("正文")], info(), font_chain=chain))[0]
    assert "Page 1 of 1" in english and "November 22, 2026" in english
    i18n.set_language("zh_CN")
    chinese = page_texts(build_pdf([Body("正文")], info(), font_chain=chain))[0]
    assert "2026年11月22日" in chinese
    assert _("Page {page} of {pages}").format(page=1, pages=1) in chinese


def test_landscape_and_large_type(chain: FontChain) -> None:
    result = build_pdf([Body("正文")], info(), landscape=True, large_type=True, font_chain=chain)
    box = reader(result).pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert make_styles(chain, True).body.fontSize > make_styles(chain).body.fontSize
    portrait = reader(build_pdf([Body("正文")], info(), font_chain=chain)).pages[0].mediabox
    assert float(portrait.height) > float(portrait.width)


def test_blocks_flowables_and_callables(chain: FontChain) -> None:
    def signature(c: Composer) -> list[Paragraph]:
        return [
            c.body(f"{RARE}祥", align="right"),
            c.body("二〇二六年十一月二十二日", align="right"),
        ]

    raw = Paragraph("raw flowable", make_styles(chain).body)
    result = build_pdf(
        [Heading("说明"), Gap(3), raw, NewPage(), signature], info(), font_chain=chain
    )
    texts = page_texts(result)
    assert result.pages == 2
    assert "raw flowable" in texts[0]
    assert f"{RARE}祥" in texts[1]


def test_empty_document_builds(chain: FontChain) -> None:
    result = build_pdf([], info(), font_chain=chain)
    assert result.pages == 1 and CENTRE in page_texts(result)[0]


def test_table_rejects_ragged_rows(chain: FontChain) -> None:
    with pytest.raises(ValueError):
        build_pdf([DataTable(["a", "b"], [[1]])], info(), font_chain=chain)
    with pytest.raises(ValueError):
        build_pdf([DataTable(["a", "b"], [[1, 2]], col_widths=[1])], info(), font_chain=chain)


def test_long_letterhead_is_shrunk_not_overlapping(chain: FontChain) -> None:
    centre = "幸福里街道幸福里社区党群服务中心（邻里中心）暨新时代文明实践站"
    title = "幸福里社区二〇二六年十一月老年助餐补贴发放情况公示名单" * 3
    result = build_pdf([Body("正文")], info(centre_name=centre, title=title), font_chain=chain)
    text = page_texts(result)[0]
    assert centre in text  # the centre's name has priority: shrunk, never cut
    assert "…" in text  # the title is cut to what fits
