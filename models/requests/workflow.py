"""The state machine of a request: which move is allowed from which state, the dates, the history, the audit.

=========  =====================================  ==========
move       from                                   to
=========  =====================================  ==========
dispatch   received, returned                     dispatched
take       dispatched                             taken
return     dispatched, taken                      returned
done       taken                                  done
rate       done (within 5 working days)           rated
reopen     rated "not satisfied"                  received
cancel     received, dispatched, taken, returned  cancelled
=========  =====================================  ==========

Every move is one :class:`~models.requests.entities.RequestEvent` (from which
state to which, the day it happened, who recorded it) and one audit entry
naming the request's number and the two states, written in the caller's
transaction (``db.write()``). An impossible move raises :class:`MoveRefused`
with one line that says why, before anything is flushed.

A move's day (``on``) defaults to today; it may be earlier (a paper slip
entered afterwards) but never in the future, nor before the request's last
step.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from i18n import _, format_date
from models.core.errors import LinliError, ValidationFailed
from models.requests.categories import deadline_for, time_limit
from models.requests.entities import RequestEvent, ServiceRequest
from models.requests.labels import (
    ACTION_CANCEL,
    ACTION_DISPATCH,
    ACTION_DONE,
    ACTION_RATE,
    ACTION_REOPEN,
    ACTION_RETURN,
    ACTION_TAKE,
    CANCELLED,
    DISPATCHED,
    DONE,
    MAX_HOURS_PER_DAY,
    MAX_NOTE,
    MEMBER,
    RATED,
    RATING_LABELS,
    RECEIVED,
    RETURNED,
    STATE_LABELS,
    TAKEN,
    UNSATISFIED,
    label,
)
from models.safety import audit
from models.safety.security import current_actor, require

#: move → (the states it may start from, the state it ends in)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    ACTION_DISPATCH: ((RECEIVED, RETURNED), DISPATCHED),
    ACTION_TAKE: ((DISPATCHED,), TAKEN),
    ACTION_RETURN: ((DISPATCHED, TAKEN), RETURNED),
    ACTION_DONE: ((TAKEN,), DONE),
    ACTION_RATE: ((DONE,), RATED),
    ACTION_REOPEN: ((RATED,), RECEIVED),
    ACTION_CANCEL: ((RECEIVED, DISPATCHED, TAKEN, RETURNED), CANCELLED),
}

#: Why a move is refused, by move (``{number}`` and ``{state}`` filled in).
_REFUSALS: dict[str, str] = {
    ACTION_DISPATCH: "Request {number} is “{state}”: only a received or returned request can be dispatched.",
    ACTION_TAKE: "Request {number} is “{state}”: only a dispatched request can be taken.",
    ACTION_RETURN: "Request {number} is “{state}”: only a dispatched or taken request can be returned.",
    ACTION_DONE: "Request {number} is “{state}”: only a taken request can be marked done (take it first).",
    ACTION_RATE: "Request {number} is “{state}”: only a done request can be rated.",
    ACTION_REOPEN: "Request {number} is “{state}”: only a rated request can be reopened.",
    ACTION_CANCEL: "Request {number} is “{state}”: a done, rated or cancelled request cannot be cancelled.",
}


def _refusal_texts() -> None:  # pragma: no cover - for the catalog only
    _("Request {number} is “{state}”: only a received or returned request can be dispatched.")
    _("Request {number} is “{state}”: only a dispatched request can be taken.")
    _("Request {number} is “{state}”: only a dispatched or taken request can be returned.")
    _("Request {number} is “{state}”: only a taken request can be marked done (take it first).")
    _("Request {number} is “{state}”: only a done request can be rated.")
    _("Request {number} is “{state}”: only a rated request can be reopened.")
    _("Request {number} is “{state}”: a done, rated or cancelled request cannot be cancelled.")


class MoveRefused(LinliError):
    """A move the request's state does not allow. Nothing was written."""


def allowed_moves(state: str) -> list[str]:
    """The moves a request in ``state`` allows, in the table's order (the tab's buttons)."""
    return [action for action, (sources, _to) in TRANSITIONS.items() if state in sources]


def check_move(request: ServiceRequest, action: str) -> str:
    """The state ``action`` leads to from the request's state.

    Raises:
        MoveRefused: the move is not allowed from that state.
    """
    sources, target = TRANSITIONS[action]
    if request.state not in sources:
        raise MoveRefused(_(_REFUSALS[action]).format(number=request.number, state=label(STATE_LABELS, request.state)))
    return target


def last_step_on(request: ServiceRequest) -> dt.date:
    """The day of the request's latest step (its received day when it has none)."""
    days = [e.on for e in request.events] or [request.received_on]
    return max(days)


def check_day(request: ServiceRequest, on: dt.date, today: dt.date, field: str = "on") -> None:
    """Refuse a day in the future or before the request's last step.

    Raises:
        ValidationFailed: naming the day and what it is compared with.
    """
    if on > today:
        raise ValidationFailed({field: _("The date {date} is in the future.").format(date=format_date(on))})
    last = last_step_on(request)
    if on < last:
        raise ValidationFailed({field: _("The date {date} is before request {number}'s last step ({last}).").format(
            date=format_date(on), number=request.number, last=format_date(last))})


def clean_note(text: str | None, field: str = "note", *, required: str = "") -> str:
    """A note folded to one line; refused when too long, or empty when ``required`` (its message)."""
    note = " ".join((text or "").split())
    if required and not note:
        raise ValidationFailed({field: required})
    if len(note) > MAX_NOTE:
        raise ValidationFailed({field: _("At most {max} characters.").format(max=MAX_NOTE)})
    return note


def record_move(session: Session, request: ServiceRequest, action: str, target: str, on: dt.date, *,
                handler: str = "", note: str = "") -> RequestEvent:
    """Set the new state, add the history's event and the audit entry (from → to), all in ``session``."""
    before = request.state
    request.state = target
    event = RequestEvent(action=action, from_state=before, to_state=target, on=on,
                         actor=current_actor().username[:40], handler=handler[:80], note=note)
    request.events.append(event)
    session.flush()
    audit.record(session, "change", table="service_request", record_id=request.id,
                 summary=f"{request.number} {action}: {before} → {target}")
    return event


def _prepare(request: ServiceRequest, action: str, on: dt.date | None, today: dt.date | None) -> tuple[str, dt.date]:
    require("requests.write")
    target = check_move(request, action)
    today = today or dt.date.today()
    on = on or today
    check_day(request, on, today)
    return target, on


def take(session: Session, request: ServiceRequest, *, on: dt.date | None = None,
         today: dt.date | None = None) -> RequestEvent:
    """The handler takes the request (接单)."""
    target, on = _prepare(request, ACTION_TAKE, on, today)
    request.taken_on = on
    return record_move(session, request, ACTION_TAKE, target, on)


def return_request(session: Session, request: ServiceRequest, reason: str, *, on: dt.date | None = None,
                   today: dt.date | None = None) -> RequestEvent:
    """The handler gives the request back with a reason; it is dispatched again (to someone else)."""
    target, on = _prepare(request, ACTION_RETURN, on, today)
    note = clean_note(reason, "reason", required=_("Say why the request is returned."))
    request.taken_on = None
    return record_move(session, request, ACTION_RETURN, target, on, note=note)


def minutes_from_hours(hours: float | int | str) -> int:
    """Hours as typed (1.5) → whole minutes.

    Raises:
        ValidationFailed: not a number, negative, or over 24 hours in a day.
    """
    try:
        value = float(str(hours).strip().replace(",", "."))
    except ValueError:
        raise ValidationFailed({"hours": _("Write the hours as a number, e.g. 1.5.")}) from None
    if value != value or value < 0:  # NaN or negative
        raise ValidationFailed({"hours": _("The hours cannot be negative.")})
    if value > MAX_HOURS_PER_DAY:
        raise ValidationFailed({"hours": _("More than {max} hours in one day.").format(max=MAX_HOURS_PER_DAY)})
    return round(value * 60)


def done(session: Session, request: ServiceRequest, hours: float | int | str, note: str, *,
         on: dt.date | None = None, today: dt.date | None = None) -> RequestEvent:
    """Mark the request done (办结) with what was done and the hours spent.

    A reporting-in Party member's hours reach the member's service record in
    the Party tab once, linked to the request
    (:func:`models.party.service.record_request_service`).
    """
    target, on = _prepare(request, ACTION_DONE, on, today)
    minutes = minutes_from_hours(hours)
    what = clean_note(note, "note", required=_("Say what was done."))
    request.done_on, request.done_note = on, what
    request.minutes = (request.minutes or 0) + minutes
    event = record_move(session, request, ACTION_DONE, target, on, note=what)
    if request.handler_kind == MEMBER and request.handler_member_id is not None:
        from models.party.service import record_request_service

        record_request_service(session, request.handler_member_id, request.id, on, request.minutes,
                               description=f"{request.number} {request.category.name}")
    return event


def cancel(session: Session, request: ServiceRequest, reason: str, *, on: dt.date | None = None,
           today: dt.date | None = None) -> RequestEvent:
    """Withdraw a request that is not done (the resident no longer needs it, a slip entered twice)."""
    target, on = _prepare(request, ACTION_CANCEL, on, today)
    note = clean_note(reason, "reason", required=_("Say why the request is cancelled."))
    return record_move(session, request, ACTION_CANCEL, target, on, note=note)


def reopen(session: Session, request: ServiceRequest, *, reason: str = "", on: dt.date | None = None,
           today: dt.date | None = None) -> RequestEvent:
    """Reopen a request rated "not satisfied": received again, with a new deadline from the day reopened.

    The rating stays in the history (the event), the request waits for a new one.
    """
    require("requests.write")
    if request.state == RATED and request.rating != UNSATISFIED:
        raise MoveRefused(_("Request {number} was rated “{rating}”: only a “not satisfied” request can be "
                            "reopened.").format(number=request.number, rating=label(RATING_LABELS, request.rating)))
    target, on = _prepare(request, ACTION_REOPEN, on, today)
    note = clean_note(f"{request.rating}; {reason or ''}".strip("; "), "reason")
    request.reopened = (request.reopened or 0) + 1
    request.deadline = deadline_for(on, time_limit(request.category, request.urgent))
    request.handler_kind = request.handler_member_id = request.handler_resident_id = None
    request.handler_name = ""
    request.dispatched_on = request.taken_on = request.done_on = request.rated_on = None
    request.rating, request.rating_comment = None, ""
    return record_move(session, request, ACTION_REOPEN, target, on, note=note)
