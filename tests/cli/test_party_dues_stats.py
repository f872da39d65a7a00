"""``main.py party dues-stats`` (issue 15): a month's or a year's dues by branch as PDF or .xlsx,
recorded as a publication; a period written wrongly is refused in one line, nothing written."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

import i18n
import main
from models.core.db import open_database
from models.party.dues import record_payment
from models.party.members import MemberInput, create_member, save_org
from models.residents.registry import ResidentInput, create_resident
from models.safety.audit import AuditEntry

ROOT = Path(__file__).resolve().parents[2]
PAID_ON = dt.date(2025, 12, 1)


@pytest.fixture
def ledger(tmp_path):
    """第一党支部: 李四 (¥6,000 → ¥90.00 a month) paid 2025-11; 王五 (¥2,000 → ¥10.00) did not."""
    path = tmp_path / "linli.sqlite3"
    db = open_database(path)
    with db.write() as s:
        committee = save_org(s, name="幸福里社区党委")
        branch = save_org(s, name="第一党支部", parent_id=committee.id)
        ids = {}
        for name, base in (("李四", 600_000), ("王五", 200_000)):
            rid = create_resident(s, ResidentInput(name=name, birth_date=dt.date(1970, 1, 1)), today=PAID_ON).id
            ids[name] = create_member(s, MemberInput(resident_id=rid, joined_on=dt.date(2000, 7, 1),
                                                     full_on=dt.date(2001, 7, 1), branch_id=branch.id,
                                                     dues_base_fen=base), today=PAID_ON).id
        record_payment(s, ids["李四"], dt.date(2025, 11, 1), paid_on=PAID_ON, today=PAID_ON)
    db.dispose()
    yield path
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_a_month_as_pdf(ledger, tmp_path, capsys) -> None:
    out = tmp_path / "dues.pdf"
    code = main.main(["--lang", "en", "party", "dues-stats", "--month", "2025-11", "--db", str(ledger),
                      "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert printed.out.strip() == (f"{out}: Party dues 2025-11, 1 branch, collected ¥90.00, arrears ¥10.00.")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Party dues statistics, 2025-11" in text and "第一党支部" in text
    assert "¥100.00" in text and "¥90.00" in text and "¥10.00" in text
    assert "李四" not in text and "王五" not in text  # by branch: no names
    db = open_database(ledger, create=False)
    try:
        with db.session() as s:
            entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.action == "publish" and entry.summary == "party dues statistics: 0 people, dues.pdf"
    finally:
        db.dispose()


def test_a_year_as_xlsx(ledger, tmp_path, capsys) -> None:
    out = tmp_path / "dues.xlsx"
    code = main.main(["--lang", "en", "party", "dues-stats", "--year", "2025", "--db", str(ledger),
                      "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    ws = load_workbook(out).active
    # Twelve months: 李四 ¥1,080 due, ¥90 paid, ¥990 in arrears; 王五 ¥120 due, all in arrears.
    assert [c.value for c in ws[2]] == ["第一党支部", 2, 0, 2, 1200, 90, 0, 1110]
    assert [c.value for c in ws[3]][:1] == ["Total"]


@pytest.mark.parametrize(("args", "says"), [
    (["--month", "2025-13"], "Not a month: 2025-13"),
    (["--month", "11/2025"], "Not a month: 11/2025"),
    (["--year", "25"], "Not a year: 25"),
    (["--month", "2099-01"], "2099-01 has not begun"),
])
def test_a_period_written_wrongly_is_refused_in_one_line(ledger, tmp_path, capsys, args, says) -> None:
    out = tmp_path / "dues.pdf"
    code = main.main(["--lang", "en", "party", "dues-stats", *args, "--db", str(ledger), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and says in err[0], err
    assert not out.exists()


def test_the_command_refuses_in_a_subprocess(ledger, tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"),
               PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    out = tmp_path / "dues.pdf"
    for args, code in ((["--month", "2025/13"], 1), (["--month", "2025-11", "--year", "2025"], 2), ([], 2)):
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", "party", "dues-stats", *args,
                                 "--db", str(ledger), "--out", str(out)], cwd=ROOT, env=env, capture_output=True,
                                text=True, encoding="utf-8", timeout=120)
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert result.stdout == ""
    assert not out.exists()
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", "party", "dues-stats", "--month", "2025-11",
                          "--db", str(ledger), "--out", str(tmp_path / "dues.csv")], cwd=ROOT, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert bad.returncode == 1 and "The output file must end in .pdf or .xlsx" in bad.stderr
