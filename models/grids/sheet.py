"""What the grids' two printouts show, as plain data for reports/grids.py.

* the **household sheet** of a grid (internal, personal data: full names,
  rooms, care categories, the last visit) — never on the board;
* the **grid board** (网格公示牌, public by intent): each grid's buildings, its
  grid worker with the *work* phone, the building heads and the central
  households (member's name, building and unit — never a room, never a
  resident's phone). Its names are public by intent: the notice is kept with
  a name override naming exactly them (:data:`BOARD_OVERRIDE_REASON`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.grids.care import last_visits
from models.grids.entities import (
    Building,
    BuildingHead,
    CentralHousehold,
    Compound,
    GridBuilding,
    Household,
    HouseholdMember,
    Room,
    Unit,
)
from models.grids.grids import find_grid, list_grids
from models.grids.labels import CARE_CATEGORIES, care_label
from models.residents.entities import Resident
from models.safety.security import require

BOARD_OVERRIDE_REASON = N_("Grid workers, building heads and central households serve in their own name: "
                           "the grid board names them on purpose.")


@dataclass(frozen=True)
class SheetMember:
    name: str
    head: bool
    care: str  # the care categories, joined
    last_visit: dt.date | None


@dataclass(frozen=True)
class SheetHousehold:
    address: str  # building, unit, room
    members: tuple[SheetMember, ...]
    last_visit: dt.date | None


@dataclass
class HouseholdSheet:
    grid: str
    worker: str
    on: dt.date
    households: list[SheetHousehold] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(len(h.members) for h in self.households)


def household_sheet(session: Session, grid_name: str, on: dt.date) -> HouseholdSheet:
    """The grid's households in building, unit and room order, each member with their care categories and
    last visit (``grids.read``; the file is personal data: its command asks for ``export.personal``).

    Raises:
        NotFound: no such grid.
    """
    require("grids.read")
    grid = find_grid(session, grid_name)
    last = last_visits(session, on)
    flags = [getattr(Resident, f) for f in CARE_CATEGORIES]
    rows = session.execute(
        select(Household.id, Household.head_id, Compound.name.label("compound"), Building.number.label("b"),
               Unit.number.label("u"), Room.number.label("r"), Resident.id.label("rid"), Resident.name, *flags,
               last.c.last)
        .join(Room, Room.id == Household.room_id).join(Unit, Unit.id == Room.unit_id)
        .join(Building, Building.id == Unit.building_id).join(Compound, Compound.id == Building.compound_id)
        .join(GridBuilding, GridBuilding.building_id == Building.id)
        .join(HouseholdMember, HouseholdMember.household_id == Household.id)
        .join(Resident, Resident.id == HouseholdMember.resident_id)
        .outerjoin(last, last.c.rid == Resident.id)
        .where(GridBuilding.grid_id == grid.id, Household.archived.is_(False), Resident.archived.is_(False))
        .order_by(Compound.name, Building.sort_key, Unit.sort_key, Room.sort_key, Household.id, HouseholdMember.id)
    ).all()
    sheet = HouseholdSheet(grid.name, grid.worker.name if grid.worker else "", on)
    current: list = []

    def close() -> None:
        if not current:
            return
        first = current[0]
        members = sorted((SheetMember(r.name, r.rid == r.head_id,
                                      "、".join(care_label(c) for c in CARE_CATEGORIES if getattr(r, c)), r.last)
                          for r in current), key=lambda m: not m.head)
        dates = [m.last_visit for m in members if m.last_visit]
        address = _("{compound} Bldg {building} Unit {unit} Rm {room}").format(
            compound=first.compound, building=first.b, unit=first.u, room=first.r)
        sheet.households.append(SheetHousehold(address, tuple(members), max(dates) if dates else None))
        current.clear()

    for row in rows:
        if current and current[0].id != row.id:
            close()
        current.append(row)
    close()
    return sheet


@dataclass(frozen=True)
class BoardRow:
    """One building of the board: its grid, worker and work phone, heads and central households."""

    grid: str
    building: str  # "幸福小区 3栋"
    worker: str
    work_phone: str
    heads: tuple[str, ...]
    centrals: tuple[str, ...]  # "钱多多（2单元）"


@dataclass
class BoardData:
    rows: list[BoardRow]
    grids: int
    names: list[str]  # every full name the board shows on purpose (for the override)


def board_data(session: Session) -> BoardData:
    """The board's rows: each grid's buildings in order, with the grid's worker, the building's heads and
    central households (building and unit; never a room, never a resident's phone)."""
    from models.party.entities import PartyMember

    require("grids.read")
    grids = list_grids(session)
    heads: dict[int, list[str]] = {}
    names: set[str] = set()
    for r in session.execute(select(BuildingHead.building_id, Resident.name)
                             .join(Resident, Resident.id == BuildingHead.resident_id)
                             .where(Resident.archived.is_(False)).order_by(Resident.name_pinyin)):
        heads.setdefault(r.building_id, []).append(r.name)
        names.add(r.name)
    centrals: dict[int, list[str]] = {}
    for r in session.execute(
        select(Unit.building_id, Unit.number.label("u"), Resident.name).select_from(CentralHousehold)
        .join(Household, Household.id == CentralHousehold.household_id)
        .join(Room, Room.id == Household.room_id).join(Unit, Unit.id == Room.unit_id)
        .join(PartyMember, PartyMember.id == CentralHousehold.member_id)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .where(Resident.archived.is_(False)).order_by(Unit.sort_key)):
        centrals.setdefault(r.building_id, []).append(_("{name} (Unit {unit})").format(name=r.name, unit=r.u))
        names.add(r.name)
    rows = []
    for g in grids:
        if g.worker:
            names.add(g.worker)
        for building_id, label in g.buildings:
            rows.append(BoardRow(g.name, label, g.worker, g.work_phone, tuple(heads.get(building_id, ())),
                                 tuple(centrals.get(building_id, ()))))
    return BoardData(rows, len(grids), sorted(names))
