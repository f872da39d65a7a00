"""The words of the mediation job: the kinds of dispute, the outcomes, the states, the case number.

Values are stored in English; the labels are translated when shown (``_(label)``).
"""

from __future__ import annotations

import re

from i18n import N_, _

# --- kinds of dispute (矛盾纠纷类型) ---
NEIGHBOURS, FAMILY, PROPERTY, NOISE, PARKING, OTHER = "neighbours", "family", "property", "noise", "parking", "other"
KINDS: tuple[str, ...] = (NEIGHBOURS, FAMILY, PROPERTY, NOISE, PARKING, OTHER)
KIND_LABELS: dict[str, str] = {
    NEIGHBOURS: N_("Between neighbours"),
    FAMILY: N_("Family"),
    PROPERTY: N_("Property management"),
    NOISE: N_("Noise"),
    PARKING: N_("Parking"),
    OTHER: N_("Other"),
}

# --- states ---
OPEN, CLOSED = "open", "closed"
STATE_LABELS: dict[str, str] = {OPEN: N_("Being mediated"), CLOSED: N_("Closed")}

# --- outcomes (a closed case has one) ---
RESOLVED, PARTLY, UNRESOLVED, REFERRED = "resolved", "partly", "unresolved", "referred"
OUTCOMES: tuple[str, ...] = (RESOLVED, PARTLY, UNRESOLVED, REFERRED)
OUTCOME_LABELS: dict[str, str] = {
    RESOLVED: N_("Resolved with an agreement"),
    PARTLY: N_("Partly resolved"),
    UNRESOLVED: N_("Not resolved"),
    REFERRED: N_("Referred"),
}

MAX_NAME = 50
MAX_MATTER = 300
MAX_AGREEMENT = 2000
MAX_NOTE = 300
MAX_REFERRED = 100

_NUMBER = re.compile(r"^\s*(\d{4})-(\d{1,5})\s*$")


def case_number(year: int, seq: int) -> str:
    """A case's number: the year it was opened and its place in that year (2026-007)."""
    return f"{year}-{seq:03d}"


def parse_number(text: str) -> tuple[int, int]:
    """``2026-007`` as (2026, 7).

    Raises:
        ValueError: a translated message giving the form.
    """
    match = _NUMBER.match(text or "")
    if not match:
        raise ValueError(_("Not a case number: write it as 2026-007."))
    return int(match.group(1)), int(match.group(2))


def label(labels: dict[str, str], value: str | None) -> str:
    """The translated label of ``value`` ("" for None; the value itself when unknown)."""
    if value is None:
        return ""
    return _(labels[value]) if value in labels else value


def parse_choice(text: str, labels: dict[str, str], field: str, what: str) -> str:
    """A kind or an outcome by its value or its label (English or translated).

    Raises:
        ValidationFailed: unknown, naming the field and the values.
    """
    from models.core.errors import ValidationFailed

    wanted = " ".join((text or "").split())
    for value, text_label in labels.items():
        if wanted.lower() == value or wanted in (text_label, _(text_label)):
            return value
    raise ValidationFailed({field: _("Unknown {what} “{text}”; choose one of: {names}.").format(
        what=what, text=wanted, names=", ".join(labels))})
