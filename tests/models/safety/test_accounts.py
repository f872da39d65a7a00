"""Accounts: hashing, the first administrator, lockout with a fake clock, audit of logins."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.core.errors import LinliError, ValidationFailed
from models.safety import accounts
from models.safety.accounts import (
    LoginRefused,
    ScryptParams,
    SecuritySettings,
    UserAccount,
    create_account,
    create_first_admin,
    hash_password,
    login,
    needs_rehash,
    reset_password,
    save_security_settings,
    update_account,
    verify_password,
)
from models.safety.audit import AuditEntry, verify_chain
from models.safety.security import ADMIN, CLERK, VOLUNTEER, Actor, PermissionDenied, acting_as

FAST = ScryptParams(n=2**4, r=1, p=1)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch) -> None:
    monkeypatch.setattr(accounts, "PARAMS", FAST)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 22, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += dt.timedelta(minutes=minutes)


@pytest.fixture
def admin(db) -> Actor:
    with db.write() as s:
        return create_first_admin(s, "Admin", "correct horse", "站长").actor()


def audit_actions(db) -> list[tuple[str, str]]:
    with db.session() as s:
        return [(e.actor, e.action) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_hash_carries_salt_and_parameters_and_verifies() -> None:
    stored = hash_password("秘密 password 𠮷")
    assert stored.startswith("scrypt$16$1$1$")
    assert "password" not in stored
    assert verify_password("秘密 password 𠮷", stored)
    assert not verify_password("秘密 password", stored)
    assert hash_password("same") != hash_password("same")  # fresh salt
    assert not verify_password("x", "garbage")


def test_default_parameters_are_memory_hard() -> None:
    default = ScryptParams()
    assert default.n * default.r * 128 >= 32 * 1024 * 1024  # 32 MiB
    assert needs_rehash(hash_password("x", FAST), default)


def test_first_start_creates_one_administrator(db, admin) -> None:
    assert admin.role == ADMIN and admin.username == "admin"
    with db.write() as s, pytest.raises(LinliError):
        create_first_admin(s, "other", "another password")
    with db.session() as s:
        account = s.scalar(select(UserAccount))
        assert "correct horse" not in account.password_hash and "correct" not in repr(account)


def test_login_success_and_failure_are_audited_without_the_password(db, admin) -> None:
    actor = login(db, " ADMIN ", "correct horse")
    assert actor == admin
    with pytest.raises(LoginRefused, match="Wrong user name or password"):
        login(db, "admin", "wrong")
    with pytest.raises(LoginRefused, match="Wrong user name or password"):
        login(db, "nobody", "correct horse")
    actions = audit_actions(db)
    assert ("admin", "login") in actions and ("admin", "login_failed") in actions
    assert ("system", "login_failed") in actions  # an unknown name is not written down
    with db.session() as s:
        summaries = " ".join(e.summary for e in s.scalars(select(AuditEntry)))
        assert "wrong" not in summaries.replace("wrong password", "") and "nobody" not in summaries
        assert verify_chain(s).sound


def test_five_failures_lock_the_account_for_the_configured_time(db, admin) -> None:
    clock = Clock()
    with db.write() as s:
        save_security_settings(s, SecuritySettings(lockout_minutes=15, idle_minutes=10))
    for _ in range(4):
        with pytest.raises(LoginRefused, match="Wrong"):
            login(db, "admin", "bad", clock=clock)
    with pytest.raises(LoginRefused, match="locked until"):
        login(db, "admin", "bad", clock=clock)
    clock.advance(14)
    with pytest.raises(LoginRefused, match="locked until"):
        login(db, "admin", "correct horse", clock=clock)  # even the right password
    clock.advance(2)
    assert login(db, "admin", "correct horse", clock=clock) == admin
    assert ("admin", "account_locked") in audit_actions(db)


def test_a_success_resets_the_count(db, admin) -> None:
    clock = Clock()
    for _ in range(4):
        with pytest.raises(LoginRefused):
            login(db, "admin", "bad", clock=clock)
    login(db, "admin", "correct horse", clock=clock)
    for _ in range(4):
        with pytest.raises(LoginRefused, match="Wrong"):
            login(db, "admin", "bad", clock=clock)


def test_administrator_resets_a_lockout_and_manages_roles(db, admin) -> None:
    clock = Clock()
    with acting_as(admin), db.write() as s:
        clerk_id = create_account(s, "wang", "clerk password", CLERK, "王芳").id
    for _ in range(5):
        with pytest.raises(LoginRefused):
            login(db, "wang", "bad", clock=clock)
    with acting_as(admin), db.write() as s:
        reset_password(s, clerk_id, "new password 1")
    assert login(db, "wang", "new password 1", clock=clock).role == CLERK
    with acting_as(admin), db.write() as s:
        update_account(s, clerk_id, active=False)
    with pytest.raises(LoginRefused, match="deactivated"):
        login(db, "wang", "new password 1", clock=clock)


def test_the_last_administrator_stays(db, admin) -> None:
    with acting_as(admin), db.write() as s, pytest.raises(LinliError, match="administrator must remain"):
        update_account(s, admin.user_id, role=CLERK)


def test_account_rules(db, admin) -> None:
    with acting_as(admin), db.write() as s:
        with pytest.raises(ValidationFailed) as info:
            create_account(s, "admin", "short", "boss")
        assert set(info.value.errors) == {"username", "password", "role"}


@pytest.mark.parametrize("role", [CLERK, VOLUNTEER])
def test_only_administrators_manage_accounts_and_settings(db, admin, role) -> None:
    with acting_as(Actor("x", role)), db.write() as s:
        with pytest.raises(PermissionDenied):
            create_account(s, "new", "long enough", VOLUNTEER)
        with pytest.raises(PermissionDenied):
            save_security_settings(s, SecuritySettings())


def test_current_clerk_name_is_the_full_name_of_who_acts(db, admin) -> None:
    """The 制表人 a report prints: the acting account's full name; "" for the system or no full name."""
    with db.write() as s:
        clerk = create_account(s, "xiaohong", "correct horse", CLERK, "").actor()
    with db.session() as s:
        assert accounts.current_clerk_name(s) == ""  # the system (a command without --user)
        with acting_as(admin):
            assert accounts.current_clerk_name(s) == "站长"
        with acting_as(clerk):
            assert accounts.current_clerk_name(s) == ""  # no full name: a line to sign on
