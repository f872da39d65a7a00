"""The one way a notice is published: check, build, keep — the composer tab and every notice command.

:func:`publish` does, in this order and in one write transaction:

1. **check** — the right to make notices, the fields (title, posting period
   in working days, contact) and the privacy guard (:func:`check_notice
   <models.notices.history.check_notice>`); a refusal raises before anything
   is built or written;
2. **build** — the PDF, when a builder is given (the layout is in
   reports/, which models/ does not import: the caller hands a function);
3. **keep** — the history row and its audit entry (flushed), then the PDF
   file written whole or not at all (:func:`models.core.files.write_bytes`),
   then the commit.

So a refusal leaves no file, and a file that cannot be written leaves no
history entry and no audit entry (the transaction rolls back). If the commit
itself fails after the file was written, the file is removed again.

Printing has no file: the tab prints through the system's dialog first and
then publishes with ``path=None`` (a print cannot be taken back, and a modal
print dialog must not hold the database's write lock).

Never imports Qt or reports/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from models.core.db import Database
from models.core.files import write_bytes
from models.notices.guard import Finding, NameOverride
from models.notices.history import ACTION_SAVED, add_notice, check_notice
from models.notices.values import NoticeValues

__all__ = ["Built", "Published", "publish"]


class Built(Protocol):
    """What a layout hands back (:class:`reports.notices.NoticePdf` is one): the PDF and its page count."""

    pdf: bytes
    pages: int


@dataclass
class Published:
    """What :func:`publish` kept.

    Attributes:
        notice_id: The history row.
        pdf: The PDF as kept (and written to ``path``).
        pages: Its page count.
        built: What the builder returned (a ``NoticePdf``: its ``where`` says which
            characters print blank), or the object handed in.
        warnings: The privacy guard's non-blocking findings (possible names).
    """

    notice_id: int
    pdf: bytes = field(repr=False)
    pages: int
    built: Any = field(default=None, repr=False)
    warnings: list[Finding] = field(default_factory=list, repr=False)


def _pdf_of(built: Any) -> tuple[bytes, int]:
    if isinstance(built, (bytes, bytearray)):
        return bytes(built), 1
    return built.pdf, int(getattr(built, "pages", 1) or 1)


def publish(
    target: Database | Session,
    values: NoticeValues,
    pdf: bytes | Built | Callable[[], bytes | Built],
    *,
    path: str | os.PathLike[str] | None = None,
    action: str = ACTION_SAVED,
    override: NameOverride | None = None,
    pages: int | None = None,
    today: dt.date | None = None,
) -> Published:
    """Check, build and keep a notice: the history row, its audit entry and the PDF file, all or nothing.

    Args:
        target: The database (one write transaction is opened and committed
            here), or a session inside the caller's write transaction (the
            caller commits; the file is written before it does).
        values: The notice's fields, as scanned and stored.
        pdf: The PDF bytes, a built layout (``.pdf``, ``.pages``), or a
            function returning either — called only after the checks passed.
        path: Where to write the PDF; None when it was printed, not saved.
        action: ``"saved"`` or ``"printed"``.
        override: The clerk's explicit choice to show full names, with the reason.
        pages: The page count, when ``pdf`` is plain bytes.
        today: The day ID numbers are checked against (tests).

    Raises:
        PermissionDenied / ValidationFailed / PrivacyBlocked (LinliError): refused; nothing kept or written.
        OSError: the file cannot be written; nothing kept.
    """
    if isinstance(target, Session):
        return _publish(target, values, pdf, path, action, override, pages, today)
    written: list[str | os.PathLike[str]] = []
    try:
        with target.write() as session:
            result = _publish(session, values, pdf, path, action, override, pages, today, written)
    except BaseException:
        for p in written:  # the commit failed after the file was written: take it back
            with contextlib.suppress(OSError):
                os.unlink(p)
        raise
    return result


def _publish(
    session: Session,
    values: NoticeValues,
    pdf: Any,
    path: str | os.PathLike[str] | None,
    action: str,
    override: NameOverride | None,
    pages: int | None,
    today: dt.date | None,
    written: list | None = None,
) -> Published:
    warnings = check_notice(session, values, action=action, override=override, today=today)  # 1. check
    built = pdf() if callable(pdf) else pdf  # 2. build
    data, counted = _pdf_of(built)
    pages = pages or counted
    notice = add_notice(session, values, data, pages=pages, action=action, override=override)  # 3. keep
    if path is not None:
        write_bytes(path, data)
        if written is not None:
            written.append(path)
    return Published(notice.id, data, pages, built, warnings)
