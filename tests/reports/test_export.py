"""Exports: .xlsx by default (text stays text), CSV with a BOM; personal lists need an administrator."""

from __future__ import annotations

from openpyxl import load_workbook

from reports.export import format_for, write_csv, write_table, write_xlsx


def test_xlsx_keeps_id_numbers_and_phones_as_text(tmp_path):
    out = tmp_path / "list.xlsx"
    n = write_xlsx(out, ["Name", "ID number", "Phone", "Age"],
                   [("张三", "110105195001010117", "13800138000", "76"), ("𠮷祥", "", "", "8")],
                   sheet_title="Residents", numeric=[3])
    assert n == 2
    ws = load_workbook(out).active
    assert ws.title == "Residents"
    assert ws["B2"].value == "110105195001010117" and ws["B2"].number_format == "@"
    assert ws["C2"].value == "13800138000"
    assert ws["D2"].value == 76 and ws["D3"].value == 8
    assert ws["A3"].value == "𠮷祥"
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold


def test_csv_has_a_bom_for_excel(tmp_path):
    out = tmp_path / "list.csv"
    write_csv(out, ["姓名", "电话"], [("张三", "13800138000")])
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["姓名,电话", "张三,13800138000"]
    assert format_for("x.CSV") == "csv" and format_for("x.xlsx") == "xlsx" and format_for("x") == "xlsx"
    write_table(tmp_path / "t.csv", ["a"], [("1",)])
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")
