"""A database with a few residents and accounts for the mediation rules."""

from __future__ import annotations

import datetime as dt

import pytest

from models.residents.registry import ResidentInput, create_resident
from models.safety.accounts import create_account
from models.safety.security import CLERK, MEDIATOR, Actor


@pytest.fixture
def people(db):
    """Residents 张三明 and 𠮷祥 (neighbours), 欧阳明理; accounts: a mediator 周调解 and a clerk."""
    today = dt.date(2026, 11, 2)
    with db.write() as s:
        ids = {}
        for key, name, phone in (("upstairs", "张三明", "13900001111"), ("downstairs", "𠮷祥", "13900002222"),
                                 ("third", "欧阳明理", "13900005555")):
            ids[key] = create_resident(s, ResidentInput(name=name, phone=phone, birth_date=dt.date(1960, 5, 1)),
                                       confirmed=True, today=today).id
        mediator = create_account(s, "zhou", "long enough pw", MEDIATOR, display_name="周调解")
        clerk = create_account(s, "desk1", "long enough pw", CLERK, display_name="李前台")
        ids["mediator_account"], ids["clerk_account"] = mediator.id, clerk.id
    ids["mediator"] = Actor("zhou", MEDIATOR, ids["mediator_account"])
    ids["clerk"] = Actor("desk1", CLERK, ids["clerk_account"])
    return ids
