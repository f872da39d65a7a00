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


@pytest.fixture
def as_demo_admin(monkeypatch):
    """``as_demo_admin(path, accounts=True)``: the demo accounts in the database at ``path``
    (unless ``accounts=False``) and the administrator's password on standard input, one
    line, as a script gives it; returns the arguments that make a command run as ``demo-admin``."""

    def arrange(path: Path, *, accounts: bool = True) -> list[str]:
        import io

        from models.core.db import open_database
        from models.demo import DEMO_PASSWORD, add_demo_accounts

        if accounts:
            db = open_database(path, create=False)
            try:
                with db.write() as s:
                    add_demo_accounts(s)
            finally:
                db.dispose()
        monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
        return ["--user", "demo-admin"]

    return arrange
