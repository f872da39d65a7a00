"""Menus: one row per day and meal (breakfast, lunch, dinner) with the dishes and
the price of a portion in fen; the week as the editor shows it; copying last
week's menu as a start; the price a meal is logged at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import _, format_date, format_money
from models.core.errors import LinliError, ValidationFailed
from models.meals.entities import MealMenu
from models.meals.vocabulary import MAX_PRICE_FEN, MEAL_KINDS, kind_label
from models.safety.security import require


@dataclass
class MenuEntry:
    """One cell of the week's menu as the editor and the notice see it."""

    day: dt.date
    kind: str
    dishes: str = ""
    price_fen: int | None = None


def week_menu(session: Session, monday: dt.date) -> list[MenuEntry]:
    """The seven days × three meals of a week (empty cells where nothing is set)."""
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    stored = {
        (m.day, m.kind): m
        for m in session.scalars(select(MealMenu).where(MealMenu.day >= days[0], MealMenu.day <= days[-1]))
    }
    out = []
    for day in days:
        for kind in MEAL_KINDS:
            m = stored.get((day, kind))
            out.append(MenuEntry(day, kind, m.dishes if m else "", m.price_fen if m else None))
    return out


def save_menu(session: Session, entries: Iterable[MenuEntry]) -> int:
    """Store menu cells (an empty cell with no price removes nothing, it is skipped).

    Raises:
        ValidationFailed: a price is negative or implausibly high ("<date>/<kind>" → message).
    """
    require("meals.write")
    entries = list(entries)
    errors: dict[str, str] = {}
    for e in entries:
        if e.kind not in MEAL_KINDS:
            errors[f"{e.day}/{e.kind}"] = _("Unknown meal: {kind}.").format(kind=e.kind)
        elif e.price_fen is not None and not 0 <= e.price_fen <= MAX_PRICE_FEN:
            errors[f"{e.day}/{e.kind}"] = _("{meal} on {date}: the price must be between ¥0 and {max}.").format(
                meal=kind_label(e.kind), date=format_date(e.day, "medium"), max=format_money(MAX_PRICE_FEN)
            )
    if errors:
        raise ValidationFailed(errors)
    written = 0
    for e in entries:
        existing = session.scalar(select(MealMenu).where(MealMenu.day == e.day, MealMenu.kind == e.kind))
        dishes = (e.dishes or "").strip()
        if existing is None:
            if not dishes and e.price_fen is None:
                continue
            session.add(MealMenu(day=e.day, kind=e.kind, dishes=dishes, price_fen=e.price_fen))
        else:
            existing.dishes, existing.price_fen = dishes, e.price_fen
        written += 1
    session.flush()
    return written


def copy_week(session: Session, monday: dt.date, *, overwrite: bool = False) -> int:
    """Copy the previous week's menu into the week starting ``monday``.

    Cells already filled are kept unless ``overwrite``. Returns cells copied.

    Raises:
        LinliError: the previous week has no menu.
    """
    require("meals.write")
    merged, copied = fill_from_last_week(session, monday, week_menu(session, monday), overwrite=overwrite)
    return save_menu(session, [merged[i] for i in copied])


def fill_from_last_week(
    session: Session, monday: dt.date, current: Sequence[MenuEntry], *, overwrite: bool = False
) -> tuple[list[MenuEntry], list[int]]:
    """The week ``current`` (as the editor holds it, saved or not) with last week's cells
    copied in: only into empty cells unless ``overwrite``. Nothing is written.

    Returns the merged entries (same order as ``current``) and the indexes of the
    cells that were copied.

    Raises:
        LinliError: the previous week has no menu.
    """
    previous = week_menu(session, monday - dt.timedelta(days=7))
    if not any(e.dishes or e.price_fen is not None for e in previous):
        raise LinliError(
            _("The week of {date} has no menu to copy.").format(date=format_date(monday - dt.timedelta(days=7), "medium"))
        )
    source = {(e.day + dt.timedelta(days=7), e.kind): e for e in previous if e.dishes or e.price_fen is not None}
    merged, copied = [], []
    for i, target in enumerate(current):
        e = source.get((target.day, target.kind))
        filled = bool((target.dishes or "").strip()) or target.price_fen is not None
        if e is None or (filled and not overwrite):
            merged.append(target)
            continue
        merged.append(MenuEntry(target.day, target.kind, e.dishes, e.price_fen))
        copied.append(i)
    return merged, copied


def menu_price(session: Session, day: dt.date, kind: str = "lunch") -> int:
    """The price of a portion of ``kind`` on ``day``.

    Raises:
        LinliError: no price is set for that meal on that day (never a silent zero).
    """
    price = session.scalar(select(MealMenu.price_fen).where(MealMenu.day == day, MealMenu.kind == kind))
    if price is None:
        raise LinliError(
            _("No price for {meal} on {date}: enter it in this week's menu first.").format(
                meal=kind_label(kind).lower(), date=format_date(day, "medium")
            )
        )
    return price


def menu_of_day(session: Session, day: dt.date, kind: str = "lunch") -> MenuEntry | None:
    m = session.scalar(select(MealMenu).where(MealMenu.day == day, MealMenu.kind == kind))
    return MenuEntry(m.day, m.kind, m.dishes, m.price_fen) if m else None
