"""Day care rules without Qt: enrolment, status history, refusals, the board, statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from i18n import parse_month
from models.core.errors import LinliError, NeedsConfirmation, ValidationFailed
from models.daycare.corrections import (
    SheetEntry,
    attendance_sheet,
    correct_visit,
    enter_paper_sheet,
    week_days,
)
from models.daycare.desk import birthdays, board, check_in, check_out, search_for_checkin
from models.daycare.enrolment import (
    ContactInput,
    EnrolmentInput,
    collectors,
    enrol,
    enrolment_of,
    set_status,
    status_on,
    update_enrolment,
)
from models.daycare.entities import Correction, NotActive, NotEnrolled, StatusChange, Visit
from models.daycare.statistics import month_stats
from models.residents.registry import ResidentInput, create_resident

# 2026-11-02 is a Monday.
MON = dt.date(2026, 11, 2)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = hhmm.split(":")
    return dt.datetime.combine(day, dt.time(int(h), int(m)))


def daughter(**kw) -> ContactInput:
    base = dict(name="王芳", relation="女儿", phone="13800138001", emergency=True, may_collect=True)
    base.update(kw)
    return ContactInput(**base)


@pytest.fixture
def people(db, today):
    """Four residents: three elders and a 45-year-old."""
    ids = {}
    with db.write() as s:
        for key, name, birth in (
            ("zhang", "张三明", dt.date(1940, 11, 5)),
            ("li", "李𠮷", dt.date(1945, 3, 9)),
            ("wang", "王秀英", dt.date(1950, 11, 30)),
            ("young", "赵小明", dt.date(1981, 6, 1)),
        ):
            ids[key] = create_resident(s, ResidentInput(name=name, birth_date=birth, phone=""), today=today).id
    return ids


def do_enrol(db, resident_id, *, on=MON - dt.timedelta(days=30), days=(1, 2, 3, 4, 5), contacts=None, **kw):
    confirmed = kw.pop("confirmed", False)
    with db.write() as s:
        e = enrol(
            s,
            EnrolmentInput(
                resident_id=resident_id,
                enrolled_on=on,
                care_level=kw.pop("care_level", "mild"),
                service_days=frozenset(days),
                contacts=contacts if contacts is not None else [daughter()],
                **kw,
            ),
            today=MON,
            confirmed=confirmed,
        )
        return e.id


# --- enrolment ----------------------------------------------------------------------------


def test_enrol_keeps_details_contacts_and_first_history_row(db, people):
    eid = do_enrol(
        db,
        people["zhang"],
        conditions="高血压",
        medications="氨氯地平",
        contacts=[daughter(), ContactInput("李强", "邻居", "", emergency=False, may_collect=True)],
    )
    with db.session() as s:
        e = enrolment_of(s, people["zhang"])
        assert e.id == eid and e.status == "active" and e.service_days == "12345"
        assert e.conditions == "高血压"
        assert [(c.name, c.emergency, c.may_collect) for c in e.contacts] == [("王芳", True, True), ("李强", False, True)]
        assert [(h.status, h.effective_on) for h in e.history] == [("active", MON - dt.timedelta(days=30))]
        assert [c.name for c in collectors(s, people["zhang"])] == ["王芳", "李强"]
        assert "高血压" not in repr(e)


def test_enrolment_needs_an_emergency_contact_with_a_valid_phone(db, people):
    with pytest.raises(ValidationFailed) as info:
        do_enrol(db, people["zhang"], contacts=[])
    assert "emergency contact" in info.value.errors["contacts"]
    with pytest.raises(ValidationFailed) as info:
        do_enrol(db, people["zhang"], contacts=[daughter(phone="1380013800")])
    assert "11 digits" in info.value.errors["contact_1"]
    with pytest.raises(ValidationFailed) as info:
        do_enrol(db, people["zhang"], contacts=[daughter(phone="")])
    assert "needs a phone" in info.value.errors["contact_1"]
    with pytest.raises(ValidationFailed) as info:
        do_enrol(db, people["zhang"], days=())
    assert "service day" in info.value.errors["service_days"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(StatusChange)) == 0


def test_under_sixty_asks_for_confirmation(db, people):
    with pytest.raises(NeedsConfirmation) as info:
        do_enrol(db, people["young"])
    assert "younger than 60" in str(info.value)
    with db.session() as s:
        assert enrolment_of(s, people["young"]) is None
    do_enrol(db, people["young"], confirmed=True)
    with db.session() as s:
        assert enrolment_of(s, people["young"]).status == "active"


def test_a_second_enrolment_is_refused(db, people):
    do_enrol(db, people["zhang"])
    with pytest.raises(ValidationFailed) as info:
        do_enrol(db, people["zhang"])
    assert "already enrolled" in info.value.errors["resident"]


def test_update_marks_removed_contacts_inactive(db, people):
    eid = do_enrol(db, people["zhang"], contacts=[daughter(), ContactInput("李强", "邻居", "13900001111")])
    with db.write() as s:
        data = EnrolmentInput.from_enrolment(enrolment_of(s, people["zhang"]))
        data.contacts = data.contacts[1:]
        update_enrolment(s, eid, data, today=MON)
    with db.session() as s:
        assert [c.name for c in collectors(s, people["zhang"])] == ["李强"]
        assert len(enrolment_of(s, people["zhang"]).contacts) == 2  # kept, inactive


# --- status history ----------------------------------------------------------------------------


def test_status_history_and_status_on_a_day(db, people):
    eid = do_enrol(db, people["zhang"], on=dt.date(2026, 10, 1))
    with db.write() as s:
        set_status(s, eid, "paused", effective_on=dt.date(2026, 10, 10), reason="住院", today=MON)
        set_status(s, eid, "active", effective_on=dt.date(2026, 10, 20), today=MON)
    with db.session() as s:
        e = enrolment_of(s, people["zhang"])
        assert [h.status for h in e.history] == ["active", "paused", "active"]
        assert e.status == "active" and e.status_since == dt.date(2026, 10, 20)
        assert status_on(e, dt.date(2026, 9, 30)) is None
        assert status_on(e, dt.date(2026, 10, 15)) == "paused"
        assert status_on(e, dt.date(2026, 10, 20)) == "active"
    # The board of a day in the pause did not expect the elder.
    with db.session() as s:
        assert board(s, dt.date(2026, 10, 13)).expected == []  # a Tuesday, paused
        assert [r.name for r in board(s, dt.date(2026, 10, 20)).expected] == ["张三明"]


def test_status_change_refusals(db, people):
    eid = do_enrol(db, people["zhang"], on=dt.date(2026, 10, 1))
    with db.write() as s:
        set_status(s, eid, "paused", effective_on=dt.date(2026, 10, 10), reason="住院", today=MON)
    cases = [
        (dict(status="paused", effective_on=dt.date(2026, 10, 12), reason="x"), "status", "already paused"),
        (dict(status="left", effective_on=dt.date(2026, 10, 5), reason="x"), "effective_on", "cannot be earlier"),
        (dict(status="left", effective_on=MON + dt.timedelta(days=1), reason="x"), "effective_on", "today or earlier"),
        (dict(status="left", effective_on=MON, reason=""), "reason", "reason"),
    ]
    for kwargs, key, text in cases:
        with pytest.raises(ValidationFailed) as info, db.write() as s:
            set_status(s, eid, today=MON, **kwargs)
        assert text in info.value.errors[key]
    with db.write() as s:
        set_status(s, eid, "deceased", effective_on=MON, reason="病故", today=MON)
    with pytest.raises(ValidationFailed) as info, db.write() as s:
        set_status(s, eid, "active", effective_on=MON, today=MON)
    assert "deceased" in info.value.errors["status"]


def test_re_enrolment_after_leaving_continues_the_history(db, people):
    eid = do_enrol(db, people["zhang"], on=dt.date(2026, 9, 1))
    with db.write() as s:
        set_status(s, eid, "left", effective_on=dt.date(2026, 10, 1), reason="搬家", today=MON)
    assert do_enrol(db, people["zhang"], on=MON) == eid
    with db.session() as s:
        assert [h.status for h in enrolment_of(s, people["zhang"]).history] == ["active", "left", "active"]


# --- check-in and check-out refusals ------------------------------------------------------------------


def test_check_in_refuses_the_not_enrolled_and_the_paused(db, people):
    with pytest.raises(NotEnrolled) as info, db.write() as s:
        check_in(s, people["wang"], at=at(MON, "08:30"))
    assert "王秀英 is not enrolled" in str(info.value)
    assert info.value.resident_id == people["wang"]
    eid = do_enrol(db, people["wang"])
    with db.write() as s:
        set_status(s, eid, "paused", effective_on=MON, reason="回老家", today=MON)
    with pytest.raises(NotActive) as info2, db.write() as s:
        check_in(s, people["wang"], at=at(MON, "08:30"))
    assert "paused" in str(info2.value) and info2.value.enrolment_id == eid
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 0


def test_second_check_in_the_same_day_is_refused(db, people):
    do_enrol(db, people["zhang"])
    with db.write() as s:
        check_in(s, people["zhang"], at=at(MON, "08:31"))
    with pytest.raises(LinliError) as info, db.write() as s:
        check_in(s, people["zhang"], at=at(MON, "09:00"))
    assert "already checked in at 08:31" in str(info.value)


def test_the_database_refuses_a_duplicate_visit_too(db, people):
    """Two desks at once: the unique constraint backs the rule."""
    eid = do_enrol(db, people["zhang"])
    with db.write() as s:
        check_in(s, people["zhang"], at=at(MON, "08:31"))
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.write() as s:
        s.add(Visit(enrolment_id=eid, visit_date=MON, check_in=at(MON, "08:40")))
        s.flush()


def test_check_out_refusals(db, people):
    do_enrol(db, people["zhang"])
    with pytest.raises(LinliError) as info, db.write() as s:
        check_out(s, people["zhang"], at=at(MON, "16:00"), collector_name="王芳")
    assert "not checked in" in str(info.value)
    with db.write() as s:
        check_in(s, people["zhang"], at=at(MON, "08:30"))
    with pytest.raises(LinliError) as info, db.write() as s:
        check_out(s, people["zhang"], at=at(MON, "08:00"), collector_name="王芳")
    assert "cannot be earlier" in str(info.value)
    with pytest.raises(ValidationFailed) as info2, db.write() as s:
        check_out(s, people["zhang"], at=at(MON, "16:00"))
    assert "Who is collecting" in info2.value.errors["collector"]
    with db.write() as s:
        check_out(s, people["zhang"], at=at(MON, "16:00"), collector_name="王芳")
    with pytest.raises(LinliError) as info, db.write() as s:
        check_out(s, people["zhang"], at=at(MON, "16:30"), collector_name="王芳")
    assert "already checked out at 16:00" in str(info.value)


def test_collectors_listed_and_unlisted(db, people):
    do_enrol(db, people["zhang"])
    do_enrol(db, people["li"], contacts=[daughter(name="李红")])
    with db.write() as s:
        check_in(s, people["zhang"], at=at(MON, "08:30"))
        check_in(s, people["li"], at=at(MON, "08:35"))
        listed = collectors(s, people["zhang"])[0]
        # Another elder's collector cannot be picked by id.
        with pytest.raises(ValidationFailed):
            check_out(s, people["li"], at=at(MON, "16:20"), collector_id=listed.id)
        v1 = check_out(s, people["zhang"], at=at(MON, "16:00"), collector_id=listed.id)
        v2 = check_out(s, people["li"], at=at(MON, "16:10"), collector_name="陌生人")
        assert (v1.collected_by, v1.unlisted_collector) == ("王芳", False)
        assert (v2.collected_by, v2.unlisted_collector, v2.collector_id) == ("陌生人", True, None)


def test_a_typed_name_on_the_list_counts_as_listed(db, people):
    do_enrol(db, people["zhang"])
    with db.write() as s:
        check_in(s, people["zhang"], at=at(MON, "08:30"))
        v = check_out(s, people["zhang"], at=at(MON, "16:00"), collector_name=" 王芳 ")
        assert not v.unlisted_collector and v.collector_id is not None


# --- the board --------------------------------------------------------------------------------------


def test_board_for_a_day(db, people):
    do_enrol(db, people["zhang"])  # Mon–Fri
    do_enrol(db, people["li"], days=(1, 3), contacts=[daughter(name="李红")])
    do_enrol(db, people["wang"], days=(2,))  # not expected on Monday, comes anyway
    with db.write() as s:
        check_in(s, people["zhang"], at=at(MON, "08:30"))
        check_in(s, people["wang"], at=at(MON, "08:40"))
        check_out(s, people["wang"], at=at(MON, "15:00"), collector_name="陌生人")
    with db.session() as s:
        b = board(s, MON)
    assert b.counts == {"expected": 2, "arrived": 2, "in": 1, "left": 1, "absent": 1}
    assert [r.name for r in b.waiting] == ["李𠮷"]
    assert [r.name for r in b.inside] == ["张三明"]
    assert [(r.name, r.expected, r.unlisted_collector) for r in b.left] == [("王秀英", False, True)]
    assert [r.name for r in b.unlisted] == ["王秀英"]


def test_a_check_in_outside_the_service_days_carries_a_note(db, people):
    from models.daycare.desk import off_service_day_note, serves_on

    do_enrol(db, people["zhang"])  # Mon–Fri
    do_enrol(db, people["li"], days=(2, 4), contacts=[daughter(name="李红")])  # Tue and Thu
    with db.write() as s:
        on_day = check_in(s, people["zhang"], at=at(MON, "08:30"))
        off_day = check_in(s, people["li"], at=at(MON, "08:35"))  # kept: not refused
        assert off_service_day_note(s, on_day) == ""
        note = off_service_day_note(s, off_day)
        saturday = check_in(s, people["zhang"], at=at(MON + dt.timedelta(days=5), "09:00"))
        assert "Sat is not one of 张三明's service days (Mon, Tue, Wed, Thu, and Fri)" in off_service_day_note(s, saturday)
        enrolment = enrolment_of(s, people["li"])
        assert [serves_on(enrolment, MON + dt.timedelta(days=k)) for k in range(7)] == [
            False, True, False, True, False, False, False]
    assert note == ("Mon is not one of 李𠮷's service days (Tue and Thu): checked in all the same, "
                    "not counted among the expected.")
    with db.session() as s:
        assert board(s, MON).counts["expected"] == 1 and board(s, MON).counts["in"] == 2


def test_search_finds_enrolled_first_and_others_when_none_match(db, people):
    do_enrol(db, people["zhang"])
    with db.session() as s:
        assert [h.name for h in search_for_checkin(s, "zsm")] == ["张三明"]
        assert [h.name for h in search_for_checkin(s, "wxy")] == ["王秀英"]  # not enrolled, still found


# --- corrections and the paper sheet ------------------------------------------------------------------


def test_correction_of_a_past_day_is_logged_with_its_reason(db, people):
    eid = do_enrol(db, people["zhang"])
    with pytest.raises(ValidationFailed) as info, db.write() as s:
        correct_visit(s, eid, MON, check_in_time=dt.time(8, 30), reason="")
    assert "reason" in info.value.errors
    with db.write() as s:
        correct_visit(s, eid, MON, check_in_time=dt.time(8, 30), check_out_time=dt.time(16, 0),
                      collector_name="王芳", reason="停电，补录", by="clerk1")
    with pytest.raises(ValidationFailed) as info, db.write() as s:
        correct_visit(s, eid, MON, check_in_time=dt.time(9, 0), check_out_time=dt.time(8, 0),
                      collector_name="王芳", reason="x")
    assert "before the check-in" in info.value.errors["check_out"]
    with db.write() as s:
        correct_visit(s, eid, MON, check_in_time=None, reason="误签")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 0
        log = s.execute(select(Correction.before, Correction.after, Correction.reason, Correction.corrected_by)
                        .order_by(Correction.id)).all()
    # Without ``by`` the correction names the acting account (the tests act as ``system``).
    assert log == [("-", "08:30-16:00 王芳", "停电，补录", "clerk1"), ("08:30-16:00 王芳", "-", "误签", "system")]


def test_paper_sheet_entry(db, people):
    e1 = do_enrol(db, people["zhang"])
    e2 = do_enrol(db, people["li"], contacts=[daughter(name="李红")])
    e3 = do_enrol(db, people["wang"])
    with db.session() as s:
        sheet = attendance_sheet(s, [MON])
    assert [line.name for line in sheet[0].lines] == ["李𠮷", "王秀英", "张三明"]
    entries = [
        SheetEntry(e1, True, dt.time(8, 30), dt.time(16, 0), "王芳"),
        SheetEntry(e2, True, dt.time(8, 45)),
        SheetEntry(e3, False),
    ]
    with pytest.raises(ValidationFailed) as info, db.write() as s:
        enter_paper_sheet(s, MON, [SheetEntry(e1, True, None)])
    assert "arrival time" in info.value.errors[f"line_{e1}"]
    with db.write() as s:
        assert enter_paper_sheet(s, MON, entries) == 2
    with db.write() as s:  # typed twice: nothing changes
        assert enter_paper_sheet(s, MON, entries) == 0
    with db.session() as s:
        b = board(s, MON)
        assert b.counts["in"] == 1 and b.counts["left"] == 1 and b.counts["absent"] == 1
        assert all(r.corrected for r in b.inside + b.left)


# --- birthdays and statistics ---------------------------------------------------------------------------


def test_birthdays_this_month(db, people):
    do_enrol(db, people["zhang"])
    do_enrol(db, people["li"])
    do_enrol(db, people["wang"])
    with db.session() as s:
        got = birthdays(s, 2026, 11)
    assert [(b.name, b.birth_date.day, b.age) for b in got] == [("张三明", 5, 86), ("王秀英", 30, 76)]


def test_monthly_statistics_against_a_hand_counted_fixture(db, people):
    do_enrol(db, people["zhang"], on=dt.date(2026, 10, 1))
    do_enrol(db, people["li"], on=dt.date(2026, 10, 1), contacts=[daughter(name="李红")])
    do_enrol(db, people["wang"], on=dt.date(2026, 10, 1))
    # Hand-counted: zhang 3 days, li 2 days, wang 1 day, plus one visit in October
    # and one in December that must not count.
    visits = [
        ("zhang", "2026-11-02"), ("zhang", "2026-11-03"), ("zhang", "2026-11-30"),
        ("li", "2026-11-02"), ("li", "2026-11-03"),
        ("wang", "2026-11-02"),
        ("wang", "2026-10-30"), ("zhang", "2026-12-01"),
    ]
    with db.write() as s:
        for key, day in visits:
            check_in(s, people[key], at=at(dt.date.fromisoformat(day), "08:30"))
    with db.session() as s:
        stats = month_stats(s, 2026, 11, with_grid=True)
    assert [(e.name, e.days) for e in stats.per_elder] == [("李𠮷", 2), ("王秀英", 1), ("张三明", 3)]
    assert stats.per_day == {dt.date(2026, 11, 2): 3, dt.date(2026, 11, 3): 2, dt.date(2026, 11, 30): 1}
    assert stats.total == 6 and stats.open_days == 3 and stats.average == 2.0
    assert len(stats.days_in_month) == 30
    assert sum(len(v) for v in stats.grid.values()) == 6


def test_month_and_week_parsing():
    assert parse_month("2026-11") == (2026, 11)
    with pytest.raises(ValueError, match="Not a month"):
        parse_month("2026-13")
    days = week_days("2026-W45")
    assert days[0] == MON and len(days) == 7
    with pytest.raises(ValueError, match="Not a week"):
        week_days("2026-45")
