"""The mediation page as a mediator uses it — open a case by typing, add a session, close it resolved, see the
counts change — and as a clerk sees it: the counts only, the cases refused by the domain."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from models.mediation import MediationCase
from models.residents.registry import ResidentInput, create_resident
from models.safety.accounts import create_account
from models.safety.audit import AuditEntry
from models.safety.security import CLERK, MEDIATOR, Actor, PermissionDenied, acting_as
from ui.grids.mediation import MediationPage

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def people(db):
    with db.write() as s:
        a = create_resident(s, ResidentInput(name="张三明", phone="13800138000"), confirmed=True).id
        b = create_resident(s, ResidentInput(name="𠮷祥", phone="13900001113"), confirmed=True).id
        zhou = create_account(s, "zhou", "long enough pw", MEDIATOR, display_name="周调解").id
    return {"a": a, "b": b, "mediator": Actor("zhou", MEDIATOR, zhou)}


def _views(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return list(s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "view").order_by(AuditEntry.id)))


def test_open_a_case_by_typing_add_a_session_close_it_and_see_the_counts(qtbot, typist, db, people) -> None:
    with acting_as(people["mediator"]):
        page = MediationPage(db, today=TODAY)
        qtbot.addWidget(page)
        page.resize(1280, 720)
        page.show()
        assert page.table.rowCount() == 0 and page.summary.text().startswith("2026: cases 0,")
        # The parties: two residents found by phone and by name, and the property company outside the registry.
        typist.type(page.finder.input, "13800138000")
        qtbot.keyClick(page.finder.input, Qt.Key.Key_Return)
        typist.type(page.finder.input, "𠮷祥")
        qtbot.keyClick(page.finder.input, Qt.Key.Key_Return)
        typist.type(page.outsider_name, "幸福里物业")
        typist.type(page.outsider_phone, "025-83210000")
        qtbot.keyClick(page.outsider_phone, Qt.Key.Key_Return)
        assert [page.party_list.item(i).text() for i in range(3)] == [
            "张三明", "𠮷祥", "幸福里物业 (not in the registry), 025-83210000"]
        page.kind.setCurrentIndex(page.kind.findData("noise"))
        qtbot.keyClicks(page.opened_on, "2026-11-03")
        typist.type(page.matter, "楼上夜里装修噪音")
        qtbot.keyClick(page.matter, Qt.Key.Key_Return)
        assert page.new_error.isHidden(), page.new_error.text()
        # The new case is listed, parties masked, and opened (the open audited).
        assert page.table.rowCount() == 1
        assert [page.table.item(0, c).text() for c in (0, 2, 3, 4, 5)] == [
            "2026-001", "Noise", "张*明、𠮷*、幸***业", "Being mediated", "0"]
        assert "张三明 13800138000" in page.detail.toPlainText() and "Mediators: 周调解" in page.detail.toPlainText()
        assert page.summary.text().startswith("2026: cases 1, closed 0, resolved 0, success rate —; open now 1")
        # A session, typed, then Enter.
        qtbot.keyClicks(page.held_on, "2026-11-05")
        typist.type(page.session_note, "双方到场")
        qtbot.keyClick(page.session_note, Qt.Key.Key_Return)
        assert page.case_error.isHidden(), page.case_error.text()
        assert page.table.item(0, 5).text() == "1" and "（双方到场）" in page.detail.toPlainText()
        # Closed, resolved with the agreement.
        page.outcome.setCurrentIndex(page.outcome.findData("resolved"))
        qtbot.keyClicks(page.closed_on, "2026-11-06")
        typist.type(page.agreement, "晚十点后不施工")
        qtbot.keyClick(page.agreement, Qt.Key.Key_Return)
        assert page.case_error.isHidden(), page.case_error.text()
        assert page.table.item(0, 4).text() == "Resolved with an agreement"
        assert "Agreement: 晚十点后不施工" in page.detail.toPlainText() and not page.close_button.isEnabled()
        assert page.summary.text().startswith("2026: cases 1, closed 1, resolved 1, success rate 100.0%; open now 0")
        page.grab().save("/tmp/mediation_page.png")
    with db.session() as s:
        case = s.scalar(select(MediationCase))
        assert (case.state, case.outcome, case.agreement, case.closed_on) == (
            "closed", "resolved", "晚十点后不施工", dt.date(2026, 11, 6))
    assert _views(db) and set(_views(db)) == {"viewed mediation case 2026-001"}


def test_a_case_without_parties_is_refused_on_the_page(qtbot, typist, db, people) -> None:
    with acting_as(people["mediator"]):
        page = MediationPage(db, today=TODAY)
        qtbot.addWidget(page)
        typist.type(page.matter, "没有当事人")
        qtbot.keyClick(page.matter, Qt.Key.Key_Return)
        assert "at least one party" in page.new_error.text() and page.table.rowCount() == 0
    with db.session() as s:
        assert s.scalar(select(MediationCase.id)) is None


def test_a_clerk_sees_the_counts_only(qtbot, db, people) -> None:
    from models.mediation import (
        CaseInput,
        PartyInput,
        add_session,
        close_case,
        open_case,
        view_case,
    )

    with acting_as(people["mediator"]), db.write() as s:
        for kind, day in (("noise", dt.date(2026, 3, 2)), ("parking", dt.date(2026, 3, 9))):
            case = open_case(s, CaseInput(kind=kind, parties=[PartyInput(resident_id=people["a"])], opened_on=day,
                                          matter="机密事由"), today=TODAY)
            add_session(s, case.id, held_on=day, today=TODAY)
        close_case(s, case.id, "resolved", agreement="协议", closed_on=dt.date(2026, 4, 1), today=TODAY)
    with acting_as(Actor("desk1", CLERK)):
        page = MediationPage(db, today=TODAY)
        qtbot.addWidget(page)
        page.resize(1000, 560)
        page.show()
        assert not hasattr(page, "table") and "counts only" in page.note.text()
        kinds = {page.by_kind.item(r, 0).text(): [page.by_kind.item(r, c).text() for c in range(1, 5)]
                 for r in range(page.by_kind.rowCount())}
        assert kinds["Noise"] == ["1", "0", "0", "—"] and kinds["Parking"] == ["1", "1", "1", "100.0%"]
        months = {page.by_month.item(r, 0).text(): page.by_month.item(r, 1).text()
                  for r in range(page.by_month.rowCount())}
        assert months["2026-03"] == "2" and len(months) == 12
        assert page.summary.text().startswith("2026: cases 2, closed 1, resolved 1")
        shown = page.grab()
        shown.save("/tmp/mediation_counts.png")
        with pytest.raises(PermissionDenied), db.write() as s:  # the domain is the guard, not the page
            view_case(s, case.id)
