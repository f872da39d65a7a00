"""Visits (走访 / 民情日志): recording one, and a resident's or household's visits.

What was found (``findings``, ``follow_up``) is personal data: it is shown in
the tab and the internal sheet only, never on a notice, never in a log (the
audit entry names the visit's id, never its text). A follow-up may become a
request of the Requests tab through :func:`models.requests.take_request`
(channel "grid"), or stay a note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from i18n import _, format_date
from models.core.errors import ValidationFailed
from models.grids.entities import BuildingHead, GridWorker, Household, HouseholdMember, Visit
from models.grids.labels import (
    CLERK,
    HEAD,
    MAX_FINDINGS,
    MAX_FOLLOW_UP,
    MEMBER,
    METHOD_LABELS,
    METHODS,
    VISITOR_KINDS,
    WORKER,
    label,
)
from models.residents.entities import Resident
from models.safety.security import current_actor, require


@dataclass
class VisitInput:
    """What the clerk types for a visit.

    Whom: ``resident_id`` or ``household_id``. Who: ``visitor_kind`` and the
    matching id (``visitor_worker_id`` for a grid worker, ``visitor_resident_id``
    for a building head, ``visitor_member_id`` for a Party member; a clerk is
    the account logged in unless ``visitor_name`` says who). ``request_category``
    given: the follow-up becomes a request in that category.
    """

    visited_on: dt.date
    method: str
    visitor_kind: str
    resident_id: int | None = None
    household_id: int | None = None
    visitor_worker_id: int | None = None
    visitor_resident_id: int | None = None
    visitor_member_id: int | None = None
    visitor_name: str = ""
    findings: str = ""
    needs_help: bool = False
    health_worse: bool = False
    not_home: bool = False
    follow_up: str = ""
    request_category: str | None = None


def _check_visitor(session: Session, data: VisitInput, errors: dict[str, str]) -> None:
    kind = data.visitor_kind
    if kind not in VISITOR_KINDS:
        errors["visitor"] = _("Say who visited.")
    elif kind == WORKER:
        worker = None if data.visitor_worker_id is None else session.get(GridWorker, data.visitor_worker_id)
        if worker is None or worker.archived:
            errors["visitor"] = _("Choose the grid worker who visited.")
    elif kind == HEAD:
        if data.visitor_resident_id is None or session.scalar(
            select(BuildingHead.id).where(BuildingHead.resident_id == data.visitor_resident_id)
        ) is None:
            errors["visitor"] = _("Choose the building head who visited.")
    elif kind == MEMBER:
        from models.party.entities import PartyMember

        member = None if data.visitor_member_id is None else session.get(PartyMember, data.visitor_member_id)
        if member is None:
            errors["visitor"] = _("Choose the Party member who visited.")


def record_visit(session: Session, data: VisitInput, *, today: dt.date | None = None) -> Visit:
    """Record a visit in the caller's transaction (the registry's trail audits it by id).

    Raises:
        ValidationFailed: ``whom`` missing or unknown; ``visited_on`` in the
            future; ``method`` unknown; ``visitor`` missing; ``findings`` or
            ``follow_up`` too long; a request asked for with no follow-up text.
        NotFound: an unknown request category (from the Requests job).
    """
    require("grids.write")
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    household_id = data.household_id
    if data.resident_id is not None:
        resident = session.get(Resident, data.resident_id)
        if resident is None:
            errors["whom"] = _("No resident {id}.").format(id=data.resident_id)
        else:
            household_id = session.scalar(select(HouseholdMember.household_id).where(
                HouseholdMember.resident_id == data.resident_id))
    elif household_id is not None:
        household = session.get(Household, household_id)
        if household is None or household.archived:
            errors["whom"] = _("No household {id}.").format(id=household_id)
    else:
        errors["whom"] = _("Choose the resident or household visited.")
    if not isinstance(data.visited_on, dt.date):
        errors["visited_on"] = _("Enter the day of the visit.")
    elif data.visited_on > today:
        errors["visited_on"] = _("The date {date} is in the future.").format(date=format_date(data.visited_on))
    if data.method not in METHODS:
        errors["method"] = _("Say how the visit was made: {names}.").format(
            names="、".join(label(METHOD_LABELS, m) for m in METHODS))
    _check_visitor(session, data, errors)
    findings = (data.findings or "").strip()
    follow_up = " ".join((data.follow_up or "").split())
    if len(findings) > MAX_FINDINGS:
        errors["findings"] = _("At most {max} characters.").format(max=MAX_FINDINGS)
    if len(follow_up) > MAX_FOLLOW_UP:
        errors["follow_up"] = _("At most {max} characters.").format(max=MAX_FOLLOW_UP)
    if data.request_category and not follow_up:
        errors["follow_up"] = _("Say what the request is for.")
    if errors:
        raise ValidationFailed(errors)
    visitor_name = ""
    if data.visitor_kind == CLERK:
        visitor_name = (" ".join((data.visitor_name or "").split()) or current_actor().username)[:50]
    visit = Visit(
        visited_on=data.visited_on, method=data.method, visitor_kind=data.visitor_kind,
        visitor_worker_id=data.visitor_worker_id if data.visitor_kind == WORKER else None,
        visitor_resident_id=data.visitor_resident_id if data.visitor_kind == HEAD else None,
        visitor_member_id=data.visitor_member_id if data.visitor_kind == MEMBER else None,
        visitor_name=visitor_name, household_id=household_id, resident_id=data.resident_id,
        findings=findings, needs_help=bool(data.needs_help), health_worse=bool(data.health_worse),
        not_home=bool(data.not_home), follow_up=follow_up, recorded_by=current_actor().username[:40],
    )
    if data.request_category:
        from models.requests import RequestInput, take_request

        whom = data.resident_id
        if whom is None:
            whom = session.get(Household, household_id).head_id  # type: ignore[union-attr]
        request = take_request(session, RequestInput(category=data.request_category, text=follow_up,
                                                     resident_id=whom, channel="grid",
                                                     received_on=data.visited_on), today=today)
        visit.request_id = request.id
    session.add(visit)
    session.flush()
    return visit


@dataclass(frozen=True)
class VisitRow:
    id: int
    visited_on: dt.date
    visitor_kind: str
    visitor: str
    method: str
    findings: str
    needs_help: bool
    health_worse: bool
    not_home: bool
    follow_up: str
    request_id: int | None


def visits_of(session: Session, resident_id: int, limit: int = 50) -> list[VisitRow]:
    """A resident's visits (to them or their household), newest first."""
    require("grids.read")
    household_id = session.scalar(select(HouseholdMember.household_id).where(
        HouseholdMember.resident_id == resident_id))
    cond = Visit.resident_id == resident_id
    if household_id is not None:
        cond = or_(cond, (Visit.household_id == household_id) & Visit.resident_id.is_(None))
    visits = list(session.scalars(select(Visit).where(cond).order_by(Visit.visited_on.desc(), Visit.id.desc())
                                  .limit(limit)))
    return [VisitRow(v.id, v.visited_on, v.visitor_kind, visitor_name(session, v), v.method, v.findings,
                     v.needs_help, v.health_worse, v.not_home, v.follow_up, v.request_id) for v in visits]


def visitor_name(session: Session, visit: Visit) -> str:
    """Who visited, as the tab shows it."""
    if visit.visitor_worker_id is not None:
        worker = session.get(GridWorker, visit.visitor_worker_id)
        return worker.name if worker else ""
    if visit.visitor_resident_id is not None:
        resident = session.get(Resident, visit.visitor_resident_id)
        return resident.name if resident else ""
    if visit.visitor_member_id is not None:
        from models.party.entities import PartyMember

        member = session.get(PartyMember, visit.visitor_member_id)
        resident = session.get(Resident, member.resident_id) if member else None
        return resident.name if resident else ""
    return visit.visitor_name


def visitor_choices(session: Session, kind: str) -> list[tuple[int, str]]:
    """Who may be chosen as the visitor of ``kind``: (id, name) — grid workers, building heads
    (resident ids), active Party members (member ids); none for a clerk (the account)."""
    require("grids.read")
    if kind == WORKER:
        return [(w.id, w.name) for w in session.scalars(
            select(GridWorker).where(GridWorker.archived.is_(False)).order_by(GridWorker.id))]
    if kind == HEAD:
        rows = session.execute(select(Resident.id, Resident.name).where(
            Resident.id.in_(select(BuildingHead.resident_id))).order_by(Resident.name_pinyin))
        return [(r.id, r.name) for r in rows]
    if kind == MEMBER:
        from models.party.entities import PartyMember

        rows = session.execute(select(PartyMember.id, Resident.name).join(
            Resident, Resident.id == PartyMember.resident_id).where(PartyMember.status == "active")
            .order_by(Resident.name_pinyin))
        return [(r.id, r.name) for r in rows]
    return []
