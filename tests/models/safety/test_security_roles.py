"""Roles are enforced in the domain layer, not only by hidden menus."""

from __future__ import annotations

import datetime as dt

import pytest

from models import daycare
from models.core.settings import CentreInfo, save_centre_info
from models.party.roster import MemberListSource
from models.residents.registry import (
    ResidentInput,
    ResidentListSource,
    create_resident,
    get_resident,
    set_archived,
)
from models.safety.security import (
    ADMIN,
    CLERK,
    VOLUNTEER,
    Actor,
    PermissionDenied,
    acting_as,
    allowed,
    can,
)

VOLUNTEER_ACTOR = Actor("xiaoli", VOLUNTEER, user_id=3)
CLERK_ACTOR = Actor("wang", CLERK, user_id=2)


@pytest.fixture
def resident_id(db, today, make_id) -> int:
    with db.write() as s:
        return create_resident(
            s, ResidentInput(name="赵六", id_number=make_id("19450302", 21), phone="13812345678", notes="高血压"),
            today=today,
        ).id


def test_role_table() -> None:
    assert allowed(ADMIN, "accounts.manage") and allowed(ADMIN, "anything.at_all")
    assert allowed(CLERK, "residents.write") and not allowed(CLERK, "accounts.manage")
    assert not allowed(CLERK, "meals.policy") and not allowed(CLERK, "settings.write")
    for permission in ("residents.read", "residents.ids", "residents.write", "party.read", "daycare.read",
                       "audit.read", "export.personal"):
        assert not allowed(VOLUNTEER, permission), permission
    assert allowed(VOLUNTEER, "daycare.checkin") and allowed(VOLUNTEER, "activities.book")


def test_volunteer_may_not_write_residents_or_read_their_record(db, today, resident_id) -> None:
    with acting_as(VOLUNTEER_ACTOR):
        assert not can("residents.write")
        with db.write() as s, pytest.raises(PermissionDenied, match="Volunteer"):
            create_resident(s, ResidentInput(name="新人"), today=today)
        with db.write() as s, pytest.raises(PermissionDenied):
            set_archived(s, resident_id, True)
        with db.session() as s, pytest.raises(PermissionDenied):
            ResidentInput.from_resident(get_resident(s, resident_id))  # notes, full ID number
    with db.session() as s:
        assert not get_resident(s, resident_id).archived


def test_volunteer_list_shows_no_id_numbers_and_masked_phones(db, resident_id) -> None:
    source = ResidentListSource()
    with db.session() as s:
        admin_row = source.rows(s, [resident_id])[resident_id]
        with acting_as(VOLUNTEER_ACTOR):
            ids = source.ids(s, "", None, False)
            row = source.rows(s, ids)[resident_id]
    assert admin_row[3].startswith("110") and "*" in admin_row[3]
    assert row[3] == ""
    assert "13812345678" not in row and "13812345678" not in admin_row
    assert row[4].endswith("5678")


def test_volunteer_sees_no_party_data(db) -> None:
    with acting_as(VOLUNTEER_ACTOR), db.session() as s, pytest.raises(PermissionDenied):
        MemberListSource().ids(s, "", None, False)


def test_volunteer_checks_in_but_cannot_open_the_health_record(db, today) -> None:
    monday = today - dt.timedelta(days=today.weekday())  # a service day
    with db.write() as s:
        elder = create_resident(s, ResidentInput(name="赵六", birth_date=dt.date(1945, 3, 2)), today=monday).id
        enrolment_id = daycare.enrol(
            s,
            daycare.EnrolmentInput(resident_id=elder, enrolled_on=monday, conditions="高血压",
                                   contacts=[daycare.ContactInput(name="赵一", relation="son", phone="13812345678")]),
            today=monday, confirmed=True,
        ).id
    with acting_as(VOLUNTEER_ACTOR):
        with db.write() as s:
            daycare.board(s, monday)
            assert daycare.check_in(s, elder, at=dt.datetime.combine(monday, dt.time(8, 30))).id
        with db.session() as s, pytest.raises(PermissionDenied):
            daycare.get_enrolment(s, enrolment_id)
        with db.write() as s, pytest.raises(PermissionDenied):
            daycare.enrol(s, daycare.EnrolmentInput(resident_id=elder, enrolled_on=monday), today=monday)


def test_only_administrators_change_settings(db) -> None:
    with acting_as(CLERK_ACTOR), db.write() as s, pytest.raises(PermissionDenied):
        save_centre_info(s, CentreInfo(name="x"))
    with db.write() as s:  # the system (administrator)
        save_centre_info(s, CentreInfo(name="x"))
