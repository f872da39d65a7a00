"""Meal printouts checked by their extracted text, the workbook by its values, and the commands."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

import i18n
from models.core.db import open_database
from models.demo import DEMO_PASSWORD, add_demo_accounts
from models.meals import (
    MenuEntry,
    PolicyData,
    RuleData,
    add_meal,
    delivery_list,
    reconcile_month,
    save_menu,
    save_policy,
    set_diet_notes,
    week_menu,
)
from models.residents.registry import ResidentInput, create_resident
from reports.meals import (
    delivery_pdf,
    disclosure_pdf,
    menu_pdf,
    reconciliation_pdf,
    reconciliation_xlsx,
)
from reports.pdf import DocumentInfo

ROOT = Path(__file__).resolve().parents[2]
NOV = dt.date(2026, 11, 2)  # a Monday
NAMES = ["张三明", "欧阳𠮷祥", "阿卜杜·热合曼", "李四"]
INFO = DocumentInfo(centre_name="幸福里社区党群服务中心", address="幸福路88号", phone="010-12345678",
                    issuer="幸福里社区居委会", print_date=dt.date(2026, 12, 1))


@pytest.fixture(autouse=True)
def english():
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def fill(db) -> None:
    with db.write() as s:
        ids = [
            create_resident(s, ResidentInput(name=n, birth_date=dt.date(1940 + 5 * i, 1, 1), phone=f"1390000111{i}",
                                             compound="幸福小区", building=str(4 - i), unit="2", room=f"50{i}"),
                            today=NOV).id
            for i, n in enumerate(NAMES)
        ]
        save_policy(s, PolicyData(id=None, name="Local 2026", effective_from=dt.date(2026, 1, 1),
                                  rules=[RuleData("age", 300, 60, None, meal_kind="lunch")]))
        save_menu(s, [MenuEntry(NOV + dt.timedelta(days=d), "lunch", "红烧肉 青菜 米饭", 1200) for d in range(5)])
        for d in range(5):
            for i, rid in enumerate(ids):
                add_meal(s, rid, NOV + dt.timedelta(days=d), mode="delivered" if i == 1 else "dine_in")
        set_diet_notes(s, ids[1], "少盐")


@pytest.fixture
def db():
    database = open_database(":memory:")
    fill(database)
    yield database
    database.dispose()


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def table_rows(ws) -> list[tuple]:  # type: ignore[no-untyped-def]
    """A sheet's table: the rows above the sign-off lines (which follow one empty row)."""
    rows = list(ws.iter_rows(values_only=True))
    return rows[: rows.index(tuple([None] * len(rows[0])))]


def test_disclosure_masks_every_name(db) -> None:
    with db.session() as s:
        rec = reconcile_month(s, 2026, 11)
    text = text_of(disclosure_pdf(rec, INFO, start=dt.date(2026, 12, 1)).pdf)
    for name in NAMES:
        assert name not in text
    # 李四 is 81 on the first meal? No: born 1955, 71 — every diner here is subsidised.
    for masked in ("张*明", "欧阳**", "阿卜杜·***", "李*"):
        assert masked in text
    assert "Meal subsidy disclosure 2026-11" in text
    assert "¥60.00" in text  # 20 meals × ¥3
    assert "December 7, 2026" in " ".join(text.split())  # seven days of posting (16 pt: the line wraps)


def test_reconciliation_pdf_has_totals_and_signature_lines(db) -> None:
    with db.session() as s:
        rec = reconcile_month(s, 2026, 11)
    text = text_of(reconciliation_pdf(rec, INFO).pdf)
    assert "Meal subsidy reconciliation 2026-11" in text
    assert "张三明" in text  # internal: full names
    assert "¥240.00" in text and "¥60.00" in text and "¥180.00" in text
    assert "civil-affairs office" in text and "Prepared by:" in text
    masked = text_of(reconciliation_pdf(rec, INFO, masked=True).pdf)
    assert "张三明" not in masked and "张*明" in masked


def test_reconciliation_xlsx_totals(db) -> None:
    with db.session() as s:
        rec = reconcile_month(s, 2026, 11)
    wb = openpyxl.load_workbook(io.BytesIO(reconciliation_xlsx(rec)))
    ws = wb["Diners"]
    assert ws.freeze_panes == "A2"
    rows = table_rows(ws)[1:]
    body, total = rows[:-1], rows[-1]
    assert len(body) == 4
    assert sum(r[2] for r in body) == total[2] == 20
    assert sum(r[4] for r in body) == pytest.approx(total[4]) == pytest.approx(60.0)
    assert ws.cell(2, 4).number_format == '"¥"#,##0.00'
    assert table_rows(wb["Totals"])[1:] == [("2026-11", 20, 240.0, 60.0, 180.0)]


def test_reconciliation_ends_with_the_signoff_on_the_last_tables_page(db) -> None:
    i18n.set_language("zh_CN")
    with db.session() as s:
        rec = reconcile_month(s, 2026, 11)
    result = reconciliation_pdf(rec, INFO, prepared_by="王小红")
    pages = pages_of(result.pdf)
    last = pages[-1]
    for text in ("制表人：", "王小红", "审核人：", "（盖章）", " 日期：\n二〇二六年十二月一日", "民政部门"):
        assert text in last, text
    assert not any("制表人：" in page for page in pages[:-1])
    # The last table (by meal and mode) ends on this page: its total row is the page's last figures.
    assert "¥240.00\n¥60.00\n¥180.00" in last.split("民政部门")[0].replace(" ", "")
    assert "服务中心（签字盖章）" not in "".join(pages)  # the old centre line is gone: one block signs
    unsigned = pages_of(reconciliation_pdf(rec, INFO).pdf)[-1]
    assert "制表人：" in unsigned and "王小红" not in unsigned


def test_reconciliation_xlsx_ends_each_sheet_with_the_signoff(db) -> None:
    i18n.set_language("zh_CN")
    with db.session() as s:
        rec = reconcile_month(s, 2026, 11)
    wb = openpyxl.load_workbook(io.BytesIO(reconciliation_xlsx(rec, prepared_by="王小红", today=dt.date(2026, 12, 7))))
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        column = 1 if ws.title == "就餐老人" else 0
        assert [r[column:column + 2] for r in rows[-3:]] == [
            ("制表人：", "王小红"), ("审核人：", None), ("日期：", "二〇二六年十二月七日")], ws.title
        assert len(table_rows(ws)) == len(rows) - 4, ws.title


def test_menu_notice_and_delivery_list(db) -> None:
    with db.session() as s:
        entries = week_menu(s, NOV)
        lines = delivery_list(s, NOV)
    text = text_of(menu_pdf(entries, INFO, monday=NOV).pdf)
    assert "This week's menu" in text and "红烧肉" in text and "¥12.00" in text
    (line,) = lines
    text = text_of(delivery_pdf(lines, INFO, day=NOV).pdf)
    assert "欧阳𠮷祥" in text and "Rm 501" in text and "13900001111" in text and "少盐" in text
    assert "not for the bulletin board" in text


def _run(args: list[str], tmp_path: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, input=stdin)


def test_commands(tmp_path: Path) -> None:
    path = tmp_path / "linli.sqlite3"
    database = open_database(path)
    fill(database)
    with database.write() as s:
        add_demo_accounts(s)  # the unmasked reconciliation needs an account with export.personal
    database.dispose()
    out = tmp_path / "rec.xlsx"
    result = _run(["meals", "reconcile", "--month", "2026-11", "--db", str(path), "--out", str(out),
                   "--user", "demo-admin"], tmp_path, stdin=DEMO_PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "4 diners, 20 meals, subsidy ¥60.00" in result.stdout
    totals = openpyxl.load_workbook(out)["Totals"]
    assert totals["B2"].value == 20
    assert (totals["A4"].value, totals["B4"].value) == ("Prepared by:", "demo-admin")  # the --user's full name
    disclosure = tmp_path / "d.pdf"
    result = _run(["meals", "disclosure", "--month", "2026-11", "--db", str(path), "--out", str(disclosure)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "张三明" not in text_of(disclosure.read_bytes())
    # A refusal: one line on stderr, non-zero (each run costs seconds: one is enough here).
    result = _run(["meals", "menu", "--week", "2026-W50", "--db", str(path), "--out", str(tmp_path / "m.pdf")], tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines() == ["linli: The week 2026-W50 has no menu yet."]
