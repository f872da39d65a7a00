"""``grids``: the not-visited list on the command line, the internal household sheet, the public grid board
(read by its extracted text: work phones, no private mobile, kept in the notice history)."""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import main
from models.core.db import open_database
from models.demo import fill_demo
from models.grids.care import not_visited
from models.residents.entities import Resident

TODAY = dt.date.today()


@pytest.fixture
def english():
    import i18n

    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("grids") / "demo.sqlite3"
    db = open_database(path)
    fill_demo(db, residents=200, accounts=True)
    db.dispose()
    return path


@pytest.fixture
def database(template, tmp_path) -> Path:
    from models.core.db import backup_sqlite

    return backup_sqlite(template, tmp_path / "demo.sqlite3")


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    from models.demo import DEMO_PASSWORD

    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    code = main.main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_unvisited_prints_the_grids_list_oldest_first(monkeypatch, capsys, database) -> None:
    db = open_database(database)
    with db.session() as s:
        expected = [r.name for r in not_visited(s, TODAY) if r.grid == "第一网格"]
    db.dispose()
    code, out, err = run(monkeypatch, capsys, "grids", "unvisited", "--db", str(database), "--grid", "第一网格",
                         "--user", "demo-clerk")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "# 第一网格" and [line.split("\t")[0] for line in lines[1:]] == expected and expected
    assert f"{len(expected)} care-list residents not visited lately" in err
    code, _out, err = run(monkeypatch, capsys, "grids", "unvisited", "--db", str(database), "--grid", "第九网格",
                          "--user", "demo-clerk")
    assert code == 1 and "No grid “第九网格”" in err and "第一网格" in err
    code, _out, err = run(monkeypatch, capsys, "grids", "unvisited", "--db", str(database), "--on", "2026-13-01",
                          "--user", "demo-clerk")
    assert code == 1


def test_the_household_sheet_as_pdf_and_xlsx(monkeypatch, capsys, database, tmp_path) -> None:
    pdf, xlsx = tmp_path / "sheet.pdf", tmp_path / "sheet.xlsx"
    code, out, err = run(monkeypatch, capsys, "grids", "sheet", "--grid", "第二网格", "--db", str(database),
                         "--out", str(pdf), "--user", "demo-admin")
    assert code == 0, err
    households = int(re.search(r"(\d+) households", out).group(1))
    assert households > 0
    text = text_of(pdf)
    assert "Household sheet of 第二网格" in text and "Internal" in text
    code, out, err = run(monkeypatch, capsys, "grids", "sheet", "--grid", "第二网格", "--db", str(database),
                         "--out", str(xlsx), "--user", "demo-admin")
    assert code == 0, err
    ws = load_workbook(xlsx).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Address", "Member", "Care categories", "Last visit")
    assert sum(1 for r in rows[1:] if r[4] == "yes") == households
    assert rows[1][1] in text and rows[1][0].split(" Rm ")[-1] in text  # the same first member and room


def test_the_board_shows_work_phones_and_no_private_mobile(monkeypatch, capsys, database, tmp_path) -> None:
    out_pdf = tmp_path / "board.pdf"
    code, out, err = run(monkeypatch, capsys, "grids", "board", "--db", str(database), "--out", str(out_pdf))
    assert code == 0, err
    assert "6 grids; kept in the notice history" in out
    text = text_of(out_pdf).replace("\n", "")
    db = open_database(database)
    with db.session() as s:
        phones = [p for p in s.query(Resident.phone).all() if p[0]]
        from models.grids.grids import list_grids

        grids = list_grids(s)
    db.dispose()
    assert "Grid board" in text
    for g in grids:
        assert g.name in text and f"{g.work_phone[:3]}-{g.work_phone[3:]}" in text
    digits = re.sub(r"\D", "", text)
    assert not [p for (p,) in phones if p.startswith("1") and p in digits]  # no resident's mobile
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT count(*) FROM notice WHERE template = 'grid_board'").fetchone()[0] == 1
    conn.close()
