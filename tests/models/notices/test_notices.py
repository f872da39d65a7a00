"""Notices in the domain: posting periods, the privacy guard, the history."""

from __future__ import annotations

import datetime as dt

import pytest

from models.core.errors import ValidationFailed
from models.notices import (
    ACTION_PRINTED,
    NameOverride,
    NoticeHistorySource,
    NoticeValues,
    PrivacyBlocked,
    check_privacy,
    default_posting_period,
    history,
    notice_pdf,
    notice_values,
    read_table_xlsx,
    record_notice,
    record_reprint,
    scan_notice,
    validate_notice,
    working_days_between,
)
from models.residents.registry import ResidentInput, create_resident
from models.safety.security import Actor, PermissionDenied, acting_as

NAMES = ("张三明", "欧阳明华", "李四", "文明", "阿卜杜·热合曼", "𠮷祥")


@pytest.fixture
def people(db, today):
    with db.write() as s:
        for i, name in enumerate(NAMES):
            create_resident(s, ResidentInput(name=name, phone=f"1390000111{i}"), today=today)
    return db


def general(body: str = "", **kw) -> NoticeValues:
    return NoticeValues(template="general", title=kw.pop("title", "停水通知"), body=body, **kw)


def test_default_posting_period_is_five_working_days(today) -> None:
    start, end = default_posting_period(dt.date(2026, 12, 21))  # a Monday
    assert end == dt.date(2026, 12, 25)
    start, end = default_posting_period(today)  # Sunday 22 November → Mon 23 … Fri 27
    assert end == dt.date(2026, 11, 27) and working_days_between(start, end) == 5


def test_a_disclosure_needs_five_working_days(today) -> None:
    values = general(disclosure=True, posting_from=dt.date(2026, 11, 23), posting_to=dt.date(2026, 11, 26))
    with pytest.raises(ValidationFailed) as err:
        validate_notice(values)
    assert "at least 5 working days" in err.value.errors["posting"]
    assert "where to ask or object" in err.value.errors["contact"]
    validate_notice(general(disclosure=True, posting_from=dt.date(2026, 11, 23), posting_to=dt.date(2026, 11, 27),
                            contact="社区服务站前台 010-12345678"))
    with pytest.raises(ValidationFailed) as err:
        validate_notice(NoticeValues(title=""))
    assert "title" in err.value.errors


def test_the_guard_blocks_an_id_number_and_points_at_it(people, make_id) -> None:
    number = make_id("19491231", 2)
    values = general(f"请{number}到社区登记。")
    with people.session() as s, pytest.raises(PrivacyBlocked) as err:
        check_privacy(s, values)
    (finding,) = err.value.findings
    assert finding.field == "body" and finding.kind == "id_number" and finding.start == 1
    assert "Body, at character 2" in str(err.value)
    assert number not in str(err.value)  # the message masks it
    assert number[:3] + "*" * 11 + number[-4:] in str(err.value)


def test_an_id_number_with_spaces_or_a_wrong_check_digit_is_found(people, make_id) -> None:
    number = make_id("19600101", 15)
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with people.session() as s:
        kinds = [f.kind for f in scan_notice(s, general(f"号码 {spaced}；另 {wrong}。"))]
    assert kinds == ["id_number", "id_number"]


def test_mobiles_are_found_with_separators_and_masked_ones_pass(people) -> None:
    values = general("联系 138 0013 8000 或 139-0000-1111，已打码 138****5678，座机 010-65529988")
    with people.session() as s:
        found = [f for f in scan_notice(s, values) if f.kind == "mobile"]
    assert [f.found for f in found] == ["13800138000", "13900001111"]


def test_full_names_block_masked_names_pass(people) -> None:
    values = general("感谢张三明、欧阳**、李*和阿卜杜·***。",
                     table_header=["姓名", "金额"], table_rows=[["张*明", "¥3.00"], ["𠮷祥", "¥2.00"]])
    with people.session() as s, pytest.raises(PrivacyBlocked) as err:
        check_privacy(s, values)
    where = [(f.field, f.found) for f in err.value.findings]
    assert where == [("body", "张三明"), ("table:2:1", "𠮷祥")]
    assert "Table, row 2, column 1" in str(err.value)


def test_two_character_names_inside_a_word_only_warn(people) -> None:
    values = general("建设文明社区。李四：请到前台。")
    with people.session() as s:
        with pytest.raises(PrivacyBlocked) as err:
            check_privacy(s, values)
        assert [f.found for f in err.value.findings] == ["李四"]
        warnings = check_privacy(s, general("建设文明社区。"))
    assert [(w.found, w.blocks) for w in warnings] == [("文明", False)]


def test_a_middle_dot_look_alike_is_still_the_name(people) -> None:
    with people.session() as s, pytest.raises(PrivacyBlocked) as err:
        check_privacy(s, general("阿卜杜•热合曼"))
    assert err.value.findings[0].found == "阿卜杜·热合曼"


def test_override_shows_a_name_on_purpose_and_is_recorded(people) -> None:
    values = general("表彰优秀志愿者张三明。")
    with pytest.raises(ValidationFailed):
        with people.write() as s:
            record_notice(s, values, b"%PDF", override=NameOverride("", ["张三明"]))
    with acting_as(Actor("wang", "clerk")), people.write() as s:
        notice = record_notice(s, values, b"%PDF-1.4 x", override=NameOverride("表彰名单须实名", ["张三明"]),
                               action=ACTION_PRINTED)
        nid = notice.id
    with people.session() as s:
        (rec,) = history(s)
        assert rec.id == nid and rec.full_names_shown and rec.override_reason == "表彰名单须实名"
        assert rec.created_by == "wang" and rec.action == "printed"
        assert notice_pdf(s, nid) == b"%PDF-1.4 x"
        assert notice_values(s, nid).body == values.body


def test_an_override_never_covers_an_id_number(people, make_id) -> None:
    values = general(f"张三明 {make_id('19491231', 2)}")
    with people.write() as s, pytest.raises(PrivacyBlocked) as err:
        record_notice(s, values, b"%PDF", override=NameOverride("实名", ["张三明"]))
    assert [f.kind for f in err.value.findings] == ["id_number"]


def test_history_round_trip_reprint_and_posting_ended(people, today) -> None:
    values = general("本月助餐补贴名单。", disclosure=True, posting_from=dt.date(2026, 11, 2),
                     posting_to=dt.date(2026, 11, 6), issue_date=dt.date(2026, 11, 2), contact="前台")
    with people.write() as s:
        first = record_notice(s, values, b"%PDF-a", pages=2).id
        record_reprint(s, first)
    with people.session() as s:
        recs = history(s)
        assert len(recs) == 2 and recs[0].reprint_of_id == first
        assert recs[1].posting_ended(today)
        restored = notice_values(s, first)
        assert restored.posting_to == dt.date(2026, 11, 6) and restored.disclosure
        source = NoticeHistorySource({"general": "General announcement"}, today=today)
        ids = source.ids(s, "停水", "created_at", True)
        assert source.ids(s, "助餐", None, False) == []
        rows = source.rows(s, ids)
    assert set(ids) == {r.id for r in recs}
    assert "(ended)" in rows[first][5] and rows[recs[0].id][3] == "Reprinted"


def test_each_save_print_and_reprint_is_in_the_audit_trail_without_its_text(people) -> None:
    from sqlalchemy import select

    from models.safety.audit import AuditEntry, verify_chain

    with people.write() as s:
        saved = record_notice(s, general("感谢张三明。"), b"%PDF-a",
                              override=NameOverride("表彰", ["张三明"])).id
        printed = record_notice(s, general("停水。"), b"%PDF-b", pages=2, action=ACTION_PRINTED).id
        again = record_reprint(s, printed).id
    with people.session() as s:
        entries = s.execute(select(AuditEntry.action, AuditEntry.record_id, AuditEntry.summary)
                            .where(AuditEntry.table_name == "notice").order_by(AuditEntry.id)).all()
        assert verify_chain(s).sound
    assert [(a, r) for a, r, _s in entries] == [("export", saved), ("print", printed), ("print", again)]
    assert "full names shown on purpose" in entries[0][2] and "张三明" not in entries[0][2]
    assert entries[1][2] == "notice general, 2 page(s)" and f"reprint of {printed}" in entries[2][2]


def test_a_volunteer_may_not_record_notices(people) -> None:
    with acting_as(Actor("vol", "volunteer")), people.write() as s, pytest.raises(PermissionDenied):
        record_notice(s, general("通知"), b"%PDF")


def test_private_notices_are_not_scanned(people) -> None:
    with people.session() as s:
        assert check_privacy(s, general("张三明 13800138000", public=False)) == []


def test_table_from_xlsx(tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "诉求", "完成日期"])
    ws.append([1, "更换楼道灯", dt.date(2026, 11, 20)])
    ws.append([None, None, None])
    ws.append([2, "疏通下水道", None])
    wb.save(tmp_path / "t.xlsx")
    header, rows = read_table_xlsx(str(tmp_path / "t.xlsx"))
    assert header == ["序号", "诉求", "完成日期"]
    assert rows == [["1", "更换楼道灯", "2026-11-20T00:00:00"], ["2", "疏通下水道", ""]]
