"""``mediation``: cases at the command line as a mediator, a clerk refused, bad input in one line naming the
option with nothing written, and the year's figures (counts only: no name in the PDF, numbers in the .xlsx)."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import main
from models.core.db import open_database
from models.residents.registry import ResidentInput, create_resident

PW = "mediator password"


@pytest.fixture(autouse=True)
def english():
    import i18n

    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture
def database(tmp_path: Path) -> tuple[Path, int, int]:
    from models.safety.accounts import create_account

    path = tmp_path / "linli.sqlite3"
    db = open_database(path)
    try:
        with db.write() as s:
            a = create_resident(s, ResidentInput(name="张三明", phone="13900001111"), confirmed=True).id
            b = create_resident(s, ResidentInput(name="𠮷祥", phone="13900002222"), confirmed=True).id
            create_account(s, "zhou", PW, "mediator", display_name="周调解")
            create_account(s, "desk1", PW, "clerk", display_name="李前台")
    finally:
        db.dispose()
    return path, a, b


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(PW + "\n"))
    code = main.main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_case_from_opening_to_closing(database, monkeypatch, capsys) -> None:
    path, a, b = database
    db = ["--db", str(path), "--user", "zhou"]
    day = dt.date.today() - dt.timedelta(days=4)
    code, out, err = run(monkeypatch, capsys, "mediation", "add", *db, "--type", "noise", "--party", f"resident:{a}",
                         "--party", f"resident:{b}", "--party", "幸福里物业,025-83210000", "--mediator", "account:zhou",
                         "--mediator", "司法所 王律师", "--matter", "楼上夜里装修", "--date", day.isoformat())
    assert code == 0, err
    number = out.strip()
    assert number == f"{day.year}-001"
    code, out, err = run(monkeypatch, capsys, "mediation", "session", number, *db, "--on", day.isoformat())
    assert code == 0 and "session recorded" in out, err
    code, out, err = run(monkeypatch, capsys, "mediation", "close", number, *db, "--outcome", "resolved",
                         "--agreement", "晚十点后不施工")
    assert code == 0 and "closed, Resolved with an agreement" in out, err
    code, out, err = run(monkeypatch, capsys, "mediation", "list", *db)
    assert code == 0 and out.split("\t")[0] == number
    assert "张*明、𠮷*、幸***业" in out and "张三明" not in out and "装修" not in out
    assert "1 case." in err
    conn = sqlite3.connect(path)
    summaries = [r[0] for r in conn.execute("SELECT summary FROM audit_entry WHERE table_name = 'mediation_case'")]
    conn.close()
    assert summaries[0].startswith(f"mediation case {number} opened: 3 parties, 2 mediators")
    assert len(summaries) == 3


def test_a_clerk_is_refused_in_one_line_and_nothing_is_written(database, monkeypatch, capsys) -> None:
    path, a, _b = database
    code, out, err = run(monkeypatch, capsys, "mediation", "add", "--db", str(path), "--user", "desk1",
                         "--type", "noise", "--party", f"resident:{a}")
    assert code == 1 and err.strip() == "linli: Your role (Clerk) may not do this; ask an administrator."
    code, out, err = run(monkeypatch, capsys, "mediation", "list", "--db", str(path), "--user", "desk1")
    assert code == 1 and "Clerk" in err
    assert count(path, "mediation_case") == 0


@pytest.mark.parametrize(("args", "message"), [
    ((), "linli: --party: A case needs at least one party"),
    (("--party", "王大妈,12"), "linli: --party: Party 1: A mobile number has 11 digits"),
    (("--party", "resident:1", "--type", "fight"), "linli: --type: Unknown kind “fight”"),
    (("--party", "resident:1", "--date", "2999-01-01"), "linli: --date: The date"),
    (("--party", "resident:1", "--mediator", "account:desk1"), "linli: --mediator: The account desk1 may not"),
])
def test_bad_input_names_the_option(database, monkeypatch, capsys, args, message) -> None:
    path, _a, _b = database
    kind = () if "--type" in args else ("--type", "noise")
    argv = ["mediation", "add", "--db", str(path), "--user", "zhou", *kind, *args]
    code, out, err = run(monkeypatch, capsys, *argv)
    assert code == 1 and err.startswith(message) and len(err.strip().splitlines()) == 1, err
    assert count(path, "mediation_case") == 0 and count(path, "mediation_party") == 0


def test_a_session_before_the_case_and_closing_without_agreement(database, monkeypatch, capsys) -> None:
    path, a, _b = database
    db = ["--db", str(path), "--user", "zhou"]
    code, number, err = run(monkeypatch, capsys, "mediation", "add", *db, "--type", "family", "--party", f"resident:{a}")
    number = number.strip()
    before = dt.date.today() - dt.timedelta(days=1)
    code, out, err = run(monkeypatch, capsys, "mediation", "session", number, *db, "--on", before.isoformat())
    assert code == 1 and err.startswith("linli: --on: The session's date")
    code, out, err = run(monkeypatch, capsys, "mediation", "close", number, *db, "--outcome", "resolved")
    assert code == 1 and "--agreement: A case resolved with an agreement needs" in err and "session: " in err
    code, out, err = run(monkeypatch, capsys, "mediation", "close", "2026-999", *db, "--outcome", "partly")
    assert code == 1 and err.strip() == "linli: No mediation case 2026-999."
    assert count(path, "mediation_session") == 0


def test_stats_counts_only(database, monkeypatch, capsys, tmp_path) -> None:
    path, a, b = database
    db = ["--db", str(path), "--user", "zhou"]
    year = dt.date.today().year
    for kind in ("noise", "parking"):
        code, number, err = run(monkeypatch, capsys, "mediation", "add", *db, "--type", kind, "--party",
                                f"resident:{a}", "--party", f"resident:{b}", "--matter", "秘密的事由")
        run(monkeypatch, capsys, "mediation", "session", number.strip(), *db)
    run(monkeypatch, capsys, "mediation", "close", f"{year}-001", *db, "--outcome", "resolved", "--agreement", "协议内容")
    pdf = tmp_path / "m.pdf"
    code, out, err = run(monkeypatch, capsys, "mediation", "stats", "--year", str(year), "--db", str(path),
                         "--out", str(pdf))
    assert code == 0, err
    assert out.strip() == f"{pdf}: mediation in {year}: cases 2, closed 1, resolved 1."
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "Cases 2" in text and "Success rate 100.0%" in text and "Open at the end of the period 1" in text
    for secret in ("张", "𠮷", "秘密", "协议内容", "周调解"):
        assert secret not in text
    xlsx = tmp_path / "m.xlsx"
    code, out, err = run(monkeypatch, capsys, "mediation", "stats", "--year", str(year), "--db", str(path),
                         "--out", str(xlsx))
    assert code == 0, err
    rows = {r[0]: r for r in load_workbook(xlsx).active.iter_rows(values_only=True) if r[0]}
    assert rows["Cases"][1] == 2 and rows["Success rate"][1] == 1.0 and rows["Noise"][1:4] == (1, 1, 1)
    code, out, err = run(monkeypatch, capsys, "mediation", "stats", "--year", str(year), "--db", str(path),
                         "--out", str(tmp_path / "m.csv"))
    assert code == 1 and "must end in .pdf or .xlsx" in err
