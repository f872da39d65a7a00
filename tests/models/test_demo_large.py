"""The ten-years dataset (models.demo_large) at a tiny scale: deterministic, and every rule holds."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

import models.activities as act
from models import daycare as dc
from models.core.db import check_database, open_database
from models.core.errors import LinliError
from models.demo_large import fill_ten_years
from models.meals import Meal
from models.party.entities import DuesPayment
from models.residents.entities import Resident
from models.residents.idcard import is_valid_id_number
from models.safety.audit import verify_chain

TODAY = dt.date(2026, 11, 22)
FACTOR = 0.005


def _fingerprint(db) -> tuple[dict[str, int], str]:  # type: ignore[no-untyped-def]
    """Row counts and a checksum of the key columns."""
    queries = {
        "resident": select(Resident.name, Resident.id_number, Resident.birth_date).order_by(Resident.id),
        "visit": select(dc.Visit.enrolment_id, dc.Visit.visit_date, dc.Visit.check_in).order_by(dc.Visit.id),
        "meal": select(Meal.resident_id, Meal.day, Meal.subsidy_fen, Meal.reason).order_by(Meal.id),
        "booking": select(act.ActivityBooking.activity_id, act.ActivityBooking.resident_id,
                          act.ActivityBooking.status).order_by(act.ActivityBooking.id),
        "dues": select(DuesPayment.member_id, DuesPayment.period, DuesPayment.due_fen).order_by(DuesPayment.id),
    }
    digest = hashlib.sha256()
    counts = {}
    with db.session() as s:
        for name, stmt in queries.items():
            rows = s.execute(stmt).all()
            counts[name] = len(rows)
            digest.update(repr([tuple(r) for r in rows]).encode())
    return counts, digest.hexdigest()


@pytest.fixture(scope="module")
def built():
    db = open_database(":memory:")
    summary = fill_ten_years(db, seed=2026, today=TODAY, factor=FACTOR)
    yield db, summary
    db.dispose()


def test_same_seed_same_data_and_another_seed_other_data(built) -> None:
    db, _summary = built
    again = open_database(":memory:")
    other = open_database(":memory:")
    try:
        fill_ten_years(again, seed=2026, today=TODAY, factor=FACTOR)
        fill_ten_years(other, seed=7, today=TODAY, factor=FACTOR)
        counts, checksum = _fingerprint(db)
        assert _fingerprint(again) == (counts, checksum)
        assert _fingerprint(other)[1] != checksum
        assert all(counts.values()), counts
    finally:
        again.dispose()
        other.dispose()


def test_the_database_and_the_audit_chain_are_sound(built) -> None:
    db, summary = built
    assert check_database(db).sound
    with db.session() as s:
        report = verify_chain(s)
    assert report.sound and report.entries >= summary.counts["audit entries (history)"]


def test_every_rule_holds(built) -> None:
    db, _summary = built
    with db.session() as s:
        numbers = [n for n in s.scalars(select(Resident.id_number)) if n]
        assert numbers and all(is_valid_id_number(n, today=TODAY) for n in numbers)
        # One visit per elder and day, while enrolled.
        assert not s.execute(select(dc.Visit.enrolment_id, dc.Visit.visit_date).group_by(
            dc.Visit.enrolment_id, dc.Visit.visit_date).having(func.count() > 1)).first()
        early = s.scalar(select(func.count()).select_from(dc.Visit).join(dc.Enrolment).where(
            dc.Visit.visit_date < dc.Enrolment.enrolled_on))
        assert early == 0
        # No activity holds more bookings than seats.
        taken = (select(act.ActivityBooking.activity_id, func.sum(act.ActivityBooking.seats).label("n"))
                 .group_by(act.ActivityBooking.activity_id).subquery())
        over = s.scalar(select(func.count()).select_from(taken).join(act.Activity, act.Activity.id == taken.c.activity_id)
                        .where(taken.c.n > act.Activity.capacity))
        assert over == 0
        # Subsidies never above the price; paid = price - subsidy.
        assert s.scalar(select(func.count()).select_from(Meal).where(
            (Meal.subsidy_fen > Meal.price_fen) | (Meal.paid_fen != Meal.price_fen - Meal.subsidy_fen))) == 0


def test_people_match_their_gender_and_the_nanjing_centre(built) -> None:
    from models.residents.demo_names import name_gender

    db, _summary = built
    with db.session() as s:
        rows = s.execute(select(Resident.name, Resident.gender, Resident.id_number, Resident.phone)).all()
        for name, gender, number, phone in rows:
            assert name_gender(name) == gender, name
            if number:
                assert number.startswith("3201") and int(number[16]) % 2 == (gender == "male")
            if phone and not phone.startswith("1"):
                assert phone.startswith("025")
        # The day-care contacts: a daughter has a woman's name, a son a man's, both the elder's surname.
        contacts = s.execute(select(dc.Contact.name, dc.Contact.relation, Resident.name)
                             .join(dc.Enrolment, dc.Contact.enrolment_id == dc.Enrolment.id)
                             .join(Resident, dc.Enrolment.resident_id == Resident.id)).all()
        assert contacts
        for name, relation, elder in contacts:
            assert name_gender(name) == {"女儿": "female", "儿子": "male"}[relation], (name, relation)
            assert name[0] == elder[0]


def test_refuses_a_database_with_residents(built) -> None:
    db, _summary = built
    with pytest.raises(LinliError):
        fill_ten_years(db, seed=1, today=TODAY, factor=FACTOR)
