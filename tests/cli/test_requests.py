"""``requests``: a batch of paper slips entered at the command line, bad input in one line with nothing written,
the results notice (surnames only, no comment, no phone; through the guard, kept) and the figures."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from models.core.db import open_database
from models.residents.registry import ResidentInput, create_resident

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english():
    import i18n

    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture
def database(tmp_path: Path, as_demo_admin) -> tuple[Path, int, int]:
    path = tmp_path / "linli.sqlite3"
    db = open_database(path)
    try:
        with db.write() as s:
            asker = create_resident(s, ResidentInput(name="张三明", phone="13900001111"), confirmed=True).id
            helper = create_resident(s, ResidentInput(name="吴志愿", phone="13900004444"), confirmed=True).id
    finally:
        db.dispose()
    as_demo_admin(path)
    return path, asker, helper


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    from models.demo import DEMO_PASSWORD

    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    code = main.main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_batch_of_slips_through_the_loop(database, monkeypatch, capsys) -> None:
    path, asker, helper = database
    db = ["--db", str(path), "--user", "demo-admin"]
    today = dt.date.today()
    start = today - dt.timedelta(days=3)
    code, number, err = run(monkeypatch, capsys, "requests", "add", *db, "--resident", str(asker), "--category", "维修",
                            "--text", "厨房水龙头漏水", "--date", start.isoformat())
    assert code == 0, err
    number = number.strip()
    assert number == f"{start.year}-0001"
    for step in (["dispatch", number, "--to", f"volunteer:{helper}", "--on", start.isoformat()],
                 ["take", number, "--on", start.isoformat()],
                 ["done", number, "--hours", "1.5", "--note", "换了垫圈", "--on", today.isoformat()],
                 ["rate", number, "unsatisfied", "--comment", "下次先打电话13912345678"]):
        code, out, err = run(monkeypatch, capsys, "requests", *step, *db)
        assert code == 0, err
    code, out, err = run(monkeypatch, capsys, "requests", "show", number, *db)
    assert code == 0 and "Rated" in out and "Received → Dispatched" in out and "[demo-admin]" in out
    code, out, err = run(monkeypatch, capsys, "requests", "list", "--state", "rated", *db)
    assert code == 0 and number in out

    conn = sqlite3.connect(path)
    summaries = [row[0] for row in conn.execute("SELECT summary FROM audit_entry WHERE actor = 'demo-admin'")]
    conn.close()
    assert f"{number} done: taken → done" in summaries and f"{number} rate: done → rated" in summaries

    # The results notice of this month: the surname only, the volunteer by name, no comment, no phone.
    out_pdf = path.parent / "results.pdf"
    code, out, err = run(monkeypatch, capsys, "requests", "results", "--month", f"{today:%Y-%m}", "--db", str(path),
                         "--out", str(out_pdf))
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(out_pdf).pages)
    assert number in text and "张**" in text and "吴志愿" in text and "维修" in text
    assert "张三明" not in text and "13912345678" not in text and "下次先打电话" not in text
    assert "厨房水龙头漏水" not in text and "1391" not in text
    assert count(path, "notice") == 1

    code, out, err = run(monkeypatch, capsys, "requests", "stats", "--month", f"{today:%Y-%m}", "--db", str(path),
                         "--out", str(path.parent / "figures.xlsx"))
    assert code == 0, err
    from openpyxl import load_workbook

    sheet = load_workbook(path.parent / "figures.xlsx").active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Done"] == 1 and values["Not satisfied"] == 1 and values["Satisfaction rate"] == 0


@pytest.mark.parametrize(("args", "words"), [
    (["add", "--resident", "999", "--category", "维修", "--text", "x"], "No resident 999"),
    (["add", "--caller", "王秀英,13912345678", "--category", "修车", "--text", "x"], "Unknown category"),
    (["add", "--caller", "王秀英,13912345678", "--category", "维修", "--text", "x", "--date", "2099-01-01"],
     "in the future"),
    (["add", "--caller", "王秀英,13912345678", "--category", "维修", "--text", "x", "--channel", "fax"],
     "Unknown channel"),
    (["take", "2026-0099"], "No request 2026-0099"),
    (["take", "42"], "is not a request number"),
    (["dispatch", "NUMBER", "--to", "member:1"], "not an active Party member"),
    (["dispatch", "NUMBER", "--to", "friend:1"], "names no handler"),
    (["done", "NUMBER", "--hours", "2", "--note", "x"], "only a taken request can be marked done"),
    (["rate", "NUMBER", "great"], "not a rating"),
])
def test_bad_input_is_one_line_and_nothing_is_written(database, monkeypatch, capsys, args, words) -> None:
    path, asker, _helper = database
    db = ["--db", str(path), "--user", "demo-admin"]
    code, number, err = run(monkeypatch, capsys, "requests", "add", *db, "--resident", str(asker), "--category", "维修",
                            "--text", "灯坏了")
    assert code == 0
    number = number.strip()
    events, requests = count(path, "request_event"), count(path, "service_request")
    code, out, err = run(monkeypatch, capsys, "requests", *[number if a == "NUMBER" else a for a in args], *db)
    assert code != 0 and words in err and len(err.strip().splitlines()) == 1, err
    assert (count(path, "request_event"), count(path, "service_request")) == (events, requests)


def test_hours_out_of_range_are_refused(database, monkeypatch, capsys) -> None:
    path, asker, helper = database
    db = ["--db", str(path), "--user", "demo-admin"]
    _code, number, _err = run(monkeypatch, capsys, "requests", "add", *db, "--resident", str(asker),
                              "--category", "维修", "--text", "灯坏了")
    number = number.strip()
    run(monkeypatch, capsys, "requests", "dispatch", number, "--to", f"volunteer:{helper}", *db)
    run(monkeypatch, capsys, "requests", "take", number, *db)
    for hours, words in (("-1", "negative"), ("25", "More than 24 hours"), ("abc", "as a number")):
        code, _out, err = run(monkeypatch, capsys, "requests", "done", number, "--hours", hours, "--note", "x", *db)
        assert code == 1 and words in err
    assert count(path, "request_event") == 3
