"""``main.py report``: the period, the two formats, no account needed, refusals in one line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "zh_CN", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("report")
    db = folder / "demo.sqlite3"
    done = run(["demo", "--db", str(db)], folder)
    assert done.returncode == 0, done.stderr
    return db


def test_the_pdf_and_the_xlsx_without_an_account(demo: Path, tmp_path: Path) -> None:
    import datetime as dt

    year = str(dt.date.today().year)
    done = run(["report", "--period", year, "--db", str(demo), "--out", str(tmp_path / "r.pdf")], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "r.pdf" in done.stdout
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages)
    assert "主要数据" in text and "日间照料" in text
    done = run(["report", "--period", f"{year}-01-01..{year}-06-30", "--db", str(demo),
                "--out", str(tmp_path / "r.xlsx")], tmp_path)
    assert done.returncode == 0, done.stderr
    wb = load_workbook(io.BytesIO((tmp_path / "r.xlsx").read_bytes()))
    assert "日间照料" in wb.sheetnames


@pytest.mark.parametrize("args", [["--period", "2025Q5", "--out", "r.pdf"], ["--period", "2025", "--out", "r.txt"]])
def test_a_bad_period_or_file_is_one_line(demo: Path, tmp_path: Path, args: list[str]) -> None:
    done = run(["report", "--db", str(demo), *[str(tmp_path / a) if a.startswith("r.") else a for a in args]],
               tmp_path)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "r.pdf").exists()
