"""The care list (关爱对象) and the "not visited lately" list.

The care categories are the resident's household flags (独居, 空巢, 低保, 特困,
残疾, 优抚对象: :data:`models.residents.entities.HOUSEHOLD_FLAGS`), the list
the meal subsidies name too — one list, kept on the resident. A resident with
at least one is on the care list.

**The rule.** Each category has an interval N in days (``care_interval``,
editable; by default 7 for living alone, 30 for the others); a resident with
several categories takes the shortest. On day D a care-list resident is *not
visited lately* when their last visit on or before D is N or more days ago
(or there is none): a visit exactly N days ago makes them due again, one
N−1 days ago does not. A visit counts when it was to the resident or to their
household and the resident was found (a "not at home" visit does not count:
nobody saw them). The list is per grid (through the resident's household,
room and building), the longest unvisited first, never visited at the top.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import ValidationFailed
from models.grids.entities import (
    Building,
    CareInterval,
    Compound,
    Grid,
    GridBuilding,
    Household,
    HouseholdMember,
    Room,
    Unit,
    Visit,
)
from models.grids.labels import CARE_CATEGORIES, DEFAULT_INTERVALS, MAX_INTERVAL, care_label
from models.residents.entities import Resident
from models.safety import audit
from models.safety.security import require, require_any


def intervals(session: Session) -> dict[str, int]:
    """Days per care category (the stored ones over the defaults)."""
    out = dict(DEFAULT_INTERVALS)
    for row in session.execute(select(CareInterval.category, CareInterval.days)):
        if row.category in out:
            out[row.category] = row.days
    return out


def set_interval(session: Session, category: str, days: int) -> None:
    """Change a category's interval (audited as a setting).

    Raises:
        ValidationFailed: ``category`` unknown; ``days`` not 1–366.
    """
    require("grids.write")
    if category not in CARE_CATEGORIES:
        raise ValidationFailed({"category": _("Unknown care category “{name}”.").format(name=category)})
    if not isinstance(days, int) or not 1 <= days <= MAX_INTERVAL:
        raise ValidationFailed({"days": _("An interval is 1 to {max} days.").format(max=MAX_INTERVAL)})
    row = session.get(CareInterval, category)
    if row is None:
        session.add(CareInterval(category=category, days=days))
    else:
        row.days = days
    session.flush()
    audit.record(session, "change", table="care_interval", summary=f"{category}: {days} days")


@dataclass(frozen=True)
class CareRow:
    """One care-list resident: where they live, their categories, the last visit, the rule's verdict."""

    resident_id: int
    name: str
    categories: tuple[str, ...]
    grid_id: int | None
    grid: str
    building: str  # "幸福小区 3栋 2单元" (no room: the lists are read at the desk)
    room: str
    household_id: int | None
    last_visit: dt.date | None
    interval: int
    days_since: int | None

    @property
    def category_text(self) -> str:
        return "、".join(care_label(c) for c in self.categories)

    @property
    def due(self) -> bool:
        return self.days_since is None or self.days_since >= self.interval


def last_visits(session: Session, on: dt.date):  # type: ignore[no-untyped-def]
    """A subquery (resident_id, last) of each resident's last counted visit on or before ``on``."""
    direct = select(Visit.resident_id.label("rid"), Visit.visited_on.label("day")).where(
        Visit.resident_id.is_not(None), Visit.not_home.is_(False), Visit.visited_on <= on)
    through = (select(HouseholdMember.resident_id.label("rid"), Visit.visited_on.label("day"))
               .join(Visit, and_(Visit.household_id == HouseholdMember.household_id, Visit.resident_id.is_(None)))
               .where(Visit.not_home.is_(False), Visit.visited_on <= on))
    both = union_all(direct, through).subquery()
    return select(both.c.rid, func.max(both.c.day).label("last")).group_by(both.c.rid).subquery()


@dataclass(frozen=True)
class PeriodVisits:
    """The visits of a period, counts only (no notes): each visit's day, the flags, and who was seen."""

    days: tuple[dt.date, ...]  # one per visit recorded
    not_home: int
    needs_help: int
    seen: tuple[tuple[dt.date, int], ...]  # (day, resident) seen at home


def period_visits(session: Session, first: dt.date, last: dt.date) -> PeriodVisits:
    """The visits from ``first`` to ``last`` by the rule :func:`care_list` reads the last visit by: a
    visit that found nobody at home sees nobody; a visit to a whole household sees each of its members."""
    rows = session.execute(
        select(Visit.visited_on, Visit.resident_id, Visit.household_id, Visit.not_home, Visit.needs_help)
        .where(Visit.visited_on.between(first, last))).all()
    households = {r.household_id for r in rows if r.resident_id is None and r.household_id is not None}
    members: dict[int, list[int]] = {}
    if households:
        for hid, rid in session.execute(select(HouseholdMember.household_id, HouseholdMember.resident_id)
                                        .where(HouseholdMember.household_id.in_(households))):
            members.setdefault(hid, []).append(rid)
    seen = tuple((r.visited_on, rid) for r in rows if not r.not_home
                 for rid in ([r.resident_id] if r.resident_id is not None else members.get(r.household_id, [])))
    return PeriodVisits(tuple(r.visited_on for r in rows), sum(bool(r.not_home) for r in rows),
                        sum(bool(r.needs_help) for r in rows), seen)


def care_list_ids(session: Session) -> set[int]:
    """The ids of the care-list residents (not archived), as :func:`care_list` lists them: no name,
    so the figures' readers (``figures.read``, the sub-district's too) may count them."""
    require_any("grids.read", "figures.read")
    flags = [getattr(Resident, f) for f in CARE_CATEGORIES]
    return set(session.scalars(select(Resident.id).where(Resident.archived.is_(False),
                                                         or_(*[f.is_(True) for f in flags]))))


def care_list(session: Session, on: dt.date, *, grid_id: int | None = None) -> list[CareRow]:
    """Every care-list resident (not archived) with their grid and last visit, by grid, building, name key."""
    require("grids.read")
    flags = [getattr(Resident, f) for f in CARE_CATEGORIES]
    stmt = (
        select(Resident.id, Resident.name, *flags, Grid.id.label("grid_id"), Grid.name.label("grid"),
               Compound.name.label("compound"), Building.number.label("b"), Unit.number.label("u"),
               Room.number.label("r"), Household.id.label("household_id"))
        .outerjoin(HouseholdMember, HouseholdMember.resident_id == Resident.id)
        .outerjoin(Household, Household.id == HouseholdMember.household_id)
        .outerjoin(Room, Room.id == Household.room_id)
        .outerjoin(Unit, Unit.id == Room.unit_id)
        .outerjoin(Building, Building.id == Unit.building_id)
        .outerjoin(Compound, Compound.id == Building.compound_id)
        .outerjoin(GridBuilding, GridBuilding.building_id == Building.id)
        .outerjoin(Grid, Grid.id == GridBuilding.grid_id)
        .where(Resident.archived.is_(False), or_(*[f.is_(True) for f in flags]))
        .order_by(Grid.position, Compound.name, Building.sort_key, Unit.sort_key, Room.sort_key, Resident.name_pinyin)
    )
    if grid_id is not None:
        stmt = stmt.where(Grid.id == grid_id)
    days = intervals(session)
    # The last visits: two grouped scans (to a resident; to a household), joined here — a third of
    # the time of one union subquery joined in SQL on ten years of visits.
    counted = (Visit.not_home.is_(False), Visit.visited_on <= on)
    direct = dict(session.execute(select(Visit.resident_id, func.max(Visit.visited_on))
                                  .where(Visit.resident_id.is_not(None), *counted).group_by(Visit.resident_id)).all())
    whole = dict(session.execute(select(Visit.household_id, func.max(Visit.visited_on))
                                 .where(Visit.resident_id.is_(None), Visit.household_id.is_not(None), *counted)
                                 .group_by(Visit.household_id)).all())
    out = []
    for row in session.execute(stmt):
        mine, theirs = direct.get(row.id), whole.get(row.household_id)
        last = max(mine, theirs) if mine and theirs else (mine or theirs)
        categories = tuple(c for c in CARE_CATEGORIES if getattr(row, c))
        interval = min(days[c] for c in categories)
        where = ""
        if row.compound is not None:
            where = _("{compound} Bldg {building} Unit {unit}").format(compound=row.compound, building=row.b,
                                                                       unit=row.u)
        since = None if last is None else (on - last).days
        out.append(CareRow(row.id, row.name, categories, row.grid_id, row.grid or "", where, row.r or "",
                           row.household_id, last, interval, since))
    return out


def not_visited(session: Session, on: dt.date, *, grid_id: int | None = None) -> list[CareRow]:
    """The care-list residents due a visit on ``on``: per grid (in the grids' order, the unplaced last),
    within a grid the longest unvisited first (never visited at the top)."""
    rows = [r for r in care_list(session, on, grid_id=grid_id) if r.due]
    positions = {g.id: i for i, g in enumerate(session.execute(select(Grid.id).order_by(Grid.position, Grid.name)))}
    rows.sort(key=lambda r: (r.grid_id is None, positions.get(r.grid_id, 0),
                             r.last_visit is not None, r.last_visit or dt.date.min, r.resident_id))
    return rows
