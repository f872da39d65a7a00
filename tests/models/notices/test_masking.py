"""One-click 脱敏 (issue 15): each finding of the privacy guard replaced by its masked form in the
clerk's own text — exactly the finding's span, the spaces and stars inside a number included —
and every other character left as it was. Hand-made cases, each checked character by character."""

from __future__ import annotations

import datetime as dt

from models.notices import (
    KIND_ID,
    KIND_INVISIBLE,
    KIND_MOBILE,
    KIND_NAME,
    NameIndex,
    mask_findings,
    mask_text,
    scan_text,
)

TODAY = dt.date(2026, 12, 7)
NAMES = NameIndex(["张三明", "𠮷明华", "欧阳明华", "阿卜杜·热合曼", "文明", "李雷"])
ID = "11010519491231002X"  # valid checksum, born 1949-12-31


def _mask(text: str, **kw):  # type: ignore[no-untyped-def]
    return mask_text("body", text, NAMES, today=TODAY, **kw)


def test_an_id_number_typed_with_spaces_is_replaced_whole_spaces_and_all() -> None:
    text = f"请 {ID[:6]} {ID[6:14]} {ID[14:]} 本人到社区。"
    result = _mask(text)
    assert result.text == "请 110***********002X 本人到社区。"
    (change,) = result.changes
    assert change.kind == KIND_ID and change.masked == "110***********002X"
    # The span is exactly the number as typed, its two inner spaces included, not the spaces around it.
    assert text[change.start:change.end] == f"{ID[:6]} {ID[6:14]} {ID[14:]}"
    assert change.original == text[change.start:change.end]


def test_a_full_width_mobile_becomes_the_masked_form_and_the_full_width_comma_stays() -> None:
    text = "联系电话：１３８ ００１３ ８０００，周一至周五。"
    result = _mask(text)
    assert result.text == "联系电话：138****8000，周一至周五。"
    (change,) = result.changes
    assert change.kind == KIND_MOBILE and text[change.start:change.end] == "１３８ ００１３ ８０００"


def test_a_mobile_with_stars_inside_is_replaced_across_the_stars() -> None:
    text = "电话138*0013*8000。"
    assert _mask(text).text == "电话138****8000。"


def test_a_name_with_a_character_outside_the_bmp_keeps_it() -> None:
    text = "感谢𠮷明华同志的帮助。"
    result = _mask(text)
    assert result.text == "感谢𠮷*华同志的帮助。"
    (change,) = result.changes
    assert change.kind == KIND_NAME and change.masked == "𠮷*华"
    assert "\U00020bb7" in result.text and len(result.text) == len(text)


def test_two_findings_in_one_line_and_nothing_else_changed() -> None:
    text = "表彰：張三明（电话13800138000）、阿卜杜·热合曼，谢谢！"
    result = _mask(text)
    assert result.text == "表彰：張*明（电话138****8000）、阿卜杜·***，谢谢！"
    assert [c.kind for c in result.changes] == [KIND_NAME, KIND_MOBILE, KIND_NAME]
    # Outside the spans, the text is the clerk's, character for character.
    at = 0
    kept = []
    for c in result.changes:
        kept.append(text[at:c.start])
        at = c.end
    kept.append(text[at:])
    rebuilt = "".join(k + c.masked for k, c in zip(kept[:-1], result.changes, strict=True)) + kept[-1]
    assert rebuilt == result.text
    assert kept == ["表彰：", "（电话", "）、", "，谢谢！"]


def test_a_traditional_name_is_masked_as_typed_and_a_name_broken_by_a_space_loses_the_space() -> None:
    assert _mask("感谢張三明").text == "感谢張*明"
    assert _mask("感谢张 三明同志").text == "感谢张*明同志"
    assert _mask("感谢张\n三明").text == "感谢张*明"
    assert _mask("欧阳明华主讲").text == "欧阳**主讲"


def test_line_breaks_and_other_lines_are_kept() -> None:
    text = "第一行：李雷\n\n第二行 电话 189  0154  2004\n第三行不变 𠮷"
    assert _mask(text).text == "第一行：李*\n\n第二行 电话 189****2004\n第三行不变 𠮷"


def test_a_possible_name_and_a_name_shown_on_purpose_are_left_alone() -> None:
    assert _mask("建设文明社区").text == "建设文明社区"  # 文明 is also a word: it does not block
    result = _mask("感谢张三明和李雷", keep_names=["张三明"])
    assert result.text == "感谢张三明和李*"


def test_masked_numbers_and_plain_text_are_unchanged() -> None:
    text = "电话 138****8000，证号 110***********002X，2026-12-07 至 2026-12-11。"
    result = _mask(text)
    assert result.text == text and not result.changed


def test_an_invisible_character_is_deleted_and_one_inside_a_number_goes_with_it() -> None:
    result = _mask("停\u200b水，电话 138\u200b0013 8000")
    assert result.text == "停水，电话 138****8000"
    assert [c.kind for c in result.changes] == [KIND_INVISIBLE, KIND_MOBILE]


def test_the_masked_text_passes_the_guard() -> None:
    text = f"感谢張三明、𠮷明华；证号 {ID[:9]}\n{ID[9:]}；电话 +86 138 0013 8000。"
    masked = _mask(text).text
    assert [f for f in scan_text("body", masked, NAMES, today=TODAY) if f.blocks] == []
    assert masked == "感谢張*明、𠮷*华；证号 110***********002X；电话 +86 138****8000。"


def test_mask_findings_takes_the_guards_findings_as_they_are() -> None:
    text = "李雷 13800138000"
    findings = scan_text("contact", text, NAMES, today=TODAY)
    result = mask_findings(text, findings)
    assert result.text == "李* 138****8000"
    assert {c.field for c in result.changes} == {"contact"}
    assert mask_findings(text, []).text == text
