"""One way to publish a notice (issue 14): check → build → history, audit and file in one
transaction; the posting period in China's working days, one definition."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.core.errors import ValidationFailed
from models.core.workdays import known_years
from models.notices import (
    MIN_POSTING_WORKING_DAYS,
    NoticeValues,
    PrivacyBlocked,
    default_posting_period,
    history,
    notice_pdf,
    posting_note,
    posting_period,
    publish,
    validate_notice,
)
from models.safety.audit import AuditEntry

PDF = b"%PDF-1.4 a notice"


def _values(**kw) -> NoticeValues:
    return NoticeValues(template="general", title=kw.pop("title", "停水通知"), **kw)


def _audits(db) -> list[tuple[str, str | None, str]]:
    with db.session() as s:
        return [(a.action, a.table_name, a.summary)
                for a in s.scalars(select(AuditEntry).where(AuditEntry.table_name == "notice"))]


def test_publish_keeps_history_audit_and_file_together(db, tmp_path) -> None:
    out = tmp_path / "n.pdf"
    published = publish(db, _values(body="明天停水。"), PDF, path=out)
    assert out.read_bytes() == PDF
    with db.session() as s:
        (rec,) = history(s)
        assert rec.id == published.notice_id and rec.action == "saved"
        assert notice_pdf(s, rec.id) == PDF
    assert _audits(db) == [("export", "notice", "notice general, 1 page(s)")]


def test_a_refusal_builds_nothing_writes_no_file_and_keeps_nothing(db, tmp_path) -> None:
    out = tmp_path / "n.pdf"
    built = []

    def build() -> bytes:
        built.append(1)
        return PDF

    with pytest.raises(PrivacyBlocked):
        publish(db, _values(body="电话 189 0154 2004"), build, path=out)
    with pytest.raises(ValidationFailed):
        publish(db, _values(title=""), build, path=out)
    assert built == [] and not out.exists()
    with db.session() as s:
        assert history(s) == []
    assert _audits(db) == []


def test_a_file_that_cannot_be_written_leaves_no_history_and_no_audit(db, tmp_path) -> None:
    out = tmp_path / "no such folder" / "n.pdf"
    with pytest.raises(OSError):
        publish(db, _values(), PDF, path=out)
    with db.session() as s:
        assert history(s) == []
    assert _audits(db) == []


def test_a_failed_commit_takes_the_file_back(db, tmp_path) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    out = tmp_path / "n.pdf"

    def fail(_session) -> None:
        assert out.exists()  # written inside the transaction, before the commit
        raise RuntimeError("the disk went away")

    event.listen(Session, "before_commit", fail)
    try:
        with pytest.raises(RuntimeError):
            publish(db, _values(), PDF, path=out)
    finally:
        event.remove(Session, "before_commit", fail)
    assert not out.exists()
    with db.session() as s:
        assert history(s) == []


def test_printing_publishes_without_a_file(db) -> None:
    publish(db, _values(), PDF, action="printed", pages=2)
    with db.session() as s:
        (rec,) = history(s)
        assert rec.action == "printed"
    assert _audits(db) == [("print", "notice", "notice general, 2 page(s)")]


def test_publish_in_the_callers_transaction(db, tmp_path) -> None:
    out = tmp_path / "n.pdf"
    with db.write() as s:
        publish(s, _values(), PDF, path=out)
    assert out.exists()
    with db.session() as s:
        assert len(history(s)) == 1


# --- the posting period: working days, China's ------------------------------------------------


def test_a_notice_posted_on_30_september_2026_lasts_past_national_day() -> None:
    start = dt.date(2026, 9, 30)
    assert default_posting_period(start) == posting_period(start) == (start, dt.date(2026, 10, 12))
    assert posting_period(start, MIN_POSTING_WORKING_DAYS) == (start, dt.date(2026, 10, 12))
    # Five calendar days (or a week) over the holiday are not five working days.
    short = _values(disclosure=True, posting_from=start, posting_to=dt.date(2026, 10, 9), contact="010-1")
    with pytest.raises(ValidationFailed) as exc:
        validate_notice(short)
    assert "has 3" in exc.value.errors["posting"]
    validate_notice(_values(disclosure=True, posting_from=start, posting_to=dt.date(2026, 10, 12), contact="010-1"))


def test_the_dues_disclosure_uses_the_same_posting_period(db) -> None:
    from models.party.dues import disclosure_data

    with db.session() as s:
        data = disclosure_data(s, 2026, 3, post_from=dt.date(2026, 9, 30))
    assert data.post_to == dt.date(2026, 10, 12)


def test_the_meals_disclosure_counts_working_days() -> None:
    from reports import meals

    assert meals.disclosure_pdf.__kwdefaults__["posting_days"] == MIN_POSTING_WORKING_DAYS


def test_posting_note_tells_of_a_year_without_known_holidays() -> None:
    later = max(known_years()) + 1
    assert posting_note(dt.date(2026, 9, 30), dt.date(2026, 10, 12)) == ""
    assert str(later) in posting_note(dt.date(later - 1, 12, 28), dt.date(later, 1, 5))
    assert posting_note(None) == ""
