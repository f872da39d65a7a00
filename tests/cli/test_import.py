"""`main.py import` and `main.py party import`: refusals in one line, nothing left behind, progress on stderr."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

import main
import models.core.importer as importer
import models.core.importing as importing
from cli import common, residents
from models.core.db import open_database
from models.safety.backup import backup_folder


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "linli.sqlite3"
    open_database(path).dispose()
    return path


@pytest.fixture
def user(db_path, as_demo_admin):
    """Imports need an account: ``--user demo-admin``, its password on standard input."""
    return as_demo_admin(db_path)


def workbook(path, n, header=("姓名", "电话")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for i in range(n):
        ws.append([f"新居民{i}", f"138{i:08d}"])
    wb.save(path)
    return path


def no_backup(db_path) -> bool:
    folder = backup_folder(db_path)
    return not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("command", [["import", "residents"], ["party", "import"]])
def test_a_header_only_file_is_refused_in_one_line(command, db_path, tmp_path, capsys, user):
    from models.party.roster import ROSTER_COLUMNS

    header = ("姓名", "电话") if command[0] == "import" else [english for _k, english, _a in ROSTER_COLUMNS]
    path = workbook(tmp_path / "empty.xlsx", 0, header=header)
    assert main.main(["--lang", "en", *command, str(path), "--db", str(db_path), *user]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no rows to import" in err[0]
    assert no_backup(db_path)


@pytest.mark.parametrize("command", [["import", "residents"], ["party", "import"]])
def test_a_zip_bomb_is_refused_naming_the_limit(command, db_path, tmp_path, capsys, user):
    path = workbook(tmp_path / "bomb.xlsx", 1)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z, z.open("xl/media/pad.bin", "w") as fh:
        for _ in range(importer.MAX_UNPACKED_MB + 1):
            fh.write(b"\0" * (1 << 20))
    assert main.main(["--lang", "en", *command, str(path), "--db", str(db_path), *user]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"more than the {importer.MAX_UNPACKED_MB} MB" in err[0]
    assert no_backup(db_path)


def test_progress_goes_to_stderr_for_a_long_import(db_path, tmp_path, capsys, monkeypatch, user):
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 10)
    real = common.import_progress
    monkeypatch.setattr(residents, "import_progress", lambda: real(every=0))  # as if every step took long
    path = workbook(tmp_path / "thirty.xlsx", 30)
    assert main.main(["--lang", "en", "import", "residents", str(path), "--db", str(db_path), "--dry-run", *user]) == 0
    out = capsys.readouterr()
    assert "Checking: 10 of 30 rows…" in out.err and "Checking: 30 of 30 rows…" in out.err
    assert "30 rows checked" in out.out


def test_a_short_import_prints_no_progress(db_path, tmp_path, capsys, user):
    path = workbook(tmp_path / "three.xlsx", 3)
    assert main.main(["--lang", "en", "import", "residents", str(path), "--db", str(db_path), "--dry-run", *user]) == 0
    assert capsys.readouterr().err == ""
