""""Party members only": the booking rule asks the real Party roster
(:func:`models.party.members.is_party_member`), and that function itself.

These replace the tests that injected a fake ``models.party`` module through
``importlib``: the roster exists, so it is asked directly — an active member
may book, a member transferred out (or deceased) and a resident who never was
one are refused, and the clerk may still book them with a reason (recorded).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.activities.bookings import BookingRequest, book
from models.activities.entities import ActivityRoom, BookingOverride, BookingRefused
from models.activities.programme import ActivityInput, create_activity
from models.party.members import (
    MemberInput,
    change_status,
    create_member,
    is_party_member,
    save_org,
)
from models.residents.registry import ResidentInput, create_resident

NOW = dt.datetime(2026, 11, 20, 10, 0)  # a Friday
SAT = dt.datetime(2026, 11, 21, 9, 0)


@pytest.fixture
def branch(db) -> int:
    with db.write() as s:
        committee = save_org(s, name="幸福里社区党委")
        return save_org(s, name="第一党支部", parent_id=committee.id).id


def person(db, name, birth=dt.date(1950, 1, 1)) -> int:
    with db.write() as s:
        return create_resident(s, ResidentInput(name=name, birth_date=birth), today=NOW.date()).id


def member(db, branch, name) -> tuple[int, int]:
    """A resident on the roster (full member since 2001): (resident id, member id)."""
    rid = person(db, name)
    data = MemberInput(resident_id=rid, joined_on=dt.date(2000, 7, 1), branch_id=branch)
    data.full_on = dt.date(2001, 7, 1)
    with db.write() as s:
        return rid, create_member(s, data, confirmed=True, today=NOW.date()).id


def party_activity(db) -> int:
    with db.session() as s:
        room = s.scalar(select(ActivityRoom.id).where(ActivityRoom.name == "活动室"))
    data = ActivityInput(title="主题党日", category="themed", room_id=room, starts_at=SAT,
                         ends_at=SAT + dt.timedelta(hours=2), capacity=10, target_group="party")
    with db.write() as s:
        return create_activity(s, data).id


def do_book(db, aid, rid, **kw):
    with db.write() as s:
        return book(s, BookingRequest(activity_id=aid, resident_id=rid, **kw), now=NOW)


# --- is_party_member ------------------------------------------------------------------


def test_is_party_member_says_yes_for_an_active_member(db, branch) -> None:
    rid, _mid = member(db, branch, "甲一")
    with db.session() as s:
        assert is_party_member(s, rid) is True


def test_is_party_member_says_no_for_a_resident_not_on_the_roster(db, branch) -> None:
    rid = person(db, "乙二")
    with db.session() as s:
        assert is_party_member(s, rid) is False


def test_is_party_member_says_no_once_transferred_out_or_deceased(db, branch) -> None:
    gone, gone_mid = member(db, branch, "丙三")
    dead, dead_mid = member(db, branch, "丁四")
    with db.write() as s:
        change_status(s, gone_mid, "transferred_out", dt.date(2026, 3, 1), destination="某街道党工委",
                      today=NOW.date())
        change_status(s, dead_mid, "deceased", dt.date(2026, 9, 30), today=NOW.date())
    with db.session() as s:
        assert is_party_member(s, gone) is False
        assert is_party_member(s, dead) is False
    with db.write() as s:  # transferred back in: on the roster again
        change_status(s, gone_mid, "active", dt.date(2026, 10, 1), today=NOW.date())
    with db.session() as s:
        assert is_party_member(s, gone) is True


# --- the booking rule -------------------------------------------------------------------


def test_an_active_member_may_book(db, branch) -> None:
    aid = party_activity(db)
    rid, _mid = member(db, branch, "甲一")
    result = do_book(db, aid, rid)
    assert result.status == "confirmed" and result.overrides == ()


def test_a_member_transferred_out_is_refused_and_may_be_booked_with_a_reason(db, branch) -> None:
    aid = party_activity(db)
    rid, mid = member(db, branch, "丙三")
    with db.write() as s:
        change_status(s, mid, "transferred_out", dt.date(2026, 3, 1), destination="某街道党工委",
                      today=NOW.date())
    with pytest.raises(BookingRefused, match="not on the roster") as err:
        do_book(db, aid, rid)
    assert err.value.kind == "target_group" and err.value.overridable
    result = do_book(db, aid, rid, override_reason="支部书记确认")
    assert result.status == "confirmed" and result.overrides == ("target_group",)
    with db.session() as s:
        recorded = s.scalar(select(BookingOverride).where(BookingOverride.booking_id == result.booking_id))
        assert (recorded.kind, recorded.reason) == ("target_group", "支部书记确认")


def test_a_resident_who_is_no_member_is_refused_and_may_be_booked_with_a_reason(db, branch) -> None:
    aid = party_activity(db)
    rid = person(db, "乙二")
    with pytest.raises(BookingRefused, match="not on the roster"):
        do_book(db, aid, rid)
    assert do_book(db, aid, rid, override_reason="支部书记确认").status == "confirmed"


def test_a_walk_in_is_refused_for_a_party_activity(db, branch) -> None:
    aid = party_activity(db)
    with pytest.raises(BookingRefused, match="not on the roster"):
        do_book(db, aid, None, walkin_name="路人甲", walkin_phone="13700001234")
