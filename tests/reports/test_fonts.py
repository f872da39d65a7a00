"""Font discovery, the per-character font chain, and the two ReportLab patches."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib import textsplit
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from reports import fonts
from reports.fonts import (
    CANNOT_START_LINE_EXTRA,
    FontChain,
    FontError,
    FontNotFoundError,
    FontSpec,
    default_chain,
    discover_fonts,
    load_font,
    probe_font,
    truetype_subfonts,
)
from reports.pdf import make_styles

RARE = "\U00020bb7"  # 𠮷, CJK Ext-B, outside the BMP
MIDDLE_DOT_NAME = "阿卜杜·热合曼"
ROOT = Path(__file__).resolve().parents[2]


def _font_file(*names: str) -> str | None:
    for spec in discover_fonts():
        if Path(spec.path).name in names:
            return spec.path
    return None


@pytest.fixture(scope="module")
def chain() -> FontChain:
    try:
        return default_chain()
    except FontNotFoundError as exc:
        pytest.skip(f"no TrueType CJK font installed: {exc}")


@pytest.fixture(scope="module")
def full_chain(chain: FontChain) -> FontChain:
    """The default chain, when it covers Chinese, 𠮷 and the middle dot."""
    missing = chain.missing_chars("张明" + RARE + MIDDLE_DOT_NAME)
    if missing:
        pytest.skip(
            f"installed fonts lack {missing!r}: install an Ext-B font (BabelStone Han, SimSun-ExtB)"
        )
    return chain


@pytest.fixture(scope="module")
def latin_only() -> FontChain:
    path = _font_file("DejaVuSans.ttf", "arial.ttf")
    if path is None:
        pytest.skip("no Latin-only TrueType font (DejaVu Sans, Arial) installed")
    return FontChain.from_paths(path)


@pytest.fixture
def fresh_discovery():
    fonts.clear_caches()
    yield
    fonts.clear_caches()


# --------------------------------------------------------------------------- #
# TrueType detection and discovery
# --------------------------------------------------------------------------- #


def _fake_sfnt(version: bytes, tags: list[bytes]) -> bytes:
    head = version + len(tags).to_bytes(2, "big") + b"\0" * 6
    return head + b"".join(tag + b"\0" * 12 for tag in tags)


def test_truetype_detection_rejects_cff_and_garbage(tmp_path: Path) -> None:
    cff = tmp_path / "NotoSansCJK.otf"
    cff.write_bytes(_fake_sfnt(b"OTTO", [b"CFF ", b"cmap", b"head"]))
    ttf = tmp_path / "fake.ttf"
    ttf.write_bytes(_fake_sfnt(b"\x00\x01\x00\x00", [b"cmap", b"glyf", b"head"]))
    text = tmp_path / "notes.ttf"
    text.write_text("not a font")
    assert truetype_subfonts(cff) == []
    assert truetype_subfonts(ttf) == [0]
    assert truetype_subfonts(text) == []
    assert truetype_subfonts(tmp_path / "absent.ttf") == []
    with pytest.raises(FontError, match="CFF"):
        probe_font(cff)
    with pytest.raises(FontError, match="not found"):
        probe_font(tmp_path / "absent.ttf")


def test_ttc_subfonts_are_found() -> None:
    path = _font_file("wqy-microhei.ttc", "wqy-zenhei.ttc", "msyh.ttc", "simsun.ttc")
    if path is None:
        pytest.skip("no TrueType .ttc CJK font installed")
    faces = truetype_subfonts(path)
    assert len(faces) >= 2 and faces[0] == 0
    assert [s.index for s in probe_font(path)] == faces
    assert probe_font(path, faces[1])[0].index == faces[1]


def test_discovered_fonts_are_truetype_and_ordered(chain: FontChain) -> None:
    found = discover_fonts()
    assert found, "default_chain succeeded, so discovery found something"
    for spec in found:
        assert spec.index in truetype_subfonts(spec.path)
        assert not spec.path.lower().endswith(".otf")
    order = {"configured": 0, "cjk": 1, "extb": 2, "latin": 3, "official": 4}
    assert [order[s.role] for s in found] == sorted(order[s.role] for s in found)
    assert discover_fonts() is found  # cached
    assert "official" not in {s.role for s in chain.specs}  # the notices' faces stay out of the default chain


def test_env_var_font_comes_first(monkeypatch, fresh_discovery, latin_only: FontChain) -> None:
    path = latin_only.specs[0].path
    monkeypatch.setenv(fonts.ENV_VAR, path)
    found = discover_fonts()
    assert found[0].path == path and found[0].role == "configured"
    assert default_chain().specs[0].path == path


def test_configured_argument_wins_and_bad_one_is_ignored(
    monkeypatch, fresh_discovery, latin_only: FontChain, tmp_path: Path
) -> None:
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    path = latin_only.specs[0].path
    bad = tmp_path / "bad.otf"
    bad.write_bytes(_fake_sfnt(b"OTTO", [b"CFF "]))
    found = discover_fonts([str(bad), path])
    assert found[0].path == path
    assert all(s.path != str(bad) for s in found)


def test_missing_fc_list_is_tolerated(monkeypatch) -> None:
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    assert fonts._fc_list_zh() == []

    def boom(*args, **kwargs):
        raise FileNotFoundError("fc-list")

    monkeypatch.setattr(fonts.shutil, "which", lambda name: "/usr/bin/fc-list")
    monkeypatch.setattr(fonts.subprocess, "run", boom)
    assert fonts._fc_list_zh() == []


def test_loading_is_cached(chain: FontChain) -> None:
    spec = chain.specs[0]
    assert load_font(spec) is load_font(spec)
    assert FontSpec(spec.path, spec.index).name == spec.name


def test_import_is_light_and_fonts_load_lazily(chain: FontChain) -> None:
    """Importing parses no font; covered text never loads the fallbacks; no Qt."""
    code = (
        "import sys\n"
        "import reports  # noqa\nfrom reports import fonts\n"
        "assert not fonts._loaded, 'import parsed a font'\n"
        "c = fonts.default_chain()\n"
        "assert not fonts._loaded, 'discovery parsed a font'\n"
        "c.split_runs('你好')\n"
        "print(len(fonts._loaded), len(c.specs))\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert out.returncode == 0, out.stderr
    loaded, total = map(int, out.stdout.split())
    assert loaded == 1 and total >= 1


# --------------------------------------------------------------------------- #
# The chain
# --------------------------------------------------------------------------- #


def test_split_runs_puts_rare_char_in_extb_font(full_chain: FontChain) -> None:
    text = f"张{RARE}明"
    runs = full_chain.split_runs(text)
    primary = full_chain.primary
    assert "".join(chunk for _, chunk in runs) == text
    assert runs[0] == (primary, "张")
    rare_font, rare_chunk = runs[1]
    assert rare_chunk == RARE and len(rare_chunk) == 1
    assert rare_font != primary
    assert (
        ord(RARE)
        in load_font(next(s for s in full_chain.specs if s.name == rare_font)).face.charToGlyph
    )
    assert runs[2] == (primary, "明")


def test_split_runs_keeps_names_money_and_latin_together(full_chain: FontChain) -> None:
    text = f"{MIDDLE_DOT_NAME} ¥12.50 Room 3B"
    runs = full_chain.split_runs(text)
    assert runs == [(full_chain.primary, text)]


def test_split_runs_drops_controls_keeps_newlines(full_chain: FontChain) -> None:
    runs = full_chain.split_runs("张\u200b三\x07\n李四")
    assert "".join(c for _, c in runs) == "张三\n李四"


def test_missing_chars_reported_in_order_without_duplicates(latin_only: FontChain) -> None:
    text = f"Zhang 张{RARE}明 张\t{RARE}\x07\u200b ok"
    assert latin_only.missing_chars(text) == ["张", RARE, "明"]
    # Still drawn (with the primary font), never dropped from the text.
    assert "".join(c for _, c in latin_only.split_runs(text)).count("张") == 2


def test_full_chain_misses_nothing_common(full_chain: FontChain) -> None:
    assert full_chain.missing_chars(f"张三 {RARE}祥 {MIDDLE_DOT_NAME} ¥12.50，。！？“”") == []


def test_markup_escapes_and_breaks_lines(full_chain: FontChain) -> None:
    markup = full_chain.to_markup(f"A & B <c>\n{RARE}")
    assert "&amp;" in markup and "&lt;c&gt;" in markup and "<br/>" in markup
    assert "<c>" not in markup
    para = Paragraph(markup, make_styles(full_chain).body)
    para.wrap(400, 400)
    text = "".join(f.text for f in para.frags)
    assert "A & B <c>" in text and RARE in text


def test_chain_from_bad_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FontError):
        FontChain.from_paths(tmp_path / "nothing.ttf")
    with pytest.raises(ValueError):
        FontChain([])


# --------------------------------------------------------------------------- #
# Patches
# --------------------------------------------------------------------------- #


def test_to_unicode_cmap_uses_surrogate_pairs() -> None:
    cmap = ttfonts.makeToUnicodeCMap("AAAAAA+Test", [0, 0x4E00, ord(RARE), 0xB7])
    assert "<01> <4E00>" in cmap
    assert "<02> <D842DFB7>" in cmap
    assert "<03> <00B7>" in cmap
    assert "20BB7" not in cmap


def test_to_unicode_cmap_blocks_hold_at_most_100_entries() -> None:
    cmap = ttfonts.makeToUnicodeCMap("AAAAAA+Test", list(range(0x4E00, 0x4E00 + 256)))
    assert "100 beginbfchar" in cmap and "56 beginbfchar" in cmap
    assert cmap.count("endbfchar") == 3


def test_patches_are_idempotent() -> None:
    before_cmap = ttfonts.makeToUnicodeCMap
    before_list = list(textsplit.CANNOT_START_LINE)
    fonts._patch_to_unicode_cmap()
    fonts._patch_cannot_start_line()
    assert ttfonts.makeToUnicodeCMap is before_cmap
    assert textsplit.CANNOT_START_LINE == before_list
    for ch in CANNOT_START_LINE_EXTRA:
        assert ch in textsplit.ALL_CANNOT_START
        assert ch in rl_paragraph.ALL_CANNOT_START


def _lines(chain: FontChain, text: str, width: float) -> list[str]:
    para = Paragraph(chain.to_markup(text), make_styles(chain).body)
    para.wrap(width, 10_000)
    bl = para.blPara
    if bl.kind == 0:  # one font: textsplit's CJK splitter
        return ["".join(words) for _extra, words in bl.lines]
    return ["".join(f.text for f in line.words) for line in bl.lines]  # several fonts


@pytest.mark.parametrize("mark", list("，。！？；：、）》」』】〕〉”’…·"))
@pytest.mark.parametrize("mixed_fonts", [False, True], ids=["one-font", "with-ext-b"])
def test_closing_punctuation_never_starts_a_line(
    full_chain: FontChain, mark: str, mixed_fonts: bool
) -> None:
    """Ten ideographs fill the line exactly, so the mark is the one that overflows."""
    body = make_styles(full_chain).body
    em = stringWidth("一", full_chain.primary, body.fontSize)
    first = "一二三四五六七八九" + (RARE if mixed_fonts else "十")
    if mixed_fonts:
        assert full_chain.split_runs(first)[-1][0] != full_chain.primary
        em = full_chain.string_width(first, body.fontSize) / 10
    text = (first + mark + "甲乙丙丁戊己庚辛壬癸") * 3
    lines = _lines(full_chain, text, 10 * em)
    assert len(lines) >= 3
    assert "".join(lines) == text
    for line in lines:
        assert line[0] not in CANNOT_START_LINE_EXTRA, lines


def test_unloadable_font_in_chain_is_skipped(tmp_path: Path, chain: FontChain, caplog) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(_fake_sfnt(b"\x00\x01\x00\x00", [b"cmap", b"glyf", b"head"]))
    mixed = FontChain([probe_font(broken)[0], *chain.specs])
    assert mixed.primary == chain.primary
    assert mixed.split_runs("你好") == [(chain.primary, "你好")]
    mixed.missing_chars("\U000f0000")
    assert sum("broken.ttf" in r.getMessage() for r in caplog.records) == 1


def test_a_line_break_never_loads_a_fallback_face(full_chain: FontChain, monkeypatch) -> None:
    """A notice's foot starts with "\\n" when no issuer is given: that loaded the 48 MB Ext-B font."""
    chain = FontChain(list(full_chain.specs))  # a fresh chain: nothing looked up yet
    asked: list[str] = []
    real = fonts.load_font
    monkeypatch.setattr(fonts, "load_font", lambda spec: asked.append(spec.role) or real(spec))
    markup = chain.to_markup("\n二〇二六年十一月二十二日\t")
    assert "二〇二六年十一月二十二日" in markup
    assert set(asked) == {full_chain.specs[0].role}  # the primary face only
    assert chain.missing_chars("\n\t ") == []
    chain.to_markup("张" + RARE)  # a rare character still finds its face
    assert "extb" in asked
