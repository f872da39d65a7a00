"""Party dues (党费): editable bands with effective dates, payments, arrears, summaries.

How a band applies (as commonly practised): the member's whole declared
monthly base is charged at the rate of the band it falls in — a base of
¥4,000 pays 1 % of ¥4,000, not 0.5 % of the first ¥3,000 plus 1 % of the
rest. A band covers bases up to and including its upper bound (¥3,000 exactly
is in the 0.5 % band). Amounts are rounded half-up to the fen. Students, the
unemployed and members on the minimum living allowance pay a fixed amount.

The schedule in force for a month is the newest one (per category) whose
``effective_from`` is on or before the month's first day, so a change of
bands in July applies from July's dues on.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import String, cast, delete, func, select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.core.errors import LinliError, ValidationFailed
from models.core.workdays import working_days_after, working_days_between  # noqa: F401  # China's working days
from models.notices.posting import MIN_POSTING_WORKING_DAYS, posting_period
from models.party.entities import (
    DUES_CATEGORIES,
    PAYMENT_METHODS,
    DuesBand,
    DuesPayment,
    PartyMember,
    PartyOrg,
)
from models.party.members import get_member
from models.residents.entities import Resident
from models.safety.security import require

METHOD_LABELS: dict[str, str] = {
    "cash": N_("Cash"),
    "wechat": N_("WeChat Pay"),
    "alipay": N_("Alipay"),
    "bank": N_("Bank transfer"),
    "other": N_("Other"),
}

#: The bands seeded on first use: (category, upper bound in fen or None, basis points, fixed fen).
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


def ensure_default_bands(session: Session) -> bool:
    """Seed the default bands when none exist. Returns True when it wrote them."""
    if session.scalar(select(func.count()).select_from(DuesBand)):
        return False
    for category, upper, rate, fixed in DEFAULT_BANDS:
        session.add(
            DuesBand(category=category, effective_from=DEFAULT_EFFECTIVE_FROM, upper_fen=upper, rate_bp=rate, fixed_fen=fixed)
        )
    session.flush()
    return True


def schedule_on(session: Session, category: str, day: dt.date) -> list[Band]:
    """The bands of ``category`` in force on ``day``, lowest first."""
    start = session.scalar(
        select(func.max(DuesBand.effective_from)).where(DuesBand.category == category, DuesBand.effective_from <= day)
    )
    if start is None:
        return []
    rows = session.scalars(
        select(DuesBand).where(DuesBand.category == category, DuesBand.effective_from == start)
    ).all()
    bands = [Band(b.upper_fen, b.rate_bp, b.fixed_fen) for b in rows]
    bands.sort(key=lambda b: (b.upper_fen is None, b.upper_fen or 0))
    return bands


def schedules(session: Session) -> dict[tuple[str, dt.date], list[Band]]:
    """Every schedule: (category, effective_from) → bands, lowest first."""
    out: dict[tuple[str, dt.date], list[Band]] = defaultdict(list)
    for b in session.scalars(select(DuesBand).order_by(DuesBand.category, DuesBand.effective_from)):
        out[(b.category, b.effective_from)].append(Band(b.upper_fen, b.rate_bp, b.fixed_fen))
    for bands in out.values():
        bands.sort(key=lambda b: (b.upper_fen is None, b.upper_fen or 0))
    return dict(out)


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
    ensure_default_bands(session)
    return list(
        session.scalars(
            select(DuesBand.effective_from)
            .where(DuesBand.category == category)
            .group_by(DuesBand.effective_from)
            .order_by(DuesBand.effective_from)
        )
    )


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
    """The dues of a member for a month, from the member's category and declared base."""
    ensure_default_bands(session)
    member = get_member(session, member_id)
    return DuesCalculator(session).due(member.dues_category, member.dues_base_fen, month)


# --- payments ---------------------------------------------------------------------------


def _owes_in(member_joined: dt.date, status: str, status_on: dt.date | None, month: dt.date) -> bool:
    """Does a member owe dues for ``month``? From the joining month while active;
    up to the month before a transfer or death."""
    if month < month_start(member_joined):
        return False
    if status != "active" and status_on is not None and month >= month_start(status_on):
        return False
    return True


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _owed_count(joined: dt.date, status: str, status_on: dt.date | None, first: dt.date, last: dt.date) -> int:
    """How many months of ``first``..``last`` a member owes (:func:`_owes_in`, counted arithmetically)."""
    lo = max(_month_index(first), _month_index(joined))
    hi = _month_index(last)
    if status != "active" and status_on is not None:
        hi = min(hi, _month_index(status_on) - 1)
    return max(0, hi - lo + 1)


def record_payment(
    session: Session,
    member_id: int,
    month: dt.date,
    *,
    amount_fen: int | None = None,
    paid_on: dt.date | None = None,
    method: str = "cash",
    paid_by: str = "",
    today: dt.date | None = None,
) -> DuesPayment:
    """Record a month's dues (the computed due when ``amount_fen`` is None).

    A month already paid is refused; a deferred month becomes paid.

    Raises:
        ValidationFailed: the month is before joining or after leaving, in the
            future beyond next year, already paid; a bad amount, date or method.
    """
    require("party.write")
    today = today or dt.date.today()
    ensure_default_bands(session)
    member = get_member(session, member_id)
    period = month_start(month)
    errors: dict[str, str] = {}
    if not _owes_in(member.joined_on, member.status, member.status_on, period):
        errors["month"] = _("No dues are owed for {month}: the member was not active then.").format(
            month=period.strftime("%Y-%m")
        )
    if period > month_start(dt.date(today.year + 1, 12, 1)):
        errors["month"] = _("Dues can be paid in advance up to the end of next year.")
    due = 0 if "month" in errors else DuesCalculator(session).due(member.dues_category, member.dues_base_fen, period)
    amount = due if amount_fen is None else amount_fen
    if amount_fen is None and "month" in errors:
        pass
    elif not isinstance(amount, int) or amount <= 0:
        errors["amount"] = _("Enter the amount paid.")
    elif amount > 100_000_00:
        errors["amount"] = _("The amount looks too large.")
    paid_on = paid_on or today
    if paid_on > today:
        errors["paid_on"] = _("The payment date is in the future.")
    if method not in PAYMENT_METHODS:
        errors["method"] = _("Choose how the dues were paid.")
    proxy = " ".join((paid_by or "").split())
    if len(proxy) > 50:
        errors["paid_by"] = _("At most {max} characters.").format(max=50)
    existing = session.scalar(select(DuesPayment).where(DuesPayment.member_id == member_id, DuesPayment.period == period))
    if existing is not None and not existing.deferred:
        errors["month"] = _("{month} is already paid ({amount} on {date}).").format(
            month=period.strftime("%Y-%m"), amount=_fmt_money(existing.amount_fen), date=existing.paid_on.isoformat()
        )
    if errors:
        raise ValidationFailed(errors)
    payment = existing or DuesPayment(member_id=member_id, period=period)
    payment.due_fen, payment.amount_fen, payment.paid_on = due, amount, paid_on
    payment.method, payment.paid_by, payment.deferred, payment.deferral_reason = method, proxy, False, ""
    if existing is None:
        session.add(payment)
    session.flush()
    return payment


def _fmt_money(fen: int) -> str:
    from i18n import format_money

    return format_money(fen)


def defer_payment(session: Session, member_id: int, month: dt.date, reason: str) -> DuesPayment:
    """Mark a month deferred (缓交) with its reason; it leaves the arrears list.

    Raises:
        ValidationFailed: no reason, the month not owed or already paid.
    """
    require("party.write")
    member = get_member(session, member_id)
    period = month_start(month)
    text = " ".join((reason or "").split())
    errors: dict[str, str] = {}
    if not text:
        errors["reason"] = _("Give the reason for deferring.")
    elif len(text) > 200:
        errors["reason"] = _("At most {max} characters.").format(max=200)
    if not _owes_in(member.joined_on, member.status, member.status_on, period):
        errors["month"] = _("No dues are owed for {month}: the member was not active then.").format(
            month=period.strftime("%Y-%m")
        )
    existing = session.scalar(select(DuesPayment).where(DuesPayment.member_id == member_id, DuesPayment.period == period))
    if existing is not None and not existing.deferred:
        errors["month"] = _("{month} is already paid.").format(month=period.strftime("%Y-%m"))
    if errors:
        raise ValidationFailed(errors)
    ensure_default_bands(session)
    due = DuesCalculator(session).due(member.dues_category, member.dues_base_fen, period)
    payment = existing or DuesPayment(member_id=member_id, period=period)
    payment.due_fen, payment.amount_fen, payment.paid_on, payment.deferred = due, 0, None, True
    payment.deferral_reason = text
    if existing is None:
        session.add(payment)
    session.flush()
    return payment


# --- arrears, grid, summaries -------------------------------------------------------------


@dataclass(frozen=True)
class Arrears:
    member_id: int
    name: str
    branch: str
    months: list[dt.date]
    owed_fen: int


def _members_in(session: Session, first: dt.date, branch_id: int | None = None,  # noqa: ANN202
                member_id: int | None = None):
    stmt = (
        select(
            PartyMember.id,
            Resident.name,
            Resident.name_pinyin,
            PartyOrg.name.label("branch"),
            PartyMember.joined_on,
            PartyMember.status,
            PartyMember.status_on,
            PartyMember.dues_category,
            PartyMember.dues_base_fen,
        )
        .join(Resident, Resident.id == PartyMember.resident_id)
        .join(PartyOrg, PartyOrg.id == PartyMember.branch_id)
        .where((PartyMember.status == "active") | (PartyMember.status_on >= first))
        .order_by(PartyOrg.position, PartyOrg.id, Resident.name_pinyin, PartyMember.id)
    )
    if branch_id is not None:
        stmt = stmt.where(PartyMember.branch_id == branch_id)
    if member_id is not None:
        stmt = stmt.where(PartyMember.id == member_id)
    return session.execute(stmt).all()


def arrears(
    session: Session, first: dt.date, last: dt.date, *, branch_id: int | None = None,
    member_id: int | None = None,
) -> list[Arrears]:
    """Members with unpaid months between ``first`` and ``last`` (months, inclusive).

    A month is in arrears when it is owed (active, on or after the joining
    month) and has no payment — or was paid short. Deferred months are not
    arrears. ``member_id``: that one member only (the payment desk's next
    unpaid month), ``branch_id``: one branch.
    """
    require("party.read")
    ensure_default_bands(session)
    months = months_between(first, last)
    if not months:
        return []
    calc = DuesCalculator(session)
    in_range = (DuesPayment.period >= months[0]) & (DuesPayment.period <= months[-1])
    # Counted in SQL first: a member whose every owed month is settled is skipped
    # without loading their payments.
    settled_stmt = (
        select(DuesPayment.member_id, func.count())
        .where(in_range, DuesPayment.deferred.is_(True) | (DuesPayment.amount_fen >= DuesPayment.due_fen))
        .group_by(DuesPayment.member_id)
    )
    if member_id is not None:
        settled_stmt = settled_stmt.where(DuesPayment.member_id == member_id)
    settled = dict(session.execute(settled_stmt).all())
    candidates = []
    for m in _members_in(session, months[0], branch_id, member_id):
        owed = _owed_count(m.joined_on, m.status, m.status_on, months[0], months[-1])
        if owed and settled.get(m.id, 0) < owed:
            candidates.append(m)
    paid: dict[int, dict[dt.date, tuple[int, int, bool]]] = defaultdict(dict)
    ids = [m.id for m in candidates]
    # The period comes back as ISO text (no per-row date parsing: this list must be fast).
    by_text = {m.isoformat(): m for m in months}
    period_text = cast(DuesPayment.period, String(10))
    for start in range(0, len(ids), 500):
        for mid, period, amount, due, deferred in session.connection().execute(
            select(
                DuesPayment.member_id, period_text, DuesPayment.amount_fen, DuesPayment.due_fen,
                DuesPayment.deferred,
            ).where(in_range, DuesPayment.member_id.in_(ids[start:start + 500]))
        ):
            paid[mid][by_text.get(period[:10], months[0])] = (amount, due, bool(deferred))
    out: list[Arrears] = []
    for m in candidates:
        mine = paid.get(m.id, {})
        unpaid: list[dt.date] = []
        owed = 0
        for month in months:
            if not _owes_in(m.joined_on, m.status, m.status_on, month):
                continue
            got = mine.get(month)
            if got is None:
                unpaid.append(month)
                owed += calc.due(m.dues_category, m.dues_base_fen, month)
            elif not got[2] and got[0] < got[1]:
                unpaid.append(month)
                owed += got[1] - got[0]
        if unpaid:
            out.append(Arrears(m.id, m.name, m.branch, unpaid, owed))
    return out


@dataclass(frozen=True)
class GridRow:
    """One member's line of the dues grid: per month the state and amount."""

    member_id: int
    name: str
    branch: str
    due_fen: int  # this member's current monthly due
    cells: list[tuple[str, int]]  # per month: ("paid"|"short"|"deferred"|"unpaid"|"none", amount)
    total_fen: int


def dues_grid(session: Session, months: list[dt.date], *, branch_id: int | None = None,
              member_id: int | None = None) -> list[GridRow]:
    """Who paid what in each of ``months`` (the dues screen and the disclosure);
    ``member_id``: that member's line only (after a payment at the desk)."""
    require("party.read")
    ensure_default_bands(session)
    if not months:
        return []
    calc = DuesCalculator(session)
    paid: dict[int, dict[dt.date, tuple[int, int, bool]]] = defaultdict(dict)
    stmt = select(
        DuesPayment.member_id, DuesPayment.period, DuesPayment.amount_fen, DuesPayment.due_fen, DuesPayment.deferred
    ).where(DuesPayment.period >= months[0], DuesPayment.period <= months[-1])
    if member_id is not None:
        stmt = stmt.where(DuesPayment.member_id == member_id)
    for mid, period, amount, due, deferred in session.execute(stmt):
        paid[mid][period] = (amount, due, deferred)
    rows: list[GridRow] = []
    for m in _members_in(session, months[0], branch_id, member_id):
        if all(not _owes_in(m.joined_on, m.status, m.status_on, mo) for mo in months) and m.id not in paid:
            continue
        cells: list[tuple[str, int]] = []
        total = 0
        for month in months:
            got = paid.get(m.id, {}).get(month)
            if got is not None and got[2]:
                cells.append(("deferred", 0))
            elif got is not None:
                cells.append(("paid" if got[0] >= got[1] else "short", got[0]))
                total += got[0]
            elif _owes_in(m.joined_on, m.status, m.status_on, month):
                cells.append(("unpaid", 0))
            else:
                cells.append(("none", 0))
        rows.append(
            GridRow(m.id, m.name, m.branch, calc.due(m.dues_category, m.dues_base_fen, months[-1]), cells, total)
        )
    return rows


@dataclass
class DuesSummary:
    """A quarter's or a year's dues, by month and by branch (computed in SQL)."""

    first: dt.date
    last: dt.date
    by_month: dict[dt.date, tuple[int, int]] = field(default_factory=dict)  # month → (payments, fen)
    by_branch: dict[str, tuple[int, int]] = field(default_factory=dict)
    deferred: int = 0

    @property
    def total_fen(self) -> int:
        return sum(fen for _n, fen in self.by_month.values())

    @property
    def payments(self) -> int:
        return sum(n for n, _fen in self.by_month.values())


def dues_summary(session: Session, first: dt.date, last: dt.date) -> DuesSummary:
    """Payments and amounts per month and per branch between two months (inclusive)."""
    require("party.read")
    lo, hi = month_start(first), month_start(last)
    summary = DuesSummary(lo, hi)
    paid = (DuesPayment.period >= lo) & (DuesPayment.period <= hi) & (DuesPayment.deferred.is_(False))
    for period, n, fen in session.execute(
        select(DuesPayment.period, func.count(), func.sum(DuesPayment.amount_fen))
        .where(paid)
        .group_by(DuesPayment.period)
        .order_by(DuesPayment.period)
    ):
        summary.by_month[period] = (n, int(fen or 0))
    for branch, n, fen in session.execute(
        select(PartyOrg.name, func.count(), func.sum(DuesPayment.amount_fen))
        .join(PartyMember, PartyMember.id == DuesPayment.member_id)
        .join(PartyOrg, PartyOrg.id == PartyMember.branch_id)
        .where(paid)
        .group_by(PartyOrg.name)
        .order_by(PartyOrg.name)
    ):
        summary.by_branch[branch] = (n, int(fen or 0))
    summary.deferred = session.scalar(
        select(func.count()).select_from(DuesPayment).where(
            DuesPayment.period >= lo, DuesPayment.period <= hi, DuesPayment.deferred.is_(True)
        )
    ) or 0
    return summary


# --- the disclosure notice ---------------------------------------------------------------

# The posting period is the notices' (models.notices.posting), in China's working days.


@dataclass
class DisclosureData:
    """What the dues disclosure prints: already masked, plain data."""

    year: int
    quarter: int
    months: list[dt.date]
    rows: list[tuple[str, str, list[tuple[str, int]], int]]  # (masked name, branch, cells, total)
    month_totals: list[int]
    total_fen: int
    payers: int
    post_from: dt.date
    post_to: dt.date
    masked: bool = True


def disclosure_data(
    session: Session,
    year: int,
    quarter: int,
    *,
    post_from: dt.date,
    post_to: dt.date | None = None,
    masked: bool = True,
) -> DisclosureData:
    """The dues disclosure (党费收缴公示) of a quarter, names masked by default.

    Raises:
        ValidationFailed: the posting period is shorter than 5 working days
            or ends before it starts.
    """
    require("party.read")
    from models.residents.names import mask_name

    post_to = post_to or posting_period(post_from)[1]
    if post_to < post_from:
        raise ValidationFailed({"post_to": _("The posting period ends before it starts.")})
    if working_days_between(post_from, post_to) < MIN_POSTING_WORKING_DAYS:
        raise ValidationFailed(
            {
                "post_to": _("A disclosure is posted for at least {n} working days ({start} to {end} has {got}).").format(
                    n=MIN_POSTING_WORKING_DAYS,
                    start=post_from.isoformat(),
                    end=post_to.isoformat(),
                    got=working_days_between(post_from, post_to),
                )
            }
        )
    months = quarter_months(year, quarter)
    grid = dues_grid(session, months)
    rows = []
    month_totals = [0, 0, 0]
    payers = 0
    for g in grid:
        for i, (state, fen) in enumerate(g.cells):
            if state in ("paid", "short"):
                month_totals[i] += fen
        if g.total_fen:
            payers += 1
        rows.append((mask_name(g.name) if masked else g.name, g.branch, g.cells, g.total_fen))
    return DisclosureData(
        year, quarter, months, rows, month_totals, sum(month_totals), payers, post_from, post_to, masked
    )


def last_day_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
