"""The Party roster's rules: dues bands, payments, arrears, membership dates, reminders, rate."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models.core.errors import NeedsConfirmation, ValidationFailed
from models.party.dues import (
    Band,
    DuesCalculator,
    arrears,
    defer_payment,
    disclosure_data,
    dues_grid,
    dues_summary,
    monthly_due,
    parse_quarter,
    record_payment,
    save_schedule,
    working_days_after,
)
from models.party.entities import PartyMember, PartyMemberStatus
from models.party.members import MemberInput, change_status, create_member, update_member
from models.party.orgs import org_tree, save_org
from models.party.reminders import political_birthdays, probation_reminders
from models.party.service import add_service, service_by_member, service_summary
from models.residents.registry import ResidentInput, create_resident

# --- dues against a hand-computed table -------------------------------------------------

NOV = dt.date(2026, 11, 1)

# (category, base in fen, due in fen), computed by hand: the whole base at its band's rate.
HAND_TABLE = [
    ("employed", 0, 0),
    ("employed", 1, 0),  # 0.005 fen rounds to 0
    ("employed", 100, 1),  # 0.5 fen rounds half-up to 1
    ("employed", 250_000, 1_250),  # ¥2,500 × 0.5% = ¥12.50
    ("employed", 300_000, 1_500),  # ¥3,000 is in the first band: ¥15.00
    ("employed", 300_001, 3_000),  # ¥3,000.01 × 1% = ¥30.0001 → ¥30.00
    ("employed", 500_000, 5_000),  # ¥5,000 × 1% = ¥50
    ("employed", 500_001, 7_500),  # × 1.5% = 7500.015 → 7500
    ("employed", 1_000_000, 15_000),  # ¥10,000 × 1.5% = ¥150
    ("employed", 1_000_001, 20_000),  # × 2% = 20000.02 → 20000
    ("employed", 1_234_567, 24_691),  # × 2% = 24691.34 → 24691
    ("employed", 333_350, 3_334),  # × 1% = 3333.5 → half-up 3334
    ("retired", 500_000, 2_500),  # ¥5,000 × 0.5%
    ("retired", 500_001, 5_000),  # × 1% = 5000.01 → 5000
    ("retired", 380_000, 1_900),
    ("student", 0, 20),
    ("unemployed", 800_000, 20),  # the fixed amount whatever the base
    ("minimum_allowance", 0, 20),
]


@pytest.mark.parametrize(("category", "base", "due"), HAND_TABLE)
def test_dues_match_the_hand_computed_table(db, category, base, due):
    with db.session() as s:
        assert DuesCalculator(s).due(category, base, NOV) == due


def test_a_band_change_mid_year_applies_from_its_month(db, member, today):
    mid = member(dues_category="employed", dues_base_fen=400_000)
    with db.write() as s:
        # From July 2026 the 1% band is 0.8%.
        save_schedule(
            s,
            "employed",
            dt.date(2026, 7, 1),
            [Band(300_000, 50, None), Band(500_000, 80, None), Band(1_000_000, 150, None), Band(None, 200, None)],
        )
    with db.session() as s:
        assert monthly_due(s, mid, dt.date(2026, 6, 1)) == 4_000
        assert monthly_due(s, mid, dt.date(2026, 7, 1)) == 3_200
        assert monthly_due(s, mid, dt.date(2026, 12, 15)) == 3_200
        # Retired members keep their own schedule.
        assert DuesCalculator(s).due("retired", 400_000, dt.date(2026, 8, 1)) == 2_000
    with db.write() as s:
        record_payment(s, mid, dt.date(2026, 6, 1), paid_on=dt.date(2026, 6, 5), today=today)
        record_payment(s, mid, dt.date(2026, 7, 1), paid_on=dt.date(2026, 7, 5), today=today)
    with db.session() as s:
        summary = dues_summary(s, dt.date(2026, 1, 1), dt.date(2026, 12, 1))
        assert summary.total_fen == 7_200
        assert summary.by_month[dt.date(2026, 6, 1)] == (1, 4_000)
        assert summary.by_branch == {"第一党支部": (2, 7_200)}


def test_a_bad_schedule_is_refused(db):
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        save_schedule(s, "employed", dt.date(2027, 1, 1), [Band(500_000, 50, None), Band(300_000, 100, None), Band(None, 10, None)])
    assert "must rise" in err.value.errors["bands"]
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        save_schedule(s, "employed", dt.date(2027, 1, 1), [Band(500_000, 50, None)])
    assert "no upper limit" in err.value.errors["bands"]


# --- payments and arrears ----------------------------------------------------------------


def test_payments_arrears_and_deferral(db, member, today):
    paid_all = member("李四", dues_base_fen=600_000)
    owes = member("王五", dues_base_fen=200_000)
    joined_late = member("赵六", joined_on=dt.date(2026, 9, 10), full_on=None, standing="probationary",
                         dues_category="student")
    q4 = [dt.date(2026, m, 1) for m in (9, 10, 11)]
    with db.write() as s:
        for month in q4:
            p = record_payment(s, paid_all, month, method="wechat", today=today)
            assert p.amount_fen == 9_000
        record_payment(s, owes, q4[0], paid_by="王五的女儿", today=today)
        defer_payment(s, owes, q4[1], "因病住院")
        record_payment(s, joined_late, q4[2], amount_fen=10, today=today)  # paid short
    with db.session() as s:
        rows = {a.name: a for a in arrears(s, q4[0], q4[-1])}
    assert "李四" not in rows
    assert rows["王五"].months == [q4[2]] and rows["王五"].owed_fen == 1_000
    # Joined in September: owes September and October, and 10 fen of November.
    assert rows["赵六"].months == q4 and rows["赵六"].owed_fen == 20 + 20 + 10
    # One member's arrears (the payment desk's next unpaid month): the same answer, for them alone.
    with db.session() as s:
        (one,) = arrears(s, q4[0], q4[-1], member_id=owes)
        assert arrears(s, q4[0], q4[-1], member_id=paid_all) == []
    assert (one.name, one.months, one.owed_fen) == ("王五", rows["王五"].months, rows["王五"].owed_fen)
    # The arrears list shrinks when a month is paid.
    with db.write() as s:
        record_payment(s, owes, q4[2], today=today)
    with db.session() as s:
        assert "王五" not in {a.name for a in arrears(s, q4[0], q4[-1])}
        grid = {g.name: g for g in dues_grid(s, q4)}
    assert [c[0] for c in grid["王五"].cells] == ["paid", "deferred", "paid"]
    assert [c[0] for c in grid["赵六"].cells] == ["unpaid", "unpaid", "short"]


def test_payment_refusals(db, member, today):
    mid = member(dues_base_fen=300_000)
    with db.write() as s:
        record_payment(s, mid, dt.date(2026, 10, 1), today=today)
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        record_payment(s, mid, dt.date(2026, 10, 20), today=today)
    assert "2026-10 is already paid (¥15.00" in err.value.errors["month"]
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        record_payment(s, mid, dt.date(1999, 1, 1), paid_on=dt.date(2026, 12, 1), method="gold", today=today)
    assert "not active then" in err.value.errors["month"]
    assert "future" in err.value.errors["paid_on"]
    assert "how the dues were paid" in err.value.errors["method"]
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        defer_payment(s, mid, dt.date(2026, 11, 1), "  ")
    assert "reason" in err.value.errors["reason"]


def test_a_member_who_left_owes_nothing_after(db, member, today):
    mid = member(dues_base_fen=300_000)
    with db.write() as s:
        change_status(s, mid, "transferred_out", dt.date(2026, 10, 15), destination="某街道党工委", today=today)
    with db.session() as s:
        rows = arrears(s, dt.date(2026, 9, 1), dt.date(2026, 11, 1))
        assert [a.months for a in rows] == [[dt.date(2026, 9, 1)]]
        history = s.scalars(select(PartyMemberStatus.status).where(PartyMemberStatus.member_id == mid)).all()
        assert history == ["active", "transferred_out"]


# --- membership dates -----------------------------------------------------------------------


def test_joining_before_18_is_refused(db, org, person, today):
    rid = person("小明", dt.date(2000, 5, 1))
    data = MemberInput(resident_id=rid, joined_on=dt.date(2018, 4, 30), full_on=dt.date(2019, 4, 30),
                       branch_id=org["branch"])
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        create_member(s, data, today=today)
    assert err.value.errors["joined_on"] == "Joining at 17: a member joins at 18 or older (born 2000-05-01)."
    data.joined_on, data.full_on = dt.date(2018, 5, 1), dt.date(2019, 5, 1)
    with db.write() as s:
        create_member(s, data, today=today)


def test_full_membership_not_one_year_after_asks_for_confirmation(db, org, person, today):
    rid = person()
    data = MemberInput(resident_id=rid, joined_on=dt.date(2010, 7, 1), full_on=dt.date(2011, 12, 1),
                       branch_id=org["branch"])
    with db.write() as s, pytest.raises(NeedsConfirmation) as warn:
        create_member(s, data, today=today)
    assert "normally one year after joining (2011-07-01)" in str(warn.value)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(PartyMember)) == 0
    with db.write() as s:
        create_member(s, data, confirmed=True, today=today)


def test_member_field_rules(db, org, person, today):
    rid = person()
    data = MemberInput(
        resident_id=rid, joined_on=dt.date(2010, 7, 1), full_on=None, standing="full",
        branch_id=org["branch"], group_id=org["group"], ethnicity="火星族", member_type="floating",
    )
    data.branch_id = org["other"]
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        create_member(s, data, today=today)
    e = err.value.errors
    assert e["full_on"] == "Enter the date of full membership."
    assert "56 recognised" in e["ethnicity"]
    assert "belong to the member's branch" in e["group_id"]
    assert "in or out" in e["flow_direction"] and "other Party organisation" in e["other_org"]
    # A resident without a birth date cannot be checked against the 18+ rule.
    with db.write() as s:
        nobirth = create_resident(s, ResidentInput(name="无生日"), today=today).id
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        create_member(s, MemberInput(resident_id=nobirth, joined_on=dt.date(2010, 1, 1), full_on=dt.date(2011, 1, 1),
                                     branch_id=org["branch"]), today=today)
    assert "birth date is not recorded" in err.value.errors["joined_on"]


def test_one_record_per_resident(db, member, org, today):
    mid = member()
    with db.session() as s:
        rid = s.get(PartyMember, mid).resident_id
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        create_member(s, MemberInput(resident_id=rid, joined_on=dt.date(2000, 7, 1), full_on=dt.date(2001, 7, 1),
                                     branch_id=org["branch"]), today=today)
    assert err.value.errors["resident"] == "张三明 is already on the roster."
    with db.write() as s:
        m = s.get(PartyMember, mid)
        data = MemberInput.from_member(m)
        data.post = "支部书记"
        update_member(s, mid, data, today=today)


# --- reminders ------------------------------------------------------------------------------


def test_probation_reminders_and_political_birthdays(db, member, today):
    # today is 2026-11-22: a year ending 2026-12-20 is within 30 days, 2026-12-23 is not.
    soon = member("预备甲", joined_on=dt.date(2025, 12, 20), standing="probationary", full_on=None)
    member("预备乙", joined_on=dt.date(2025, 12, 23), standing="probationary", full_on=None)
    overdue = member("预备丙", joined_on=dt.date(2025, 11, 1), standing="probationary", full_on=None)
    member("正式丁", joined_on=dt.date(1996, 11, 3), full_on=dt.date(1997, 11, 3))
    member("正式戊", joined_on=dt.date(2016, 11, 30), full_on=dt.date(2017, 11, 30))
    with db.session() as s:
        reminders = probation_reminders(s, today)
        birthdays = political_birthdays(s, 2026, 11)
    assert [(r.member_id, r.days_left) for r in reminders] == [(overdue, -21), (soon, 28)]
    assert [(b.name, b.years) for b in birthdays] == [("预备丙", 1), ("正式丁", 30), ("正式戊", 10)]


# --- reporting in -----------------------------------------------------------------------------


def test_service_hours_and_reporting_in_rate(db, member, today):
    kw = dict(member_type="reporting_in", work_unit="区教育局", reported_on=dt.date(2025, 3, 1))
    a = member("甲", **kw)
    b = member("乙", **kw)
    member("丙", **kw)
    member("丁", **{**kw, "reported_on": dt.date(2026, 11, 1)})  # reported in after the period
    registered = member("戊")
    with db.write() as s:
        add_service(s, a, dt.date(2026, 10, 3), 90, today=today)
        add_service(s, a, dt.date(2026, 10, 17), 60, person_times=2, today=today)
        add_service(s, b, dt.date(2026, 10, 5), 120, today=today)
        add_service(s, b, dt.date(2026, 9, 30), 600, today=today)  # outside the period
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        add_service(s, registered, dt.date(2026, 10, 3), 60, today=today)
    assert "reporting in" in err.value.errors["member"]
    with db.session() as s:
        summary = service_summary(s, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
        lines = {line.name: line for line in service_by_member(s, dt.date(2026, 10, 1), dt.date(2026, 10, 31))}
    assert (summary.reporting_in, summary.served) == (3, 2)
    assert summary.rate == pytest.approx(2 / 3)
    assert summary.minutes == 270 and summary.hours == 4.5 and summary.person_times == 4
    assert lines["甲"].minutes == 150 and lines["丙"].times == 0


# --- tree and disclosure -----------------------------------------------------------------------


def test_org_tree_and_its_rules(db, org, member):
    member()
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        save_org(s, name="下级", parent_id=org["group"])
    assert "no sub-organisations" in err.value.errors["parent"]
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        save_org(s, name="第二党支部", parent_id=org["committee"])
    assert "already exists" in err.value.errors["name"]
    with db.session() as s:
        (root,) = org_tree(s)
    assert root.kind == "committee" and root.members == 1
    assert [c.name for c in root.children] == ["第一党支部", "第二党支部"]
    assert root.children[0].children[0].members == 1


def test_disclosure_data_is_masked_with_a_posting_period(db, member, today):
    mid = member("欧阳明华", dues_base_fen=300_000)
    with db.write() as s:
        record_payment(s, mid, dt.date(2026, 10, 1), today=today)
    assert parse_quarter("2026q4") == (2026, 4)
    with pytest.raises(ValueError):
        parse_quarter("2026-4")
    assert working_days_after(dt.date(2026, 11, 20), 5) == dt.date(2026, 11, 26)  # Fri → Thu
    with db.session() as s:
        data = disclosure_data(s, 2026, 4, post_from=dt.date(2026, 11, 20))
        with pytest.raises(ValidationFailed) as err:
            disclosure_data(s, 2026, 4, post_from=dt.date(2026, 11, 20), post_to=dt.date(2026, 11, 24))
    assert "at least 5 working days" in err.value.errors["post_to"]
    assert data.post_to == dt.date(2026, 11, 26)
    assert data.rows[0][0] == "欧阳**"
    assert data.total_fen == 1_500 and data.month_totals == [1_500, 0, 0]


# --- gap closing: status history, archiving, editable bands --------------------------------


def test_status_changes_are_dated_and_kept(db, member, today):
    from models.party.members import status_history

    mid = member()
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        change_status(s, mid, "transferred_out", dt.date(2026, 10, 15), destination="  ", today=today)
    assert "transferred to" in err.value.errors["destination"]
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        change_status(s, mid, "deceased", None, today=today)
    assert "date" in err.value.errors["status_on"]
    with db.write() as s:
        change_status(s, mid, "transferred_out", dt.date(2026, 3, 1), destination="某街道党工委", today=today)
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        change_status(s, mid, "active", dt.date(2026, 2, 1), today=today)
    assert "before the last change" in err.value.errors["status_on"]
    with db.write() as s:
        change_status(s, mid, "active", dt.date(2026, 6, 1), today=today)  # transferred back in
        change_status(s, mid, "deceased", dt.date(2026, 9, 30), today=today)
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        change_status(s, mid, "active", dt.date(2026, 10, 1), today=today)
    assert "deceased" in err.value.errors["status"]
    with db.session() as s:
        history = status_history(s, mid)
        m = s.get(PartyMember, mid)
        assert (m.status, m.status_on, m.destination) == ("deceased", dt.date(2026, 9, 30), "")
    assert [(h.status, h.since, h.destination) for h in history] == [
        ("active", dt.date(2000, 7, 1), ""),
        ("transferred_out", dt.date(2026, 3, 1), "某街道党工委"),
        ("active", dt.date(2026, 6, 1), ""),
        ("deceased", dt.date(2026, 9, 30), ""),
    ]


def test_organisation_nodes_are_archived_not_deleted(db, org, member, today):
    from models.core.errors import LinliError
    from models.party.orgs import branches, set_org_archived

    mid = member()
    with db.write() as s, pytest.raises(LinliError, match="1 active member;"):
        set_org_archived(s, org["group"], True)
    with db.write() as s, pytest.raises(LinliError, match="sub-organisations"):
        set_org_archived(s, org["branch"], True)
    with db.write() as s:
        change_status(s, mid, "deceased", dt.date(2026, 1, 5), today=today)
    with db.write() as s:
        set_org_archived(s, org["group"], True)
        set_org_archived(s, org["branch"], True)
    with db.session() as s:
        (root,) = org_tree(s)
        assert [c.name for c in root.children] == ["第二党支部"]
        assert [b for _i, b in branches(s)] == ["第二党支部"]
        (full,) = org_tree(s, include_archived=True)
        archived = {c.name: c.archived for c in full.children}
        assert archived == {"第一党支部": True, "第二党支部": False}
        assert full.children[0].children[0].archived
    with db.write() as s, pytest.raises(LinliError, match="restore it before"):
        set_org_archived(s, org["group"], False)
    with db.write() as s:
        set_org_archived(s, org["branch"], False)
        set_org_archived(s, org["group"], False)
    with db.session() as s:
        assert [c.name for c in org_tree(s)[0].children[0].children] == ["1号楼党小组"]


def test_only_an_administrator_edits_the_bands(db, member):
    from models.core.errors import LinliError
    from models.party.dues import can_edit_bands, delete_schedule, schedule_starts
    from models.safety.security import CLERK, Actor, PermissionDenied, acting_as

    mid = member(dues_base_fen=400_000)
    new = [Band(300_000, 50, None), Band(500_000, 80, None), Band(None, 200, None)]
    with acting_as(Actor("wang", CLERK)):
        assert not can_edit_bands()
        with db.write() as s, pytest.raises(PermissionDenied):
            save_schedule(s, "employed", dt.date(2026, 7, 1), new)
    assert can_edit_bands()
    with db.write() as s, pytest.raises(ValidationFailed) as err:
        save_schedule(s, "employed", dt.date(2026, 7, 15), new)
    assert "first day of a month" in err.value.errors["effective_from"]
    with db.write() as s:
        save_schedule(s, "employed", dt.date(2026, 7, 1), new)
    with db.session() as s:
        assert schedule_starts(s, "employed") == [dt.date(2008, 4, 1), dt.date(2026, 7, 1)]
        assert monthly_due(s, mid, dt.date(2026, 7, 1)) == 3_200
        # The other categories kept their defaults.
        assert DuesCalculator(s).due("retired", 400_000, dt.date(2026, 7, 1)) == 2_000
    with db.write() as s:
        delete_schedule(s, "employed", dt.date(2026, 7, 1))
    with db.write() as s, pytest.raises(LinliError, match="only bands"):
        delete_schedule(s, "employed", dt.date(2008, 4, 1))
    with db.session() as s:
        assert monthly_due(s, mid, dt.date(2026, 7, 1)) == 4_000
