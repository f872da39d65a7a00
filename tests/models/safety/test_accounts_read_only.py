"""Logging in on a damaged database open read-only: nothing is written, nothing crashes."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from models.core.db import open_database
from models.residents.registry import ResidentInput, create_resident
from models.safety import accounts, audit
from models.safety.accounts import (
    LoginRefused,
    ScryptParams,
    UserAccount,
    create_account,
    create_first_admin,
    login,
)
from models.safety.audit import AuditEntry
from models.safety.security import CLERK
from models.safety.startup import open_read_only


@pytest.fixture(autouse=True)
def fast_and_clean(monkeypatch) -> None:
    monkeypatch.setattr(accounts, "PARAMS", ScryptParams(n=2**4, r=1, p=1))
    monkeypatch.setattr(accounts, "_read_only_failures", {})
    monkeypatch.setattr(accounts, "_read_only_locked", {})
    monkeypatch.setattr(audit, "UNWRITTEN", [])



@pytest.fixture
def damaged(tmp_db_path, today, damage_table):
    db = open_database(tmp_db_path)
    with db.write() as s:
        create_first_admin(s, "boss", "long password")
        create_account(s, "wang", "clerk password", CLERK)
        for i in range(20):
            create_resident(s, ResidentInput(name=f"居民{i}"), today=today)
    db.dispose()
    damage_table(tmp_db_path)
    ro = open_read_only(tmp_db_path)
    yield ro
    ro.dispose()


def _entries(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_login_works_and_keeps_the_entry_in_memory(damaged, caplog) -> None:
    before = _entries(damaged)
    with caplog.at_level(logging.WARNING, logger="models.safety.audit"):
        actor = login(damaged, "boss", "long password")
    assert actor.username == "boss" and actor.role == "admin"
    assert _entries(damaged) == before
    assert [(e.action, e.actor, e.record_id) for e in audit.UNWRITTEN] == [("login", "boss", actor.user_id)]
    assert "read-only" in caplog.text and "long password" not in caplog.text
    with damaged.session() as s:
        assert s.scalars(select(UserAccount.last_login_at).where(UserAccount.username == "boss")).one() is None


def test_failed_logins_lock_in_memory_without_writing(damaged) -> None:
    before = _entries(damaged)
    now = dt.datetime(2026, 3, 2, 9, 0)
    with pytest.raises(LoginRefused, match="Wrong user name"):
        login(damaged, "nobody", "long password", clock=lambda: now)
    for _ in range(accounts.MAX_FAILED - 1):
        with pytest.raises(LoginRefused, match="Wrong user name"):
            login(damaged, "wang", "wrong wrong", clock=lambda: now)
    with pytest.raises(LoginRefused, match="locked until"):
        login(damaged, "wang", "wrong wrong", clock=lambda: now)
    with pytest.raises(LoginRefused, match="locked until"):
        login(damaged, "wang", "clerk password", clock=lambda: now + dt.timedelta(minutes=1))
    later = now + dt.timedelta(minutes=accounts.DEFAULT_LOCKOUT_MINUTES + 1)
    assert login(damaged, "wang", "clerk password", clock=lambda: later).role == CLERK
    assert _entries(damaged) == before
    actions = [e.action for e in audit.UNWRITTEN]
    assert actions.count("login_failed") == accounts.MAX_FAILED + 2 and actions[-1] == "login"


def test_record_now_keeps_entries_of_a_read_only_database(damaged, db) -> None:
    assert not audit.record_now(damaged, "screen_lock", table="user_account", record_id=1)
    assert audit.UNWRITTEN[-1].action == "screen_lock"
    before = _entries(db)
    assert audit.record_now(db, "screen_lock", table="user_account", record_id=1)
    assert _entries(db) == before + 1
