"""The resident's rating (评单): within 5 working days after done; after that "not rated", never invented.

A centre that treats silence as satisfied switches the setting
``requests.silence_is_satisfied`` on (off by default). Every figure then says
so (:func:`silence_note`), and a request not rated in time counts as
satisfied in the satisfaction rate — it is still shown as "not rated
(counted as satisfied)", never as a rating the resident gave.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import _, format_date
from models.core.errors import ValidationFailed
from models.core.settings import Setting
from models.core.workdays import working_days_after
from models.requests.entities import ServiceRequest
from models.requests.labels import (
    ACTION_RATE,
    ASSUMED,
    AWAITING,
    DONE,
    NOT_RATED,
    RATING_LABELS,
    RATING_WORKING_DAYS,
    RATINGS,
)
from models.requests.workflow import MoveRefused, check_day, check_move, clean_note, record_move
from models.safety.security import require

SILENCE_KEY = "requests.silence_is_satisfied"


def rating_deadline(done_on: dt.date) -> dt.date:
    """The last day a request done on ``done_on`` may be rated: the 5th working day after it."""
    return working_days_after(done_on + dt.timedelta(days=1), RATING_WORKING_DAYS)


def silence_is_satisfied(session: Session) -> bool:
    """The centre's setting: a request not rated in time counts as satisfied (off by default)."""
    value = session.scalar(select(Setting.value).where(Setting.key == SILENCE_KEY))
    return value == "1"


def set_silence_is_satisfied(session: Session, on: bool) -> None:
    """Switch the setting (administrators: ``settings.write``; audited as a setting)."""
    require("settings.write")
    session.merge(Setting(key=SILENCE_KEY, value="1" if on else "0"))
    session.flush()


def silence_note(on: bool) -> str:
    """The sentence every figure carries while the setting is on ("" when off)."""
    if not on:
        return ""
    return _("Requests not rated within 5 working days are counted as satisfied (the centre's setting).")


def rating_state(rating: str | None, state: str, done_on: dt.date | None, today: dt.date,
                 silence: bool = False) -> str | None:
    """What a request's rating is today: a rating, awaiting, not rated (or assumed satisfied); None if not done."""
    if rating:
        return rating
    if state != DONE or done_on is None:
        return None
    if today <= rating_deadline(done_on):
        return AWAITING
    return ASSUMED if silence else NOT_RATED


def parse_rating(text: str) -> str:
    """``satisfied``, ``basic`` or ``unsatisfied`` (or their labels).

    Raises:
        ValidationFailed: anything else, naming the list.
    """
    wanted = (text or "").strip()
    for value in RATINGS:
        if wanted.lower() == value or wanted in (RATING_LABELS[value], _(RATING_LABELS[value])):
            return value
    raise ValidationFailed({"rating": _("“{text}” is not a rating; rate satisfied, basic or unsatisfied.").format(
        text=wanted)})


def rate(session: Session, request: ServiceRequest, rating: str, comment: str = "", *,
         on: dt.date | None = None, today: dt.date | None = None):  # noqa: ANN201
    """Record the resident's rating (as the clerk hears it), within the 5 working days after done.

    Raises:
        MoveRefused: not done yet, already rated, or the window closed (it counts as not rated).
        ValidationFailed: a rating outside the list, a comment too long, a bad date.
    """
    require("requests.write")
    value = parse_rating(rating)
    target = check_move(request, ACTION_RATE)
    today = today or dt.date.today()
    on = on or today
    check_day(request, on, today)
    last = rating_deadline(request.done_on)
    if on > last:
        raise MoveRefused(_("The rating window of request {number} closed on {date}: it counts as not rated.").format(
            number=request.number, date=format_date(last)))
    request.rating, request.rated_on = value, on
    request.rating_comment = clean_note(comment, "comment")
    return record_move(session, request, ACTION_RATE, target, on, note=value)

