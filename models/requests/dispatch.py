"""Dispatching a request (派单): to whom, the suggestions from the Party roster, escalating (吹哨).

A handler is one of:

* a **Party member** (``member:ID``, ID the member's resident number): the
  suggestions list active members reporting in (在职党员双报到) whose service
  post or skills match the category's keywords first, each with how many open
  requests they hold now; their hours reach the Party tab when done;
* a **volunteer** (``volunteer:ID``, a resident of the registry): Linli keeps
  no volunteer registry of its own, so a volunteer is any resident in the
  registry, found with the quick-find;
* a **partner unit** (共建单位, ``unit:NAME``) by name;
* a **sub-district department** (``department:NAME``) by name: the request is
  *escalated* (社区吹哨、部门报到) and counted so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import NotFound, ValidationFailed
from models.party.entities import PartyMember
from models.requests.entities import RequestCategory, ServiceRequest
from models.requests.labels import (
    ACTION_DISPATCH,
    DEPARTMENT,
    HANDLER_KINDS,
    HELD_STATES,
    MEMBER,
    UNIT,
    VOLUNTEER,
)
from models.requests.workflow import check_day, check_move, record_move
from models.residents.entities import Resident
from models.safety.security import require


@dataclass(frozen=True)
class Handler:
    """Whom a request goes to: ``kind`` and the resident's id (member, volunteer) or the name (unit, department)."""

    kind: str
    resident_id: int | None = None
    name: str = ""

    @property
    def key(self) -> str:
        """``member:12``, ``unit:幸福物业`` — what the history keeps (never a person's name)."""
        return f"{self.kind}:{self.resident_id if self.resident_id is not None else self.name}"


def parse_handler(text: str) -> Handler:
    """``member:ID``, ``volunteer:ID``, ``unit:NAME`` or ``department:NAME``.

    Raises:
        ValidationFailed: any other form, saying which are known.
    """
    kind, sep, rest = (text or "").strip().partition(":")
    kind, rest = kind.strip().lower(), " ".join(rest.split())
    if not sep or kind not in HANDLER_KINDS or not rest:
        raise ValidationFailed({"handler": _("“{text}” names no handler; write member:ID, volunteer:ID, unit:NAME "
                                             "or department:NAME.").format(text=(text or "").strip())})
    if kind in (MEMBER, VOLUNTEER):
        if not rest.isdigit():
            raise ValidationFailed({"handler": _("{kind}: takes the resident's number, e.g. {kind}:12.").format(kind=kind)})
        return Handler(kind, resident_id=int(rest))
    if len(rest) > 60:
        raise ValidationFailed({"handler": _("At most {max} characters.").format(max=60)})
    return Handler(kind, name=rest)


def active_member_id(session: Session, resident_id: int) -> int | None:
    """The Party member record of an active member who is this resident, or None."""
    return session.scalar(select(PartyMember.id).where(PartyMember.resident_id == resident_id,
                                                       PartyMember.status == "active"))


def dispatch(session: Session, request: ServiceRequest, handler: Handler, *, on: dt.date | None = None,
             today: dt.date | None = None):  # noqa: ANN201
    """Give the request to one handler (派单), or escalate it to a department (吹哨).

    Raises:
        MoveRefused: the request is not received or returned.
        NotFound: an unknown member or volunteer.
        ValidationFailed: a bad date.
    """
    require("requests.write")
    target = check_move(request, ACTION_DISPATCH)
    today = today or dt.date.today()
    on = on or today
    check_day(request, on, today)
    member_id = None
    if handler.kind in (MEMBER, VOLUNTEER):
        resident = session.get(Resident, handler.resident_id)
        if resident is None or resident.archived:
            raise NotFound(_("No resident {id}.").format(id=handler.resident_id))
        if handler.kind == MEMBER:
            member_id = active_member_id(session, handler.resident_id)
            if member_id is None:
                raise NotFound(_("Resident {id} is not an active Party member.").format(id=handler.resident_id))
    request.handler_kind = handler.kind
    request.handler_member_id = member_id
    request.handler_resident_id = handler.resident_id
    request.handler_name = handler.name
    request.dispatched_on = on
    if handler.kind == DEPARTMENT:
        request.escalated = True
    return record_move(session, request, ACTION_DISPATCH, target, on, handler=handler.key)


# --- the suggestions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A Party member reporting in, as the dispatch list shows them."""

    resident_id: int
    member_id: int
    name: str
    service_post: str
    skills: str
    open_requests: int
    matches: bool


def _keywords(category: RequestCategory) -> list[str]:
    return [w for w in {category.name, *category.keywords.split()} if w]


def suggest_members(session: Session, category: RequestCategory, *, limit: int = 8) -> list[Suggestion]:
    """Members reporting in for a request of ``category``: post or skills matching first, then the least busy."""
    require("requests.read")
    held = (
        select(ServiceRequest.handler_member_id.label("mid"), func.count().label("n"))
        .where(ServiceRequest.state.in_(HELD_STATES), ServiceRequest.handler_member_id.is_not(None))
        .group_by(ServiceRequest.handler_member_id)
        .subquery()
    )
    rows = session.execute(
        select(PartyMember.id, PartyMember.resident_id, Resident.name, Resident.name_pinyin, PartyMember.service_post,
               PartyMember.skills, func.coalesce(held.c.n, 0))
        .join(Resident, Resident.id == PartyMember.resident_id)
        .outerjoin(held, held.c.mid == PartyMember.id)
        .where(and_(PartyMember.member_type == "reporting_in", PartyMember.status == "active",
                    Resident.archived.is_(False)))
    ).all()
    words = _keywords(category)
    found = []
    for mid, rid, name, pinyin, post, skills, n in rows:
        text = f"{post} {skills}"
        matches = any(w in text for w in words)
        found.append((not matches, n, pinyin, Suggestion(rid, mid, name, post, skills, int(n), matches)))
    found.sort(key=lambda t: t[:3])
    return [t[3] for t in found[:limit]]


def known_names(session: Session, kind: str) -> list[str]:
    """The partner units or departments requests went to before, most used first (the dispatch field's list)."""
    require("requests.read")
    if kind not in (UNIT, DEPARTMENT):
        return []
    rows = session.execute(
        select(ServiceRequest.handler_name, func.count())
        .where(ServiceRequest.handler_kind == kind, ServiceRequest.handler_name != "")
        .group_by(ServiceRequest.handler_name)
        .order_by(func.count().desc(), ServiceRequest.handler_name)
    ).all()
    return [name for name, _n in rows]
