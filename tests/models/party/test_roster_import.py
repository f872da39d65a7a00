"""Importing the roster from .xlsx: row/column messages, all or nothing, damaged ID numbers, dry run."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from models.core.importer import id_cell
from models.party.entities import PartyMember, PartyOrg
from models.party.roster import (
    ROSTER_COLUMNS,
    ImportFailed,
    import_roster,
    roster_rows,
)
from models.residents.entities import Resident
from reports.party import roster_xlsx

HEADER = ["党支部", "党小组", "姓名", "身份证号", "民族", "学历", "入党日期", "转正日期", "正式/预备", "党员类型", "联系电话"]


def _book(tmp_path, rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    return path


def _count(db, entity):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(entity))


def test_good_rows_are_imported(db, tmp_path, make_id, today):
    path = _book(tmp_path, [
        ["第一党支部", "1号楼党小组", "张三明", make_id("19700501", 11), "汉族", "本科", "2000-07-01", "2001-07-01", "正式", "在册", "13800138000"],
        ["第一党支部", "", "𠮷祥", make_id("19851212", 22), "回", "大专", dt.datetime(2026, 3, 1), None, "预备", "在册", ""],
    ])
    report = import_roster(db, path, dry_run=True, today=today)
    assert report.members == 2 and not report.written
    assert _count(db, PartyMember) == 0  # a dry run writes nothing
    report = import_roster(db, path, today=today)
    assert report.written and report.members == 2 and report.residents_created == 2
    with db.session() as s:
        names = {r.name: r for r in roster_rows(s)}
        assert s.scalar(select(func.count()).select_from(PartyOrg)) == 3  # committee, branch, group
    assert names["𠮷祥"].ethnicity == "回族" and names["𠮷祥"].standing == "Probationary"
    assert names["张三明"].phone == "13800138000" and names["张三明"].group == "1号楼党小组"


def test_each_kind_of_bad_row_is_reported_and_nothing_is_written(db, tmp_path, make_id, today):
    good = make_id("19700501", 11)
    path = _book(tmp_path, [
        ["第一党支部", "", "好人", good, "汉族", "本科", "2000-07-01", "2001-07-01", "正式", "在册", ""],
        ["第一党支部", "", "科学", 3.30106197005e17, "汉族", "", "2000-07-01", "2001-07-01", "", "", ""],
        ["第一党支部", "", "零尾", 110105197005011000, "汉族", "", "2000-07-01", "2001-07-01", "", "", ""],
        ["第一党支部", "", "文本零", "110105197005011000", "汉族", "", "2000-07-01", "2001-07-01", "", "", ""],
        ["第一党支部", "", "校验", good[:-1] + ("0" if good[-1] != "0" else "1"), "汉族", "", "2000-07-01", "2001-07-01", "", "", ""],
        ["第一党支部", "", "重复", good, "汉族", "", "2000-07-01", "2001-07-01", "", "", ""],
        ["", "", "", make_id("19800101", 33), "汉族", "", "", "", "", "", ""],
        ["第一党支部", "", "少年", make_id("19900101", 35), "火星", "幼儿园", "2005-01-01", "2006-01-01", "半个", "在册", ""],
        ["第一党支部", "", "日期", make_id("19800101", 37), "汉族", "", "2000-13-45", "", "", "", ""],
    ])
    with pytest.raises(ImportFailed) as err:
        import_roster(db, path, today=today)
    problems = {(p.row, p.column): p.reason for p in err.value.report.problems}
    assert "scientific notation" in problems[(3, "ID number")]
    assert problems[(4, "ID number")].startswith("damaged by Excel")
    assert "only 15 significant digits were kept" in id_cell(110105197005011000)[1]
    assert "ends in zeros and fails the check digit" in problems[(5, "ID number")]
    assert "check digit should be" in problems[(6, "ID number")]
    assert problems[(7, "ID number")] == "the same ID number as row 2"
    assert problems[(8, "Name")] == "the name is empty"
    assert problems[(8, "Branch")] == "the branch is empty"
    assert problems[(8, "Joined")] == "the date of joining is empty"
    assert "“幼儿园” is not one of" in problems[(9, "Education")]
    assert "“半个” is not one of" in problems[(9, "Full/probationary")]
    assert "Not a date" in problems[(10, "Joined")]
    assert str(err.value) == f"{len(err.value.report.problems)} problems in the workbook; nothing was imported."
    # The good row was not written either: all or nothing.
    assert _count(db, PartyMember) == 0 and _count(db, Resident) == 0 and _count(db, PartyOrg) == 0


def test_domain_rules_reach_the_report(db, tmp_path, make_id, today):
    path = _book(tmp_path, [
        ["第一党支部", "", "少年", make_id("19900101", 35), "火星族", "", "2005-01-01", "2006-01-01", "正式", "在册", ""],
    ])
    with pytest.raises(ImportFailed) as err:
        import_roster(db, path, today=today)
    problems = {(p.row, p.column): p.reason for p in err.value.report.problems}
    assert "joins at 18 or older" in problems[(2, "Joined")]
    assert "56 recognised" in problems[(2, "Ethnicity")]


def test_missing_columns_are_named(db, tmp_path, today):
    path = _book(tmp_path, [["张三"]], header=["姓名"])
    with pytest.raises(Exception) as err:
        import_roster(db, path, today=today)
    assert "missing: Branch, Joined" in str(err.value)


def test_id_cells():
    assert id_cell("11010519491231002X") == ("11010519491231002X", None)
    assert id_cell(110105491231002)[1] is None  # an old 15-digit number survives as a number
    assert "scientific" in id_cell("3.30106E+17")[1]


def test_export_then_import_round_trip(db, tmp_path, make_id, today):
    path = _book(tmp_path, [
        ["第一党支部", "1号楼党小组", "张三明", make_id("19700501", 11), "汉族", "本科", "2000-07-01", "2001-07-01", "正式", "在册", "13800138000"],
    ])
    import_roster(db, path, today=today)
    with db.session() as s:
        rows = roster_rows(s)
    out = tmp_path / "out.xlsx"
    roster_xlsx(rows, out, ROSTER_COLUMNS)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    idx = header.index("ID number")
    cell = ws.cell(row=2, column=idx + 1)
    assert cell.data_type == "s" and cell.value == make_id("19700501", 11)
    assert ws.freeze_panes == "D2"
    from models.core.db import open_database

    other = open_database(":memory:")
    try:
        report = import_roster(other, out, today=today)
        assert report.members == 1
        with other.session() as s:
            assert roster_rows(s) == rows
    finally:
        other.dispose()
