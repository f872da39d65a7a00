"""Issue 15: notices that look official, read back from the PDF with pypdf.

The title's face is the Song one, the body's the FangSong/Kai one, 𠮷 is drawn by
BabelStone Han; the body's first line is indented two characters; the issuer and
the date (2026年12月7日) sit at the bottom right; no rendered line begins with
，。 or ends with （《“; the activity notice is a poster whose facts come first.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

import i18n
from models.activities import ActivityRow
from models.core.settings import CentreInfo
from reports.faces import KIND_FANGSONG, KIND_KAI, KIND_SONG, official_fonts
from reports.fonts import discover_fonts, load_font
from reports.linebreak import CANNOT_END, CANNOT_START, break_points
from reports.notices import compose, template

CENTRE = CentreInfo(name="幸福里社区党群服务中心", address="幸福路88号", phone="025-8888 6666")
TODAY = dt.date(2026, 12, 7)
RARE = "\U00020bb7"  # 𠮷
PAGE_W = 595.2756


@pytest.fixture(autouse=True)
def chinese():
    previous = i18n.current_language()
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(previous)


@pytest.fixture(scope="module")
def fonts():
    found = official_fonts()
    if found.title_kind != KIND_SONG or found.body_kind not in (KIND_FANGSONG, KIND_KAI):
        pytest.skip("install fonts-arphic-gbsn00lp and fonts-arphic-ukai (or the Windows SimSun/FangSong)")
    return found


@dataclass
class Run:
    text: str
    font: str  # the face's PostScript name, subset prefix removed
    size: float
    x: float
    y: float


def runs_of(pdf: bytes, page: int = 0) -> list[Run]:
    out: list[Run] = []

    def visit(text, cm, tm, font, size) -> None:  # noqa: ANN001 - pypdf's visitor
        if text.strip() and font is not None:
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            out.append(Run(text.strip("\n"), name, size, cm[4] + tm[4], cm[5] + tm[5]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return out


def lines_of(runs: list[Run], size: float) -> list[tuple[float, str, float]]:
    """Runs of one size grouped into lines, top first: (y, text, x of the first run)."""
    rows: dict[float, list[Run]] = {}
    for r in runs:
        if abs(r.size - size) < 0.01:
            rows.setdefault(round(r.y, 1), []).append(r)
    return [(y, "".join(r.text for r in sorted(rs, key=lambda r: r.x)), min(r.x for r in rs))
            for y, rs in sorted(rows.items(), reverse=True)]


def face_name(chain) -> str:  # noqa: ANN001
    return load_font(chain.specs[0]).face.name.decode()


def in_face(run: Run, chain) -> bool:  # noqa: ANN001
    """Whether ``run`` is drawn by the chain's primary face (ReportLab adds ``-N`` for a .ttc subfont)."""
    name = face_name(chain)
    return run.font == name or run.font.startswith(name + "-")


def general(body: str) -> bytes:
    values = template("general").blank(CENTRE, TODAY)
    values.title, values.body = "关于小区停水的通知", body
    return compose(values, CENTRE).pdf


BODY = ("因小区二次供水管道检修，定于12月10日（星期四）8:00至17:00暂停供水。请各位居民提前储水，关好水龙头，"
        f"以免来水时跑水。检修期间如有困难，请联系“楼栋长”{RARE}明华或到社区服务中心前台登记，"
        "我们将为行动不便的老人送水上门。")


def test_title_in_song_body_in_fangsong_or_kai_rare_character_in_babelstone(fonts) -> None:
    runs = runs_of(general(BODY))
    title = [r for r in runs if r.text == "关于小区停水的通知" and r.size == 22]
    assert title and in_face(title[0], fonts.title)
    body = [r for r in runs if r.size == 16 and "管道检修" in r.text]
    assert body and in_face(body[0], fonts.body) and not in_face(body[0], fonts.title)
    rare = [r for r in runs if RARE in r.text]
    assert rare and all("BabelStone" in r.font for r in rare)
    assert "BabelStone" not in body[0].font
    # the title is centred on the page
    width = fonts.title.string_width("关于小区停水的通知", 22)
    assert abs(title[0].x + width / 2 - PAGE_W / 2) < 1


def test_first_line_is_indented_two_characters(fonts) -> None:
    lines = [line for line in lines_of(runs_of(general(BODY)), 16) if line[1] != CENTRE.name]
    first, second = lines[0], lines[1]
    assert first[1].startswith("因小区") and not second[1].startswith("因小区")
    assert first[2] - second[2] == pytest.approx(32, abs=0.5)  # 2 × 16 pt
    # every line of the paragraph is three-size type (16 pt), readable on a wall
    assert all(r.size >= 16 for r in runs_of(general(BODY)) if "供水" in r.text)


def test_each_line_of_the_body_is_a_paragraph_with_its_own_indent(fonts) -> None:
    lines = lines_of(runs_of(general("第一段。\n第二段。")), 16)
    xs = {text: x for _y, text, x in lines}
    assert xs["第一段。"] == xs["第二段。"] == pytest.approx(56.7 + 32, abs=0.5)


def test_issuer_and_date_at_the_bottom_right(fonts) -> None:
    runs = runs_of(general(BODY))
    issuer = [r for r in runs if r.text == CENTRE.name and r.size == 16]
    date = [r for r in runs if r.text == "2026年12月7日" and r.size == 16]
    assert issuer and date
    body_y = min(r.y for r in runs if r.size == 16 and "送水上门" in r.text)
    assert date[0].y < issuer[0].y < body_y  # below the body, the date under the issuer
    right = PAGE_W - 20 * 72 / 25.4
    issuer_end = issuer[0].x + fonts.body.string_width(CENTRE.name, 16)
    date_end = date[0].x + fonts.body.string_width("2026年12月7日", 16)
    assert issuer[0].x > PAGE_W / 2 and right - 40 < issuer_end <= right  # 右空二字
    # the date is centred under the issuer
    assert (issuer[0].x + issuer_end) / 2 == pytest.approx((date[0].x + date_end) / 2, abs=1)
    assert "二〇" not in "".join(r.text for r in runs)


def test_posting_period_line_of_a_disclosure(fonts) -> None:
    values = template("service_results").blank(CENTRE, TODAY)
    values.table_rows = [["1", "更换楼道声控灯", "3栋2单元", "王*", "12月1日", "满意"]]
    runs = runs_of(compose(values, CENTRE).pdf)
    posting = [r for r in runs if r.text.startswith("公示期")]
    assert posting and in_face(posting[0], fonts.body)
    assert "公示期：2026年12月7日 – 2026年12月11日" in "".join(r.text for r in runs)


# --- line breaking ----------------------------------------------------------------------


def test_break_points_rules() -> None:
    one = [10.0] * 40
    # the 11th character overflows: a lone mark hangs, a pair pushes the break back
    text = "一二三四五六七八九十，甲乙丙丁戊己庚辛壬"
    lines = break_points(text, one[: len(text)], 100)
    assert text[lines[0][0]:lines[0][1]] == "一二三四五六七八九十，"
    text = "一二三四五六七八九十。”甲乙丙丁戊己庚辛"
    lines = break_points(text, one[: len(text)], 100)
    assert text[lines[1][0]] == "十"
    # an opening mark never ends a line
    text = "一二三四五六七八九“甲乙丙丁戊己庚辛壬癸"
    lines = break_points(text, one[: len(text)], 100)
    assert text[lines[0][1] - 1] == "九" and text[lines[1][0]] == "“"
    # a number is not cut when a break before it is near
    text = "一二三四五六七八17:00至"
    lines = break_points(text, one[: len(text)], 100)
    assert [text[s:e] for s, e, _x, _h in lines] == ["一二三四五六七八", "17:00至"]
    # dishes set apart by spaces break at a space
    text = "宫保鸡丁 炒白菜 海带汤"
    lines = break_points(text, one[: len(text)], 100)
    assert [text[s:e].strip() for s, e, _x, _h in lines] == ["宫保鸡丁 炒白菜", "海带汤"]
    # nothing but marks: cut where full, and always progress
    text = "，" * 25
    assert sum(e - s for s, e, _x, _h in break_points(text, one[:25], 100)) == 25


@pytest.mark.parametrize("offset", range(6))
def test_no_rendered_line_begins_with_a_closing_mark_or_ends_with_an_opening_one(fonts, offset: int) -> None:
    """Marks at every position across many line ends (the shift moves them by one character)."""
    sentence = "居民（含租户）请到《社区》前台登记，“楼栋长”将上门。"
    body = "甲" * offset + sentence * 12
    for text in (body, body.replace("居民", RARE + "民")):  # one font, and several (BabelStone)
        lines = lines_of(runs_of(general(text)), 16)
        body_lines = [t for _y, t, _x in lines if t not in (CENTRE.name, "2026年12月7日")]
        assert "".join(body_lines).startswith("甲" * offset + "居") or RARE in body_lines[0]
        assert len(body_lines) >= 8
        for line in body_lines:
            assert line[0] not in CANNOT_START, line
            assert line[-1] not in CANNOT_END, line


@pytest.mark.parametrize("shift", range(4))
def test_table_cells_follow_the_rules_too(fonts, shift: int) -> None:
    request = "陪" * shift + "陪同就医（社区医院复诊），代取药品（降压药），“楼栋长”陪同"
    values = template("service_results").blank(CENTRE, TODAY)
    values.table_rows = [["4", request, "2栋1单元", "欧阳**", "12月4日", "满意"]]
    # the second column: from 56.7 + 0.6/9.1 of the 481.9 pt frame, 3/9.1 of it wide
    left = 56.7 + 481.9 * 0.6 / 9.1
    runs = [r for r in runs_of(compose(values, CENTRE).pdf)
            if left - 1 < r.x < left + 481.9 * 3 / 9.1 and in_face(r, fonts.body)]
    cell = [t for _y, t, _x in lines_of(runs, 12)]
    assert len(cell) >= 3 and "".join(cell) == request
    for line in cell:
        assert line[0] not in CANNOT_START and line[-1] not in CANNOT_END, cell


# --- the activity poster -------------------------------------------------------------------


def test_activity_notice_is_a_poster_with_the_facts_first(fonts) -> None:
    row = ActivityRow(id=53, title="社区义诊：量血压测血糖", category="health", room="多功能厅",
                      starts_at=dt.datetime(2026, 12, 30, 9), ends_at=dt.datetime(2026, 12, 30, 11),
                      capacity=60, taken=3, waiting=0, target_group="all", status="open",
                      description="欢迎居民报名参加。请提前十分钟到场。")
    result = compose(template("activity").fill(row, CENTRE, TODAY), CENTRE)
    assert result.pages == 1
    runs = runs_of(result.pdf)
    title = [r for r in runs if r.text == "社区义诊：量血压测血糖" and in_face(r, fonts.title)]
    assert title and title[0].size >= 32  # a poster's headline
    sizes = {label: r for r in runs for label in ("时间：", "地点：", "报名方式：") if r.text == label}
    assert set(sizes) == {"时间：", "地点：", "报名方式："}
    assert all(r.size >= 20 for r in sizes.values())
    when = [r for r in runs if "2026年12月30日" in r.text and r.size >= 20]
    place = [r for r in runs if r.text == "多功能厅" and r.size >= 20]
    description = [r for r in runs if "欢迎居民报名参加" in r.text]
    assert when and place and description
    # what, when, where, how to sign up come first; the description after them
    assert title[0].y > sizes["时间："].y > sizes["地点："].y > sizes["报名方式："].y > description[0].y
    # the values line up in one column, beside their labels
    assert when[0].x == pytest.approx(place[0].x, abs=0.5) and when[0].x > sizes["报名方式："].x
    assert "二〇" not in "".join(r.text for r in runs)


# --- the faces --------------------------------------------------------------------------


def test_fangsong_is_used_when_simfang_is_present(tmp_path: Path, fonts) -> None:
    """A FangSong file in a configured folder (here any TrueType file under the Windows name) wins over Kai."""
    donor = next((s.path for s in discover_fonts() if Path(s.path).name == "DejaVuSans.ttf"), None)
    if donor is None:
        pytest.skip("no DejaVu Sans to stand in for simfang.ttf")
    shutil.copy(donor, tmp_path / "simfang.ttf")
    found = official_fonts(font_dirs=[tmp_path])
    assert found.body_kind == KIND_FANGSONG
    assert found.body.specs[0].path == str((tmp_path / "simfang.ttf").resolve())
    assert found.title.specs[0].path == fonts.title.specs[0].path  # the title stays Song
    # without it, Kai (AR PL UKai CN) is the fallback
    assert fonts.body_kind == KIND_KAI or Path(fonts.body.specs[0].path).name.lower() == "simfang.ttf"
    # a character the face lacks still falls back per character run
    assert [name for name, _chunk in found.body.split_runs("张" + RARE)][-1].startswith("Linli-BabelStone")


def test_traditional_chinese_prefers_the_taiwan_faces(fonts) -> None:
    found = official_fonts(traditional=True)
    assert Path(found.body.specs[0].path).name.lower() in ("kaiu.ttf", "ukai.ttc")
    if Path(found.body.specs[0].path).name == "ukai.ttc":
        assert found.body.specs[0].index == 2  # AR PL UKai TW


def test_an_english_poster_keeps_one_sheet_and_sets_latin_in_a_serif(fonts) -> None:
    """English runs longer: the facts shrink (22 → 16 pt) until the poster is one sheet."""
    i18n.set_language("en")
    row = ActivityRow(id=53, title="社区义诊：量血压测血糖", category="health", room="多功能厅",
                      starts_at=dt.datetime(2026, 12, 30, 9), ends_at=dt.datetime(2026, 12, 30, 11),
                      capacity=60, taken=3, waiting=0, target_group="all", status="open",
                      description="欢迎居民报名参加。请提前十分钟到场。")
    result = compose(template("activity").fill(row, CENTRE, TODAY), CENTRE)
    assert result.pages == 1
    runs = runs_of(result.pdf)
    latin = [r for r in runs if r.text.startswith("Sign up at the front desk")]
    chinese = [r for r in runs if r.text == "多功能厅"]
    assert latin and ("DejaVuSerif" in latin[0].font or "Times" in latin[0].font)
    assert chinese and in_face(chinese[0], fonts.body)
    assert any(r.text == "December 7, 2026" for r in runs)
