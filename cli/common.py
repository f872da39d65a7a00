"""What every job's commands share: the parser, refusals in one line, logging in,
the months and output files, and :func:`run_output` — the one path of every
command that writes a file (a report or a notice).

A command module (``cli/<job>.py``) adds its sub-parsers in ``register`` and
imports what it runs lazily, inside the runner: opening the window must not
load ReportLab or openpyxl.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import i18n
from i18n import _


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line, without the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"linli: {message} (python main.py --help)\n")


class Refused(Exception):
    """A command's argument that cannot be used: ``main`` prints the message in one line, exit 1."""


def fail(message: str) -> int:
    """Print ``message`` on stderr as the command's one line; the exit status 1."""
    print(f"linli: {message}", file=sys.stderr)
    return 1


def one_line(exc: BaseException) -> str:
    """An exception's message in one line (a multi-line message joined with spaces)."""
    return " ".join(str(exc).split()) or type(exc).__name__


# --- the arguments every job uses ---

USER_HELP = ("the Linli account to act as; its password from a hidden prompt, or as one line on standard input "
             "when that is not a terminal (never as an argument)")


DB_HELP = ("the database file, or a server's address postgresql+psycopg://USER@HOST[:PORT]/DBNAME "
           "(its password from ~/.pgpass or PGPASSFILE, or a hidden prompt; docs/server.md)")


#: How many times a server's password is asked (the command line and the window) before giving up.
PASSWORD_TRIES = 3


@dataclass(frozen=True)
class ServerLogin:
    """What a password prompt names: the server (host[:port]), the database and the login role."""

    server: str
    database: str
    user: str


#: ``ask(login, refusal, tries_left)``: the password typed, or None when the clerk cancelled;
#: ``refusal`` is why the last one was not taken (None the first time).
AskPassword = Callable[[ServerLogin, "str | None", int], "str | None"]


def server_login(target) -> ServerLogin:  # type: ignore[no-untyped-def]
    """Whom a server's address logs in as, for the prompt (libpq's default user: this PC's login)."""
    import getpass

    from sqlalchemy.engine import make_url

    url = make_url(str(target))
    host = url.host or "localhost"
    return ServerLogin(server=f"{host}:{url.port}" if url.port else host, database=url.database or "",
                       user=url.username or getpass.getuser())


def ask_until_taken(login: ServerLogin, needed: Exception, ask: AskPassword, attempt: Callable[[str], Any]) -> Any:
    """The one loop of a typed server password: ask for it up to :data:`PASSWORD_TRIES` times,
    saying why the last one was not taken; ``attempt(password)`` uses it (opens the database,
    or tries the server) and raises :class:`~models.core.db.PasswordRefused` /
    :class:`~models.core.db.PasswordNeeded` for a wrong one or none. Its result is returned.

    Cancelled: ``needed`` is raised (its one line says where to put the password); three
    refusals: the last refusal is raised. The password goes to ``attempt`` only.
    """
    from models.core.db import PasswordNeeded, PasswordRefused

    refusal: Exception | None = None
    for tries_left in range(PASSWORD_TRIES, 0, -1):
        password = ask(login, None if refusal is None else str(refusal), tries_left)
        if password is None:
            raise needed
        try:
            return attempt(password)
        except (PasswordRefused, PasswordNeeded) as exc:  # a wrong one, or none typed
            refusal = exc
        finally:
            password = None
    assert refusal is not None
    raise refusal


def open_with_password(target, needed: Exception, ask: AskPassword, *, create: bool = False):  # type: ignore[no-untyped-def]
    """Open a server that asked for a password (``needed``, the :class:`~models.core.db.PasswordNeeded`),
    asking for it through :func:`ask_until_taken`.

    The one path of a typed password, for the command line and the window: it goes to
    :func:`models.core.db.open_database` and from there to the driver only (kept by this
    process's engine for its reconnections), never into the address, a file or a log.
    Cancelled: ``needed`` is raised (its one line says where to put the password); three
    refusals: the last refusal is raised.
    """
    from models.core.db import open_database

    return ask_until_taken(server_login(target), needed, ask,
                           lambda password: open_database(target, create=create, password=password))


def ask_on_terminal(login: ServerLogin, refusal: str | None, tries_left: int) -> str | None:
    import getpass

    if refusal is not None:
        print(f"linli: {refusal}", file=sys.stderr)
    return getpass.getpass(_("Password of {user} on {host}: ").format(user=login.user, host=login.server))


def open_db(target, *, create: bool = False):  # type: ignore[no-untyped-def]
    """:func:`models.core.db.open_database`; when a server asks for a password that
    ~/.pgpass does not hold and this is a terminal, ask for it (hidden, never kept;
    :func:`open_with_password`)."""
    from models.core.db import PasswordNeeded, open_database

    try:
        return open_database(target, create=create)
    except PasswordNeeded as needed:
        if not stdin_is_terminal():
            raise
        return open_with_password(target, needed, ask_on_terminal, create=create)


def add_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", help=USER_HELP)


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", required=True, help=DB_HELP)


def add_out(parser: argparse.ArgumentParser, *, pdf_only: bool = True) -> None:
    """``--out FILE.pdf``, or ``--out FILE`` (FILE.pdf or FILE.xlsx) when not ``pdf_only``."""
    if pdf_only:
        parser.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    else:
        parser.add_argument("--out", metavar="FILE", required=True, help="FILE.pdf or FILE.xlsx")


def add_month(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="the month, e.g. 2026-11")


def out_format(path: str, allowed: tuple[str, ...] = ("pdf", "xlsx")) -> str:
    """The output file's format from its extension ("pdf", "xlsx"); refused if not allowed."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in allowed:
        return suffix
    if allowed == ("pdf",):
        raise Refused(_("The output file must end in .pdf: {path}").format(path=path))
    raise Refused(_("The output file must end in .pdf or .xlsx: {path}").format(path=path))


def month(text: str) -> tuple[int, int]:
    """``--month`` as (year, month); refused with the parser's message."""
    try:
        return i18n.parse_month(text)
    except ValueError as exc:
        raise Refused(str(exc)) from None


# --- logging in on the command line (docs/security.md, "The command line") ---


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def credentials(args: argparse.Namespace) -> tuple[str, str]:
    """The user name and password for ``--user``: prompts on a terminal, else one line of standard input.

    Raises:
        Refused: no ``--user`` and no terminal to ask on; no password given.
    """
    import getpass

    user = (getattr(args, "user", None) or "").strip()
    if stdin_is_terminal():
        if not user:
            user = input(_("Linli user name: ")).strip()
        password = getpass.getpass(_("Password for {user}: ").format(user=user))
    else:
        if not user:
            raise Refused(_("This command needs a Linli account: add --user NAME and give the password "
                            "as one line on standard input."))
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.rstrip("\r\n")
        if not line:
            raise Refused(_("No password for {user} on standard input (one line).").format(user=user))
    if not user:
        raise Refused(_("No user name given."))
    return user, password


def act_as_account(db, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Check the password with the window's own login (lockout, audit) and act as the account.

    Raises:
        LoginRefused: a wrong name or password, a locked or deactivated account
            (the failed attempt is recorded by :func:`models.safety.accounts.login`).
    """
    from models.safety.accounts import login
    from models.safety.security import set_actor

    set_actor(login(db, user, password))  # main() runs each command in its own context


def needs_account(args: argparse.Namespace, needed: bool) -> bool:
    """Whether to log in: the command needs an account, or ``--user`` was given anyway (to act as it)."""
    return needed or bool(getattr(args, "user", None))


def open_as(args: argparse.Namespace, *, personal: bool = False, account: bool | None = None):  # type: ignore[no-untyped-def]
    """Open ``--db``; log in when the command needs an account (``account``, default: ``personal``);
    refuse early when the output has personal data and the account may not export it.

    The credentials are read before the database is opened; on any refusal
    the database is closed again and nothing is written but the login's own
    audit entry.
    """
    login_needed = needs_account(args, personal if account is None else account)
    given = credentials(args) if login_needed else None
    db = open_db(args.db)
    try:
        if given is not None:
            act_as_account(db, *given)
        if personal:
            from models.safety.export import require_personal_output

            require_personal_output()
    except BaseException:
        db.dispose()
        raise
    return db


# --- writing a file ---


def write_out(path: str | Path, data: bytes) -> None:
    """Write an output file whole or not at all (a temporary name, renamed at the end)."""
    from models.core.files import write_bytes

    write_bytes(path, data)


def write_recorded(db, out: str | Path, write, *, what: str, count: int, personal: bool) -> None:  # type: ignore[no-untyped-def]
    """The one path of every report file: the audit entry (an export, or a publication) and the file,
    in one transaction — a file that cannot be written leaves no entry (models.safety.export)."""
    from models.safety.export import record_output

    with db.write() as s:
        record_output(s, what, count, out, personal=personal)
        write()


def missing_warning(chars: Sequence[str]) -> list[str]:
    """The warning line for characters no font has (none when there are none)."""
    if not chars:
        return []
    return [_("Warning: no font has these characters: {chars}").format(chars="".join(chars))]


@dataclass
class Output:
    """What a command built, for :func:`run_output` to keep.

    Attributes:
        message: The one line printed on standard output once the file is written.
        write: Writes the report file whole or not at all (:func:`write_out`, an .xlsx writer).
        people: How many people the file names (the export record's count).
        warnings: Lines for standard error once the file is written (missing characters).
        publish: For a notice, instead of ``write``: the privacy guard, the history,
            the audit entry and the file in one transaction (:func:`cli.notices.notice_output`).
    """

    message: str
    write: Callable[[], None] | None = None
    people: int = 0
    warnings: Sequence[str] = field(default_factory=list)
    publish: Callable[[Any], None] | None = None


def run_output(args: argparse.Namespace, build: Callable[[Any], Output], *, what: str = "",
               personal: bool = False) -> int:
    """The one path of every command that writes ``--out``.

    1. Open ``--db`` — as an account when the file has personal data (``personal``:
       :func:`open_as` refuses before anything is written).
    2. ``build(db)`` makes the :class:`Output`.
    3. Keep it: a notice is published (``Output.publish``); any other file is
       written with its audit entry (an export of kind ``what``, or a publication
       when not ``personal``) in one transaction (:func:`write_recorded`).
    4. The warnings on standard error, the one line on standard output.

    Any refusal, a font that cannot be used or a file that cannot be written is
    one line on standard error, exit 1, and nothing is kept.
    """
    from models.core.errors import LinliError
    from models.core.files import os_error_message
    from reports.fonts import FontError

    db = open_as(args, personal=personal)
    try:
        made = build(db)
        if made.publish is not None:
            made.publish(db)
        else:
            assert made.write is not None and what, "a report file needs a writer and its kind"
            write_recorded(db, args.out, made.write, what=what, count=made.people, personal=personal)
    except (LinliError, FontError) as exc:
        return fail(one_line(exc))
    except OSError as exc:
        return fail(os_error_message(exc, args.out))
    finally:
        db.dispose()
    for line in made.warnings:
        print(line, file=sys.stderr)
    print(made.message)
    return 0


# --- the imports ---


def import_progress(every: float = 2.0):  # type: ignore[no-untyped-def]
    """A ``progress(done, total)`` for the imports that prints to stderr, at most every ``every`` seconds.

    Nothing is printed in the first ``every`` seconds: a small file shows no progress.
    """
    import time

    state = {"next": time.monotonic() + every}

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now < state["next"]:
            return
        state["next"] = now + every
        if total:
            print(_("Checking: {done} of {total} rows…").format(done=f"{done:,}", total=f"{total:,}"), file=sys.stderr)
        else:
            print(_("Reading: {done} rows…").format(done=f"{done:,}"), file=sys.stderr)

    return progress
