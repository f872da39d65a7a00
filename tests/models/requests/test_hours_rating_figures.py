"""Hours reach the member's service record once; the rating window; "not rated" never invented;
the "silence is satisfied" setting; the month's figures; the suggestions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models.party.entities import ServiceRecord
from models.party.service import service_by_member, service_summary
from models.requests import (
    Handler,
    MoveRefused,
    RequestInput,
    dispatch,
    done,
    find_category,
    get_request,
    overdue_count,
    overdue_requests,
    rate,
    reopen,
    request_view,
    set_silence_is_satisfied,
    suggest_members,
    take,
    take_request,
)
from models.requests.statistics import month_figures

D = dt.date
TODAY = D(2026, 11, 30)


RECEIVED, DONE_ON = D(2026, 11, 2), D(2026, 11, 4)


def _done(s, people, *, received=RECEIVED, done_on=DONE_ON, who="fixer", hours=1.5,  # type: ignore[no-untyped-def]
          category="维修", urgent=False):
    r = take_request(s, RequestInput(category, "水龙头漏水", resident_id=people["asker"], received_on=received,
                                     urgent=urgent), today=TODAY)
    kind = "member" if who in ("fixer", "registered", "lawyer") else "unit"
    handler = Handler(kind, resident_id=people[who]) if kind == "member" else Handler("unit", name=who)
    dispatch(s, r, handler, on=received, today=TODAY)
    take(s, r, on=received, today=TODAY)
    done(s, r, hours, "换了垫圈", on=done_on, today=TODAY)
    return r


def test_the_hours_reach_the_member_s_service_record_once(db, people) -> None:
    with db.write() as s:
        r = _done(s, people, hours=1.5)
        number, rid = r.number, r.id
    with db.session() as s:
        (record,) = s.scalars(select(ServiceRecord))
        assert (record.member_id, record.request_id, record.minutes, record.person_times) == (
            people["fixer_member"], rid, 90, 1)
        assert number in record.description  # the link back a clerk can read
        summary = service_summary(s, D(2026, 1, 1), TODAY)
        assert (summary.served, summary.minutes, summary.person_times) == (1, 90, 1)
        line = next(x for x in service_by_member(s, D(2026, 1, 1), TODAY) if x.member_id == people["fixer_member"])
        assert (line.times, line.minutes) == (1, 90)
    # Rated not satisfied, reopened and done again by the same member: still one record, the hours in all.
    with db.write() as s:
        r = get_request(s, number)
        rate(s, r, "unsatisfied", "又漏了", on=D(2026, 11, 5), today=TODAY)
        reopen(s, r, on=D(2026, 11, 6), today=TODAY)
        dispatch(s, r, Handler("member", resident_id=people["fixer"]), on=D(2026, 11, 6), today=TODAY)
        take(s, r, on=D(2026, 11, 6), today=TODAY)
        done(s, r, 1, "换了龙头", on=D(2026, 11, 9), today=TODAY)
    with db.session() as s:
        records = list(s.scalars(select(ServiceRecord)))
        assert len(records) == 1 and records[0].minutes == 150 and records[0].served_on == D(2026, 11, 9)
        assert service_summary(s, D(2026, 1, 1), TODAY).person_times == 1


def test_no_service_record_for_a_unit_or_a_member_not_reporting_in(db, people) -> None:
    with db.write() as s:
        _done(s, people, who="幸福里物业")
        _done(s, people, who="registered")
    with db.session() as s:
        assert list(s.scalars(select(ServiceRecord))) == []


def test_rating_within_five_working_days_then_not_rated(db, people) -> None:
    with db.write() as s:
        late = _done(s, people, done_on=D(2026, 11, 4)).number  # window: 5, 6, 9, 10, 11 November
        fresh = _done(s, people, done_on=D(2026, 11, 27)).number
    with db.write() as s:
        try:
            rate(s, get_request(s, late), "satisfied", on=D(2026, 11, 12), today=TODAY)
        except MoveRefused as exc:
            assert "closed on" in str(exc) and "not rated" in str(exc)
        else:  # pragma: no cover
            raise AssertionError("a rating after the window was taken")
    with db.session() as s:
        assert request_view(s, get_request(s, late), TODAY).rating == "not_rated"
        assert get_request(s, late).rating is None  # never invented
        assert request_view(s, get_request(s, fresh), TODAY).rating == "awaiting"
    with db.write() as s:
        rate(s, get_request(s, late), "basic", "挺好", on=D(2026, 11, 11), today=TODAY)  # the last day is in
    with db.session() as s:
        assert get_request(s, late).rating == "basic"


def test_the_month_s_figures_and_the_silence_setting(db, people) -> None:
    with db.write() as s:
        a = _done(s, people, done_on=D(2026, 11, 4))  # on time (deadline 5 Nov), rated satisfied
        rate(s, a, "satisfied", on=D(2026, 11, 5), today=TODAY)
        b = _done(s, people, done_on=D(2026, 11, 10))  # late, rated not satisfied
        rate(s, b, "unsatisfied", on=D(2026, 11, 10), today=TODAY)
        _done(s, people, done_on=D(2026, 11, 4), who="街道城管科")  # never rated
        open_late = take_request(s, RequestInput("代办", "代缴", caller_name="王秀英", caller_phone="13912345678",
                                                 channel="phone", received_on=D(2026, 11, 2)), today=TODAY)
        dispatch(s, open_late, Handler("department", name="街道社会事务办"), on=D(2026, 11, 2), today=TODAY)
    with db.session() as s:
        fig = month_figures(s, 2026, 11, today=TODAY)
    c = fig.counts
    assert (fig.received, c.done, c.on_time, fig.escalated) == (4, 3, 2, 1)
    assert fig.overdue == 2  # b done after its deadline, the errand still open past its deadline
    assert (c.rated, c.satisfied, c.unsatisfied, c.not_rated) == (2, 1, 1, 1)
    assert c.satisfaction == 0.5 and fig.note == ""
    assert dict((n, (r, d)) for n, r, d in fig.by_category) == {"维修": (3, 3), "代办": (1, 0)}
    assert dict(fig.by_channel) == {"desk": 3, "phone": 1}
    assert c.average_days == (2 + 6 + 2) / 3  # working days after 2 Nov up to done
    fixer = next(h for h in fig.by_handler if h.kind == "member")
    assert (fixer.name, fixer.counts.done, fixer.counts.on_time, fixer.counts.minutes) == ("郑𠮷", 2, 1, 180)
    with db.write() as s:
        set_silence_is_satisfied(s, True)
    with db.session() as s:
        fig = month_figures(s, 2026, 11, today=TODAY)
    assert (fig.counts.rated, fig.counts.assumed, fig.counts.not_rated) == (3, 1, 0)
    assert round(fig.counts.satisfaction, 3) == round(2 / 3, 3) and "counted as satisfied" in fig.note


def test_the_overdue_list_oldest_first_and_its_count(db, people) -> None:
    with db.write() as s:
        for received in (D(2026, 11, 10), D(2026, 11, 2), D(2026, 11, 25)):
            take_request(s, RequestInput("维修", "灯坏了", resident_id=people["asker"], received_on=received),
                         today=TODAY)
    with db.session() as s:
        rows = overdue_requests(s, TODAY)
        assert [r.received_on for r in rows] == [D(2026, 11, 2), D(2026, 11, 10)]  # 25 Nov: due 30 Nov, not late
        assert rows[0].overdue_days == working_days_late(D(2026, 11, 5))
        assert overdue_count(s, TODAY) == 2


def working_days_late(deadline: dt.date) -> int:
    """Counted by hand for the test: working days from the day after the deadline to TODAY (30 Nov 2026)."""
    day, n = deadline + dt.timedelta(days=1), 0
    while day <= TODAY:
        n += day.weekday() < 5  # November 2026 has no public holiday
        day += dt.timedelta(days=1)
    return n


def test_the_suggestions_match_the_category_and_count_open_requests(db, people) -> None:
    with db.write() as s:
        busy = take_request(s, RequestInput("法律咨询", "合同纠纷", resident_id=people["asker"]), today=TODAY)
        dispatch(s, busy, Handler("member", resident_id=people["lawyer"]), today=TODAY)
    with db.session() as s:
        repairs = suggest_members(s, find_category(s, "维修"))
        legal = suggest_members(s, find_category(s, "法律咨询"))
    assert [(x.name, x.matches, x.open_requests) for x in repairs] == [("郑𠮷", True, 0), ("欧阳明理", False, 1)]
    assert [(x.name, x.matches, x.open_requests) for x in legal] == [("欧阳明理", True, 1), ("郑𠮷", False, 0)]
    assert all(x.name != "钱多多" for x in repairs)  # a registered member does not report in
