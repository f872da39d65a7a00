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
    assert "December 7, 2026" in text  # seven days of posting


def test_reconciliation_pdf_has_totals_and_signature_lines(db) -> None:
    with db.session() as s:
        rec = reconcile_month(s, 2026, 11)
    text = text_of(reconciliation_pdf(rec, INFO).pdf)
    assert "Meal subsidy reconciliation 2026-11" in text
    assert "张三明" in text  # internal: full names
    assert "¥240.00" in text and "¥60.00" in text and "¥180.00" in text
    assert "civil-affairs office" in text and "For the centre" in text
    masked = text_of(reconciliation_pdf(rec, INFO, masked=True).pdf)
    assert "张三明" not in masked and "张*明" in masked


def test_reconciliation_xlsx_totals(db) -> None:
    with db.session() as s:
        rec = reconcile_month(s, 2026, 11)
    wb = openpyxl.load_workbook(io.BytesIO(reconciliation_xlsx(rec)))
    ws = wb["Diners"]
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    body, total = rows[:-1], rows[-1]
    assert len(body) == 4
    assert sum(r[2] for r in body) == total[2] == 20
    assert sum(r[4] for r in body) == pytest.approx(total[4]) == pytest.approx(60.0)
    assert ws.cell(2, 4).number_format == '"¥"#,##0.00'
    assert list(wb["Totals"].iter_rows(min_row=2, values_only=True)) == [("2026-11", 20, 240.0, 60.0, 180.0)]


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
    assert openpyxl.load_workbook(out)["Totals"]["B2"].value == 20
    disclosure = tmp_path / "d.pdf"
    result = _run(["meals", "disclosure", "--month", "2026-11", "--db", str(path), "--out", str(disclosure)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "张三明" not in text_of(disclosure.read_bytes())
    # A refusal: one line on stderr, non-zero (each run costs seconds: one is enough here).
    result = _run(["meals", "menu", "--week", "2026-W50", "--db", str(path), "--out", str(tmp_path / "m.pdf")], tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines() == ["linli: The week 2026-W50 has no menu yet."]
