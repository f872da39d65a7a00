"""The notices' history: every saved, printed or reprinted notice with its PDF, who and when, and its audit entry.

:func:`record_notice` is the history's part of :func:`models.notices.publish.publish`
(the one way a notice is published); a reprint from the history is
:func:`record_reprint`.

Never imports Qt or reports/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from i18n import N_, _, format_date
from models.core.base import Base, now_local
from models.core.errors import NotFound
from models.core.listing import ListColumn
from models.notices.guard import NameOverride, check_privacy
from models.notices.values import MAX_TITLE, NoticeValues, validate_notice
from models.safety.security import current_actor, require

ACTION_SAVED, ACTION_PRINTED = "saved", "printed"
ACTION_LABELS = {ACTION_SAVED: N_("Saved"), ACTION_PRINTED: N_("Printed")}


class Notice(Base):
    """One saved or printed notice: its fields, the PDF itself, who and when.

    A reprint from the history is recorded as a new row pointing at the
    original (``reprint_of_id``).
    """

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    fields_json: Mapped[str] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    action: Mapped[str] = mapped_column(String(10))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer, default=1)
    posting_from: Mapped[dt.date | None] = mapped_column(Date)
    posting_to: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    full_names_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    override_names_json: Mapped[str] = mapped_column(Text, default="[]")
    reprint_of_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id"))

    __table_args__ = (
        Index("ix_notice_created_at", "created_at"),
        Index("ix_notice_template_created_at", "template", "created_at"),
    )

    def __repr__(self) -> str:
        return f"<Notice id={self.id} template={self.template!r}>"


def record_notice(
    session: Session,
    values: NoticeValues,
    pdf: bytes,
    *,
    pages: int = 1,
    action: str = ACTION_SAVED,
    override: NameOverride | None = None,
    today: dt.date | None = None,
) -> Notice:
    """Check and record a saved or printed notice (in the caller's transaction), no file.

    The checks and the record of :func:`models.notices.publish.publish`, which
    also writes the PDF file; both tab and command line publish through that.

    Raises:
        PermissionDenied: the actor may not make notices.
        ValidationFailed: a missing title, a short posting period, an override without a reason.
        PrivacyBlocked: a public notice shows personal data.
    """
    check_notice(session, values, action=action, override=override, today=today)
    return add_notice(session, values, pdf, pages=pages, action=action, override=override)


def check_notice(
    session: Session,
    values: NoticeValues,
    *,
    action: str = ACTION_SAVED,
    override: NameOverride | None = None,
    today: dt.date | None = None,
) -> list:
    """Everything that must hold before a notice is kept: the right, the fields, the privacy guard.

    Returns:
        The non-blocking findings (possible names), as :func:`check_privacy`.

    Raises:
        PermissionDenied, ValidationFailed, PrivacyBlocked (as :func:`record_notice`).
    """
    require("notices.create")
    if action not in ACTION_LABELS:
        raise ValueError(f"unknown action {action!r}")
    validate_notice(values)
    return check_privacy(session, values, override, today=today)


def add_notice(
    session: Session,
    values: NoticeValues,
    pdf: bytes,
    *,
    pages: int = 1,
    action: str = ACTION_SAVED,
    override: NameOverride | None = None,
) -> Notice:
    """The history row and its audit entry of a notice already checked (:func:`check_notice`)."""
    shown = sorted(set(override.names)) if override and override.names else []
    notice = Notice(
        template=values.template,
        title=values.title.strip(),
        fields_json=values.to_json(),
        public=values.public,
        action=action,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        pages=pages,
        posting_from=values.posting_from if values.disclosure else None,
        posting_to=values.posting_to if values.disclosure else None,
        created_at=now_local(),
        created_by=current_actor().username,
        full_names_shown=bool(shown),
        override_reason=override.reason.strip() if shown and override else "",
        override_names_json=json.dumps(shown, ensure_ascii=False),
    )
    session.add(notice)
    session.flush()
    _audit(session, notice)
    return notice


#: The audit action of each history action (a saved PDF is an export).
_AUDIT_ACTIONS = {ACTION_SAVED: "export", ACTION_PRINTED: "print"}


def _audit(session: Session, notice: Notice) -> None:
    """One audit entry per saved, printed or reprinted notice (template and pages only: no text)."""
    from models.safety.audit import record

    summary = f"notice {notice.template}, {notice.pages} page(s)"
    if notice.reprint_of_id:
        summary += f", reprint of {notice.reprint_of_id}"
    if notice.full_names_shown:
        summary += ", full names shown on purpose"
    record(session, _AUDIT_ACTIONS[notice.action], table="notice", record_id=notice.id, summary=summary)


def record_reprint(session: Session, notice_id: int) -> Notice:
    """Record that a notice from the history was printed again (same PDF)."""
    require("notices.create")
    original = session.get(Notice, notice_id)
    if original is None:
        raise NotFound(_("Notice {id} does not exist.").format(id=notice_id))
    copy = Notice(
        template=original.template, title=original.title, fields_json=original.fields_json,
        public=original.public, action=ACTION_PRINTED, pdf=original.pdf, pdf_sha256=original.pdf_sha256,
        pages=original.pages, posting_from=original.posting_from, posting_to=original.posting_to,
        created_at=now_local(), created_by=current_actor().username,
        full_names_shown=original.full_names_shown, override_reason=original.override_reason,
        override_names_json=original.override_names_json, reprint_of_id=original.reprint_of_id or original.id,
    )
    session.add(copy)
    session.flush()
    _audit(session, copy)
    return copy


@dataclass
class NoticeRecord:
    """A history row as plain data (the PDF loaded only on demand)."""

    id: int
    template: str
    title: str
    action: str
    created_at: dt.datetime
    created_by: str
    posting_from: dt.date | None
    posting_to: dt.date | None
    full_names_shown: bool
    override_reason: str
    reprint_of_id: int | None

    def posting_ended(self, today: dt.date) -> bool:
        return self.posting_to is not None and self.posting_to < today


def notice_values(session: Session, notice_id: int) -> NoticeValues:
    """The stored fields of a notice, to reopen it in the composer."""
    row = session.get(Notice, notice_id)
    if row is None:
        raise NotFound(_("Notice {id} does not exist.").format(id=notice_id))
    return NoticeValues.from_json(row.fields_json)


def notice_pdf(session: Session, notice_id: int) -> bytes:
    """The PDF exactly as it was saved or printed."""
    pdf = session.scalar(select(Notice.pdf).where(Notice.id == notice_id))
    if pdf is None:
        raise NotFound(_("Notice {id} does not exist.").format(id=notice_id))
    return pdf


_HISTORY_COLS = (Notice.id, Notice.template, Notice.title, Notice.action, Notice.created_at, Notice.created_by,
                 Notice.posting_from, Notice.posting_to, Notice.full_names_shown, Notice.override_reason,
                 Notice.reprint_of_id)


def history(session: Session, *, text: str = "", limit: int = 200, offset: int = 0) -> list[NoticeRecord]:
    """The newest notices first, optionally those whose title holds ``text``."""
    q = select(*_HISTORY_COLS).order_by(Notice.created_at.desc(), Notice.id.desc())
    if text.strip():
        q = q.where(Notice.title.contains(text.strip(), autoescape=True))
    return [NoticeRecord(*row) for row in session.execute(q.limit(limit).offset(offset))]


def history_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Notice)) or 0


class NoticeHistorySource:
    """The history for :class:`ui.common.lazy_model.LazyTableModel`: filtered and sorted in SQL."""

    columns = (
        ListColumn("created_at", N_("When")),
        ListColumn("title", N_("Title")),
        ListColumn("template", N_("Template")),
        ListColumn("action", N_("Action"), sortable=False),
        ListColumn("created_by", N_("By")),
        ListColumn("posting_to", N_("Posting period")),
    )
    _SORT = {"created_at": Notice.created_at, "title": Notice.title, "template": Notice.template,
             "created_by": Notice.created_by, "posting_to": Notice.posting_to}

    def __init__(self, template_labels: dict[str, str] | None = None, today: dt.date | None = None):
        self.template_labels = template_labels or {}
        self.today = today

    def ids(self, session: Session, filter_text: str, sort_key: str | None, descending: bool) -> list[int]:
        column = self._SORT.get(sort_key or "created_at", Notice.created_at)
        order = column.desc() if descending else column.asc()
        q = select(Notice.id).order_by(order, Notice.id.desc())
        if filter_text.strip():
            q = q.where(Notice.title.contains(filter_text.strip(), autoescape=True))
        return list(session.scalars(q))

    def rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        today = self.today or dt.date.today()
        out: dict[int, tuple[str, ...]] = {}
        for rec in (NoticeRecord(*r) for r in session.execute(select(*_HISTORY_COLS).where(Notice.id.in_(ids)))):
            posting = ""
            if rec.posting_from and rec.posting_to:
                posting = f"{format_date(rec.posting_from, 'short')} – {format_date(rec.posting_to, 'short')}"
                if rec.posting_ended(today):
                    posting += " " + _("(ended)")
            action = _(ACTION_LABELS.get(rec.action, rec.action))
            if rec.reprint_of_id:
                action = _("Reprinted")
            if rec.full_names_shown:
                action += " · " + _("full names")
            label = self.template_labels.get(rec.template, rec.template)
            out[rec.id] = (rec.created_at.strftime("%Y-%m-%d %H:%M"), rec.title, _(label), action,
                           rec.created_by, posting)
        return out


def override_names(session: Session, notice_id: int) -> list[str]:
    row = session.get(Notice, notice_id)
    return json.loads(row.override_names_json) if row else []
