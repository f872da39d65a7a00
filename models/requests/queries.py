"""What the screens and the command line show: one request by number, the lists, the overdue list, the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from i18n import _
from models.core.errors import NotFound
from models.core.workdays import working_days_between
from models.requests.entities import RequestCategory, RequestEvent, ServiceRequest
from models.requests.labels import (
    DEPARTMENT,
    OPEN_STATES,
    STATES,
    UNIT,
    parse_number,
)
from models.requests.rating import rating_deadline, rating_state, silence_is_satisfied
from models.residents.entities import Resident
from models.safety.security import require


def get_request(session: Session, number: str) -> ServiceRequest:
    """The request numbered ``number`` (2026-0042).

    Raises:
        ValueError: not a request number; NotFound: no such request.
    """
    require("requests.read")
    year, seq = parse_number(number)
    found = session.scalar(select(ServiceRequest).where(ServiceRequest.year == year, ServiceRequest.seq == seq))
    if found is None:
        raise NotFound(_("No request {number}.").format(number=f"{year}-{seq:04d}"))
    return found


def get_request_by_id(session: Session, request_id: int) -> ServiceRequest:
    require("requests.read")
    found = session.get(ServiceRequest, request_id)
    if found is None:
        raise NotFound(_("No request {number}.").format(number=request_id))
    return found


@dataclass(frozen=True)
class RequestRow:
    """One line of a request list (the tab, ``requests list``)."""

    id: int
    number: str
    received_on: dt.date
    category: str
    who: str  # the resident's or caller's name (internal lists only; the notice masks it)
    text: str
    urgent: bool
    state: str
    handler_kind: str | None
    handler: str
    deadline: dt.date
    overdue_days: int  # working days past the deadline (0: not overdue)


_Handler = aliased(Resident)


def _rows_stmt():  # noqa: ANN202
    return (
        select(ServiceRequest.id, ServiceRequest.year, ServiceRequest.seq, ServiceRequest.received_on,
               RequestCategory.name.label("category"), Resident.name.label("resident"), ServiceRequest.caller_name,
               ServiceRequest.text, ServiceRequest.urgent, ServiceRequest.state, ServiceRequest.handler_kind,
               ServiceRequest.handler_name, _Handler.name.label("handler_person"), ServiceRequest.deadline)
        .join(RequestCategory, RequestCategory.id == ServiceRequest.category_id)
        .outerjoin(Resident, Resident.id == ServiceRequest.resident_id)
        .outerjoin(_Handler, _Handler.id == ServiceRequest.handler_resident_id)
    )


def _row(r, today: dt.date) -> RequestRow:  # noqa: ANN001
    late = r.state in OPEN_STATES and r.deadline < today
    return RequestRow(
        id=r.id, number=f"{r.year}-{r.seq:04d}", received_on=r.received_on, category=r.category,
        who=r.resident or r.caller_name, text=r.text, urgent=r.urgent, state=r.state, handler_kind=r.handler_kind,
        handler=r.handler_person or r.handler_name or "", deadline=r.deadline,
        overdue_days=working_days_between(r.deadline + dt.timedelta(days=1), today) if late else 0,
    )


def overdue_condition(today: dt.date):  # noqa: ANN201
    """Not done by its deadline: still open and the deadline passed."""
    return and_(ServiceRequest.state.in_(OPEN_STATES), ServiceRequest.deadline < today)


def overdue_requests(session: Session, today: dt.date | None = None, *, limit: int = 500) -> list[RequestRow]:
    """The tab's first screen: requests not taken or not done by their deadline, the oldest deadline first."""
    require("requests.read")
    today = today or dt.date.today()
    stmt = (_rows_stmt().where(overdue_condition(today))
            .order_by(ServiceRequest.deadline, ServiceRequest.received_on, ServiceRequest.id).limit(limit))
    return [_row(r, today) for r in session.execute(stmt)]


def overdue_count(session: Session, today: dt.date | None = None) -> int:
    """How many requests are overdue (the tab's title)."""
    require("requests.read")
    today = today or dt.date.today()
    return session.scalar(select(func.count()).select_from(ServiceRequest).where(overdue_condition(today))) or 0


def list_requests(session: Session, *, state: str | None = None, overdue: bool = False, text: str = "",
                  today: dt.date | None = None, limit: int = 200, open_only: bool = False) -> list[RequestRow]:
    """Requests newest first, by state, open (not done) or overdue; ``text`` finds a number, a category or
    words of the request.

    Raises:
        ValueError: an unknown state.
    """
    require("requests.read")
    today = today or dt.date.today()
    stmt = _rows_stmt()
    if state:
        if state not in STATES:
            raise ValueError(_("Unknown state “{state}”; the states are: {names}.").format(
                state=state, names=", ".join(STATES)))
        stmt = stmt.where(ServiceRequest.state == state)
    if overdue:
        stmt = stmt.where(overdue_condition(today))
    if open_only:
        stmt = stmt.where(ServiceRequest.state.in_(OPEN_STATES))
    words = " ".join((text or "").split())
    if words:
        try:
            year, seq = parse_number(words)
            stmt = stmt.where(ServiceRequest.year == year, ServiceRequest.seq == seq)
        except ValueError:
            like = f"%{words}%"
            stmt = stmt.where(ServiceRequest.text.like(like) | RequestCategory.name.like(like)
                              | Resident.name.like(like) | ServiceRequest.caller_name.like(like))
    stmt = stmt.order_by(ServiceRequest.received_on.desc(), ServiceRequest.id.desc()).limit(limit)
    return [_row(r, today) for r in session.execute(stmt)]


@dataclass(frozen=True)
class RequestView:
    """One request with its history (``requests show``, the tab's detail)."""

    row: RequestRow
    channel: str
    caller_phone: str
    escalated: bool
    done_on: dt.date | None
    done_note: str
    minutes: int
    rating: str | None  # a rating, "awaiting", "not_rated", "assumed" or None
    rating_comment: str
    rating_until: dt.date | None
    reopened: int
    events: list[RequestEvent]


def request_view(session: Session, request: ServiceRequest, today: dt.date | None = None) -> RequestView:
    require("requests.read")
    today = today or dt.date.today()
    row = _row(session.execute(_rows_stmt().where(ServiceRequest.id == request.id)).one(), today)
    silence = silence_is_satisfied(session)
    return RequestView(
        row=row, channel=request.channel, caller_phone=request.caller_phone, escalated=request.escalated,
        done_on=request.done_on, done_note=request.done_note, minutes=request.minutes or 0,
        rating=rating_state(request.rating, request.state, request.done_on, today, silence),
        rating_comment=request.rating_comment,
        rating_until=rating_deadline(request.done_on) if request.done_on else None,
        reopened=request.reopened or 0, events=list(request.events),
    )


def held_by_member(session: Session, member_id: int) -> int:
    """Open requests a Party member holds now (dispatched or taken)."""
    from models.requests.labels import HELD_STATES

    return session.scalar(select(func.count()).select_from(ServiceRequest).where(
        ServiceRequest.handler_member_id == member_id, ServiceRequest.state.in_(HELD_STATES))) or 0


def handler_label(kind: str | None, name: str) -> str:
    """A handler as a line shows it: the name, a department marked as escalated."""
    if kind == DEPARTMENT:
        return _("{name} (escalated)").format(name=name)
    if kind == UNIT:
        return name
    return name
