"""The dues statistics the branch secretary signs (issue 15): a month's and a year's figures by
branch against a small database whose every number is worked out by hand below."""

from __future__ import annotations

import datetime as dt

import pytest

from models.core.errors import ValidationFailed
from models.party.dues import (
    BranchDues,
    defer_payment,
    dues_statistics,
    parse_statistics_period,
    record_payment,
)
from models.safety.security import PermissionDenied, acting_as

SEP, OCT, NOV = (dt.date(2026, m, 1) for m in (9, 10, 11))


@pytest.fixture
def ledger(db, member, org, today):
    """第一党支部: 李四 (employed, ¥6,000 → 1.5% = ¥90.00 a month) paid September to November;
    王五 (employed, ¥2,000 → 0.5% = ¥10.00) paid September, deferred October, owes November.
    第二党支部: 赵六 (student, ¥0.20 a month) joined 2026-09-10 and paid 10 fen of November."""
    li = member("李四", dues_base_fen=600_000)
    wang = member("王五", dues_base_fen=200_000)
    zhao = member("赵六", joined_on=dt.date(2026, 9, 10), full_on=None, standing="probationary",
                  dues_category="student", branch_id=org["other"], group_id=None)
    with db.write() as s:
        for month in (SEP, OCT, NOV):
            record_payment(s, li, month, today=today)
        record_payment(s, wang, SEP, today=today)
        defer_payment(s, wang, OCT, "因病住院")
        record_payment(s, zhao, NOV, amount_fen=10, today=today)
    return {"li": li, "wang": wang, "zhao": zhao}


def test_a_month_by_branch(db, ledger, today) -> None:
    with db.session() as s:
        st = dues_statistics(s, 2026, 11, today=today)
    assert st.months == [NOV] and st.unfinished  # today is 2026-11-22
    first, second = st.branches
    # 李四 paid ¥90; 王五 has not paid his ¥10 yet: due ¥100, collected ¥90, ¥10 pending —
    # November has not ended, so nothing is in arrears.
    assert first == BranchDues("第一党支部", members_due=2, members_paid=1, members_in_arrears=0,
                               due_fen=10_000, collected_fen=9_000, deferred_fen=0, arrears_fen=0,
                               pending_fen=1_000)
    # 赵六 paid 10 fen of 20.
    assert second == BranchDues("第二党支部", 1, 0, 0, 20, 10, 0, 0, 10)
    assert st.total == BranchDues("", 3, 1, 0, 10_020, 9_010, 0, 0, 1_010)


def test_once_the_month_has_ended_its_unpaid_dues_are_arrears(db, ledger) -> None:
    with db.session() as s:
        st = dues_statistics(s, 2026, 11, today=dt.date(2026, 12, 1))
    assert not st.unfinished
    assert st.total == BranchDues("", 3, 1, 2, 10_020, 9_010, 0, 1_010, 0)


def test_october_has_a_deferred_month(db, ledger, today) -> None:
    with db.session() as s:
        st = dues_statistics(s, 2026, 10, today=today)
    assert not st.unfinished
    first, second = st.branches
    # 李四 paid ¥90; 王五 deferred ¥10 (not arrears, not paid in full).
    assert first == BranchDues("第一党支部", 2, 1, 0, 10_000, 9_000, 1_000, 0)
    # 赵六 owes October's 20 fen.
    assert second == BranchDues("第二党支部", 1, 0, 1, 20, 0, 0, 20)


def test_a_year_counts_up_to_this_month(db, ledger, today) -> None:
    with db.session() as s:
        st = dues_statistics(s, 2026, today=today)
    assert st.months[0] == dt.date(2026, 1, 1) and st.months[-1] == NOV and len(st.months) == 11
    first, second = st.branches
    # 李四: 11 × ¥90 = ¥990 due, ¥270 paid, January–August ¥720 in arrears.
    # 王五: 11 × ¥10 = ¥110 due, ¥10 paid, ¥10 deferred, January–August ¥80 in arrears, November's ¥10 pending.
    assert first == BranchDues("第一党支部", 2, 0, 2, 99_000 + 11_000, 27_000 + 1_000, 1_000, 72_000 + 8_000, 1_000)
    # 赵六: September to November, 60 fen due, 10 paid, 40 in arrears (September, October), 10 pending.
    assert second == BranchDues("第二党支部", 1, 0, 1, 60, 10, 0, 40, 10)
    t = st.total
    assert t.due_fen == t.collected_fen + t.deferred_fen + t.arrears_fen + t.pending_fen == 110_060


def test_a_year_before_anyone_owed_in_the_second_branch(db, ledger, today) -> None:
    with db.session() as s:
        st = dues_statistics(s, 2025, today=today)
    assert len(st.months) == 12 and not st.unfinished
    (only,) = st.branches
    assert only == BranchDues("第一党支部", 2, 0, 2, 12 * 9_000 + 12 * 1_000, 0, 0, 12 * 10_000)


def test_a_period_not_begun_and_a_bad_month_are_refused(db, ledger, today) -> None:
    with db.session() as s:
        with pytest.raises(ValidationFailed) as err:
            dues_statistics(s, 2026, 12, today=today)
        assert "not begun" in err.value.errors["month"]
        with pytest.raises(ValidationFailed):
            dues_statistics(s, 2027, today=today)
        with pytest.raises(ValidationFailed):
            dues_statistics(s, 2026, 13, today=today)


def test_a_role_without_the_roster_may_not_read_them(db, ledger, today) -> None:
    from models.safety.security import Actor

    with acting_as(Actor(username="v", role="volunteer")), db.session() as s, pytest.raises(PermissionDenied):
        dues_statistics(s, 2026, 11, today=today)


@pytest.mark.parametrize(("month", "year", "expect"), [
    ("2026-11", None, (2026, 11)), ("２０２６－１１", None, (2026, 11)), (None, "2026", (2026, None)),
    (None, "2026年", (2026, None)),
])
def test_the_period_as_written(month, year, expect) -> None:
    assert parse_statistics_period(month, year) == expect


@pytest.mark.parametrize(("month", "year"), [("2026-13", None), ("11/2026", None), ("202611", None),
                                             (None, "26"), (None, "2026-11"), (None, None), ("2026-11", "2026")])
def test_a_period_in_the_wrong_form_is_refused(month, year) -> None:
    with pytest.raises(ValueError):
        parse_statistics_period(month, year)
