"""``main.py check``: read-only, the integrity result first, each table on its own, one verdict line."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import main
from models.core.db import open_database
from models.demo import fill_demo
from tests.cli.test_commands import ROOT, run

PAGE = 4096


@pytest.fixture(autouse=True)
def _language_kept():
    import i18n

    previous = i18n.current_language()
    yield
    i18n.set_language(previous)


@pytest.fixture
def demo_file(tmp_path) -> Path:
    path = tmp_path / "centre" / "linli.sqlite3"
    db = open_database(path)
    fill_demo(db, seed=3, residents=30)
    db.dispose()
    return path


def _pages(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        assert conn.execute("PRAGMA page_size").fetchone()[0] == PAGE
        return conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()


def test_a_sound_database(demo_file, capsys) -> None:
    assert main.main(["--lang", "en", "check", "--db", str(demo_file)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == f"Database: {demo_file}"
    assert lines[1] == "integrity_check: ok"
    assert lines[-1] == "Verdict: sound."
    assert any(line.split() == ["resident", "30"] for line in lines)


@pytest.mark.parametrize("where", ["schema", "second", "middle", "last"])
def test_a_page_of_random_bytes_gives_a_verdict_not_a_traceback(demo_file, tmp_path, where) -> None:
    pages = _pages(demo_file)
    page = {"schema": 1, "second": 2, "middle": pages // 2, "last": pages}[where]
    start = (page - 1) * PAGE + (100 if page == 1 else 0)  # the 100-byte file header is left alone
    with demo_file.open("r+b") as fh:
        fh.seek(start)
        fh.write(random.Random(page).randbytes(page * PAGE - start))
    result = run(["--lang", "en", "check", "--db", str(demo_file)], tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[1].startswith("integrity_check: ") and lines[1] != "integrity_check: ok"
    assert len([line for line in lines if line.startswith("Verdict:")]) == 1
    assert lines[-1].startswith("Verdict: NOT sound: ")
    assert "integrity_check failed" in lines[-1] or "cannot be opened" in lines[-1]


def test_an_unreadable_table_is_named_and_the_others_still_counted(demo_file, damage_table, capsys) -> None:
    damage_table(demo_file, "meal_diner")
    assert main.main(["--lang", "en", "check", "--db", str(demo_file)]) == 1
    out = capsys.readouterr().out
    assert "meal_diner" in out and "cannot be read" in out
    assert any(line.split() == ["resident", "30"] for line in out.splitlines())
    assert "table meal_diner unreadable" in out.strip().splitlines()[-1]


def test_a_missing_table_is_named(demo_file, capsys) -> None:
    conn = sqlite3.connect(demo_file)
    conn.execute("DROP TABLE notice")
    conn.commit()
    conn.close()
    assert main.main(["--lang", "en", "check", "--db", str(demo_file)]) == 1
    out = capsys.readouterr().out
    assert any(line.split() == ["notice", "missing"] for line in out.splitlines()), out
    assert "table notice missing" in out.strip().splitlines()[-1]


def test_check_opens_read_only_and_changes_nothing(demo_file, monkeypatch, capsys) -> None:
    _pages(demo_file)  # a checkpointed file: nothing pending in a -wal
    before = (demo_file.read_bytes(), demo_file.stat().st_mtime_ns)
    uris: list[str] = []
    real_connect = sqlite3.connect

    def spy(database, *args, **kwargs):  # type: ignore[no-untyped-def]
        uris.append(str(database))
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", spy)
    assert main.main(["--lang", "en", "check", "--db", str(demo_file)]) == 0
    capsys.readouterr()
    assert uris and all(uri.startswith("file:") and "mode=ro" in uri for uri in uris), uris
    assert (demo_file.read_bytes(), demo_file.stat().st_mtime_ns) == before


def _as_a_user_who_cannot_write() -> list[str] | None:
    """The command prefix that runs as someone a read-only folder stops (None: there is none here)."""
    if os.name != "posix":
        return None
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    return [runuser, "-u", "nobody", "--"] if runuser else None


def test_check_a_file_in_a_read_only_folder(tmp_path) -> None:
    prefix = _as_a_user_who_cannot_write()
    if prefix is None:
        pytest.skip("no user here whom a read-only folder stops")
    top = Path(tempfile.mkdtemp(prefix="linli-ro-"))  # pytest's own folders are private to root
    try:
        top.chmod(0o755)
        folder = top / "centre"
        path = folder / "linli.sqlite3"
        db = open_database(path)  # a WAL database: reading it needs a -shm file beside it
        fill_demo(db, seed=3, residents=10)
        db.dispose()
        path.chmod(0o644)
        folder.chmod(0o555)
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(top / "xdg"), HOME=str(top))
        result = subprocess.run(
            [*prefix, sys.executable, str(ROOT / "main.py"), "--lang", "en", "check", "--db", str(path)],
            cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
        )
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip().splitlines()[-1] == "Verdict: sound."
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
        assert sorted(p.name for p in folder.iterdir()) == ["linli.sqlite3"]
    finally:
        for sub in top.rglob("*"):
            if sub.is_dir():
                sub.chmod(0o755)
        shutil.rmtree(top, ignore_errors=True)
