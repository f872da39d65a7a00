"""The headless commands of main.py, run as a clerk or a script would run them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),  # the log file goes here, not to the real folder
        PYTHONIOENCODING="utf-8",
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], code: int | None = None
) -> None:
    assert result.returncode != 0
    if code is not None:
        assert result.returncode == code
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stdout == ""


def resident_count(stdout: str) -> int:
    match = re.search(r"^\s*resident\s+(\d+)\s*$", stdout, re.MULTILINE)
    assert match, stdout
    return int(match.group(1))


def test_demo_then_check(tmp_path: Path) -> None:
    db = tmp_path / "centre" / "linli.sqlite3"
    demo = run(["demo", "--db", str(db), "--residents", "50"], tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "Traceback" not in demo.stderr
    assert "50" in demo.stdout
    assert db.is_file()

    check = run(["check", "--db", str(db)], tmp_path)
    assert check.returncode == 0, check.stderr
    assert resident_count(check.stdout) == 50
    assert "Traceback" not in check.stderr


def test_demo_refuses_a_filled_database(tmp_path: Path) -> None:
    db = tmp_path / "linli.sqlite3"
    assert run(["demo", "--db", str(db), "--residents", "5"], tmp_path).returncode == 0
    again = run(["demo", "--db", str(db), "--residents", "5"], tmp_path)
    assert_one_line_error(again, 1)
    assert resident_count(run(["check", "--db", str(db)], tmp_path).stdout) == 5


def test_check_a_missing_file(tmp_path: Path) -> None:
    db = tmp_path / "nowhere.sqlite3"
    result = run(["check", "--db", str(db)], tmp_path)
    assert_one_line_error(result)
    assert str(db) in result.stderr
    assert not db.exists()  # check never creates a database


def test_check_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n", encoding="utf-8")
    result = run(["check", "--db", str(path)], tmp_path)
    assert_one_line_error(result)
    assert str(path) in result.stderr


def test_check_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    result = run(["check", "--db", str(folder)], tmp_path)
    assert_one_line_error(result)
    assert str(folder) in result.stderr


@pytest.mark.parametrize(
    "args", [["--no-such-option"], ["check", "--db", "x.sqlite3", "--frobnicate"], ["check"]]
)
def test_bad_arguments(tmp_path: Path, args: list[str]) -> None:
    result = run(args, tmp_path)
    assert_one_line_error(result, 2)


def test_demo_in_a_folder_with_a_percent_sign(tmp_path: Path) -> None:
    db = tmp_path / "100%" / "linli.sqlite3"
    result = run(["demo", "--db", str(db), "--residents", "5"], tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["daycare", "attendance", "--month", "2026-13", "--out", "a.xlsx"], "Not a month: 2026-13"),
        (["daycare", "attendance", "--month", "2026-11", "--out", "a.docx"], "must end in .pdf or .xlsx: a.docx"),
        (["meals", "reconcile", "--month", "11/2026", "--out", "r.pdf"], "Not a month: 11/2026"),
        (["meals", "disclosure", "--month", "2026-11", "--out", "d.xlsx"], "must end in .pdf: d.xlsx"),
        (["activities", "stats", "--month", "2026-00", "--out", "s.pdf"], "Not a month: 2026-00"),
        (["party", "roster", "--out", "r.csv"], "must end in .pdf or .xlsx: r.csv"),
    ],
)
def test_a_bad_month_or_output_file_is_refused_in_one_line_before_the_database_is_opened(
        tmp_path: Path, capsys, args: list[str], says: str) -> None:
    import main

    missing = tmp_path / "never-created.sqlite3"
    assert main.main(["--lang", "en", *args, "--db", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("linli: ") and says in err and err.count("\n") == 1
    assert not missing.exists()
