"""Reading the centres: each one's database opened read-only, as the sub-district's built-in reader.

* :data:`DISTRICT_ACTOR` — who reads: no Linli account exists for the sub-district in a
  centre's database, so it acts as a built-in actor whose role (:data:`DISTRICT`) holds
  ``figures.read`` and ``mediation.count`` only: counts and sums, never a name, an ID
  number, a phone or a visit note (docs/security.md). Nothing is written in a centre's
  database — not even an audit entry: it is opened read-only.
* :func:`open_centre` — read-only twice over: a file through
  :func:`models.safety.startup.open_read_only` (``mode=ro``); a server with
  ``default_transaction_read_only=on`` (:func:`models.core.db.make_engine`'s
  ``read_only``), under a login role granted SELECT only (docs/server.md). A centre
  whose schema is not this program's is refused: its figures would be read wrong.
* :func:`read_centres_figures` — every centre in turn (or a few at once: ``workers``),
  each one's :class:`CentreColumn`: the work report's sections for the period, or the
  one-line reason it did not answer. A centre that fails never stops the others.
* :func:`centres_needing_password` — the centres on a server that asks for a password the
  password file (~/.pgpass / PGPASSFILE) does not hold: a connection tried, nothing read.
  The command line and the window ask for it once per :func:`server_key` (host, port,
  login role) and pass it to :func:`read_centres_figures` as a :class:`ServerPassword`,
  in memory only: never in a file, a log or a message.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from i18n import _
from models.core.base import Base, now_local
from models.core.db import (
    Database,
    DatabaseOpenError,
    PasswordNeeded,
    current_revision,
    database_file,
    head_revision,
    make_engine,
    server_failure,
)
from models.core.errors import LinliError
from models.district.centres import Centre
from models.figures.period import Period
from models.figures.sections import SECTIONS, SectionFigures
from models.safety.security import DISTRICT, Actor, acting_as, require

log = logging.getLogger(__name__)

#: The sub-district's reader in every centre's database (no account; aggregates only).
DISTRICT_ACTOR = Actor(username="district", role=DISTRICT)

#: The tables ``district counts`` counts (rows, no content): the jobs' main records.
COUNTED_TABLES: tuple[str, ...] = (
    "resident", "daycare_enrolment", "daycare_visit", "meal", "activity", "activity_booking",
    "party_member", "service_request", "household", "grid_visit", "mediation_case", "audit_entry",
)

#: At most this many servers are read at once (each on its own connection): a server computes
#: while Linli waits. Files are read one after the other: the figures' Python work holds the GIL,
#: and threads were slower (benchmarks/bench_district.py: 1.34 s against 1.18 s for three files).
DEFAULT_WORKERS = 4


class CentreUnavailable(LinliError):
    """A centre's database could not be read; the message names the centre."""


def _sqlite_file(centre: Centre) -> Path:
    path = database_file(centre.address)
    if path is None:
        raise CentreUnavailable(_("{centre}: {address} is not a database file.").format(
            centre=centre.name, address=centre.address))
    if not path.exists():
        raise CentreUnavailable(_("{centre}: no database at {path}.").format(centre=centre.name, path=path))
    if path.is_dir():
        raise CentreUnavailable(_("{centre}: {path} is a folder, not a database file.").format(
            centre=centre.name, path=path))
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise CentreUnavailable(_("{centre}: cannot read {path}: {reason}").format(
            centre=centre.name, path=path, reason=exc.strerror)) from None
    if header != b"SQLite format 3\x00":
        raise CentreUnavailable(_("{centre}: {path} is not a Linli database.").format(centre=centre.name, path=path))
    return path


def _check_schema(centre: Centre, db: Database) -> None:
    current, head = current_revision(db.engine), head_revision()
    if current is None:
        raise CentreUnavailable(_("{centre}: the database holds no Linli data (no schema).").format(
            centre=centre.name))
    if current != head:
        raise CentreUnavailable(_("{centre}: the database is at schema {rev}, this program reads {head}: "
                                  "the centre and the sub-district need the same version of Linli.").format(
            centre=centre.name, rev=current, head=head))


#: A server's login as the password file keys it: (host, port, login role); centres on one
#: server reached as one role share one password (usually the sub-district's ``district``).
ServerKey = tuple[str, "int | None", str]


def server_key(centre: Centre) -> ServerKey | None:
    """The (host, port, role) ``centre`` logs in as; None for a file."""
    if not centre.is_server:
        return None
    url = make_url(centre.address)
    return (url.host or "", url.port, url.username or "")


@dataclass(frozen=True)
class ServerPassword:
    """What the clerk answered for one :func:`server_key`: the password typed (kept out of any
    ``repr``), or why there is none (``refusal``: cancelled, or refused three times) — its
    centres are then listed as not answering with that reason, and not tried."""

    password: str | None = field(default=None, repr=False)
    refusal: str = ""


def check_server(centre: Centre, *, password: str | None = None) -> None:
    """Connect to ``centre``'s server once (read-only, nothing read) and close again.

    Raises:
        PasswordNeeded: the server asks for a password the password file does not hold;
        PasswordRefused: it refused ``password`` (or the password file's);
        DatabaseOpenError: any other failure, in one line (:func:`models.core.db.server_failure`).
    """
    url = make_url(centre.address)
    engine = make_engine(url, password=password, read_only=True)
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        raise server_failure(url, exc) from None
    finally:
        engine.dispose()


def centres_needing_password(centres: Sequence[Centre], *, workers: int = DEFAULT_WORKERS) -> list[Centre]:
    """The centres of ``centres`` on a server that asks for a password the password file does not
    hold (:class:`~models.core.db.PasswordNeeded`), in the list's order; the servers are tried a
    few at once. Any other failure is left for the reading to report."""
    servers = [c for c in centres if c.is_server]
    if not servers:
        return []

    def needs(centre: Centre) -> bool:
        try:
            check_server(centre)
        except PasswordNeeded:
            return True
        except (DatabaseOpenError, OSError):
            return False
        return False

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(servers))), thread_name_prefix="district") as pool:
        flags = list(pool.map(needs, servers))
    return [c for c, flag in zip(servers, flags, strict=True) if flag]


def open_centre(centre: Centre, *, password: str | None = None) -> Database:
    """``centre``'s database, read-only, at this program's schema.

    Raises:
        CentreUnavailable: a missing file, a refused connection, an unknown host, a bad
            password, no such database, another schema — one line naming the centre.
    """
    from sqlalchemy.orm import sessionmaker

    from models.safety.startup import open_read_only

    if centre.is_server:
        url = make_url(centre.address)
        engine = make_engine(url, password=password, read_only=True)
        sessions = sessionmaker(engine, expire_on_commit=False)
        db = Database(engine=engine, path=None, sessions=sessions, writes=sessions)
        db.read_only = True  # type: ignore[attr-defined]
    else:
        url = None
        db = open_read_only(_sqlite_file(centre))
    try:
        _check_schema(centre, db)
    except CentreUnavailable:
        db.dispose()
        raise
    except SQLAlchemyError as exc:
        db.dispose()
        reason = str(server_failure(url, exc)) if url is not None else _first_line(exc)
        raise CentreUnavailable(_("{centre}: {reason}").format(centre=centre.name, reason=reason)) from None
    return db


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@dataclass(frozen=True)
class CentreColumn:
    """One centre's answer: its sections for the period (plain, frozen data), or why there is none.

    ``counts``: the rows of :data:`COUNTED_TABLES` (``district counts`` only).
    """

    centre: Centre
    sections: tuple[SectionFigures, ...] = ()
    error: str = ""
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return not self.error

    def section(self, key: str) -> SectionFigures | None:
        for s in self.sections:
            if s.key == key:
                return s
        return None


def centre_column(centre: Centre, period: Period, *, today: dt.date, now: dt.datetime,
                  counts: bool = False, password: str | None = None) -> CentreColumn:
    """``centre``'s figures for ``period`` as the sub-district's reader; a failure is its one line."""
    started = time.perf_counter()
    try:
        with acting_as(DISTRICT_ACTOR):
            require("figures.read")
            db = open_centre(centre, password=password)
            try:
                with db.session() as s:
                    sections = tuple(sec.figures(s, period, today=today, now=now) for sec in SECTIONS)
                    rows = _row_counts(s) if counts else {}
            finally:
                db.dispose()
    except CentreUnavailable as exc:
        error = str(exc)
    except (LinliError, DatabaseOpenError) as exc:
        error = _("{centre}: {reason}").format(centre=centre.name, reason=" ".join(str(exc).split()))
    except SQLAlchemyError as exc:
        reason = (str(server_failure(make_url(centre.address), exc)) if centre.is_server else _first_line(exc))
        error = _("{centre}: {reason}").format(centre=centre.name, reason=reason)
    except OSError as exc:
        error = _("{centre}: {reason}").format(centre=centre.name, reason=exc.strerror or str(exc))
    else:
        seconds = time.perf_counter() - started
        log.info("district: centre on line %d read in %.2f s", centre.line, seconds)
        return CentreColumn(centre, sections, seconds=seconds, counts=rows)
    log.info("district: centre on line %d did not answer", centre.line)
    return CentreColumn(centre, error=error, seconds=time.perf_counter() - started)


def _row_counts(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    import models  # noqa: F401 - every table on Base.metadata
    tables = Base.metadata.tables
    return {name: int(session.scalar(select(func.count()).select_from(tables[name])) or 0)
            for name in COUNTED_TABLES if name in tables}


def read_centres_figures(
    centres: Sequence[Centre], period: Period, *, today: dt.date | None = None, now: dt.datetime | None = None,
    counts: bool = False, workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    passwords: Mapping[ServerKey, ServerPassword] | None = None,
) -> list[CentreColumn]:
    """Every centre's :class:`CentreColumn`, in the list's order (``workers`` at once; 1: in turn;
    None: :data:`DEFAULT_WORKERS` when a centre is on a server, else one after the other).

    ``passwords``: what the clerk answered per :func:`server_key` (the others: the password
    file); a centre whose answer is a refusal is listed with it, not tried.

    ``progress(done, total)`` is called as each centre answers (from the reading thread).
    """
    if workers is None:
        workers = DEFAULT_WORKERS if any(c.is_server for c in centres) else 1
    now = now or now_local()
    today = today or now.date()
    total = len(centres)
    if progress is not None:
        progress(0, total)

    def one(centre: Centre) -> CentreColumn:
        given = (passwords or {}).get(server_key(centre))  # type: ignore[arg-type]
        if given is not None and given.refusal:
            log.info("district: centre on line %d did not answer (no password)", centre.line)
            return CentreColumn(centre, error=_("{centre}: {reason}").format(centre=centre.name,
                                                                             reason=given.refusal))
        return centre_column(centre, period, today=today, now=now, counts=counts,
                             password=given.password if given is not None else None)

    if workers <= 1 or total <= 1:
        out = []
        for n, centre in enumerate(centres, start=1):
            out.append(one(centre))
            if progress is not None:
                progress(n, total)
        return out
    done = 0
    results: dict[int, CentreColumn] = {}
    with ThreadPoolExecutor(max_workers=min(workers, total), thread_name_prefix="district") as pool:
        futures = {pool.submit(one, c): i for i, c in enumerate(centres)}
        from concurrent.futures import as_completed

        for future in as_completed(futures):
            results[futures[future]] = future.result()
            done += 1
            if progress is not None:
                progress(done, total)
    return [results[i] for i in range(total)]


__all__ = [
    "COUNTED_TABLES",
    "DISTRICT_ACTOR",
    "CentreColumn",
    "CentreUnavailable",
    "ServerKey",
    "ServerPassword",
    "centre_column",
    "centres_needing_password",
    "check_server",
    "open_centre",
    "read_centres_figures",
    "server_key",
]
