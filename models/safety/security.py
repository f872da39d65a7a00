"""Who is acting, and what their role allows — enforced in the domain layer.

The UI sets the actor after a login (:func:`set_actor`); headless commands
and tests act as :data:`SYSTEM` unless they say otherwise (:func:`acting_as`).
Domain functions call :func:`require` before they read or change what a
role may not touch, so a hidden menu is never the only guard.

Every audit entry also names the computer's login (:func:`os_login`), so an
entry made from the command line as ``system`` or as an account still says
which operating-system user ran it.

Permissions are strings ``"<area>.<verb>"``; a role's set may hold
``"<area>.*"`` or ``"*"``.

Permissions the domain checks (docs/security.md): ``residents.read`` (a
resident's full record), ``residents.write``, ``residents.ids`` (ID numbers,
even masked, in lists), ``residents.reveal``; ``daycare.read|write|checkin|board``;
``meals.read|write|policy``; ``activities.read|write|book|attendance``;
``party.read|write``; ``requests.read|write``, ``grids.read|write`` (clerks and administrators);
``mediation.count`` (the counts of mediation: clerks, mediators), ``mediation.read|write``
(the confidential cases: mediators and administrators only); ``settings.write``,
``accounts.manage``, ``audit.read``, ``export.personal``, ``restore`` (administrators only).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import getpass
import os
from collections.abc import Iterator
from dataclasses import dataclass

from i18n import N_, _
from models.core.errors import LinliError

ADMIN, CLERK, VOLUNTEER, MEDIATOR = "admin", "clerk", "volunteer", "mediator"
#: The sub-district's built-in reader (models.district): no account has it (not in ROLES).
DISTRICT = "district"
ROLES: tuple[str, ...] = (ADMIN, CLERK, MEDIATOR, VOLUNTEER)
ROLE_LABELS = {ADMIN: N_("Administrator"), CLERK: N_("Clerk"), VOLUNTEER: N_("Volunteer"),
               MEDIATOR: N_("Mediator"), DISTRICT: N_("Sub-district (read-only)")}

#: What each role may do. Administrators may do everything; clerks the daily
#: work; volunteers the sign-up desk and check-in, and never see ID numbers,
#: health notes or Party data; mediators (调解员) a clerk's work and the
#: mediation cases, which clerks see as counts only (docs/mediation.md).
_CLERK_WORK = frozenset(
    {
        "residents.*",
        "daycare.*",
        "meals.read",
        "meals.write",
        "activities.*",
        "party.*",
        "figures.read",
        "requests.*",
        "grids.*",
        "notices.*",
        "backup.make",
        "mediation.count",
    }
)
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    ADMIN: frozenset({"*"}),
    CLERK: _CLERK_WORK,
    MEDIATOR: _CLERK_WORK | {"mediation.*"},
    VOLUNTEER: frozenset(
        {
            "residents.search",
            "residents.list",
            "daycare.checkin",
            "daycare.board",
            "activities.read",
            "activities.book",
            "activities.attendance",
        }
    ),
    # Aggregates only: the figures and the mediation counts, never a name, a number or a note.
    DISTRICT: frozenset({"figures.read", "mediation.count"}),
}


class PermissionDenied(LinliError):
    """The current actor's role does not allow this action. Nothing was done."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: an account (``user_id``) or the system itself."""

    username: str
    role: str
    user_id: int | None = None

    def __repr__(self) -> str:
        return f"<Actor {self.username} ({self.role})>"


#: Headless commands, migrations and tests act as the system (administrator).
SYSTEM = Actor(username="system", role=ADMIN)

_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar("linli_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _actor.get()


def set_actor(actor: Actor) -> None:
    """Make ``actor`` the one acting from now on (after a login or a user switch)."""
    if actor.role not in ROLES:
        raise ValueError(f"unknown role {actor.role!r}")
    _actor.set(actor)


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Act as ``actor`` inside the block (tests, background jobs)."""
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def allowed(role: str, permission: str) -> bool:
    """Whether ``role`` holds ``permission`` (``"area.verb"``)."""
    granted = ROLE_PERMISSIONS.get(role, frozenset())
    area = permission.split(".", 1)[0]
    return "*" in granted or permission in granted or f"{area}.*" in granted


def can(permission: str) -> bool:
    """Whether the current actor holds ``permission``."""
    return allowed(current_actor().role, permission)


def require(permission: str) -> None:
    """Refuse unless the current actor holds ``permission``.

    Raises:
        PermissionDenied: with a message naming the role.
    """
    actor = current_actor()
    if not allowed(actor.role, permission):
        raise PermissionDenied(
            _("Your role ({role}) may not do this; ask an administrator.").format(role=_(ROLE_LABELS[actor.role]))
        )


def require_any(*permissions: str) -> None:
    """Refuse unless the current actor holds at least one of ``permissions``.

    A count that is also a figure of the work report: ``require_any("party.read",
    "figures.read")`` lets the sub-district's reader (:data:`DISTRICT`, aggregates only)
    read it without the job's permission, which opens its records.
    """
    if not any(can(p) for p in permissions):
        require(permissions[0])


@functools.lru_cache(maxsize=1)
def os_login() -> str:
    """The operating-system user running Linli (for the audit trail); "" if unknown.

    :func:`getpass.getuser` (the environment's LOGNAME/USER/USERNAME, then the
    password database), then :func:`os.getlogin`. Not a proof of identity —
    the environment can name anyone — but it tells two Windows users of one
    PC, or a script, apart.
    """
    for way in (getpass.getuser, os.getlogin):
        try:
            name = way()
        except (OSError, KeyError, ImportError):
            continue
        if name:
            return name[:64]
    return ""
