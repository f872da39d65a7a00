"""Deadlines count China's working days (holidays off, 调休 weekend days on), against a table computed by hand
from the State Council's calendars of 2025 and 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from models.requests import RequestInput, deadline_for, get_request, take_request
from models.requests.rating import rating_deadline

D = dt.date

# (received, working days, due) — each worked out on paper:
TABLE = [
    # National Day 2026: 1–7 October off, Saturday 10 October a working day (调休).
    (D(2026, 9, 30), 3, D(2026, 10, 10)),  # 8 Oct = 1, 9 Oct = 2, Sat 10 Oct = 3
    (D(2026, 9, 30), 1, D(2026, 10, 8)),
    (D(2026, 10, 3), 5, D(2026, 10, 13)),  # received on a holiday: 8, 9, 10, 12, 13
    # Spring Festival 2026: 15–23 February off, Saturdays 14 and 28 February working days.
    (D(2026, 2, 13), 1, D(2026, 2, 14)),  # the 调休 Saturday itself
    (D(2026, 2, 13), 3, D(2026, 2, 25)),  # Sat 14 = 1, 24 = 2, 25 = 3
    (D(2026, 2, 18), 5, D(2026, 2, 28)),  # 24, 25, 26, 27, Sat 28
    (D(2026, 2, 26), 3, D(2026, 3, 2)),  # 27, Sat 28, Mon 2 March
    # National Day 2025: 1–8 October off, Sunday 28 September and Saturday 11 October working days.
    (D(2025, 9, 26), 3, D(2025, 9, 30)),  # Sun 28 = 1, 29 = 2, 30 = 3
    (D(2025, 9, 30), 5, D(2025, 10, 14)),  # 9, 10, Sat 11, 13, 14
    # An ordinary week: Monday + 3 = Thursday.
    (D(2026, 11, 16), 3, D(2026, 11, 19)),
]


@pytest.mark.parametrize(("received", "days", "due"), TABLE, ids=[f"{r}+{n}" for r, n, _d in TABLE])
def test_the_deadline_in_china_s_working_days(received, days, due) -> None:
    assert deadline_for(received, days) == due


def test_a_request_gets_its_category_s_limit_counted_from_the_day_received(db, people) -> None:
    with db.write() as s:
        normal = take_request(s, RequestInput("维修", "水龙头漏水", resident_id=people["asker"],
                                              received_on=D(2026, 9, 30)), today=D(2026, 11, 1))
        urgent = take_request(s, RequestInput("助医", "明天去医院", resident_id=people["asker"], urgent=True,
                                              received_on=D(2026, 2, 13)), today=D(2026, 11, 1))
        other = take_request(s, RequestInput("代办", "代缴水费", resident_id=people["asker"],
                                             received_on=D(2026, 10, 3)), today=D(2026, 11, 1))
    with db.session() as s:
        assert get_request(s, normal.number).deadline == D(2026, 10, 10)  # 维修: 3 working days
        assert get_request(s, urgent.number).deadline == D(2026, 2, 14)  # urgent: 1
        assert get_request(s, other.number).deadline == D(2026, 10, 13)  # others: 5


def test_the_rating_window_is_five_working_days_after_done() -> None:
    assert rating_deadline(D(2026, 9, 30)) == D(2026, 10, 13)  # 8, 9, Sat 10, 12, 13
    assert rating_deadline(D(2026, 2, 12)) == D(2026, 2, 26)  # 13, Sat 14, 24, 25, 26
