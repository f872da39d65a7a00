"""A mediation case: parties, mediators, sessions, closing; the role's refusals and the audit of every open."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.core.errors import ValidationFailed
from models.mediation import (
    CaseInput,
    MediationCase,
    MediatorInput,
    PartyInput,
    add_session,
    close_case,
    get_case,
    list_cases,
    mediation_figures,
    open_case,
    view_case,
)
from models.safety.audit import AuditEntry
from models.safety.security import VOLUNTEER, Actor, PermissionDenied, acting_as

TODAY = dt.date(2026, 11, 20)


def _open(s, people, **kw):  # type: ignore[no-untyped-def]
    data = CaseInput(kind=kw.pop("kind", "noise"),
                     parties=kw.pop("parties", [PartyInput(resident_id=people["upstairs"]),
                                                PartyInput(resident_id=people["downstairs"])]),
                     matter=kw.pop("matter", "楼上夜里装修噪音"), opened_on=kw.pop("opened_on", dt.date(2026, 11, 3)),
                     **kw)
    return open_case(s, data, today=TODAY)


def _entries(db, table="mediation_case"):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.table_name == table).order_by(AuditEntry.id)))


def test_open_add_a_session_and_close_resolved(db, people) -> None:
    with acting_as(people["mediator"]), db.write() as s:
        case = _open(s, people, mediators=[], parties=[PartyInput(resident_id=people["upstairs"]),
                                                        PartyInput(name="幸福里物业", phone="025-8321 0000")])
        number, case_id = case.number, case.id
    assert number == "2026-001"
    with acting_as(people["mediator"]), db.write() as s:
        add_session(s, case_id, held_on=dt.date(2026, 11, 5), note="双方到场", today=TODAY)
        close_case(s, case_id, "resolved", agreement="晚十点后不施工；物业加装隔音垫。", closed_on=dt.date(2026, 11, 6),
                   today=TODAY)
    with db.session() as s:
        case = s.get(MediationCase, case_id)
        assert (case.state, case.outcome, case.closed_on) == ("closed", "resolved", dt.date(2026, 11, 6))
        assert case.agreement == "晚十点后不施工；物业加装隔音垫。"
        assert [(p.resident_id, p.name, p.phone) for p in case.parties] == [
            (people["upstairs"], "", ""), (None, "幸福里物业", "02583210000")]
        # No mediator named: the account acting is the mediator, by its full name.
        assert [(m.account_id, m.name) for m in case.mediators] == [(people["mediator_account"], "周调解")]
        assert [x.held_on for x in case.sessions] == [dt.date(2026, 11, 5)]
    summaries = [e.summary for e in _entries(db)]
    assert summaries == ["mediation case 2026-001 opened: 2 parties, 1 mediators",
                         "mediation case 2026-001: session 1 added",
                         "mediation case 2026-001 closed; fields: state, outcome, closed_on, agreement"]
    assert all("噪音" not in e and "隔音" not in e for e in summaries)  # never the content


def test_a_case_without_parties_is_refused_and_nothing_is_written(db, people) -> None:
    with acting_as(people["mediator"]), pytest.raises(ValidationFailed) as refused, db.write() as s:
        _open(s, people, parties=[])
    assert "at least one party" in refused.value.errors["parties"]
    with acting_as(people["mediator"]), pytest.raises(ValidationFailed) as refused, db.write() as s:
        _open(s, people, parties=[PartyInput(name="王大妈", phone="")])
    assert "party 1" in refused.value.errors and "phone" in refused.value.errors["party 1"]
    with db.session() as s:
        assert s.scalar(select(MediationCase.id)) is None
    assert _entries(db) == []


def test_bad_kind_future_date_and_a_clerk_as_mediator_are_refused(db, people) -> None:
    with acting_as(people["mediator"]), pytest.raises(ValidationFailed) as refused, db.write() as s:
        _open(s, people, kind="fight", opened_on=TODAY + dt.timedelta(days=1),
              mediators=[MediatorInput(account_id=people["clerk_account"])])
    errors = refused.value.errors
    assert set(errors) == {"kind", "opened_on", "mediator 1"}
    assert "Mediator role" in errors["mediator 1"] and "future" in errors["opened_on"]


def test_session_dates_not_in_the_future_nor_before_the_case(db, people) -> None:
    with acting_as(people["mediator"]), db.write() as s:
        case_id = _open(s, people, mediators=[MediatorInput(name="司法所 王律师")]).id
    for day, word in ((dt.date(2026, 11, 2), "before the case"), (TODAY + dt.timedelta(days=1), "future")):
        with acting_as(people["mediator"]), pytest.raises(ValidationFailed) as refused, db.write() as s:
            add_session(s, case_id, held_on=day, today=TODAY)
        assert word in refused.value.errors["held_on"]
    with acting_as(people["mediator"]), db.write() as s:
        add_session(s, case_id, held_on=dt.date(2026, 11, 3), today=TODAY)  # the case's own day is fine
        add_session(s, case_id, held_on=dt.date(2026, 11, 10), today=TODAY)
    with acting_as(people["mediator"]), pytest.raises(ValidationFailed) as refused, db.write() as s:
        close_case(s, case_id, "partly", closed_on=dt.date(2026, 11, 9), today=TODAY)  # before the last session
    assert "closed_on" in refused.value.errors


def test_what_each_outcome_needs(db, people) -> None:
    with acting_as(people["mediator"]), db.write() as s:
        case_id = _open(s, people).id
    cases = (("resolved", {}, {"agreement", "sessions"}), ("referred", {}, {"referred_to"}),
             ("unresolved", {}, {"sessions"}), ("won", {}, {"outcome"}))
    for outcome, kw, fields in cases:
        with acting_as(people["mediator"]), pytest.raises(ValidationFailed) as refused, db.write() as s:
            close_case(s, case_id, outcome, today=TODAY, **kw)
        assert set(refused.value.errors) == fields, outcome
    with acting_as(people["mediator"]), db.write() as s:  # referred at once, without a session
        close_case(s, case_id, "referred", referred_to="街道司法所", today=TODAY)
    with acting_as(people["mediator"]), pytest.raises(ValidationFailed) as refused, db.write() as s:
        add_session(s, case_id, today=TODAY)
    assert "closed" in refused.value.errors["case"]


def test_a_clerk_without_the_role_is_refused_by_the_domain_and_gets_counts_only(db, people) -> None:
    with acting_as(people["mediator"]), db.write() as s:
        case_id = _open(s, people).id
    before = len(_entries(db))
    with acting_as(people["clerk"]):
        for attempt in (lambda s: view_case(s, case_id), lambda s: list_cases(s), lambda s: get_case(s, "2026-001"),
                        lambda s: _open(s, people), lambda s: add_session(s, case_id, today=TODAY),
                        lambda s: close_case(s, case_id, "referred", referred_to="派出所", today=TODAY)):
            with pytest.raises(PermissionDenied, match="Clerk"), db.write() as s:
                attempt(s)
        with db.session() as s:  # the counts
            fig = mediation_figures(s, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig.total.opened == 1 and fig.by_kind["noise"].opened == 1
    assert len(_entries(db)) == before  # a refusal writes nothing, not even a "view"
    with acting_as(Actor("vol", VOLUNTEER)), pytest.raises(PermissionDenied), db.session() as s:
        mediation_figures(s, dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_every_open_of_a_case_is_audited_without_its_content(db, people) -> None:
    with acting_as(people["mediator"]), db.write() as s:
        case_id = _open(s, people).id
    for _time in range(2):
        with acting_as(people["mediator"]), db.write() as s:
            view = view_case(s, case_id)
    assert [p.name for p in view.parties] == ["张三明", "𠮷祥"]  # every character kept
    assert view.matter == "楼上夜里装修噪音" and view.mediators == ["周调解"]
    views = [e for e in _entries(db) if e.action == "view"]
    assert [(e.summary, e.record_id, e.actor) for e in views] == [("viewed mediation case 2026-001", case_id, "zhou")] * 2
    assert all("张" not in e.summary and "噪音" not in e.summary for e in _entries(db))


def test_the_list_masks_the_parties_and_shows_no_content(db, people) -> None:
    with acting_as(people["mediator"]), db.write() as s:
        _open(s, people, parties=[PartyInput(resident_id=people["third"]), PartyInput(resident_id=people["downstairs"]),
                                  PartyInput(name="王秀英", phone="13912345678")])
        second = _open(s, people, kind="parking", opened_on=dt.date(2026, 11, 4))
        add_session(s, second.id, held_on=dt.date(2026, 11, 4), today=TODAY)
    with acting_as(people["mediator"]), db.session() as s:
        rows = list_cases(s)
        open_rows = list_cases(s, open_only=True)
    assert [(r.number, r.kind, r.parties, r.sessions) for r in rows] == [
        ("2026-002", "parking", "张*明、𠮷*", 1), ("2026-001", "noise", "欧阳**、𠮷*、王*英", 0)]
    assert len(open_rows) == 2
    assert "view" not in [e.action for e in _entries(db)]  # listing is not opening


def test_the_years_list_holds_its_cases_and_every_case_still_open(db, people) -> None:
    from models.mediation import case_years

    with acting_as(people["mediator"]), db.write() as s:
        old_open = _open(s, people, opened_on=dt.date(2025, 12, 1))
        old_closed = _open(s, people, opened_on=dt.date(2025, 6, 1))
        close_case(s, old_closed.id, "referred", referred_to="派出所", closed_on=dt.date(2025, 6, 2), today=TODAY)
        this_year = _open(s, people)
        close_case(s, this_year.id, "referred", referred_to="派出所", today=TODAY)
    with acting_as(people["mediator"]), db.session() as s:
        assert [r.number for r in list_cases(s, year=2026, with_open=True)] == ["2026-001", "2025-001"]
        assert [r.number for r in list_cases(s, year=2026)] == ["2026-001"]
        assert [r.number for r in list_cases(s, year=2025)] == ["2025-001", "2025-002"]
        assert case_years(s) == [2026, 2025]
    assert old_open.number == "2025-001"
