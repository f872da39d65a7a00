"""The words of the grids job: visitors, methods, findings, the care categories and their default intervals.

Values are stored in English; labels are translated when shown (``_(label)``).
The care categories are the resident's household flags
(:data:`models.residents.entities.HOUSEHOLD_FLAGS`), the same list the meal
subsidies name (:data:`models.meals.vocabulary.CATEGORIES`): one list for both.
"""

from __future__ import annotations

from i18n import N_, _
from models.residents.entities import HOUSEHOLD_FLAGS
from models.residents.registry import FLAG_LABELS

# --- who visited ---
WORKER, HEAD, MEMBER, CLERK = "worker", "head", "member", "clerk"
VISITOR_KINDS: tuple[str, ...] = (WORKER, HEAD, MEMBER, CLERK)
VISITOR_LABELS: dict[str, str] = {
    WORKER: N_("Grid worker"),
    HEAD: N_("Building head"),
    MEMBER: N_("Party member"),
    CLERK: N_("Clerk"),
}

# --- how ---
HOME, PHONE, CENTRE = "home", "phone", "centre"
METHODS: tuple[str, ...] = (HOME, PHONE, CENTRE)
METHOD_LABELS: dict[str, str] = {
    HOME: N_("At home"),
    PHONE: N_("By phone"),
    CENTRE: N_("At the centre"),
}

# --- what was found (flags) ---
FINDING_FLAGS: tuple[str, ...] = ("needs_help", "health_worse", "not_home")
FINDING_LABELS: dict[str, str] = {
    "needs_help": N_("Needs help"),
    "health_worse": N_("Health worse"),
    "not_home": N_("Not at home"),
}

# --- the care list ---
CARE_CATEGORIES: tuple[str, ...] = HOUSEHOLD_FLAGS
#: Days without a visit before a care-list resident is due, per category (editable: care_interval).
DEFAULT_INTERVALS: dict[str, int] = {flag: (7 if flag == "lives_alone" else 30) for flag in CARE_CATEGORIES}
MAX_INTERVAL = 366

# --- limits ---
MAX_FINDINGS = 2000
MAX_FOLLOW_UP = 200
MAX_NUMBER = 20
MAX_COMPOUND = 60
MAX_FLOORS = 60
MAX_UNITS = 20
MAX_ROOMS_PER_FLOOR = 20


def care_label(category: str) -> str:
    return _(FLAG_LABELS.get(category, category))


def label(labels: dict[str, str], value: str | None) -> str:
    """The translated label of ``value`` in ``labels`` ("" for None)."""
    if value is None:
        return ""
    return _(labels[value]) if value in labels else value


def work_phone_text(digits: str) -> str:
    """A work landline as printed: 02588881234 → 025-88881234 (other numbers as they are)."""
    if digits.startswith(("010", "02")) and len(digits) in (11, 12):
        return f"{digits[:3]}-{digits[3:]}"
    if digits.startswith("0") and len(digits) in (11, 12):
        return f"{digits[:4]}-{digits[4:]}"
    return digits
