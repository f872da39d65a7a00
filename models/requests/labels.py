"""The words of the requests job: states, channels, urgency, handlers, ratings, and the request number.

Values are stored in English; the labels are translated when shown (``_(label)``).
"""

from __future__ import annotations

from i18n import N_, _

# --- states of the loop (点单 → 派单 → 接单 → 办结 → 评单) ---
RECEIVED = "received"  # 已登记: taken at the desk, waiting to be dispatched (also after a reopen)
DISPATCHED = "dispatched"  # 已派单: given to a handler, not taken yet
TAKEN = "taken"  # 已接单
RETURNED = "returned"  # 已退回: the handler gave it back with a reason; dispatch again
DONE = "done"  # 已办结: waiting for the resident's rating (5 working days)
RATED = "rated"  # 已评价
CANCELLED = "cancelled"  # 已撤销: the resident withdrew it, or it was entered by mistake

STATES: tuple[str, ...] = (RECEIVED, DISPATCHED, TAKEN, RETURNED, DONE, RATED, CANCELLED)
#: States whose deadline still runs: a request in one of them past its deadline is overdue.
OPEN_STATES: tuple[str, ...] = (RECEIVED, DISPATCHED, TAKEN, RETURNED)
#: States a handler holds the request in (the "open requests" count of a suggestion).
HELD_STATES: tuple[str, ...] = (DISPATCHED, TAKEN)
CLOSED_STATES: tuple[str, ...] = (DONE, RATED, CANCELLED)

STATE_LABELS: dict[str, str] = {
    RECEIVED: N_("Received"),
    DISPATCHED: N_("Dispatched"),
    TAKEN: N_("Taken"),
    RETURNED: N_("Returned"),
    DONE: N_("Done"),
    RATED: N_("Rated"),
    CANCELLED: N_("Cancelled"),
}

# --- the moves (each one event in the request's history) ---
ACTION_RECEIVE, ACTION_DISPATCH, ACTION_TAKE, ACTION_RETURN = "receive", "dispatch", "take", "return"
ACTION_DONE, ACTION_RATE, ACTION_REOPEN, ACTION_CANCEL = "done", "rate", "reopen", "cancel"
ACTION_LABELS: dict[str, str] = {
    ACTION_RECEIVE: N_("Received"),
    ACTION_DISPATCH: N_("Dispatched"),
    ACTION_TAKE: N_("Taken"),
    ACTION_RETURN: N_("Returned"),
    ACTION_DONE: N_("Done"),
    ACTION_RATE: N_("Rated"),
    ACTION_REOPEN: N_("Reopened"),
    ACTION_CANCEL: N_("Cancelled"),
}

# --- channels and urgency ---
CHANNELS: tuple[str, ...] = ("desk", "phone", "grid", "hotline")
CHANNEL_LABELS: dict[str, str] = {
    "desk": N_("At the desk"),
    "phone": N_("Phone call"),
    "grid": N_("Grid worker"),
    "hotline": N_("12345 hotline transfer"),
}

# --- handlers ---
MEMBER, VOLUNTEER, UNIT, DEPARTMENT = "member", "volunteer", "unit", "department"
HANDLER_KINDS: tuple[str, ...] = (MEMBER, VOLUNTEER, UNIT, DEPARTMENT)
HANDLER_LABELS: dict[str, str] = {
    MEMBER: N_("Party member"),
    VOLUNTEER: N_("Volunteer"),
    UNIT: N_("Partner unit"),
    DEPARTMENT: N_("Sub-district department (escalated)"),
}

# --- ratings ---
SATISFIED, BASIC, UNSATISFIED = "satisfied", "basic", "unsatisfied"
RATINGS: tuple[str, ...] = (SATISFIED, BASIC, UNSATISFIED)
RATING_LABELS: dict[str, str] = {
    SATISFIED: N_("Satisfied"),
    BASIC: N_("Basically satisfied"),
    UNSATISFIED: N_("Not satisfied"),
}
NOT_RATED = "not_rated"  # the 5 working days passed without a rating (never invented)
AWAITING = "awaiting"  # done, the window still open
ASSUMED = "assumed"  # not rated, counted as satisfied because the centre's setting says so
RATING_STATE_LABELS: dict[str, str] = {
    **RATING_LABELS,
    NOT_RATED: N_("Not rated"),
    AWAITING: N_("Awaiting rating"),
    ASSUMED: N_("Not rated (counted as satisfied)"),
}

#: Working days after the day done within which the resident may rate.
RATING_WORKING_DAYS = 5

# --- limits ---
MAX_TEXT = 500
MAX_NOTE = 200
MAX_NAME = 50
MAX_HOURS_PER_DAY = 24


def request_number(year: int, seq: int) -> str:
    """The number the clerk tells the resident: 2026-0042."""
    return f"{year}-{seq:04d}"


def parse_number(text: str) -> tuple[int, int]:
    """``"2026-0042"`` (or ``2026-42``) → (2026, 42).

    Raises:
        ValueError: not a request number (the message says what is expected).
    """
    raw = (text or "").strip()
    year, sep, seq = raw.partition("-")
    if not sep or not (year.isdigit() and len(year) == 4) or not seq.isdigit() or int(seq) < 1:
        raise ValueError(_("“{text}” is not a request number (e.g. 2026-0042).").format(text=raw))
    return int(year), int(seq)


def label(labels: dict[str, str], value: str | None) -> str:
    """The translated label of ``value`` in ``labels`` ("" for None)."""
    if value is None:
        return ""
    return _(labels[value]) if value in labels else value
