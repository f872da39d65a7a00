"""The loop's state machine: every allowed move and every refused one, the history, the audit trail, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models.core.errors import NotFound, ValidationFailed
from models.requests import (
    Handler,
    MoveRefused,
    RequestInput,
    cancel,
    dispatch,
    done,
    get_request,
    rate,
    reopen,
    return_request,
    take,
    take_request,
)
from models.requests.entities import RequestEvent
from models.safety.audit import AuditEntry, verify_chain

TODAY = dt.date(2026, 11, 20)
DAY = dt.date(2026, 11, 16)  # a Monday

STATES = ("received", "dispatched", "taken", "returned", "done", "rated", "rated_unsatisfied", "cancelled")

# Written out by hand from the issue (not read from the code): which move each state allows.
ALLOWED = {
    "received": {"dispatch", "cancel"},
    "dispatched": {"take", "return", "cancel"},
    "taken": {"return", "done", "cancel"},
    "returned": {"dispatch", "cancel"},
    "done": {"rate"},
    "rated": set(),
    "rated_unsatisfied": {"reopen"},
    "cancelled": set(),
}
LEADS_TO = {"dispatch": "dispatched", "take": "taken", "return": "returned", "done": "done", "rate": "rated",
            "reopen": "received", "cancel": "cancelled"}


def _new(s, people):  # type: ignore[no-untyped-def]
    return take_request(s, RequestInput("维修", "水龙头漏水", resident_id=people["asker"], received_on=DAY), today=TODAY)


def _bring_to(s, people, state):  # type: ignore[no-untyped-def]
    r = _new(s, people)
    fixer = Handler("member", resident_id=people["fixer"])
    if state == "received":
        return r
    if state == "cancelled":
        cancel(s, r, "居民不再需要", on=DAY, today=TODAY)
        return r
    dispatch(s, r, fixer, on=DAY, today=TODAY)
    if state == "dispatched":
        return r
    if state == "returned":
        return_request(s, r, "出差", on=DAY, today=TODAY)
        return r
    take(s, r, on=DAY, today=TODAY)
    if state == "taken":
        return r
    done(s, r, 1, "换了垫圈", on=DAY, today=TODAY)
    if state == "done":
        return r
    rate(s, r, "unsatisfied" if state == "rated_unsatisfied" else "satisfied", on=DAY, today=TODAY)
    return r


def _do(s, r, action, people):  # type: ignore[no-untyped-def]
    if action == "dispatch":
        return dispatch(s, r, Handler("unit", name="幸福里物业"), today=TODAY)
    if action == "take":
        return take(s, r, today=TODAY)
    if action == "return":
        return return_request(s, r, "工具不够", today=TODAY)
    if action == "done":
        return done(s, r, 2, "修好了", today=TODAY)
    if action == "rate":
        return rate(s, r, "basic", today=TODAY)
    if action == "reopen":
        return reopen(s, r, reason="又漏了", today=TODAY)
    return cancel(s, r, "重复登记", today=TODAY)


CASES = [(state, action) for state in STATES for action in LEADS_TO]


@pytest.mark.parametrize(("state", "action"), CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_every_move_from_every_state(db, people, state, action) -> None:
    with db.write() as s:
        number = _bring_to(s, people, state).number
    with db.session() as s:
        events = s.scalar(select(func.count()).select_from(RequestEvent))
        entries = s.scalar(select(func.count()).select_from(AuditEntry))
    if action in ALLOWED[state]:
        with db.write() as s:
            r = get_request(s, number)
            before = r.state
            event = _do(s, r, action, people)
            assert (event.from_state, event.to_state) == (before, LEADS_TO[action])
        with db.session() as s:
            r = get_request(s, number)
            assert r.state == LEADS_TO[action]
            assert r.events[-1].action == action and r.events[-1].actor == "system"
            summaries = list(s.scalars(select(AuditEntry.summary).where(AuditEntry.id > entries)))
        assert f"{number} {action}: {before} → {LEADS_TO[action]}" in summaries
    else:
        with pytest.raises(MoveRefused) as refused, db.write() as s:
            _do(s, get_request(s, number), action, people)
        message = str(refused.value)
        assert "\n" not in message and number in message
        with db.session() as s:  # nothing written
            assert s.scalar(select(func.count()).select_from(RequestEvent)) == events
            assert s.scalar(select(func.count()).select_from(AuditEntry)) == entries
            assert get_request(s, number).state == ("rated" if state == "rated_unsatisfied" else state)


def test_the_refusals_say_what_is_wrong(db, people) -> None:
    with db.write() as s:
        received = _bring_to(s, people, "received")
        dispatched = _bring_to(s, people, "dispatched")
        cancelled = _bring_to(s, people, "cancelled")
        rated = _bring_to(s, people, "rated")
    cases = [(received, "rate", "only a done request can be rated"),
             (dispatched, "done", "only a taken request can be marked done (take it first)"),
             (cancelled, "take", "is “Cancelled”: only a dispatched request can be taken"),
             (rated, "reopen", "only a “not satisfied” request can be reopened")]
    for r, action, words in cases:
        with pytest.raises(MoveRefused, match=words.replace("(", r"\(").replace(")", r"\)")), db.write() as s:
            _do(s, get_request(s, r.number), action, people)


def test_numbers_count_per_year_and_the_history_keeps_every_step(db, people) -> None:
    with db.write() as s:
        a = take_request(s, RequestInput("维修", "一", resident_id=people["asker"], received_on=dt.date(2025, 12, 30)),
                         today=TODAY)
        b = take_request(s, RequestInput("维修", "二", resident_id=people["asker"], received_on=DAY), today=TODAY)
        c = take_request(s, RequestInput("代办", "三", caller_name="王秀英", caller_phone="139 1234 5678",
                                         channel="phone", received_on=DAY), today=TODAY)
    assert (a.number, b.number, c.number) == ("2025-0001", "2026-0001", "2026-0002")
    assert c.caller_phone == "13912345678" and c.resident_id is None
    with db.write() as s:
        r = get_request(s, "2026-1")
        dispatch(s, r, Handler("member", resident_id=people["fixer"]), on=DAY, today=TODAY)
        return_request(s, r, "出差", on=dt.date(2026, 11, 17), today=TODAY)
        dispatch(s, r, Handler("department", name="街道城管科"), on=dt.date(2026, 11, 17), today=TODAY)
    with db.session() as s:
        r = get_request(s, "2026-0001")
        assert [(e.action, e.from_state, e.to_state) for e in r.events] == [
            ("receive", None, "received"), ("dispatch", "received", "dispatched"),
            ("return", "dispatched", "returned"), ("dispatch", "returned", "dispatched")]
        assert r.events[2].note == "出差" and r.events[3].handler == "department:街道城管科"
        assert r.escalated and r.handler_kind == "department" and r.handler_member_id is None
        assert verify_chain(s).sound


def test_bad_input_is_refused_and_nothing_is_written(db, people) -> None:
    def refused(exc_type, call):  # type: ignore[no-untyped-def]
        with db.session() as s:
            before = s.scalar(select(func.count()).select_from(RequestEvent))
        with pytest.raises(exc_type) as info, db.write() as s:
            call(s)
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(RequestEvent)) == before
        return str(info.value)

    assert "No resident 999" in refused(NotFound, lambda s: take_request(
        s, RequestInput("维修", "x", resident_id=999), today=TODAY))
    assert "Unknown category “修车”" in refused(NotFound, lambda s: take_request(
        s, RequestInput("修车", "x", resident_id=people["asker"]), today=TODAY))
    assert "in the future" in refused(ValidationFailed, lambda s: take_request(
        s, RequestInput("维修", "x", resident_id=people["asker"], received_on=TODAY + dt.timedelta(days=1)),
        today=TODAY))
    assert "mobile number has 11 digits" in refused(ValidationFailed, lambda s: take_request(
        s, RequestInput("维修", "x", caller_name="王", caller_phone="1391234"), today=TODAY))
    with db.write() as s:
        number = _bring_to(s, people, "taken").number
    assert "before request" in refused(ValidationFailed, lambda s: done(s, get_request(s, number), 1, "x",
                                                                         on=DAY - dt.timedelta(days=1), today=TODAY))
    assert "negative" in refused(ValidationFailed, lambda s: done(s, get_request(s, number), -1, "x", today=TODAY))
    assert "More than 24 hours" in refused(ValidationFailed, lambda s: done(s, get_request(s, number), 25, "x",
                                                                             today=TODAY))
    assert "not an active Party member" in refused(NotFound, lambda s: dispatch(
        s, _new(s, people), Handler("member", resident_id=people["volunteer"]), today=TODAY))
    assert "No request 2026-0099" in refused(NotFound, lambda s: get_request(s, "2026-0099"))
    with db.write() as s:
        done_number = _bring_to(s, people, "done").number
    assert "not a rating" in refused(ValidationFailed, lambda s: rate(s, get_request(s, done_number), "great",
                                                                       today=TODAY))

