"""Party PDFs checked by extracted text: the disclosure masks names and shows totals; the roster by branch."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

import i18n
from models.core.db import open_database
from models.core.settings import CentreInfo
from models.party.dues import disclosure_data, record_payment
from models.party.members import MemberInput, create_member, save_org
from models.party.roster import roster_rows
from models.residents.registry import ResidentInput, create_resident
from reports.party import dues_disclosure_pdf, roster_pdf

TODAY = dt.date(2026, 12, 20)
CENTRE = CentreInfo(name="幸福里社区党群服务中心", address="幸福路88号", phone="010-12345678")
NAMES = ["欧阳明华", "𠮷祥", "阿卜杜·热合曼", "李四"]


@pytest.fixture
def filled():
    i18n.set_language("en")
    db = open_database(":memory:")
    with db.write() as s:
        committee = save_org(s, name="幸福里社区党委")
        branch = save_org(s, name="第一党支部", parent_id=committee.id)
        for i, name in enumerate(NAMES):
            rid = create_resident(s, ResidentInput(name=name, birth_date=dt.date(1960 + i, 1, 1),
                                                   phone=f"1380013800{i}"), today=TODAY).id
            mid = create_member(s, MemberInput(resident_id=rid, joined_on=dt.date(1990, 7, 1), full_on=dt.date(1991, 7, 1),
                                               branch_id=branch.id, dues_base_fen=300_000 * (i + 1)), today=TODAY).id
            for month in (10, 11):
                if not (name == "李四" and month == 11):
                    record_payment(s, mid, dt.date(2026, month, 1), paid_on=dt.date(2026, month, 10), today=TODAY)
    yield db
    db.dispose()
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_dues_disclosure_masks_names_and_shows_totals(filled):
    with filled.session() as s:
        data = disclosure_data(s, 2026, 4, post_from=dt.date(2026, 12, 21))
    result = dues_disclosure_pdf(data, CENTRE)
    text = _text(result.pdf)
    assert not result.missing
    for full in NAMES:
        assert full not in text
    for masked in ("欧阳**", "𠮷*", "阿卜杜·***", "李*"):
        assert masked in text
    # Bases ¥3,000/6,000/9,000/12,000: ¥15 + ¥90 + ¥135 + ¥240 = ¥480 in October;
    # 李四 (¥240) did not pay November: ¥240; the quarter ¥720.
    assert "¥480.00" in text and "¥240.00" in text and "¥720.00" in text
    assert "Unpaid" in text
    assert "2026-12-21" in text or "December 21, 2026" in text
    assert "December 25, 2026" in " ".join(text.split())  # 5 working days: Mon 21 → Fri 25 (the line may wrap)
    assert "幸福里社区党群服务中心" in text


def test_roster_pdf_by_branch(filled):
    with filled.session() as s:
        rows = roster_rows(s)
    text = _text(roster_pdf(rows, CENTRE, today=TODAY).pdf)
    assert "第一党支部 (4)" in text
    for name in NAMES:
        assert name in text
    assert "13800138000" in text and "Internal document" in text
