"""Accounts: users, password hashing, login with lockout, security settings.

Passwords are hashed with scrypt (memory-hard, standard library) and a
random 16-byte salt; the stored text carries its parameters
(``scrypt$n$r$p$salt$hash``, base64), so parameters can be raised later and
old hashes still verify (:func:`needs_rehash` says when to re-hash at the
next login). The default n=2**15, r=8, p=1 uses 32 MiB and takes about
165 ms on the development PC (2 cores); see docs/security.md. A password is
never stored, logged or put in a repr; comparison is constant-time.

After :data:`MAX_FAILED` failed logins in a row an account is locked for
``lockout_minutes`` (a setting, default 15). Every login, failed login and
lock goes to the audit trail. The clock is a parameter so tests need no
sleeping.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Boolean, DateTime, Integer, String, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapped, Session, mapped_column

from i18n import _, format_time
from models.core.base import Base, now_local
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from models.core.settings import Setting
from models.safety import audit
from models.safety.security import ADMIN, ROLES, Actor, acting_as, require

MAX_FAILED = 5
MIN_PASSWORD_LENGTH = 8
DEFAULT_LOCKOUT_MINUTES = 15
DEFAULT_IDLE_MINUTES = 10


@dataclass(frozen=True)
class ScryptParams:
    n: int = 2**15
    r: int = 8
    p: int = 1


#: Parameters of new hashes (tests lower them to stay fast).
PARAMS = ScryptParams()


class UserAccount(Base):
    """A person who logs in. Accounts are deactivated, never deleted (the audit trail names them)."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(50), default="")
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:  # never the hash
        return f"<UserAccount id={self.id} {self.role}>"

    def actor(self) -> Actor:
        return Actor(username=self.username, role=self.role, user_id=self.id)


# --- passwords ------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


def hash_password(password: str, params: ScryptParams | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` for ``password`` with a fresh random salt."""
    params = params or PARAMS
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, params.n, params.r, params.p)
    return f"scrypt${params.n}${params.r}${params.p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: str, params: ScryptParams | None = None) -> bool:
    params = params or PARAMS
    return not stored.startswith(f"scrypt${params.n}${params.r}${params.p}$")


#: Verified against when the user name is unknown, so that a wrong name takes
#: as long as a wrong password.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None or needs_rehash(_DUMMY_HASH):
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH


# --- settings -------------------------------------------------------------------------

_LOCKOUT_KEY = "security.lockout_minutes"
_IDLE_KEY = "security.idle_minutes"


@dataclass(frozen=True)
class SecuritySettings:
    lockout_minutes: int = DEFAULT_LOCKOUT_MINUTES
    idle_minutes: int = DEFAULT_IDLE_MINUTES


def load_security_settings(session: Session) -> SecuritySettings:
    values = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_([_LOCKOUT_KEY, _IDLE_KEY]))).all())

    def number(key: str, default: int) -> int:
        try:
            return int(values.get(key, default))
        except ValueError:
            return default

    return SecuritySettings(number(_LOCKOUT_KEY, DEFAULT_LOCKOUT_MINUTES), number(_IDLE_KEY, DEFAULT_IDLE_MINUTES))


def save_security_settings(session: Session, settings: SecuritySettings) -> SecuritySettings:
    """Store the lockout and idle-lock periods (administrators only).

    Raises:
        ValidationFailed: a period outside 1..240 minutes.
    """
    require("settings.write")
    errors = {}
    for key in ("lockout_minutes", "idle_minutes"):
        value = getattr(settings, key)
        if not 1 <= value <= 240:
            errors[key] = _("Between 1 and 240 minutes.")
    if errors:
        raise ValidationFailed(errors)
    session.merge(Setting(key=_LOCKOUT_KEY, value=str(settings.lockout_minutes)))
    session.merge(Setting(key=_IDLE_KEY, value=str(settings.idle_minutes)))
    session.flush()
    return settings


# --- accounts -------------------------------------------------------------------------


class LoginRefused(LinliError):
    """Wrong user name or password, a locked or deactivated account. Nothing is revealed about which."""


def _clean_username(username: str) -> str:
    return "".join(username.split()).casefold()


def _check_password(password: str, errors: dict[str, str], field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        errors[field] = _("At least {count} characters.").format(count=MIN_PASSWORD_LENGTH)


def has_accounts(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(UserAccount)) > 0


def find_account(session: Session, username: str) -> UserAccount | None:
    return session.scalar(select(UserAccount).where(UserAccount.username == _clean_username(username)))


def list_accounts(session: Session) -> list[UserAccount]:
    require("accounts.manage")
    return list(session.scalars(select(UserAccount).order_by(UserAccount.username)))


#: An account's state as the accounts screen shows it.
ACTIVE, LOCKED, INACTIVE = "active", "locked", "inactive"


def account_state(account: UserAccount, now: dt.datetime | None = None) -> str:
    """:data:`INACTIVE` (deactivated), :data:`LOCKED` (too many failed logins, until ``locked_until``) or :data:`ACTIVE`."""
    now = now or now_local()
    if not account.active:
        return INACTIVE
    if account.locked_until is not None and account.locked_until > now:
        return LOCKED
    return ACTIVE


def _create(session: Session, username: str, password: str, role: str, display_name: str) -> UserAccount:
    name = _clean_username(username)
    errors: dict[str, str] = {}
    if not name:
        errors["username"] = _("Enter a user name.")
    elif len(name) > 40:
        errors["username"] = _("At most {max} characters.").format(max=40)
    elif find_account(session, name) is not None:
        errors["username"] = _("This user name is taken.")
    if role not in ROLES:
        errors["role"] = _("Choose a role.")
    if len(display_name.strip()) > 50:
        errors["display_name"] = _("At most {max} characters.").format(max=50)
    _check_password(password, errors)
    if errors:
        raise ValidationFailed(errors)
    account = UserAccount(
        username=name, display_name=display_name.strip(), role=role, password_hash=hash_password(password)
    )
    session.add(account)
    session.flush()
    audit.record(session, "account", table="user_account", record_id=account.id,
                 summary=_("account created, role {role}").format(role=role))
    return account


def create_first_admin(session: Session, username: str, password: str, display_name: str = "") -> UserAccount:
    """The first start's administrator. Refused once any account exists."""
    if has_accounts(session):
        raise LinliError(_("An administrator account exists already."))
    return _create(session, username, password, ADMIN, display_name)


def create_account(session: Session, username: str, password: str, role: str, display_name: str = "") -> UserAccount:
    """A new account (administrators only).

    Raises:
        ValidationFailed: name empty or taken, unknown role, short password.
    """
    require("accounts.manage")
    return _create(session, username, password, role, display_name)


def _other_active_admins(session: Session, account: UserAccount) -> int:
    return session.scalar(
        select(func.count()).select_from(UserAccount).where(
            UserAccount.role == ADMIN, UserAccount.active.is_(True), UserAccount.id != account.id
        )
    )


def update_account(
    session: Session, account_id: int, *, role: str | None = None, active: bool | None = None,
    display_name: str | None = None,
) -> UserAccount:
    """Change an account's role, name or active flag (administrators only).

    The last active administrator cannot be demoted or deactivated.
    """
    require("accounts.manage")
    account = session.get(UserAccount, account_id)
    if account is None:
        raise LinliError(_("No such account."))
    if role is not None and role not in ROLES:
        raise ValidationFailed({"role": _("Choose a role.")})
    losing_admin = account.role == ADMIN and ((role is not None and role != ADMIN) or active is False)
    if losing_admin and _other_active_admins(session, account) == 0:
        raise LinliError(_("At least one active administrator must remain."))
    changes = []
    if role is not None and role != account.role:
        account.role = role
        changes.append(_("role {role}").format(role=role))
    if active is not None and active != account.active:
        account.active = active
        changes.append(_("activated") if active else _("deactivated"))
    if display_name is not None and display_name.strip() != account.display_name:
        if len(display_name.strip()) > 50:
            raise ValidationFailed({"display_name": _("At most {max} characters.").format(max=50)})
        account.display_name = display_name.strip()
        changes.append(_("display name"))
    if changes:
        session.flush()
        audit.record(session, "account", table="user_account", record_id=account.id, summary="; ".join(changes))
    return account


def reset_password(session: Session, account_id: int, new_password: str) -> None:
    """Set a new password for someone (administrators only); also lifts a lockout."""
    require("accounts.manage")
    account = session.get(UserAccount, account_id)
    if account is None:
        raise LinliError(_("No such account."))
    errors: dict[str, str] = {}
    _check_password(new_password, errors)
    if errors:
        raise ValidationFailed(errors)
    account.password_hash = hash_password(new_password)
    account.failed_logins = 0
    account.locked_until = None
    session.flush()
    audit.record(session, "account", table="user_account", record_id=account.id, summary=_("password reset"))


def change_own_password(session: Session, actor: Actor, old_password: str, new_password: str) -> None:
    """The actor changes their own password (the old one is asked again)."""
    account = session.get(UserAccount, actor.user_id) if actor.user_id else None
    if account is None:
        raise LinliError(_("No such account."))
    if not verify_password(old_password, account.password_hash):
        raise ValidationFailed({"old_password": _("The current password is wrong.")})
    errors: dict[str, str] = {}
    _check_password(new_password, errors, "new_password")
    if errors:
        raise ValidationFailed(errors)
    account.password_hash = hash_password(new_password)
    session.flush()
    with acting_as(actor):
        audit.record(session, "account", table="user_account", record_id=account.id, summary=_("password changed"))


# --- login ----------------------------------------------------------------------------


def login(db: Database, username: str, password: str, *, clock: Callable[[], dt.datetime] = now_local) -> Actor:
    """Check a user name and password; the actor to act as on success.

    Failed attempts are counted and recorded even though the login is
    refused (the counting transaction commits before the refusal is raised).

    Raises:
        LoginRefused: wrong name or password (one message for both), a
            locked account (until when), a deactivated account.
    """
    now = clock()
    if audit.is_read_only(db):
        return _login_read_only(db, username, password, now)
    refusal: str | None = None
    actor: Actor | None = None
    with db.write() as s:
        account = find_account(s, username)
        if account is None:
            verify_password(password, _dummy_hash())
            # The typed name is not recorded: it may be a password typed in the wrong field.
            audit.record(s, "login_failed", table="user_account", summary=_("unknown user name"))
            refusal = _("Wrong user name or password.")
        else:
            who = account.actor()
            with acting_as(who):
                if account.locked_until is not None and account.locked_until > now:
                    verify_password(password, _dummy_hash())
                    audit.record(s, "login_failed", table="user_account", record_id=account.id,
                                 summary=_("account is locked"))
                    refusal = _("Too many failed logins: this account is locked until {time}.").format(
                        time=format_time(account.locked_until)
                    )
                elif not verify_password(password, account.password_hash):
                    account.failed_logins = (0 if account.locked_until else account.failed_logins) + 1
                    account.locked_until = None
                    audit.record(s, "login_failed", table="user_account", record_id=account.id,
                                 summary=_("wrong password ({count} in a row)").format(count=account.failed_logins))
                    refusal = _("Wrong user name or password.")
                    if account.failed_logins >= MAX_FAILED:
                        minutes = load_security_settings(s).lockout_minutes
                        account.locked_until = now + dt.timedelta(minutes=minutes)
                        audit.record(s, "account_locked", table="user_account", record_id=account.id,
                                     summary=_("locked for {minutes} minutes").format(minutes=minutes))
                        refusal = _("Too many failed logins: this account is locked until {time}.").format(
                            time=format_time(account.locked_until)
                        )
                elif not account.active:
                    audit.record(s, "login_failed", table="user_account", record_id=account.id,
                                 summary=_("account deactivated"))
                    refusal = _("This account is deactivated; ask an administrator.")
                else:
                    account.failed_logins = 0
                    account.locked_until = None
                    account.last_login_at = now
                    if needs_rehash(account.password_hash):
                        account.password_hash = hash_password(password)
                    audit.record(s, "login", table="user_account", record_id=account.id)
                    actor = who
    if refusal is not None:
        raise LoginRefused(refusal)
    assert actor is not None
    return actor


#: Failed logins counted in memory while the database is read-only (account id →
#: failures in a row, and the lock's end): the damaged file is never written.
_read_only_failures: dict[int, int] = {}
_read_only_locked: dict[int, dt.datetime] = {}


def _login_read_only(db: Database, username: str, password: str, now: dt.datetime) -> Actor:
    """A login on a database open read-only (it failed its quick check).

    The same checks as :func:`login`, but nothing is written: failed logins
    are counted and locked out in memory, and the audit entries are kept in
    :data:`models.safety.audit.UNWRITTEN` with a warning in the log, so that an
    administrator can still get in and restore a backup.
    """
    try:
        with db.session() as s:
            account = find_account(s, username)
            lockout = load_security_settings(s).lockout_minutes
            found = None if account is None else (
                account.id, account.actor(), account.password_hash, account.active, account.locked_until
            )
    except DBAPIError:
        raise LoginRefused(_(
            "The accounts cannot be read from the damaged database. Restore a backup with "
            "python main.py restore BACKUP --db PATH."
        )) from None
    if found is None:
        verify_password(password, _dummy_hash())
        audit.keep_unwritten("login_failed", table="user_account", summary=_("unknown user name"))
        raise LoginRefused(_("Wrong user name or password."))
    account_id, who, password_hash, active, stored_lock = found
    with acting_as(who):
        locks = [t for t in (stored_lock, _read_only_locked.get(account_id)) if t is not None and t > now]
        if locks:
            verify_password(password, _dummy_hash())
            audit.keep_unwritten("login_failed", table="user_account", record_id=account_id,
                                 summary=_("account is locked"))
            raise LoginRefused(_("Too many failed logins: this account is locked until {time}.").format(
                time=format_time(max(locks))))
        if not verify_password(password, password_hash):
            failures = _read_only_failures.get(account_id, 0) + 1
            _read_only_failures[account_id] = failures
            audit.keep_unwritten("login_failed", table="user_account", record_id=account_id,
                                 summary=_("wrong password ({count} in a row)").format(count=failures))
            if failures >= MAX_FAILED:
                _read_only_failures[account_id] = 0
                _read_only_locked[account_id] = now + dt.timedelta(minutes=lockout)
                raise LoginRefused(_("Too many failed logins: this account is locked until {time}.").format(
                    time=format_time(_read_only_locked[account_id])))
            raise LoginRefused(_("Wrong user name or password."))
        if not active:
            audit.keep_unwritten("login_failed", table="user_account", record_id=account_id,
                                 summary=_("account deactivated"))
            raise LoginRefused(_("This account is deactivated; ask an administrator."))
        _read_only_failures.pop(account_id, None)
        audit.keep_unwritten("login", table="user_account", record_id=account_id,
                             summary=_("read-only database: not written"))
    return who


def current_clerk_name(session: Session) -> str:
    """The full name of the account acting now, for a report's 制表人 (prepared by).

    "" when the system acts (a command without ``--user``) or the account has no
    full name: the report then prints a line to sign on instead.
    """
    from models.safety.security import current_actor

    user_id = current_actor().user_id
    if user_id is None:
        return ""
    name = session.scalar(select(UserAccount.display_name).where(UserAccount.id == user_id))
    return (name or "").strip()
