"""The activities' words and limits: statuses, target groups, categories, booking
statuses and their labels, the age and seat limits, and the date/time texts the
programme shows (a cached Babel pattern: a list page shows hundreds).
"""

from __future__ import annotations

import datetime as dt
import functools

from i18n import N_, current_language


@functools.lru_cache(maxsize=64)
def _date_pattern(language: str, style: str):  # type: ignore[no-untyped-def]
    from babel import Locale
    from babel.dates import parse_pattern

    locale = Locale.parse(language)
    text = locale.date_formats[style] if style in ("full", "long", "medium", "short") else style
    return parse_pattern(text), locale


def format_date(value: dt.date, style: str = "long") -> str:
    """The same text as ``i18n.format_date``, with the locale's pattern parsed once
    (Babel parses it on every call: ~0.5 ms, and a list page shows hundreds)."""
    pattern, locale = _date_pattern(current_language(), style)
    return pattern.apply(value, locale)


def format_time(value: dt.datetime | dt.time) -> str:
    """A clock time, ``HH:mm`` (as ``i18n.format_time``'s short style)."""
    return value.strftime("%H:%M")


STATUSES: tuple[str, ...] = ("draft", "open", "closed", "cancelled", "done")
STATUS_LABELS: dict[str, str] = {
    "draft": N_("Draft"),
    "open": N_("Open"),
    "closed": N_("Sign-up closed"),
    "cancelled": N_("Cancelled"),
    "done": N_("Done"),
}

TARGET_GROUPS: tuple[str, ...] = ("everyone", "elders", "children", "party")
TARGET_LABELS: dict[str, str] = {
    "everyone": N_("Everyone"),
    "elders": N_("Elders 60+"),
    "children": N_("Children with a guardian"),
    "party": N_("Party members only"),
}

CATEGORIES: tuple[str, ...] = (
    "clinic",
    "legal",
    "culture",
    "games",
    "children",
    "film",
    "market",
    "camp",
    "themed",
    "talk",
    "other",
)
CATEGORY_LABELS: dict[str, str] = {
    "clinic": N_("Free clinic"),
    "legal": N_("Legal aid"),
    "culture": N_("Calligraphy and arts"),
    "games": N_("Chess and cards"),
    "children": N_("4:30 school"),
    "film": N_("Outdoor film"),
    "market": N_("Flea market"),
    "camp": N_("Summer camp"),
    "themed": N_("Monthly themed event"),
    "talk": N_("Talk or class"),
    "other": N_("Other"),
}

BOOKING_STATUSES: tuple[str, ...] = ("confirmed", "waitlisted", "cancelled", "attended", "no_show")
BOOKING_LABELS: dict[str, str] = {
    "confirmed": N_("Confirmed"),
    "waitlisted": N_("Waitlisted"),
    "cancelled": N_("Cancelled"),
    "attended": N_("Attended"),
    "no_show": N_("No-show"),
}
#: Booking statuses that hold seats.
SEATED: tuple[str, ...] = ("confirmed", "attended", "no_show")
#: Booking statuses that count as "booked" for the duplicate rule.
ACTIVE: tuple[str, ...] = ("confirmed", "waitlisted", "attended", "no_show")

OVERRIDE_LABELS: dict[str, str] = {
    "deadline": N_("Sign-up window overridden"),
    "target_group": N_("Target group overridden"),
}

ELDER_AGE = 60
#: A "children with a guardian" booking holds at least this many seats.
CHILD_GUARDIAN_SEATS = 2
MAX_SEATS_PER_BOOKING = 6
MAX_SERIES_SESSIONS = 52
MAX_ROOM_CAPACITY = 1000
