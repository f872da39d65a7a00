"""``main.py district figures`` / ``district counts``: the list of centres, each read read-only; a centre
that does not answer is named on standard error and in the file; refusals in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import main
from models.core.db import open_database
from models.residents.entities import Resident


def _centre(path: Path, residents: int) -> Path:
    db = open_database(path)
    try:
        with db.write() as s:
            s.add_all([Resident(name=f"居民{i}") for i in range(residents)])
    finally:
        db.dispose()
    return path


@pytest.fixture
def centres(tmp_path: Path) -> Path:
    _centre(tmp_path / "a.sqlite3", 3)
    _centre(tmp_path / "b.sqlite3", 5)
    listing = tmp_path / "centres.txt"
    listing.write_text("# 街道\n幸福里社区 = a.sqlite3\n𠮷祥社区 = b.sqlite3\n东风社区 = gone.sqlite3\n", encoding="utf-8")
    return listing


def test_counts_prints_each_centres_rows_and_the_months_figures(centres, capsys) -> None:
    code = main.main(["--lang", "en", "district", "counts", "--centres", str(centres), "--month", "2026-11"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Rows", "幸福里社区", "𠮷祥社区", "东风社区"]
    assert next(line for line in lines if line.startswith("resident ")).split() == ["resident", "3", "5", "did",
                                                                                   "not", "answer"]
    assert any(line.startswith("2026, month 11") and line.endswith("Sub-district total") for line in lines)
    assert "Warning: did not answer: 东风社区: no database at" in err


def test_figures_as_pdf_and_xlsx_name_the_centre_that_did_not_answer(centres, tmp_path, capsys) -> None:
    pdf = tmp_path / "d.pdf"
    assert main.main(["--lang", "en", "district", "figures", "--centres", str(centres), "--year", "2026",
                      "--out", str(pdf)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"{pdf}: the figures of 2 of 3 centres, the year 2026." and "东风社区" in err
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Did not answer: 东风社区" in text and "𠮷祥社区" in text and "2026" in text
    xlsx = tmp_path / "d.xlsx"
    assert main.main(["--lang", "en", "district", "figures", "--centres", str(centres), "--period", "2026H2",
                      "--out", str(xlsx), "--workers", "1"]) == 0
    ws = load_workbook(xlsx).active
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Section")
    assert header[2:] == ("幸福里社区", "𠮷祥社区", "东风社区 (did not answer)", "Sub-district total")


@pytest.mark.parametrize(("args", "message"), [
    (["figures", "--centres", "{list}", "--year", "26", "--out", "x.pdf"], "--year takes a year, e.g. 2026: 26"),
    (["figures", "--centres", "{list}", "--period", "2026Q5", "--out", "x.pdf"], "2026Q5"),
    (["figures", "--centres", "{list}", "--year", "2026", "--out", "x.txt"], "must end in .pdf or .xlsx"),
    (["figures", "--centres", "{dir}/none.txt", "--year", "2026", "--out", "x.pdf"], "No list of centres at"),
    (["counts", "--centres", "{bad}"], "bad.txt, line 2: write the centre's name, then ="),
])
def test_refusals_are_one_line(centres, tmp_path, capsys, args, message) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("幸福里社区 = a.sqlite3\n和平社区\n", encoding="utf-8")
    filled = [a.format(list=centres, dir=tmp_path, bad=bad) for a in args]
    assert main.main(["--lang", "en", "district", *filled]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_nothing_is_written_when_no_centre_answers(tmp_path, capsys) -> None:
    listing = tmp_path / "centres.txt"
    listing.write_text("东风社区 = gone.sqlite3\n", encoding="utf-8")
    out = tmp_path / "d.pdf"
    assert main.main(["--lang", "en", "district", "figures", "--centres", str(listing), "--year", "2026",
                      "--out", str(out)]) == 1
    assert "No centre answered: nothing was written." in capsys.readouterr().err and not out.exists()
