"""Taking a request (点单): who asks, the category, the text, urgency, the channel; the number and the deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from i18n import _, format_date
from models.core.errors import NotFound, ValidationFailed
from models.requests.categories import deadline_for, find_category, time_limit
from models.requests.entities import RequestCategory, RequestEvent, ServiceRequest
from models.requests.labels import (
    ACTION_RECEIVE,
    CHANNEL_LABELS,
    CHANNELS,
    MAX_NAME,
    MAX_TEXT,
    RECEIVED,
)
from models.residents.entities import Resident
from models.residents.names import PhoneError, normalise_phone
from models.safety.security import current_actor, require


@dataclass
class RequestInput:
    """What the clerk types for a new request.

    Either ``resident_id`` (found with the quick-find) or a caller not in the
    registry: ``caller_name`` and ``caller_phone``. ``category`` is a
    category's name or id.
    """

    category: str | int
    text: str
    resident_id: int | None = None
    caller_name: str = ""
    caller_phone: str = ""
    urgent: bool = False
    channel: str = "desk"
    received_on: dt.date | None = None


def parse_channel(text: str) -> str:
    """A channel by its value (desk, phone, grid, hotline) or its label.

    Raises:
        ValidationFailed: an unknown channel, naming the list.
    """
    wanted = (text or "").strip()
    for value in CHANNELS:
        if wanted.lower() == value or wanted in (CHANNEL_LABELS[value], _(CHANNEL_LABELS[value])):
            return value
    raise ValidationFailed({"channel": _("Unknown channel “{text}”; the channels are: {names}.").format(
        text=wanted, names=", ".join(CHANNELS))})


def _category(session: Session, category: str | int) -> RequestCategory:
    if isinstance(category, int):
        found = session.get(RequestCategory, category)
        if found is None or found.archived:
            raise NotFound(_("No category {id}.").format(id=category))
        return found
    return find_category(session, category)


def take_request(session: Session, data: RequestInput, *, today: dt.date | None = None) -> ServiceRequest:
    """Record a new request in the caller's transaction; its number and deadline are set.

    Raises:
        NotFound: an unknown resident or category.
        ValidationFailed: no text, no caller's name or a bad phone, an unknown
            channel, a date in the future.
    """
    require("requests.write")
    today = today or dt.date.today()
    received = data.received_on or today
    errors: dict[str, str] = {}
    caller_name, caller_phone = "", ""
    if data.resident_id is not None:
        resident = session.get(Resident, data.resident_id)
        if resident is None:
            raise NotFound(_("No resident {id}.").format(id=data.resident_id))
        if resident.archived:
            errors["resident"] = _("Resident {id} is archived.").format(id=data.resident_id)
    else:
        caller_name = " ".join((data.caller_name or "").split())
        if not caller_name:
            errors["caller_name"] = _("Find the resident, or enter the caller's name and phone.")
        elif len(caller_name) > MAX_NAME:
            errors["caller_name"] = _("At most {max} characters.").format(max=MAX_NAME)
        try:
            caller_phone = normalise_phone(data.caller_phone)
        except PhoneError as exc:
            errors["caller_phone"] = str(exc)
    category = _category(session, data.category)
    text = " ".join((data.text or "").split())
    if not text:
        errors["text"] = _("Say what the resident asks for.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("At most {max} characters.").format(max=MAX_TEXT)
    if data.channel not in CHANNELS:
        errors["channel"] = _("Unknown channel “{text}”; the channels are: {names}.").format(
            text=data.channel, names=", ".join(CHANNELS))
    if received > today:
        errors["received_on"] = _("The date {date} is in the future.").format(date=format_date(received))
    if errors:
        raise ValidationFailed(errors)
    year = received.year
    seq = (session.scalar(select(func.max(ServiceRequest.seq)).where(ServiceRequest.year == year)) or 0) + 1
    request = ServiceRequest(
        year=year, seq=seq, resident_id=data.resident_id, caller_name=caller_name, caller_phone=caller_phone,
        category=category, text=text, urgent=bool(data.urgent), channel=data.channel, state=RECEIVED,
        received_on=received, deadline=deadline_for(received, time_limit(category, bool(data.urgent))),
    )
    request.events.append(RequestEvent(action=ACTION_RECEIVE, from_state=None, to_state=RECEIVED, on=received,
                                       actor=current_actor().username[:40]))
    session.add(request)
    session.flush()
    return request
