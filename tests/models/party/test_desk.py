"""The functions the Party tab's pages call instead of querying (issue 14): the arrears window, the
payment desk's next month and due, the quick-finds, a member's status — and the roles they refuse."""

from __future__ import annotations

import datetime as dt

import pytest

from models.core.errors import NotFound
from models.party.bands import parse_yuan
from models.party.dues import (
    arrears_window,
    member_arrears,
    member_due,
    month_start,
    next_unpaid_month,
    record_payment,
)
from models.party.members import change_status, find_member, member_status
from models.party.roster import search_members, search_non_members
from models.party.service import search_reporting_in
from models.safety.security import VOLUNTEER, Actor, PermissionDenied, acting_as

VOLUNTEER_ACTOR = Actor("xiaoli", VOLUNTEER, user_id=3)


@pytest.mark.parametrize(("today", "first", "last"), [
    (dt.date(2026, 11, 22), dt.date(2025, 11, 1), dt.date(2026, 10, 31)),
    (dt.date(2026, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2026, 3, 31), dt.date(2025, 3, 1), dt.date(2026, 2, 28)),
])
def test_the_arrears_window_is_the_last_twelve_ended_months(today, first, last):
    assert arrears_window(today) == (first, last)
    # This month has not ended: it is never in arrears.
    assert arrears_window(today)[1] < month_start(today)


def test_the_payment_desk_offers_the_oldest_unpaid_month_then_this_month(db, member, today):
    mid = member(joined_on=dt.date(2026, 9, 1), full_on=None, standing="probationary", dues_base_fen=300_000)
    with db.session() as s:
        assert next_unpaid_month(s, mid, today) == dt.date(2026, 9, 1)
        (line,) = member_arrears(s, mid, today)
    assert line.months == [dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    with db.write() as s:
        record_payment(s, mid, dt.date(2026, 9, 1), today=today)
        record_payment(s, mid, dt.date(2026, 10, 1), today=today)
    with db.session() as s:
        assert member_arrears(s, mid, today) == []
        assert next_unpaid_month(s, mid, today) == dt.date(2026, 11, 1)
        due = member_due(s, mid, dt.date(2026, 11, 1))
    assert (due.member_id, due.name, due.month, due.due_fen) == (mid, "张三明", dt.date(2026, 11, 1), 1_500)


def test_find_member_and_the_quick_finds(db, member, person, today):
    mid = member(name="张三明")
    reporting = member(name="李四", birth=dt.date(1980, 1, 1), member_type="reporting_in",
                       reported_on=dt.date(2026, 1, 5), work_unit="区人民医院")
    outsider = person("王五", dt.date(1960, 3, 3))
    with db.session() as s:
        found = find_member(s, _resident_of(s, mid))
        assert found is not None and (found.member_id, found.name) == (mid, "张三明")
        assert find_member(s, outsider) is None
        assert [h.name for h in search_members(s, "张三")] == ["张三明"]
        assert [h.name for h in search_members(s, "王五")] == []
        assert [h.name for h in search_non_members(s, "王五")] == ["王五"]
        assert [h.name for h in search_non_members(s, "张三")] == []
        assert [h.name for h in search_reporting_in(s, "李四")] == ["李四"]
        assert [h.name for h in search_reporting_in(s, "张三")] == []
    with db.write() as s:  # a member who left is not looked for at the desks, but is still found by number
        change_status(s, reporting, "deceased", dt.date(2026, 10, 1), today=today)
    with db.session() as s:
        assert search_reporting_in(s, "李四") == []
        assert search_members(s, "李四") == []
        assert find_member(s, _resident_of(s, reporting)) is not None


def _resident_of(session, member_id: int) -> int:
    from models.party.members import get_member

    return get_member(session, member_id).resident_id


def test_member_status_gives_the_name_status_and_history(db, member, today):
    mid = member()
    with db.write() as s:
        change_status(s, mid, "transferred_out", dt.date(2026, 10, 15), destination="某街道党工委", today=today)
    with db.session() as s:
        view = member_status(s, mid)
        with pytest.raises(NotFound):
            member_status(s, 9999)
    assert (view.name, view.status, view.status_on, view.destination) == (
        "张三明", "transferred_out", dt.date(2026, 10, 15), "某街道党工委")
    assert [h.status for h in view.history] == ["active", "transferred_out"]


def test_a_volunteer_is_refused_every_desk_function(db, member, today):
    mid = member()
    with db.session() as s:
        rid = _resident_of(s, mid)
    calls = [
        lambda s: next_unpaid_month(s, mid, today),
        lambda s: member_arrears(s, mid, today),
        lambda s: member_due(s, mid, dt.date(2026, 11, 1)),
        lambda s: find_member(s, rid),
        lambda s: member_status(s, mid),
        lambda s: search_members(s, "张"),
        lambda s: search_non_members(s, "张"),
        lambda s: search_reporting_in(s, "张"),
    ]
    with acting_as(VOLUNTEER_ACTOR), db.session() as s:
        for call in calls:
            with pytest.raises(PermissionDenied):
                call(s)


@pytest.mark.parametrize(("text", "fen"), [("4500", 450_000), ("4,500.50", 450_050), ("¥12.345", 1_235), ("", 0)])
def test_parse_yuan(text, fen):
    assert parse_yuan(text) == fen


def test_parse_yuan_refuses_words():
    with pytest.raises(ValueError, match="Not an amount"):
        parse_yuan("四千五")
