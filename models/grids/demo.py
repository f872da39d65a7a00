"""The grids' demo data: every demo resident placed, grids, workers, building heads, central households, visits.

Places and households come from the residents' own address text
(:func:`models.grids.addresses.link_addresses`, what migration 0011 runs); a
grid per compound, each with its grid worker (a work landline, never a
resident's phone); a building head per building among its residents; up to
two central households per grid (Party members' households) looking after
neighbouring households of their building; visits to the care list over the
period, at about each category's interval (so some are due today). Small
tables go through the domain's functions; the visits are one bulk insert
with one audit summary.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models.grids.addresses import link_addresses
from models.grids.care import intervals
from models.grids.entities import Building, Compound, Household, HouseholdMember, Room, Unit, Visit
from models.grids.grids import (
    add_building_head,
    assign_buildings,
    look_after,
    make_central_household,
    save_grid,
    save_worker,
)
from models.grids.labels import CARE_CATEGORIES
from models.residents.demo_names import GRIDS, SURNAMES, given_name, landline
from models.residents.entities import Resident
from models.safety.audit import record

_FINDINGS = (
    ("身体状况良好，精神不错。", {}),
    ("血压偏高，已提醒按时服药。", {"health_worse": True}),
    ("家中水管漏水，需要维修。", {"needs_help": True}),
    ("子女本周来探望过，生活正常。", {}),
    ("腿脚不便，希望有人帮忙代购生活用品。", {"needs_help": True}),
    ("敲门无人应答，邻居说去女儿家了。", {"not_home": True}),
    ("天气转凉，提醒添衣保暖。", {}),
    ("近期睡眠不好，建议到社区卫生服务站检查。", {"health_worse": True}),
)
_CHUNK = 5000


def fill_grids_demo(session: Session, seed: int, today: dt.date, *, first_day: dt.date | None = None,
                    visits: int | None = None) -> dict[str, int]:
    """The grids' demo in the caller's transaction; counts by kind.

    ``first_day`` (default: a year before ``today``) starts the visits;
    ``visits`` spreads about that many over the period (default: each care
    resident about once per interval).
    """
    rng = random.Random(seed + 17)
    report = link_addresses(session.connection())
    record(session, "import", table="household",
           summary=f"demo: {report.placed} residents placed in {report.households} households (bulk)")
    session.expire_all()
    buildings = session.execute(select(Building.id, Compound.name).join(Compound)
                                .order_by(Compound.name, Building.sort_key)).all()
    by_compound: dict[str, list[int]] = defaultdict(list)
    for b in buildings:
        by_compound[b.name].append(b.id)
    grid_of_building: dict[int, int] = {}
    worker_of_grid: dict[int, int] = {}
    for i, (_compound, ids) in enumerate(sorted(by_compound.items())):
        surname = rng.choice(SURNAMES)
        worker = save_worker(session, surname + given_name(rng, rng.choice(("male", "female")), 1990),
                             landline(rng))
        grid = save_grid(session, GRIDS[i] if i < len(GRIDS) else f"第{i + 1}网格", worker.id)
        assign_buildings(session, grid.id, ids)
        worker_of_grid[grid.id] = worker.id
        grid_of_building.update(dict.fromkeys(ids, grid.id))
    # Who lives in which building, and in which household.
    living = session.execute(
        select(HouseholdMember.resident_id, HouseholdMember.household_id, Unit.building_id, Room.sort_key)
        .join(Household, Household.id == HouseholdMember.household_id)
        .join(Room, Room.id == Household.room_id).join(Unit, Unit.id == Room.unit_id)
        .join(Resident, Resident.id == HouseholdMember.resident_id)
        .where(Resident.archived.is_(False)).order_by(Unit.building_id, Room.sort_key, HouseholdMember.resident_id)
    ).all()
    in_building: dict[int, list] = defaultdict(list)
    for row in living:
        in_building[row.building_id].append(row)
    heads: dict[int, int] = {}
    for building_id, rows in in_building.items():
        head = rows[len(rows) // 2].resident_id
        add_building_head(session, building_id, head)
        heads[building_id] = head
    # Central households: active Party members' households, two per grid at most.
    from models.party.entities import PartyMember

    members = set(session.scalars(select(PartyMember.resident_id).where(PartyMember.status == "active")))
    centrals, per_grid = 0, defaultdict(int)
    taken: set[int] = set()
    for building_id, rows in in_building.items():
        grid_id = grid_of_building.get(building_id)
        for row in rows:
            if row.resident_id not in members or per_grid[grid_id] >= 2 or row.household_id in taken:
                continue
            central = make_central_household(session, row.resident_id)
            taken.add(row.household_id)
            wards = [r.household_id for r in rows if r.household_id not in taken][:12]
            wards = list(dict.fromkeys(wards))
            look_after(session, central.id, wards)
            taken.update(wards)
            per_grid[grid_id] += 1
            centrals += 1
            break
    count = _visits(session, rng, today, first_day or today - dt.timedelta(days=365), visits, living,
                    grid_of_building, worker_of_grid, heads)
    return {"grid_households": report.households, "grid_rooms": report.rooms, "grids": len(worker_of_grid),
            "grid_central_households": centrals, "grid_visits": count}


def _visits(session, rng, today, first_day, target, living, grid_of_building, worker_of_grid,  # type: ignore[no-untyped-def]
            heads) -> int:
    days = intervals(session)
    flags = [getattr(Resident, f) for f in CARE_CATEGORIES]
    care = session.execute(select(Resident.id, *flags).where(Resident.archived.is_(False))).all()
    where = {row.resident_id: row for row in living}
    cared = [(r.id, min(days[c] for c in CARE_CATEGORIES if getattr(r, c))) for r in care
             if any(getattr(r, c) for c in CARE_CATEGORIES)]
    span = max(1, (today - first_day).days)
    mean_gap = span * len(cared) / target if target else None
    stamp = dt.datetime.combine(today, dt.time(17, 0))

    def rows():  # type: ignore[no-untyped-def]
        for resident_id, interval in cared:
            home = where.get(resident_id)
            grid_id = grid_of_building.get(home.building_id) if home else None
            day = first_day + dt.timedelta(days=rng.randint(0, interval))
            while day <= today:
                text, found = rng.choice(_FINDINGS)
                by_head = home is not None and rng.random() < 0.2 and heads.get(home.building_id) != resident_id
                kind = "head" if by_head else ("worker" if grid_id else "clerk")
                whole = home is not None and rng.random() < 0.2
                yield dict(
                    visited_on=day, visitor_kind=kind,
                    visitor_worker_id=worker_of_grid.get(grid_id) if kind == "worker" else None,
                    visitor_resident_id=heads.get(home.building_id) if kind == "head" else None,
                    visitor_member_id=None, visitor_name="demo-clerk" if kind == "clerk" else "",
                    household_id=home.household_id if home else None, resident_id=None if whole else resident_id,
                    method=rng.choice(("home", "home", "home", "phone", "centre")), findings=text,
                    needs_help=found.get("needs_help", False), health_worse=found.get("health_worse", False),
                    not_home=found.get("not_home", False), follow_up="", request_id=None, recorded_by="demo",
                    recorded_at=stamp)
                gap = interval * rng.uniform(0.5, 1.3)
                if mean_gap:
                    gap = max(gap, mean_gap * rng.uniform(0.5, 1.5))
                day += dt.timedelta(days=max(1, round(gap)))

    conn = session.connection()
    count, chunk = 0, []
    for row in rows():
        chunk.append(row)
        if len(chunk) >= _CHUNK:
            conn.execute(insert(Visit.__table__), chunk)
            count, chunk = count + len(chunk), []
    if chunk:
        conn.execute(insert(Visit.__table__), chunk)
        count += len(chunk)
    record(session, "import", table="grid_visit", summary=f"demo: {count} visits (bulk)")
    return count
