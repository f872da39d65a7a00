"""Property-based tests (hypothesis): ID normalisation, the booking invariant, the subsidy invariant."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

import models.activities as act
from models.activities import ActivityInput, BookingRequest, book, cancel_booking, create_activity
from models.core.db import open_database
from models.core.errors import ValidationFailed
from models.meals import CATEGORIES, MEAL_KINDS, PolicyData, RuleData, compute_subsidy
from models.residents.idcard import IdNumberError, check_digit, parse_id_number

# No example database: nothing is written into the working tree.
FEW = settings(max_examples=40, deadline=None, database=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture])
TODAY = dt.date(2026, 11, 20)
PROVINCES = ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
             "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65")

# --- ID numbers -------------------------------------------------------------------------


@st.composite
def valid_id_numbers(draw) -> str:
    area = draw(st.sampled_from(PROVINCES)) + f"{draw(st.integers(0, 9999)):04d}"
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
    seq = f"{draw(st.integers(0, 999)):03d}"
    first17 = f"{area}{birth:%Y%m%d}{seq}"
    return first17 + check_digit(first17)


_FULL_WIDTH = {ch: chr(0xFF10 + int(ch)) for ch in "0123456789"} | {"X": "Ｘ"}


@st.composite
def as_typed(draw, number: str) -> str:
    """The number as someone might type it: full-width characters, separators, a lower-case x."""
    out = []
    for ch in number:
        form = draw(st.sampled_from(("plain", "full", "lower")))
        if form == "full":
            ch = _FULL_WIDTH[ch]
        elif form == "lower":
            ch = ch.lower()
        out.append(ch)
        out.append(draw(st.sampled_from(("", "", "", " ", "-", "\u3000", "\u2010"))))
    return "".join(out)


@FEW
@given(data=st.data())
def test_any_valid_number_survives_how_it_is_typed(data) -> None:
    number = data.draw(valid_id_numbers())
    typed = data.draw(as_typed(number))
    assert parse_id_number(number, today=TODAY).number == number
    assert parse_id_number(typed, today=TODAY).number == number


@FEW
@given(number=valid_id_numbers(), position=st.integers(0, 17), replacement=st.sampled_from("0123456789X"))
def test_any_single_character_change_is_refused(number, position, replacement) -> None:
    if replacement == number[position] or (replacement == "X" and position != 17):
        replacement = str((int(number[position]) + 1) % 10) if number[position] != "X" else "0"
    changed = number[:position] + replacement + number[position + 1:]
    assert changed != number
    with pytest.raises(IdNumberError):
        parse_id_number(changed, today=TODAY)


# --- the booking invariant --------------------------------------------------------------

NOW = dt.datetime(2026, 11, 20, 10, 0)
_days = itertools.count(1)


@pytest.fixture(scope="module")
def shared_db():
    db = open_database(":memory:")
    yield db
    db.dispose()


operations = st.lists(
    st.one_of(
        st.tuples(st.just("book"), st.integers(1, act.MAX_SEATS_PER_BOOKING)),
        st.tuples(st.just("cancel"), st.integers(0, 50)),
    ),
    min_size=1,
    max_size=25,
)


@FEW
@given(capacity=st.integers(1, 8), ops=operations)
def test_confirmed_seats_never_exceed_capacity_and_the_waitlist_keeps_its_order(shared_db, capacity, ops) -> None:
    db = shared_db
    start = dt.datetime(2027, 1, 1, 9, 0) + dt.timedelta(days=next(_days))  # no two examples clash
    with db.session() as s:
        room = s.scalar(select(act.ActivityRoom.id).where(act.ActivityRoom.name == "调解室"))
    with db.write() as s:
        aid = create_activity(s, ActivityInput(
            title="书法班", category="culture", room_id=room, starts_at=start,
            ends_at=start + dt.timedelta(hours=2), capacity=capacity)).id
    # The reference: booking id -> [seats, status]; whoever fits the free seats gets them, in booking order.
    model: dict[int, list] = {}

    def free() -> int:
        return capacity - sum(seats for seats, status in model.values() if status == "confirmed")

    for n, (op, value) in enumerate(ops):
        if op == "book":
            try:
                with db.write() as s:
                    result = book(s, BookingRequest(activity_id=aid, walkin_name=f"王{n}号",
                                                    walkin_phone=f"139{next(_days):08d}", seats=value), now=NOW)
            except ValidationFailed:
                assert value > capacity  # only a booking bigger than the activity is refused
                continue
            model[result.booking_id] = [value, "confirmed" if value <= free() else "waitlisted"]
        else:
            live = sorted(b for b, (_seats, status) in model.items() if status in ("confirmed", "waitlisted"))
            if not live:
                continue
            chosen = live[value % len(live)]
            with db.write() as s:
                cancel_booking(s, chosen, now=NOW)
            was_seated = model[chosen][1] == "confirmed"
            model[chosen][1] = "cancelled"
            if was_seated:
                for booking_id in sorted(model):
                    seats, status = model[booking_id]
                    if status == "waitlisted" and seats <= free():
                        model[booking_id][1] = "confirmed"
        with db.session() as s:
            rows = {b.id: b for b in s.scalars(select(act.ActivityBooking).where(act.ActivityBooking.activity_id == aid))}
            assert {i: b.status for i, b in rows.items()} == {i: status for i, (_s, status) in model.items()}
            assert act.seats_taken(s, aid) <= capacity
            waiting = sorted(i for i, b in rows.items() if b.status == "waitlisted")
            assert [act.waitlist_position(s, rows[i]) for i in waiting] == list(range(1, len(waiting) + 1))
            # Nobody waits while their seats are free (no one is skipped).
            assert all(rows[i].seats > capacity - act.seats_taken(s, aid) for i in waiting)


# --- the subsidy invariant --------------------------------------------------------------

amounts = st.integers(0, 2000)


@st.composite
def policies(draw) -> PolicyData:
    rules = []
    for _ in range(draw(st.integers(0, 4))):
        low = draw(st.integers(50, 100))
        high = draw(st.one_of(st.none(), st.integers(low, 110)))
        rules.append(RuleData("age", draw(amounts), low, high, meal_kind=draw(st.sampled_from((None, *MEAL_KINDS)))))
    for category in draw(st.lists(st.sampled_from(CATEGORIES), max_size=len(CATEGORIES), unique=True)):
        rules.append(RuleData("category", draw(amounts), category=category,
                              meal_kind=draw(st.sampled_from((None, *MEAL_KINDS)))))
    return PolicyData(id=1, name="p", effective_from=dt.date(2020, 1, 1), combine=draw(st.sampled_from(("add", "max"))),
                      rules=rules)


@FEW
@given(
    policy=policies(),
    birth=st.one_of(st.none(), st.dates(min_value=dt.date(1910, 1, 1), max_value=dt.date(1990, 1, 1))),
    flags=st.frozensets(st.sampled_from(CATEGORIES)),
    kind=st.sampled_from(MEAL_KINDS),
    price=st.integers(0, 5000),
    extra=st.booleans(),
)
def test_subsidy_is_between_zero_and_the_price_and_max_never_beats_add(policy, birth, flags, kind, price, extra) -> None:
    def subsidy(combine: str) -> int:
        policy.combine = combine
        return compute_subsidy(policy, birth_date=birth, flags=flags, day=TODAY, kind=kind,
                               unit_price_fen=price, extra_portion=extra).subsidy_fen

    as_max, as_add = subsidy("max"), subsidy("add")
    assert 0 <= as_max <= price and 0 <= as_add <= price
    assert as_max <= as_add
