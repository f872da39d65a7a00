"""The results notice's data (服务办结公示): the month's done requests, the resident masked to the surname.

What the board shows, row by row: the number, the category, the resident's
surname only (张**), the handler (Party members' and units' names are public
by intent: 党员亮身份), the day done and the rating. Never the request's text
(it may name a person or a place), never the rating's comment, never a phone.

The handlers' full names would stop the privacy guard (they are residents):
:func:`results_data` lists them in ``handler_names`` and the notice is
published with a :class:`models.notices.NameOverride` naming exactly those,
with the reason (:data:`OVERRIDE_REASON`), recorded with the notice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from i18n import N_
from models.notices.posting import default_posting_period
from models.requests.entities import RequestCategory, ServiceRequest
from models.requests.labels import (
    DONE,
    MEMBER,
    RATED,
    RATING_STATE_LABELS,
    VOLUNTEER,
    request_number,
)
from models.requests.rating import rating_state, silence_is_satisfied
from models.requests.statistics import month_bounds
from models.residents.entities import Resident
from models.residents.names import COMPOUND_SURNAMES, MIDDLE_DOT
from models.safety.security import require

OVERRIDE_REASON = N_("Handlers' names are public by intent: Party members and partner units serve in their own name.")


def surname_only(name: str) -> str:
    """The surname, the rest masked: 张** (张三明), 李* (李四), 欧阳** (欧阳小明), 阿卜杜·*** ."""
    if not name:
        return ""
    chars = list(name)  # code points: 𠮷 counts as one
    if MIDDLE_DOT in chars:
        head, _dot, rest = name.partition(MIDDLE_DOT)
        return head + MIDDLE_DOT + "*" * len(rest.replace(MIDDLE_DOT, ""))
    if all(ch.isascii() for ch in chars):
        return name.split()[0][0] + "*" * max(1, len(name.split()[0]) - 1)
    keep = 2 if len(chars) >= 3 and "".join(chars[:2]) in COMPOUND_SURNAMES else 1
    return "".join(chars[:keep]) + "*" * max(1, len(chars) - keep)


@dataclass(frozen=True)
class ResultRow:
    number: str
    category: str
    resident: str  # masked: the surname only
    handler: str
    done_on: dt.date
    rating: str  # a RATING_STATE_LABELS key


@dataclass(frozen=True)
class ResultsData:
    year: int
    month: int
    rows: list[ResultRow]
    handler_names: list[str]  # the residents' full names the notice shows on purpose (the handlers)
    silence: bool
    post_from: dt.date
    post_to: dt.date

    def rating_label(self, row: ResultRow) -> str:
        return RATING_STATE_LABELS[row.rating]


def results_data(session: Session, year: int, month: int, *, today: dt.date | None = None,
                 post_from: dt.date | None = None) -> ResultsData:
    """The requests done in the month (done or rated), in the order done."""
    require("requests.read")
    today = today or dt.date.today()
    start, end = month_bounds(year, month)
    asker, person = aliased(Resident), aliased(Resident)
    rows = session.execute(
        select(ServiceRequest.year, ServiceRequest.seq, RequestCategory.name, asker.name, ServiceRequest.caller_name,
               ServiceRequest.handler_kind, ServiceRequest.handler_name, person.name, ServiceRequest.done_on,
               ServiceRequest.state, ServiceRequest.rating)
        .join(RequestCategory, RequestCategory.id == ServiceRequest.category_id)
        .outerjoin(asker, asker.id == ServiceRequest.resident_id)
        .outerjoin(person, person.id == ServiceRequest.handler_resident_id)
        .where(ServiceRequest.done_on.between(start, end), ServiceRequest.state.in_((DONE, RATED)))
        .order_by(ServiceRequest.done_on, ServiceRequest.year, ServiceRequest.seq)
    ).all()
    silence = silence_is_satisfied(session)
    out, names = [], set()
    for y, seq, category, resident, caller, kind, hname, pname, done_on, state, rating in rows:
        handler = pname if kind in (MEMBER, VOLUNTEER) else hname
        if kind in (MEMBER, VOLUNTEER) and pname:
            names.add(pname)
        out.append(ResultRow(request_number(y, seq), category, surname_only(resident or caller), handler or "",
                             done_on, rating_state(rating, state, done_on, today, silence) or ""))
    start_post, end_post = default_posting_period(post_from or today)
    return ResultsData(year, month, out, sorted(names), silence, start_post, end_post)
