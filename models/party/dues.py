"""Party dues (党费): payments, deferrals, arrears, the quarter's grid, summaries, the statistics
the branch secretary signs, the disclosure's data.

The bands and what a member owes a month are :mod:`models.party.bands` (their
names stay importable from here). A month is in arrears once it has ended
(:func:`arrears_window`: the last twelve ended months) and is owed and unpaid.

Just over 500 lines: the disclosure's data (and its working-day posting
period) stays here until the working-days function of issue 14 replaces the
local one; it can then move to a module of its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.core.errors import ValidationFailed
from models.core.workdays import working_days_after, working_days_between  # noqa: F401  # China's working days
from models.notices.posting import MIN_POSTING_WORKING_DAYS, posting_period
from models.party.bands import (  # noqa: F401 - re-exported: the dues' callers import them from here
    DEFAULT_BANDS,
    DEFAULT_EFFECTIVE_FROM,
    DUES_BANDS_PERMISSION,
    Band,
    DuesCalculator,
    apply_bands,
    can_edit_bands,
    delete_schedule,
    ensure_default_bands,
    month_start,
    monthly_due,
    months_between,
    next_month,
    parse_quarter,
    parse_yuan,
    quarter_months,
    save_schedule,
    schedule_on,
    schedule_starts,
    schedules,
)
from models.party.entities import (
    PAYMENT_METHODS,
    DuesPayment,
    PartyMember,
    PartyOrg,
)
from models.party.members import get_member
from models.residents.entities import Resident
from models.safety.security import require, require_any

METHOD_LABELS: dict[str, str] = {
    "cash": N_("Cash"),
    "wechat": N_("WeChat Pay"),
    "alipay": N_("Alipay"),
    "bank": N_("Bank transfer"),
    "other": N_("Other"),
}

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
    require("party.read")  # names: the job's own permission
    return _arrears(session, first, last, branch_id=branch_id, member_id=member_id)


def arrears_owed_fen(session: Session, first: dt.date, last: dt.date) -> int:
    """What the members in arrears owe between ``first`` and ``last`` in all (fen): a sum, no name,
    so the sub-district's reader (``figures.read``) may read it too."""
    require_any("party.read", "figures.read")
    if session.scalar(select(PartyMember.id).limit(1)) is None:
        return 0  # no member, nothing owed (and no need to read the bands)
    return sum(a.owed_fen for a in _arrears(session, first, last))


def _arrears(
    session: Session, first: dt.date, last: dt.date, *, branch_id: int | None = None,
    member_id: int | None = None,
) -> list[Arrears]:
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


def arrears_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The months the arrears list looks at: the last twelve ended months (a month is in arrears once it
    has ended), as ``(first day of the first, last day of the last)``."""
    last = month_start(today) - dt.timedelta(days=1)
    first = month_start(dt.date(last.year - 1, last.month, 1) + dt.timedelta(days=31))
    return first, last


def member_arrears(session: Session, member_id: int, today: dt.date) -> list[Arrears]:
    """One member's arrears in :func:`arrears_window` (one line, or none)."""
    return arrears(session, *arrears_window(today), member_id=member_id)


def next_unpaid_month(session: Session, member_id: int, today: dt.date) -> dt.date:
    """The month the payment desk offers: the member's oldest month in arrears, else this month."""
    rows = member_arrears(session, member_id, today)  # require("party.read")
    return rows[0].months[0] if rows else month_start(today)


@dataclass(frozen=True)
class MemberDue:
    """What the payment desk shows once a member is chosen."""

    member_id: int
    name: str
    month: dt.date
    due_fen: int


def member_due(session: Session, member_id: int, month: dt.date) -> MemberDue:
    """The member's name and dues for ``month``.

    Raises:
        PermissionDenied: the role may not read the Party roster.
        NotFound: no such member.
    """
    member = get_member(session, member_id)  # require("party.read")
    name = session.scalar(select(Resident.name).where(Resident.id == member.resident_id)) or ""
    return MemberDue(member_id, name, month, monthly_due(session, member_id, month))


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
    require_any("party.read", "figures.read")  # a count: the sub-district's reader too
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


# --- the statistics the branch secretary signs ------------------------------------------


#: What the dues statistics are called in the audit trail (stable, not translated): the window's and
#: the command's files alike.
DUES_STATISTICS = "party dues statistics"


@dataclass(frozen=True)
class BranchDues:
    """One branch's dues over the statistics' months (or the total line).

    Attributes:
        branch: The branch's name ("" for the total line).
        members_due: Members who owe at least one of the months.
        members_paid: Of them, those who paid every month they owe in full.
        members_in_arrears: Of them, those with a month unpaid or paid short (not deferred).
        due_fen: What the owed months come to (a paid or deferred month at the due
            stored with it, an unpaid one at the bands in force that month).
        collected_fen: What was paid for those months.
        deferred_fen: The due of the deferred months (缓交).
        arrears_fen: Ended months unpaid, and what short payments of ended months fell short by
            (a month is in arrears once it has ended, as in the ledger).
        pending_fen: The same for the month not yet ended (``as_of``'s): not yet paid, not arrears.
    """

    branch: str
    members_due: int = 0
    members_paid: int = 0
    members_in_arrears: int = 0
    due_fen: int = 0
    collected_fen: int = 0
    deferred_fen: int = 0
    arrears_fen: int = 0
    pending_fen: int = 0


@dataclass(frozen=True)
class DuesStatistics:
    """A month's or a year's dues by branch: what the branch secretary signs (党费收缴统计).

    Attributes:
        year / month: The period asked for (``month`` None: the whole year).
        months: The months counted (a year not yet over: up to ``as_of``'s month).
        branches: One line per branch with members owing, in the branches' order.
        total: The sums over the branches.
        as_of: The day the figures were read.
    """

    year: int
    month: int | None
    months: list[dt.date]
    branches: list[BranchDues]
    total: BranchDues
    as_of: dt.date

    @property
    def unfinished(self) -> bool:
        """The last month counted has not ended yet: its unpaid dues are pending, not arrears."""
        return bool(self.months) and self.months[-1] >= month_start(self.as_of)


def dues_statistics(session: Session, year: int, month: int | None = None, *,
                    today: dt.date | None = None) -> DuesStatistics:
    """The dues of a month (``month``) or a year by branch, as of ``today``.

    A year not yet over counts up to this month; a month or a year that has not
    begun is refused. The counting is the ledger's: a member owes a month from
    the joining month while active (:func:`_owes_in`); a month is settled when
    paid in full or deferred; what is unpaid of an ended month is arrears, of
    this month pending.

    Raises:
        PermissionDenied: the role may not read the Party roster.
        ValidationFailed: the period has not begun, or a month outside 1–12.
    """
    require("party.read")
    today = today or dt.date.today()
    if month is not None and not 1 <= month <= 12:
        raise ValidationFailed({"month": _("A month is 1 to 12.")})
    first = dt.date(year, month or 1, 1)
    if first > month_start(today):
        raise ValidationFailed({"month": _("{period} has not begun: there are no dues to count yet.").format(
            period=first.strftime("%Y-%m") if month else str(year))})
    last = first if month else min(dt.date(year, 12, 1), month_start(today))
    months = months_between(first, last)
    this_month = month_start(today)
    calc = DuesCalculator(session)
    paid: dict[int, dict[dt.date, tuple[int, int, bool]]] = defaultdict(dict)
    for mid, period, amount, due, deferred in session.execute(
        select(DuesPayment.member_id, DuesPayment.period, DuesPayment.amount_fen, DuesPayment.due_fen,
               DuesPayment.deferred).where(DuesPayment.period >= months[0], DuesPayment.period <= months[-1])
    ):
        paid[mid][period] = (amount, due, bool(deferred))
    sums: dict[str, list[int]] = {}  # branch → the seven figures, in BranchDues' order
    for m in _members_in(session, months[0]):
        owed = [mo for mo in months if _owes_in(m.joined_on, m.status, m.status_on, mo)]
        if not owed:
            continue
        due = collected = deferred_fen = arrears_fen = pending_fen = 0
        all_paid = True
        mine = paid.get(m.id, {})
        for mo in owed:
            got = mine.get(mo)
            if got is not None and got[2]:
                due += got[1]
                deferred_fen += got[1]
                all_paid = False
                continue
            month_due = calc.due(m.dues_category, m.dues_base_fen, mo) if got is None else got[1]
            short = month_due - (0 if got is None else got[0])
            due += month_due
            collected += 0 if got is None else got[0]
            if short > 0:
                all_paid = False
                if mo < this_month:
                    arrears_fen += short
                else:
                    pending_fen += short
        row = sums.setdefault(m.branch, [0] * 8)
        figures = (1, int(all_paid), int(arrears_fen > 0), due, collected, deferred_fen, arrears_fen, pending_fen)
        for i, v in enumerate(figures):
            row[i] += v
    branches = [BranchDues(name, *figures) for name, figures in sums.items()]
    total = BranchDues("", *(sum(getattr(b, f) for b in branches) for f in (
        "members_due", "members_paid", "members_in_arrears", "due_fen", "collected_fen", "deferred_fen",
        "arrears_fen", "pending_fen")))
    return DuesStatistics(year, month, months, branches, total, today)


def parse_statistics_period(month_text: str | None, year_text: str | None) -> tuple[int, int | None]:
    """``--month YYYY-MM`` or ``--year YYYY`` as (year, month or None).

    Raises:
        ValueError: neither or both given, or one in the wrong form (the message says how to write it).
    """
    import re
    import unicodedata

    from i18n import parse_month

    if bool(month_text) == bool(year_text):
        raise ValueError(_("Give either a month (YYYY-MM) or a year (YYYY)."))
    if month_text:
        return parse_month(month_text)
    found = re.fullmatch(r"(\d{4})\s*年?", unicodedata.normalize("NFKC", year_text or "").strip())
    if not found:
        raise ValueError(_("Not a year: {text} (write it as 2026).").format(text=year_text))
    return int(found.group(1)), None


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
