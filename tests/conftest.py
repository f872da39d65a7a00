"""Test-wide set-up: no test writes to the real user folders."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("LINLI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def _damage_table(path: Path, table: str = "resident") -> None:
    """Overwrite ``table``'s first page with garbage; the schema stays readable (quick_check fails)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with Path(path).open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))


@pytest.fixture
def damage_table():
    """``damage_table(path, table="resident")``: a damaged database file, as a failing disk leaves one."""
    return _damage_table
