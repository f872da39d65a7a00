"""Import of residents and day-care elders: every kind of bad row reported, nothing written on failure."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from models.core.errors import LinliError
from models.core.importer import (
    ImportFailed,
    id_cell,
    import_people,
    parse_service_days,
    read_table,
    report_table,
    suggest_mapping,
)
from models.daycare import Enrolment
from models.residents.entities import Resident
from models.residents.registry import ResidentInput, create_resident
from models.safety.security import Actor, PermissionDenied, acting_as

HEADER = ["姓名", "身份证号", "性别", "电话", "小区", "楼栋", "单元", "室", "网格", "独居", "出生日期"]


def residents_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Resident.id)))


def workbook(path, rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_mapping_is_suggested_from_chinese_and_english_headers():
    mapping = suggest_mapping(["序号", "姓名", "身份证号码", "联系电话", "小区", "楼栋", "单元", "室", "网格", "Notes"])
    assert mapping == {"name": 1, "id_number": 2, "phone": 3, "compound": 4, "building": 5, "unit": 6,
                       "room": 7, "grid": 8, "notes": 9}
    english = suggest_mapping(["Name", "ID number", "Phone", "Building", "Room"])
    assert english == {"name": 0, "id_number": 1, "phone": 2, "building": 3, "room": 4}
    elders = suggest_mapping(["姓名", "电话", "紧急联系人", "紧急联系人电话", "能力等级"], "elders")
    assert elders["phone"] == 1 and elders["contact_phone"] == 3 and elders["contact_name"] == 2


def test_id_cells_damaged_by_excel_are_recognised(make_id):
    good = make_id("19500101", 11)
    assert id_cell(good) == (good, None)
    assert id_cell(int(good[:15] + "000"))[1] is not None  # stored as a number: 18 digits
    assert id_cell(1.10105195001011e17)[1] is not None  # a float
    assert id_cell("1.10105E+17")[1] is not None  # scientific notation as text
    zeros = good[:15] + "000"
    assert "ends in zeros" in id_cell(zeros)[1]
    assert id_cell(110105500101011)[1] is None  # an old 15-digit number is whole


def test_service_days_as_clerks_write_them():
    assert parse_service_days("周一至周五") == {1, 2, 3, 4, 5}
    assert parse_service_days("一三五") == {1, 3, 5}
    assert parse_service_days("1-5") == {1, 2, 3, 4, 5}
    assert parse_service_days("每天") == set(range(1, 8))
    assert parse_service_days("") == {1, 2, 3, 4, 5}
    assert parse_service_days("sometimes") is None


def test_a_clean_workbook_is_imported_with_a_backup_first(tmp_path, make_id, today):
    from models.core.db import open_database

    db = open_database(tmp_path / "linli.sqlite3")
    try:
        path = workbook(tmp_path / "in.xlsx", [
            ["张三", make_id("19500101", 11), "男", "13800138000", "幸福小区", "3", "2", "301", "一网格", "是", None],
            ["𠮷祥", None, "女", None, "幸福小区", "5", "1", "101", "二网格", None, dt.datetime(1948, 5, 6)],
        ])
        report = import_people(db, path, today=today)
        assert report.written and report.created == 2 and report.rows == 2
        assert report.backup is not None and report.backup.exists() and "-import" in report.backup.name
        with db.session() as s:
            zhang = s.scalar(select(Resident).where(Resident.name == "张三"))
            assert zhang.lives_alone and zhang.building == "3" and zhang.room == "301" and zhang.grid == "一网格"
            ji = s.scalar(select(Resident).where(Resident.name == "𠮷祥"))
            assert ji.birth_date == dt.date(1948, 5, 6) and ji.gender == "female"
    finally:
        db.dispose()


def test_every_kind_of_bad_row_is_reported_and_nothing_is_written(db, tmp_path, make_id, today):
    taken = make_id("19450303", 21)
    with db.write() as s:
        create_resident(s, ResidentInput(name="老住户", id_number=taken), today=today)
        create_resident(s, ResidentInput(name="王芳", phone="13900001111"), today=today)
    good = make_id("19500101", 11)
    dup = make_id("19520202", 31)
    bad_checksum = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [
        ["好人", good, None, None, None, None, None, None, None, None, None],            # 2 ok
        [None, make_id("19600101", 41), None, "13800000001", None, None, None, None, None, None, None],  # 3 no name
        ["数字", int(good[:15] + "000"), None, None, None, None, None, None, None, None, None],  # 4 number
        ["科学", "1.10105E+17", None, None, None, None, None, None, None, None, None],   # 5 scientific
        ["零尾", make_id("19580101", 51)[:15] + "000", None, None, None, None, None, None, None, None, None],  # 6 zeros
        ["校验", bad_checksum, None, None, None, None, None, None, None, None, None],     # 7 checksum
        ["重甲", dup, None, None, None, None, None, None, None, None, None],              # 8 first
        ["重乙", dup, None, None, None, None, None, None, None, None, None],              # 9 same ID in file
        ["别人", taken, None, None, None, None, None, None, None, None, None],            # 10 ID in database
        ["王芳", None, None, "13900001111", None, None, None, None, None, None, None],   # 11 name+phone in db
        ["电话", None, None, "12345", None, None, None, None, None, None, None],         # 12 bad phone
        ["性别", None, "未知", None, None, None, None, None, None, None, None],           # 13 bad gender
        ["日期", None, None, None, None, None, None, None, None, None, "2099-13-45"],     # 14 bad date
        ["标记", None, None, None, None, None, None, None, None, "也许", None],            # 15 bad flag
        ["楼栋", None, None, None, None, "x" * 30, None, None, None, None, None],         # 16 too long
        ["矛盾", good.replace(good[:6], "110106")[:17] + "X", "女", None, None, None, None, None, None, None, None],
    ]
    path = workbook(tmp_path / "bad.xlsx", rows)
    before = residents_count(db)
    with pytest.raises(ImportFailed) as failed:
        import_people(db, path, today=today)
    assert residents_count(db) == before  # nothing written
    by_row = {}
    for p in failed.value.report.problems:
        by_row.setdefault(p.row, []).append((p.column, p.reason))
    assert 2 not in by_row
    assert by_row[3][0][0] == "Name"
    for row in (4, 5, 6):
        assert by_row[row][0][0] == "ID number" and "damaged by Excel" in by_row[row][0][1]
    assert by_row[7][0][0] == "ID number" and "damaged" not in by_row[7][0][1]
    assert 8 not in by_row
    assert "row 8" in by_row[9][0][1]
    assert "already registered" in by_row[10][0][1]
    assert by_row[11][0][0] == "Name" and "same phone" in by_row[11][0][1]
    assert by_row[12][0][0] == "Phone"
    assert by_row[13][0][0] == "Gender"
    assert by_row[14][0][0] == "Birth date"
    assert by_row[15][0][0] == "Lives alone"
    assert by_row[16][0][0] == "Building"
    assert 17 in by_row
    headers, table = report_table(failed.value.report)
    assert headers[:3] == ["Row", "Column", "Problem"] and table[0][0] == 3


def test_report_saved_as_xlsx(db, tmp_path, today):
    from reports.export import write_xlsx

    path = workbook(tmp_path / "bad.xlsx", [[None, None, None, "1", None, None, None, None, None, None, None]])
    with pytest.raises(ImportFailed) as failed:
        import_people(db, path, today=today)
    headers, rows = report_table(failed.value.report)
    out = tmp_path / "report.xlsx"
    write_xlsx(out, headers, rows, numeric=[0])
    ws = load_workbook(out).active
    assert ws["A1"].value == "Row" and ws["A2"].value == 2 and ws["B2"].value in ("Name", "Phone")


def test_dry_run_checks_everything_and_writes_nothing(db, tmp_path, make_id, today):
    path = workbook(tmp_path / "in.xlsx", [["张三", make_id("19500101", 11)] + [None] * 9])
    report = import_people(db, path, dry_run=True, today=today)
    assert report.created == 1 and not report.written
    assert residents_count(db) == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_with_and_without_bom_and_gbk(db, tmp_path, make_id, today, encoding):
    idn = make_id("19500101", 11)
    text = f"姓名,身份证号,电话,小区,楼栋,单元,室\n李明,{idn},13800138000,和平里,2,1,402\n"
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode(encoding))
    report = import_people(db, path, today=today)
    assert report.created == 1
    with db.session() as s:
        li = s.scalar(select(Resident))
        assert li.name == "李明" and li.id_number == idn and li.compound == "和平里"


def test_csv_id_number_in_scientific_notation_is_damaged(db, tmp_path, today):
    path = tmp_path / "in.csv"
    path.write_text("姓名,身份证号\n李明,1.10105E+17\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="1 problem in the file"):
        import_people(db, path, today=today)


def test_a_missing_required_column_is_refused_before_any_row(db, tmp_path):
    path = workbook(tmp_path / "in.xlsx", [["x"]], header=["备注"])
    with pytest.raises(LinliError, match="Name"):
        import_people(db, path)
    with pytest.raises(LinliError, match="not an .xlsx"):
        (tmp_path / "fake.xlsx").write_text("hello")
        read_table(tmp_path / "fake.xlsx")


def test_only_an_administrator_may_import(db, tmp_path):
    path = workbook(tmp_path / "in.xlsx", [["张三"] + [None] * 10])
    with acting_as(Actor("clerk1", "clerk")), pytest.raises(PermissionDenied):
        import_people(db, path)
    assert residents_count(db) == 0


def test_elders_are_registered_and_enrolled(db, tmp_path, make_id, today):
    known = make_id("19400404", 11)
    with db.write() as s:
        create_resident(s, ResidentInput(name="老李", id_number=known), today=today)
    header = ["姓名", "身份证号", "能力等级", "服务日", "紧急联系人", "关系", "紧急联系人电话", "入托日期"]
    path = workbook(tmp_path / "elders.xlsx", [
        ["老李", known, "轻度失能", "一三五", "李女儿", "女儿", "13800138001", "2026-11-01"],
        ["老王", make_id("19420505", 21), None, None, "王儿子", "儿子", "13800138002", None],
    ], header=header)
    report = import_people(db, path, kind="elders", today=today)
    assert (report.created, report.reused, report.enrolled) == (1, 1, 2)
    with db.session() as s:
        enrolments = {e.resident.name: e for e in s.scalars(select(Enrolment))}
        assert enrolments["老李"].care_level == "mild" and enrolments["老李"].service_days == "135"
        assert enrolments["老王"].enrolled_on == today
        assert enrolments["老李"].contacts[0].phone == "13800138001"


def test_elders_without_a_contact_phone_fail_as_a_whole(db, tmp_path, make_id, today):
    header = ["姓名", "身份证号", "紧急联系人", "紧急联系人电话"]
    path = workbook(tmp_path / "elders.xlsx", [
        ["老王", make_id("19420505", 21), "王儿子", "13800138002"],
        ["老赵", make_id("19430606", 31), "赵儿子", None],
    ], header=header)
    with pytest.raises(ImportFailed) as failed:
        import_people(db, path, kind="elders", today=today)
    assert {p.row for p in failed.value.report.problems} == {3}
    assert residents_count(db) == 0
    with db.session() as s:
        assert s.scalar(select(func.count(Enrolment.id))) == 0
