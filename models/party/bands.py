"""Party dues bands (党费标准): editable bands with effective dates, and what a member owes a month.

How a band applies (as commonly practised): the member's whole declared
monthly base is charged at the rate of the band it falls in — a base of
¥4,000 pays 1 % of ¥4,000, not 0.5 % of the first ¥3,000 plus 1 % of the
rest. A band covers bases up to and including its upper bound (¥3,000 exactly
is in the 0.5 % band). Amounts are rounded half-up to the fen. Students, the
unemployed and members on the minimum living allowance pay a fixed amount.

The schedule in force for a month is the newest one (per category) whose
``effective_from`` is on or before the month's first day, so a change of
bands in July applies from July's dues on.

Reading never writes: while no band is stored the reads use :data:`DEFAULT_BANDS`
in memory (:func:`schedules`), and the defaults are stored only by a write that
needs them (:func:`ensure_default_bands`), so a centre opened read-only reads its
dues like any other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import LinliError, ValidationFailed
from models.party.entities import (
    DUES_CATEGORIES,
    DuesBand,
)
from models.party.members import get_member
from models.safety.security import require

#: The default bands: (category, upper bound in fen or None, basis points, fixed fen). Stored by the
#: first write that needs them (:func:`ensure_default_bands`); the reads use them from here until then.
DEFAULT_EFFECTIVE_FROM = dt.date(2008, 4, 1)
DEFAULT_BANDS: tuple[tuple[str, int | None, int, int | None], ...] = (
    ("employed", 300_000, 50, None),
    ("employed", 500_000, 100, None),
    ("employed", 1_000_000, 150, None),
    ("employed", None, 200, None),
    ("retired", 500_000, 50, None),
    ("retired", None, 100, None),
    ("student", None, 0, 20),
    ("unemployed", None, 0, 20),
    ("minimum_allowance", None, 0, 20),
)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from ``first``'s to ``last``'s, inclusive."""
    out, m = [], month_start(first)
    while m <= last:
        out.append(m)
        m = next_month(m)
    return out


def quarter_months(year: int, quarter: int) -> list[dt.date]:
    return [dt.date(year, 3 * (quarter - 1) + i, 1) for i in (1, 2, 3)]


def parse_quarter(text: str) -> tuple[int, int]:
    """"2026Q4" → (2026, 4).

    Raises:
        ValueError: a translated message.
    """
    value = (text or "").strip().upper()
    if len(value) == 6 and value[:4].isdigit() and value[4] == "Q" and value[5] in "1234":
        return int(value[:4]), int(value[5])
    raise ValueError(_("Not a quarter: write it as 2026Q4."))


# --- bands -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    upper_fen: int | None
    rate_bp: int
    fixed_fen: int | None


def default_schedules() -> dict[tuple[str, dt.date], list[Band]]:
    """:data:`DEFAULT_BANDS` as schedules (in memory): (category, effective_from) → bands, lowest first."""
    out: dict[tuple[str, dt.date], list[Band]] = defaultdict(list)
    for category, upper, rate, fixed in DEFAULT_BANDS:
        out[(category, DEFAULT_EFFECTIVE_FROM)].append(Band(upper, rate, fixed))
    for bands in out.values():
        bands.sort(key=lambda b: (b.upper_fen is None, b.upper_fen or 0))
    return dict(out)


def ensure_default_bands(session: Session) -> bool:
    """Store the default bands when none are stored. Returns True when it wrote them.

    For write paths only (a payment or a deferral recorded, the bands editor's save, the
    demo): a read never writes, so that a centre opened read-only (the sub-district's
    reader, a damaged file) reads its dues all the same. The reads get the same bands
    from :func:`schedules`, which falls back on the defaults in memory while the table
    is empty.
    """
    if session.scalar(select(func.count()).select_from(DuesBand)):
        return False
    for category, upper, rate, fixed in DEFAULT_BANDS:
        session.add(
            DuesBand(category=category, effective_from=DEFAULT_EFFECTIVE_FROM, upper_fen=upper, rate_bp=rate, fixed_fen=fixed)
        )
    session.flush()
    return True


def schedules(session: Session) -> dict[tuple[str, dt.date], list[Band]]:
    """Every schedule in force: (category, effective_from) → bands, lowest first.

    The stored bands; while the table holds none at all, :data:`DEFAULT_BANDS` (the
    bands :func:`ensure_default_bands` would store). The one source of the bands for
    every read and for :class:`DuesCalculator`; it never writes.
    """
    out: dict[tuple[str, dt.date], list[Band]] = defaultdict(list)
    for b in session.scalars(select(DuesBand).order_by(DuesBand.category, DuesBand.effective_from)):
        out[(b.category, b.effective_from)].append(Band(b.upper_fen, b.rate_bp, b.fixed_fen))
    if not out:
        return default_schedules()
    for bands in out.values():
        bands.sort(key=lambda b: (b.upper_fen is None, b.upper_fen or 0))
    return dict(out)


def schedule_on(session: Session, category: str, day: dt.date) -> list[Band]:
    """The bands of ``category`` in force on ``day``, lowest first (none before its first schedule)."""
    every = schedules(session)
    starts = [start for cat, start in every if cat == category and start <= day]
    return list(every[(category, max(starts))]) if starts else []


#: Editing the bands is an administrator's task (clerks hold ``party.*``, so a
#: permission of the settings area: administrators only).
DUES_BANDS_PERMISSION = "settings.write"


def can_edit_bands() -> bool:
    """Whether the current actor may change the dues bands (the UI enables its editor with this)."""
    from models.safety.security import can

    return can(DUES_BANDS_PERMISSION)


def schedule_starts(session: Session, category: str) -> list[dt.date]:
    """The effective dates of ``category``'s schedules, oldest first."""
    require("party.read")
    return sorted(start for cat, start in schedules(session) if cat == category)


def save_schedule(session: Session, category: str, effective_from: dt.date | None, bands: list[Band]) -> None:
    """Replace (or add) the schedule of ``category`` starting ``effective_from``.

    Administrators only (:data:`DUES_BANDS_PERMISSION`). The schedule applies
    from the month of ``effective_from`` on (see :class:`DuesCalculator`);
    payments already recorded keep the due stored with them.

    Raises:
        PermissionDenied: the actor is not an administrator.
        ValidationFailed: unknown category; no effective date or not a month's
            first day; no bands; bounds not rising; the last band capped; a
            negative rate or amount.
    """
    require(DUES_BANDS_PERMISSION)
    errors: dict[str, str] = {}
    if category not in DUES_CATEGORIES:
        errors["category"] = _("Unknown dues category.")
    if effective_from is None:
        errors["effective_from"] = _("Enter the date the bands take effect.")
    elif effective_from.day != 1:
        errors["effective_from"] = _("Bands take effect on the first day of a month ({date}).").format(
            date=month_start(effective_from).isoformat()
        )
    if not bands:
        errors["bands"] = _("A schedule needs at least one band.")
    previous = -1
    for i, band in enumerate(bands, start=1):
        last = i == len(bands)
        if band.upper_fen is None and not last:
            errors["bands"] = _("Band {n}: only the last band is open-ended.").format(n=i)
        elif band.upper_fen is not None and last:
            errors["bands"] = _("Band {n}: the last band has no upper limit.").format(n=i)
        elif band.upper_fen is not None and band.upper_fen <= previous:
            errors["bands"] = _("Band {n}: the upper limits must rise.").format(n=i)
        if band.rate_bp < 0 or (band.fixed_fen is not None and band.fixed_fen < 0):
            errors["bands"] = _("Band {n}: a rate or amount cannot be negative.").format(n=i)
        if band.rate_bp > 10_000:
            errors["bands"] = _("Band {n}: a rate above 100% is not possible.").format(n=i)
        previous = band.upper_fen if band.upper_fen is not None else previous
    if errors:
        raise ValidationFailed(errors)
    ensure_default_bands(session)  # a first edit must not stop the defaults of other categories
    session.execute(
        delete(DuesBand).where(DuesBand.category == category, DuesBand.effective_from == effective_from)
    )
    for band in bands:
        session.add(
            DuesBand(
                category=category,
                effective_from=effective_from,
                upper_fen=band.upper_fen,
                rate_bp=band.rate_bp if band.fixed_fen is None else 0,
                fixed_fen=band.fixed_fen,
            )
        )
    session.flush()


def delete_schedule(session: Session, category: str, effective_from: dt.date) -> None:
    """Remove a schedule entered by mistake (administrators only); the category's last one stays.

    Raises:
        PermissionDenied: the actor is not an administrator.
        LinliError: it is the only schedule of the category, or there is none on that date.
    """
    require(DUES_BANDS_PERMISSION)
    starts = schedule_starts(session, category)
    if effective_from not in starts:
        raise LinliError(_("There are no bands in force from {date}.").format(date=effective_from.isoformat()))
    if len(starts) == 1:
        raise LinliError(_("The only bands of a category cannot be removed; change them instead."))
    session.execute(
        delete(DuesBand).where(DuesBand.category == category, DuesBand.effective_from == effective_from)
    )
    session.flush()


def apply_bands(bands: list[Band], base_fen: int) -> int:
    """The month's dues in fen for a base under a schedule (whole base at its band's rate, half-up)."""
    for band in bands:
        if band.upper_fen is None or base_fen <= band.upper_fen:
            if band.fixed_fen is not None:
                return band.fixed_fen
            return (base_fen * band.rate_bp + 5_000) // 10_000
    return 0


class DuesCalculator:
    """Dues per category and month, with every schedule loaded once."""

    def __init__(self, session: Session):
        self._schedules = schedules(session)
        self._starts: dict[str, list[dt.date]] = defaultdict(list)
        for category, start in sorted(self._schedules):
            self._starts[category].append(start)

    def bands(self, category: str, month: dt.date) -> list[Band]:
        all_starts = self._starts.get(category, [])
        starts = [s for s in all_starts if s <= month] or all_starts[:1]
        # Before the first schedule, the first schedule applies.
        return self._schedules[(category, starts[-1])] if starts else []

    def due(self, category: str, base_fen: int, month: dt.date) -> int:
        bands = self.bands(category, month_start(month))
        if not bands:
            raise LinliError(
                _("No dues bands for {category} in force on {date}: set them up under Dues bands.").format(
                    category=category, date=month.isoformat()
                )
            )
        return apply_bands(bands, base_fen)


def monthly_due(session: Session, member_id: int, month: dt.date) -> int:
    """The dues of a member for a month, from the member's category and declared base (a read)."""
    member = get_member(session, member_id)
    return DuesCalculator(session).due(member.dues_category, member.dues_base_fen, month)


def parse_yuan(text: str) -> int:
    """A sum of dues as the clerk types it, in fen: "4500", "4,500.50", "¥4500" (empty: 0).

    Rounded half-up to the fen. Raises ValueError (a translated message).
    """
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    clean = text.replace(",", "").replace("¥", "").strip() or "0"
    try:
        return int((Decimal(clean) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation:
        raise ValueError(_("Not an amount: write it as 4500 or 4500.50.")) from None
