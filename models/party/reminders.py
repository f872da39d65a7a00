"""Reminders of the Party roster: probationary years ending, political birthdays (入党纪念日)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.party.entities import PartyMember
from models.party.members import PROBATION_REMINDER_DAYS, add_years
from models.residents.entities import Resident
from models.safety.security import require

# --- reminders -------------------------------------------------------------------


@dataclass(frozen=True)
class ProbationReminder:
    member_id: int
    name: str
    joined_on: dt.date
    year_ends: dt.date
    days_left: int  # negative: overdue


def probation_reminders(
    session: Session, today: dt.date | None = None, *, within_days: int = PROBATION_REMINDER_DAYS
) -> list[ProbationReminder]:
    """Active probationary members whose year ends within ``within_days`` (or has ended)."""
    require("party.read")
    today = today or dt.date.today()
    latest_join = add_years(today + dt.timedelta(days=within_days), -1)
    stmt = (
        select(PartyMember.id, Resident.name, PartyMember.joined_on)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .where(
            PartyMember.status == "active",
            PartyMember.standing == "probationary",
            PartyMember.joined_on <= latest_join,
        )
        .order_by(PartyMember.joined_on, Resident.name_pinyin)
    )
    out = []
    for row in session.execute(stmt):
        ends = add_years(row.joined_on, 1)
        out.append(ProbationReminder(row.id, row.name, row.joined_on, ends, (ends - today).days))
    return out


@dataclass(frozen=True)
class PoliticalBirthday:
    member_id: int
    name: str
    joined_on: dt.date
    years: int


def political_birthdays(session: Session, year: int, month: int) -> list[PoliticalBirthday]:
    """Active members who joined in ``month`` of an earlier year (入党纪念日), by day."""
    require("party.read")
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    stmt = (
        select(PartyMember.id, Resident.name, PartyMember.joined_on)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .where(PartyMember.status == "active", PartyMember.joined_on <= last)
    )
    out = [
        PoliticalBirthday(r.id, r.name, r.joined_on, year - r.joined_on.year)
        for r in session.execute(stmt)
        if r.joined_on.month == month and r.joined_on.year < year
    ]
    out.sort(key=lambda b: (b.joined_on.day, -b.years, b.name))
    return out


