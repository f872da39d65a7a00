"""The desk's day: logging a meal (at the day's price, with the subsidy in force),
correcting and cancelling a row, and the "repeat yesterday" checklist logged in
one transaction. A second portion of a meal the same day is at full price.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from i18n import _, format_date
from models.core.errors import LinliError, NeedsConfirmation, NotFound, ValidationFailed
from models.meals.diners import daycare_present_ids
from models.meals.entities import Meal
from models.meals.menu import menu_price
from models.meals.policy import ensure_default_policy, policy_in_force
from models.meals.subsidy import (
    PolicyCache,
    apply_subsidy,
    compute_subsidy,
    flags_of,
    recompute_meal,
)
from models.meals.vocabulary import MAX_QUANTITY, MEAL_KINDS, MODES, PAYMENTS, kind_label
from models.residents.entities import Resident
from models.safety.security import require

# --- meals -------------------------------------------------------------------------------


def _subsidised_earlier(session: Session, resident_id: int, day: dt.date, kind: str, exclude_id: int | None) -> bool:
    stmt = select(Meal.id).where(
        Meal.resident_id == resident_id,
        Meal.day == day,
        Meal.kind == kind,
        Meal.cancelled == false(),
        Meal.subsidy_fen > 0,
    )
    if exclude_id is not None:
        stmt = stmt.where(Meal.id < exclude_id)
    return session.scalar(stmt.limit(1)) is not None


def _check_choice(errors: dict[str, str], key: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        errors[key] = _("Unknown value: {value}.").format(value=value)


def add_meal(
    session: Session,
    resident_id: int,
    day: dt.date,
    kind: str = "lunch",
    *,
    mode: str = "dine_in",
    quantity: int = 1,
    payment: str = "cash",
    confirmed: bool = False,
) -> Meal:
    """Log a meal for a diner at the day's price, with the subsidy in force that day.

    Raises:
        LinliError: no price is set for that meal on that day.
        ValidationFailed: an unknown mode/payment, a bad quantity.
        NeedsConfirmation: the diner already has this meal today (a double
            click is not a second lunch; quantity 2 is the way to order two).
        NotFound: no such resident.
    """
    require("meals.write")
    errors: dict[str, str] = {}
    _check_choice(errors, "kind", kind, MEAL_KINDS)
    _check_choice(errors, "mode", mode, MODES)
    _check_choice(errors, "payment", payment, PAYMENTS)
    if not 1 <= quantity <= MAX_QUANTITY:
        errors["quantity"] = _("The quantity must be between 1 and {max}.").format(max=MAX_QUANTITY)
    if errors:
        raise ValidationFailed(errors)
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise NotFound(_("No resident with number {id}.").format(id=resident_id))
    price = menu_price(session, day, kind)
    already = session.scalar(
        select(func.count()).where(
            Meal.resident_id == resident_id, Meal.day == day, Meal.kind == kind, Meal.cancelled == false()
        )
    )
    if already and not confirmed:
        raise NeedsConfirmation(
            [
                _("{name} already has {meal} on {date}. Log another one?").format(
                    name=resident.name, meal=kind_label(kind).lower(), date=format_date(day, "medium")
                )
            ]
        )
    ensure_default_policy(session)
    result = compute_subsidy(
        policy_in_force(session, day),
        birth_date=resident.birth_date,
        flags=flags_of(resident),
        day=day,
        kind=kind,
        unit_price_fen=price,
        extra_portion=bool(already) and _subsidised_earlier(session, resident_id, day, kind, None),
    )
    meal = Meal(resident_id=resident_id, day=day, kind=kind, mode=mode, quantity=quantity, unit_price_fen=price, payment=payment)
    apply_subsidy(meal, result)
    session.add(meal)
    session.flush()
    return meal


def get_meal(session: Session, meal_id: int) -> Meal:
    meal = session.get(Meal, meal_id)
    if meal is None:
        raise NotFound(_("No meal with number {id}.").format(id=meal_id))
    return meal


def update_meal(
    session: Session,
    meal_id: int,
    *,
    mode: str | None = None,
    quantity: int | None = None,
    payment: str | None = None,
) -> Meal:
    """Correct a row: mode, quantity or payment method. The stored subsidy is kept.

    Raises:
        ValidationFailed: a bad value; LinliError: the meal was cancelled.
    """
    require("meals.write")
    meal = get_meal(session, meal_id)
    if meal.cancelled:
        raise LinliError(_("This meal was cancelled; log a new one instead."))
    errors: dict[str, str] = {}
    if mode is not None:
        _check_choice(errors, "mode", mode, MODES)
    if payment is not None:
        _check_choice(errors, "payment", payment, PAYMENTS)
    if quantity is not None and not 1 <= quantity <= MAX_QUANTITY:
        errors["quantity"] = _("The quantity must be between 1 and {max}.").format(max=MAX_QUANTITY)
    if errors:
        raise ValidationFailed(errors)
    if mode is not None:
        meal.mode = mode
    if payment is not None:
        meal.payment = payment
    if quantity is not None:
        meal.quantity = quantity
    meal.price_fen = meal.unit_price_fen * meal.quantity
    meal.paid_fen = meal.price_fen - meal.subsidy_fen
    session.flush()
    return meal


def cancel_meal(session: Session, meal_id: int) -> Meal:
    """Cancel a row logged by mistake (kept, out of every total).

    If it carried the day's subsidised portion, the diner's next row of that
    meal gets the subsidy instead.
    """
    require("meals.write")
    meal = get_meal(session, meal_id)
    if meal.cancelled:
        return meal
    meal.cancelled = True
    session.flush()
    if meal.subsidy_fen > 0:
        sibling = session.scalars(
            select(Meal)
            .where(
                Meal.resident_id == meal.resident_id,
                Meal.day == meal.day,
                Meal.kind == meal.kind,
                Meal.cancelled == false(),
            )
            .order_by(Meal.id)
            .limit(1)
        ).first()
        if sibling is not None and sibling.reason == "extra_portion":
            recompute_meal(session, sibling, PolicyCache(session), extra=False)
    return meal


# --- repeat yesterday ----------------------------------------------------------------------


@dataclass
class QueueCandidate:
    """One line of the "repeat yesterday" checklist."""

    resident_id: int
    name: str
    mode: str = "dine_in"
    quantity: int = 1
    payment: str = "cash"
    in_daycare: bool = False  # checked in to day care today
    had_yesterday: bool = False
    has_today: bool = False  # already logged today: unchecked by default
    checked: bool = True


def previous_meal_day(session: Session, day: dt.date, kind: str = "lunch", *, within_days: int = 7) -> dt.date | None:
    """The last day before ``day`` (within a week) with meals of ``kind``: "yesterday"
    for the desk, Friday on a Monday when the centre is closed at weekends."""
    return session.scalar(
        select(func.max(Meal.day)).where(
            Meal.day < day,
            Meal.day >= day - dt.timedelta(days=within_days),
            Meal.kind == kind,
            Meal.cancelled == false(),
        )
    )


def repeat_candidates(session: Session, day: dt.date, kind: str = "lunch") -> tuple[dt.date | None, list[QueueCandidate]]:
    """Yesterday's diners (mode, quantity and payment as then), day-care elders first.

    Yesterday's diners come ticked, except those who already have this meal
    today; day-care elders who were not here yesterday are offered unticked.
    Archived residents are left out.
    """
    previous = previous_meal_day(session, day, kind)
    today_ids = set(
        session.scalars(
            select(Meal.resident_id).where(Meal.day == day, Meal.kind == kind, Meal.cancelled == false())
        )
    )
    present = daycare_present_ids(session, day)
    out: dict[int, QueueCandidate] = {}
    if previous is not None:
        rows = session.execute(
            select(Meal.resident_id, Resident.name, Meal.mode, Meal.quantity, Meal.payment)
            .join(Resident, Resident.id == Meal.resident_id)
            .where(Meal.day == previous, Meal.kind == kind, Meal.cancelled == false(), Resident.archived == false())
            .order_by(Meal.id)
        )
        for rid, name, mode, qty, payment in rows:
            if rid in out:
                continue
            out[rid] = QueueCandidate(rid, name, mode, qty, payment, had_yesterday=True)
    if present:
        for rid, name in session.execute(
            select(Resident.id, Resident.name).where(Resident.id.in_(present), Resident.archived == false())
        ):
            out.setdefault(rid, QueueCandidate(rid, name)).in_daycare = True
    for c in out.values():
        c.has_today = c.resident_id in today_ids
        # Day-care elders who did not eat here yesterday are offered, not ticked.
        c.checked = c.had_yesterday and not c.has_today
    ordered = sorted(out.values(), key=lambda c: (not c.in_daycare, not c.had_yesterday))
    return previous, ordered


@dataclass
class BulkResult:
    added: list[int]
    skipped: list[str]  # messages: why a line was not logged


def add_meals(session: Session, day: dt.date, kind: str, candidates: Iterable[QueueCandidate]) -> BulkResult:
    """Log the checked lines of a checklist in one transaction.

    Diners who already have this meal today are skipped (said in ``skipped``),
    never doubled. A missing price refuses the whole list.
    """
    require("meals.write")
    menu_price(session, day, kind)  # refuse at once, before any row
    added: list[int] = []
    skipped: list[str] = []
    for c in candidates:
        if not c.checked:
            continue
        try:
            meal = add_meal(session, c.resident_id, day, kind, mode=c.mode, quantity=c.quantity, payment=c.payment)
        except NeedsConfirmation:
            skipped.append(_("{name} already has {meal} today.").format(name=c.name, meal=kind_label(kind).lower()))
            continue
        added.append(meal.id)
    return BulkResult(added, skipped)
