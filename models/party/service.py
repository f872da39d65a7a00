"""Members reporting in (在职党员进社区报到): their service, the hours and the reporting-in rate.

Also the quick-find of the service desk: residents who are active reporting-in members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, distinct, func, select
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import ValidationFailed
from models.party.entities import PartyMember, ServiceRecord
from models.party.members import get_member
from models.residents.entities import Resident
from models.residents.registry import ResidentHit, search_residents
from models.safety.security import require, require_any


def reporting_in_condition() -> ColumnElement[bool]:
    """``where`` for :func:`models.residents.registry.search_residents`: active members reporting in."""
    return Resident.id.in_(
        select(PartyMember.resident_id).where(PartyMember.member_type == "reporting_in", PartyMember.status == "active")
    )


def search_reporting_in(session: Session, text: str) -> list[ResidentHit]:
    """The service desk's quick-find: residents who are active reporting-in members, best first."""
    require("party.read")
    return search_residents(session, text, where=reporting_in_condition())


# --- service of reporting-in members ----------------------------------------------------


def add_service(
    session: Session,
    member_id: int,
    served_on: dt.date,
    minutes: int,
    *,
    person_times: int = 1,
    description: str = "",
    today: dt.date | None = None,
) -> ServiceRecord:
    """Record service by a reporting-in member.

    Raises:
        ValidationFailed: not a reporting-in member, a date in the future,
            no time, an implausible duration.
    """
    require("party.write")
    today = today or dt.date.today()
    member = get_member(session, member_id)
    errors: dict[str, str] = {}
    if member.member_type != "reporting_in":
        errors["member"] = _("Service is recorded for members reporting in.")
    if served_on > today:
        errors["served_on"] = _("The service date is in the future.")
    if not isinstance(minutes, int) or minutes <= 0:
        errors["minutes"] = _("Enter the time served.")
    elif minutes > 24 * 60:
        errors["minutes"] = _("More than 24 hours in one day: split it into several entries.")
    if not isinstance(person_times, int) or person_times < 1:
        errors["person_times"] = _("Person-times is at least 1.")
    desc = " ".join((description or "").split())
    if len(desc) > 200:
        errors["description"] = _("At most {max} characters.").format(max=200)
    if errors:
        raise ValidationFailed(errors)
    record = ServiceRecord(
        member_id=member_id, served_on=served_on, minutes=minutes, person_times=person_times, description=desc
    )
    session.add(record)
    session.flush()
    return record


def record_request_service(
    session: Session, member_id: int, request_id: int, served_on: dt.date, minutes: int, *, description: str = ""
) -> ServiceRecord | None:
    """The service a member did on a resident's request (models.requests), kept once per request.

    Called when the request is done. Only a member reporting in has service
    records: for any other member nothing is written (None). Done again after
    a reopen, the same record is brought up to date (the request's hours in
    all, the last day, the member who did it): never a second person-time.
    """
    require("party.write")
    member = get_member(session, member_id)
    if member.member_type != "reporting_in":
        return None
    if not isinstance(minutes, int) or not 0 <= minutes:
        raise ValidationFailed({"minutes": _("Enter the time served.")})
    desc = " ".join((description or "").split())[:200]
    record = session.scalar(select(ServiceRecord).where(ServiceRecord.request_id == request_id))
    if record is None:
        record = ServiceRecord(member_id=member_id, request_id=request_id, person_times=1)
        session.add(record)
    record.member_id, record.served_on, record.minutes, record.description = member_id, served_on, minutes, desc
    session.flush()
    return record


@dataclass(frozen=True)
class ServiceSummary:
    """Service of reporting-in members in a period, and the reporting-in rate."""

    start: dt.date
    end: dt.date
    reporting_in: int  # active reporting-in members (reported in by the end)
    served: int  # of those, how many served at least once in the period
    minutes: int
    person_times: int

    @property
    def rate(self) -> float:
        """served ÷ reporting_in (0 when nobody reports in)."""
        return self.served / self.reporting_in if self.reporting_in else 0.0

    @property
    def hours(self) -> float:
        return self.minutes / 60


def service_summary(session: Session, start: dt.date, end: dt.date) -> ServiceSummary:
    """Hours, person-times and the rate for ``start``..``end`` (inclusive), in SQL."""
    require_any("party.read", "figures.read")  # a count: the sub-district's reader too
    eligible = and_(
        PartyMember.member_type == "reporting_in",
        PartyMember.status == "active",
        PartyMember.reported_on <= end,
    )
    total = session.scalar(select(func.count()).select_from(PartyMember).where(eligible)) or 0
    in_period = and_(ServiceRecord.served_on >= start, ServiceRecord.served_on <= end)
    row = session.execute(
        select(
            func.count(distinct(case((eligible, ServiceRecord.member_id)))),
            func.coalesce(func.sum(ServiceRecord.minutes), 0),
            func.coalesce(func.sum(ServiceRecord.person_times), 0),
        )
        .select_from(ServiceRecord)
        .join(PartyMember, PartyMember.id == ServiceRecord.member_id)
        .where(in_period)
    ).one()
    return ServiceSummary(start, end, total, row[0], int(row[1]), int(row[2]))


@dataclass(frozen=True)
class ServiceLine:
    member_id: int
    name: str
    service_post: str
    times: int
    minutes: int
    person_times: int


def service_by_member(session: Session, start: dt.date, end: dt.date) -> list[ServiceLine]:
    """Every active reporting-in member with their service in the period (zero included)."""
    require("party.read")
    sub = (
        select(
            ServiceRecord.member_id.label("mid"),
            func.count().label("times"),
            func.sum(ServiceRecord.minutes).label("minutes"),
            func.sum(ServiceRecord.person_times).label("pt"),
        )
        .where(ServiceRecord.served_on >= start, ServiceRecord.served_on <= end)
        .group_by(ServiceRecord.member_id)
        .subquery()
    )
    stmt = (
        select(PartyMember.id, Resident.name, PartyMember.service_post, sub.c.times, sub.c.minutes, sub.c.pt)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .outerjoin(sub, sub.c.mid == PartyMember.id)
        .where(PartyMember.member_type == "reporting_in", PartyMember.status == "active")
        .order_by(Resident.name_pinyin)
    )
    return [
        ServiceLine(r.id, r.name, r.service_post, r.times or 0, int(r.minutes or 0), int(r.pt or 0))
        for r in session.execute(stmt)
    ]
