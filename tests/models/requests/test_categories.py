"""The categories editor's rules: a unique, non-empty name; limits of 1–60 working days; a category in use is
retired, never deleted; every change audited, in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.core.errors import ValidationFailed
from models.requests import (
    CategoryRefused,
    RequestInput,
    categories,
    category_rows,
    delete_category,
    find_category,
    get_request,
    list_requests,
    retire_category,
    save_category,
    take_request,
)
from models.requests.entities import RequestCategory
from models.safety.audit import AuditEntry
from models.safety.security import CLERK, VOLUNTEER, Actor, PermissionDenied, acting_as

D = dt.date
TODAY = D(2026, 11, 30)


def _entries(s, table="request_category"):  # type: ignore[no-untyped-def]
    return [(e.action, e.record_id, e.summary) for e in s.scalars(
        select(AuditEntry).where(AuditEntry.table_name == table).order_by(AuditEntry.id))]


def test_add_a_category_and_change_its_limits_new_requests_follow(db, people) -> None:
    with db.write() as s:
        cat = save_category(s, "  助浴  ", 4, 2, "助浴 护理")
        cid = cat.id
    with db.session() as s:
        assert [c.name for c in categories(s)][-1] == "助浴"  # at the end of the list, spaces trimmed
        assert (find_category(s, "助浴").days, find_category(s, "助浴").urgent_days) == (4, 2)
        assert _entries(s)[-1] == ("create", cid, "助浴: limits 4/2 working days")
    # Received Monday 16 November: 4 working days → Friday 20.
    with db.write() as s:
        first = take_request(s, RequestInput("助浴", "帮老人洗澡", resident_id=people["asker"],
                                             received_on=D(2026, 11, 16)), today=TODAY)
        assert first.deadline == D(2026, 11, 20)
        first_number = first.number
    with db.write() as s:
        save_category(s, "助浴", 2, 1, "助浴 护理", category_id=cid)
    with db.write() as s:
        second = take_request(s, RequestInput("助浴", "帮老人洗澡", resident_id=people["asker"],
                                              received_on=D(2026, 11, 16)), today=TODAY)
        assert second.deadline == D(2026, 11, 18)  # the new limit
        urgent = take_request(s, RequestInput("助浴", "急", resident_id=people["asker"], urgent=True,
                                              received_on=D(2026, 11, 16)), today=TODAY)
        assert urgent.deadline == D(2026, 11, 17)
    with db.session() as s:
        assert get_request(s, first_number).deadline == D(2026, 11, 20)  # a request keeps the date it was given
        action, record_id, summary = _entries(s)[-1]
        assert (action, record_id) == ("change", cid) and "days" in summary and "4/2 → 2/1" in summary


@pytest.mark.parametrize(("name", "days", "urgent", "field", "message"), [
    ("", 3, 1, "name", "Enter the category's name"),
    ("   ", 3, 1, "name", "Enter the category's name"),
    ("维修", 3, 1, "name", "already a category “维修”"),
    ("新类别", 0, 1, "days", "1 to 60 working days"),
    ("新类别", 61, 1, "days", "1 to 60 working days"),
    ("新类别", 5, 0, "urgent_days", "1 to 60 working days"),
    ("新类别", 5, 61, "urgent_days", "1 to 60 working days"),
    ("新类别", 2, 3, "urgent_days", "cannot be longer than the normal one"),
])
def test_bad_names_and_limits_are_refused_and_nothing_is_written(db, name, days, urgent, field, message) -> None:
    with db.session() as s:
        before = len(categories(s, include_archived=True)), len(_entries(s))
    with pytest.raises(ValidationFailed) as caught, db.write() as s:
        save_category(s, name, days, urgent)
    assert message in caught.value.errors[field]
    with db.session() as s:
        assert (len(categories(s, include_archived=True)), len(_entries(s))) == before


def test_the_limits_at_the_edges_are_taken(db) -> None:
    with db.write() as s:
        save_category(s, "长期", 60, 60)
        save_category(s, "极短", 1, 1)
    with db.session() as s:
        assert (find_category(s, "长期").days, find_category(s, "极短").urgent_days) == (60, 1)


def test_renaming_onto_another_category_s_name_is_refused(db) -> None:
    with db.session() as s:
        repairs = find_category(s, "维修")
        cid, days, urgent = repairs.id, repairs.days, repairs.urgent_days
    with pytest.raises(ValidationFailed) as caught, db.write() as s:
        save_category(s, "代办", days, urgent, category_id=cid)
    assert "already a category" in caught.value.errors["name"]
    with db.write() as s:  # its own name again is no clash
        save_category(s, "维修", 4, urgent, category_id=cid)
    with db.session() as s:
        assert find_category(s, "维修").days == 4


def test_a_category_in_use_is_retired_not_deleted_and_old_requests_keep_it(db, people) -> None:
    with db.write() as s:
        r = take_request(s, RequestInput("环境", "楼道堆物", resident_id=people["asker"], received_on=D(2026, 11, 2)),
                         today=TODAY)
        number = r.number
        cid = r.category_id
    with pytest.raises(CategoryRefused, match="on 1 request: it cannot be deleted; retire it"), db.write() as s:
        delete_category(s, cid)
    with db.write() as s:
        retire_category(s, cid)
    with db.session() as s:
        assert "环境" not in [c.name for c in categories(s)]  # the intake list
        row = next(c for c in category_rows(s) if c.id == cid)
        assert (row.retired, row.used) == (True, 1)
        assert list_requests(s, text=number, today=TODAY)[0].category == "环境"  # the old request still shows it
        assert _entries(s)[-1] == ("archive", cid, "环境: retired")
    with pytest.raises(Exception, match="Unknown category “环境”"), db.write() as s:
        take_request(s, RequestInput("环境", "新的", resident_id=people["asker"]), today=TODAY)
    with pytest.raises(Exception, match="No category"), db.write() as s:
        take_request(s, RequestInput(cid, "新的", resident_id=people["asker"]), today=TODAY)
    # Editing a retired category's limits keeps it retired; bringing it back shows it again.
    with db.write() as s:
        save_category(s, "环境", 4, 1, category_id=cid)
    with db.session() as s:
        assert s.get(RequestCategory, cid).archived
    with db.write() as s:
        retire_category(s, cid, retired=False)
    with db.session() as s:
        assert "环境" in [c.name for c in categories(s)]
        assert _entries(s)[-1] == ("unarchive", cid, "环境: in use again")


def test_an_unused_category_may_be_deleted_but_not_the_last_one(db) -> None:
    with db.write() as s:
        cid = save_category(s, "错加的", 5, 1).id
    with db.write() as s:
        assert delete_category(s, cid) == "错加的"
    with db.session() as s:
        assert s.get(RequestCategory, cid) is None and _entries(s)[-1] == ("delete", cid, "错加的")
        ids = [c.id for c in categories(s)]
    with db.write() as s:
        for other in ids[1:]:
            retire_category(s, other)
    with pytest.raises(CategoryRefused, match="last category in use"), db.write() as s:
        retire_category(s, ids[0])
    with pytest.raises(CategoryRefused, match="last category in use"), db.write() as s:
        delete_category(s, ids[0])
    with db.session() as s:
        assert [c.id for c in categories(s)] == ids[:1]


def test_a_clerk_may_edit_the_list_a_volunteer_may_not(db) -> None:
    with acting_as(Actor("clerk1", CLERK)), db.write() as s:
        save_category(s, "助浴", 4, 2)
    with acting_as(Actor("vol", VOLUNTEER)):
        with pytest.raises(PermissionDenied), db.write() as s:
            save_category(s, "助洁", 4, 2)
        with db.session() as s:
            cid = find_category(s, "助浴").id
        with pytest.raises(PermissionDenied), db.write() as s:
            retire_category(s, cid)
        with pytest.raises(PermissionDenied), db.session() as s:
            category_rows(s)
    with db.session() as s:
        (entry,) = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "request_category"))
        assert entry.actor == "clerk1"
