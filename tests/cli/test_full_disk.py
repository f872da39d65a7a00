"""The commands on a full disk (issue 13): one-line messages, nothing half-written left behind.

The atomic writer and the lock file on their own are in tests/test_full_disk.py.
The monkeypatched tests make the disk "full" deterministically (a write,
fsync or rename raising ENOSPC; SQLite's ``max_page_count`` for "database or
disk is full") and always run. The end-to-end ones mount a tiny tmpfs and
are skipped where mounting is not possible (not root, no tmpfs).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import main
import models.core.files as files
from models.core.db import open_database

ROOT = Path(__file__).resolve().parents[2]


def _enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- the commands --------------------------------------------------------------------------------


@pytest.fixture
def empty_db(tmp_path):
    path = tmp_path / "db" / "linli.sqlite3"
    path.parent.mkdir()
    open_database(path).dispose()
    return path


def _says_full(line: str) -> bool:
    return "disk is full" in line or os.strerror(errno.ENOSPC) in line


def _one_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_notice_on_a_full_disk_says_so_in_one_line_and_keeps_nothing(empty_db, tmp_path, monkeypatch, capsys):
    from models.notices import Notice

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setattr(files.os, "replace", _enospc)
    assert main.main(["--lang", "en", "notice", "general", "--title", "停水通知", "--db", str(empty_db),
                      "--out", str(out_dir / "notice.pdf")]) == 1
    line = _one_line(capsys)
    assert _says_full(line) and "notice.pdf" in line
    assert _leftovers(out_dir) == []
    db = open_database(empty_db, create=False)
    try:
        with db.session() as s:
            assert s.query(Notice).count() == 0  # not kept in the history: the file was not written
    finally:
        db.dispose()


def test_every_pdf_command_writes_through_the_atomic_writer(empty_db, tmp_path, monkeypatch, capsys, as_demo_admin):
    user = as_demo_admin(empty_db)  # the roster carries personal data: it needs an account
    out = tmp_path / "roster.pdf"
    monkeypatch.setattr(files.os, "replace", _enospc)
    assert main.main(["--lang", "en", "party", "roster", "--db", str(empty_db), *user, "--out", str(out)]) == 1
    assert _says_full(_one_line(capsys))
    assert not out.exists()
    out = tmp_path / "roster.xlsx"
    user = as_demo_admin(empty_db, accounts=False)
    assert main.main(["--lang", "en", "party", "roster", "--db", str(empty_db), *user, "--out", str(out)]) == 1
    assert _says_full(_one_line(capsys))
    assert _leftovers(tmp_path) == ["db"]


def _cap_database(monkeypatch, path: Path, extra_pages: int) -> None:
    """Every connection to ``path`` may grow it by ``extra_pages`` pages at most: SQLITE_FULL after."""
    import sqlite3

    from sqlalchemy import event

    import models.core.db as mdb

    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    real = mdb.make_engine

    def capped(*args, **kwargs):
        engine = real(*args, **kwargs)

        @event.listens_for(engine, "connect")
        def _cap(dbapi_conn, _record):
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

        return engine

    monkeypatch.setattr(mdb, "make_engine", capped)


def _residents(path: Path) -> int:
    from models.residents.entities import Resident

    db = open_database(path, create=False)
    try:
        with db.session() as s:
            return s.query(Resident).count()
    finally:
        db.dispose()


def test_demo_with_the_database_full_says_so_in_one_line_and_rolls_back(empty_db, monkeypatch, capsys):
    _cap_database(monkeypatch, empty_db, 40)
    assert main.main(["--lang", "en", "demo", "--db", str(empty_db)]) == 1
    line = _one_line(capsys)
    assert "disk is full" in line and "nothing was changed" in line
    monkeypatch.undo()
    assert _residents(empty_db) == 0


def test_import_with_the_database_full_says_so_in_one_line_and_rolls_back(empty_db, tmp_path, monkeypatch, capsys, as_demo_admin):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "性别", "出生日期", "电话", "小区", "楼栋", "单元", "室"])
    for i in range(300):
        ws.append([f"测试{i:03d}", "", "男", "1950-01-01", f"1380000{i:04d}", "幸福小区", "1", "1", f"{100 + i}"])
    sheet = tmp_path / "people.xlsx"
    wb.save(sheet)
    user = as_demo_admin(empty_db)
    _cap_database(monkeypatch, empty_db, 5)
    code = main.main(["--lang", "en", "import", "residents", str(sheet), "--db", str(empty_db), *user])
    captured = capsys.readouterr()
    assert code == 1, captured
    assert "Traceback" not in captured.err
    assert "disk is full" in captured.err.strip().splitlines()[-1]
    monkeypatch.undo()
    assert _residents(empty_db) == 0


def test_import_whose_backup_hits_a_full_disk_says_so_in_one_line(empty_db, tmp_path, monkeypatch, capsys, as_demo_admin):
    import models.safety.backup as backup

    sheet = tmp_path / "people.csv"
    sheet.write_text("姓名,电话\n测试甲,13800000001\n", encoding="utf-8")
    user = as_demo_admin(empty_db)
    monkeypatch.setattr(backup, "_copy_online", _enospc)
    assert main.main(["--lang", "en", "import", "residents", str(sheet), "--db", str(empty_db), *user]) == 1
    line = _one_line(capsys)
    assert _says_full(line) and "backup" in line.lower()
    assert not (empty_db.parent / "backups").exists() or _leftovers(empty_db.parent / "backups") == []
    monkeypatch.undo()
    assert _residents(empty_db) == 0


# --- end to end on a really full file system --------------------------------------------------------


@pytest.fixture
def tiny_fs(tmp_path):
    """A 1 MB tmpfs (root only); skipped where it cannot be mounted."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_demo_on_a_full_tmpfs(tiny_fs, tmp_path):
    # the database itself on a file system too small for it
    demo = _run(["demo", "--db", str(tiny_fs / "demo.sqlite3")], tmp_path)
    assert demo.returncode == 1 and "Traceback" not in demo.stderr, demo.stderr
    assert len(demo.stderr.strip().splitlines()) == 1 and "disk is full" in demo.stderr, demo.stderr


def test_a_notice_pdf_onto_a_full_tmpfs(tiny_fs, empty_db, tmp_path):
    _fill(tiny_fs)
    notice = _run(["notice", "general", "--title", "停水通知", "--db", str(empty_db),
                   "--out", str(tiny_fs / "notice.pdf")], tmp_path)
    assert notice.returncode == 1 and "Traceback" not in notice.stderr, notice.stderr
    assert len(notice.stderr.strip().splitlines()) == 1 and _says_full(notice.stderr), notice.stderr
    assert _leftovers(tiny_fs) == ["filler"]
