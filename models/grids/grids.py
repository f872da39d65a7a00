"""Grids (网格): their grid workers, the buildings they cover, building heads, central households.

A building is in one grid at most (the building is the key of
``grid_building``). A grid worker is a staff member with a public *work*
phone — the one the board prints; a resident's private phone never is. A
central household (党员中心户) is the household of a Party member (found
through :func:`models.party.members.find_member`), with the households it
looks after (one central household each).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import NotFound, ValidationFailed
from models.grids.entities import (
    Building,
    BuildingHead,
    CentralHousehold,
    CentralWard,
    Compound,
    Grid,
    GridBuilding,
    GridWorker,
    Household,
)
from models.grids.households import household_of, member_names
from models.residents.entities import Resident
from models.residents.names import PhoneError, normalise_phone
from models.safety import audit
from models.safety.security import require


def save_worker(session: Session, name: str, work_phone: str, *, worker_id: int | None = None,
                archived: bool = False) -> GridWorker:
    """Add or change a grid worker (audited).

    Raises:
        ValidationFailed: ``name`` empty or too long; ``work_phone`` missing or not a phone.
    """
    require("grids.write")
    clean = " ".join((name or "").split())
    errors: dict[str, str] = {}
    if not clean:
        errors["name"] = _("Enter the grid worker's name.")
    elif len(clean) > 50:
        errors["name"] = _("At most {max} characters.").format(max=50)
    phone = ""
    try:
        phone = normalise_phone(work_phone)
    except PhoneError as exc:
        errors["work_phone"] = str(exc)
    if not phone and "work_phone" not in errors:
        errors["work_phone"] = _("Enter the work phone the board may show.")
    if errors:
        raise ValidationFailed(errors)
    if worker_id is None:
        worker = GridWorker()
        session.add(worker)
    else:
        worker = session.get(GridWorker, worker_id)
        if worker is None:
            raise NotFound(_("No grid worker {id}.").format(id=worker_id))
    worker.name, worker.work_phone, worker.archived = clean, phone, archived
    session.flush()
    audit.record(session, "change" if worker_id else "create", table="grid_worker", record_id=worker.id)
    return worker


def _grid(session: Session, grid_id: int) -> Grid:
    grid = session.get(Grid, grid_id)
    if grid is None or grid.archived:
        raise ValidationFailed({"grid": _("No grid {id}.").format(id=grid_id)})
    return grid


def save_grid(session: Session, name: str, worker_id: int | None = None, *, grid_id: int | None = None) -> Grid:
    """Add or change a grid: its name and grid worker (audited).

    Raises:
        ValidationFailed: ``name`` empty or taken; ``worker`` unknown.
    """
    require("grids.write")
    clean = " ".join((name or "").split())
    errors: dict[str, str] = {}
    if not clean:
        errors["name"] = _("Enter the grid's name.")
    elif len(clean) > 40:
        errors["name"] = _("At most {max} characters.").format(max=40)
    else:
        other = session.scalar(select(Grid.id).where(Grid.name == clean))
        if other is not None and other != grid_id:
            errors["name"] = _("There is already a grid “{name}”.").format(name=clean)
    if worker_id is not None:
        worker = session.get(GridWorker, worker_id)
        if worker is None or worker.archived:
            errors["worker"] = _("No grid worker {id}.").format(id=worker_id)
    if errors:
        raise ValidationFailed(errors)
    if grid_id is None:
        grid = Grid(position=(session.scalar(select(func.max(Grid.position))) or 0) + 1)
        session.add(grid)
    else:
        grid = _grid(session, grid_id)
    grid.name, grid.worker_id = clean, worker_id
    session.flush()
    audit.record(session, "change" if grid_id else "create", table="grid", record_id=grid.id)
    return grid


def find_grid(session: Session, name: str) -> Grid:
    """A grid by its name.

    Raises:
        NotFound: no such grid (the message lists the grids).
    """
    clean = " ".join((name or "").split())
    grid = session.scalar(select(Grid).where(Grid.name == clean, Grid.archived.is_(False)))
    if grid is None:
        names = "、".join(session.scalars(select(Grid.name).where(Grid.archived.is_(False)).order_by(Grid.position)))
        raise NotFound(_("No grid “{name}”; the grids are: {names}.").format(name=clean, names=names or "—"))
    return grid


def assign_buildings(session: Session, grid_id: int, building_ids: Sequence[int]) -> None:
    """Add buildings to a grid (audited).

    Raises:
        ValidationFailed: ``buildings``: an unknown building, or one already in
            another grid (named: "幸福小区 3 栋 is in 第二网格"); nothing is added.
    """
    require("grids.write")
    grid = _grid(session, grid_id)
    problems = []
    for building_id in dict.fromkeys(building_ids):
        row = session.execute(select(Building.number, Compound.name).join(Compound).where(
            Building.id == building_id)).first()
        if row is None:
            problems.append(_("No building {id}.").format(id=building_id))
            continue
        other = session.execute(select(Grid.id, Grid.name).join(GridBuilding, GridBuilding.grid_id == Grid.id)
                                .where(GridBuilding.building_id == building_id)).first()
        if other is not None and other.id != grid.id:
            problems.append(_("Building {number} of {compound} is already in {grid}.").format(
                number=row.number, compound=row.name, grid=other.name))
    if problems:
        raise ValidationFailed({"buildings": " ".join(problems)})
    added = 0
    for building_id in dict.fromkeys(building_ids):
        if session.get(GridBuilding, building_id) is None:
            session.add(GridBuilding(building_id=building_id, grid_id=grid.id))
            added += 1
    session.flush()
    audit.record(session, "change", table="grid", record_id=grid.id, summary=f"{added} buildings added")


def remove_building(session: Session, grid_id: int, building_id: int) -> None:
    """Take a building out of a grid (audited)."""
    require("grids.write")
    session.execute(delete(GridBuilding).where(GridBuilding.grid_id == grid_id,
                                               GridBuilding.building_id == building_id))
    audit.record(session, "change", table="grid", record_id=grid_id, summary="1 building removed")


def add_building_head(session: Session, building_id: int, resident_id: int) -> BuildingHead:
    """Make a resident a head of a building (audited through the registry's trail).

    Raises:
        ValidationFailed: ``building`` unknown; ``resident`` unknown, archived or already its head.
    """
    require("grids.write")
    if session.get(Building, building_id) is None:
        raise ValidationFailed({"building": _("No building {id}.").format(id=building_id)})
    resident = session.get(Resident, resident_id)
    if resident is None or resident.archived:
        raise ValidationFailed({"resident": _("No resident {id}.").format(id=resident_id)})
    if session.scalar(select(BuildingHead.id).where(BuildingHead.building_id == building_id,
                                                    BuildingHead.resident_id == resident_id)) is not None:
        raise ValidationFailed({"resident": _("This resident is already a head of the building.")})
    head = BuildingHead(building_id=building_id, resident_id=resident_id)
    session.add(head)
    session.flush()
    return head


def remove_building_head(session: Session, head_id: int) -> None:
    """A resident is no longer a head of the building (the link row goes, the resident stays; audited
    through the registry's trail)."""
    require("grids.write")
    head = session.get(BuildingHead, head_id)
    if head is not None:
        session.delete(head)
        session.flush()


def make_central_household(session: Session, resident_id: int) -> CentralHousehold:
    """Make a Party member's household a central household.

    Raises:
        ValidationFailed: ``member``: the resident is not an active Party member,
            or not placed in a household; already a central household.
    """
    from models.party.members import find_member, is_party_member

    require("grids.write")
    member = find_member(session, resident_id)
    if member is None or not is_party_member(session, resident_id):
        raise ValidationFailed({"member": _("A central household is a Party member's household; "
                                            "this resident is not an active member.")})
    household_id = household_of(session, resident_id)
    if household_id is None:
        raise ValidationFailed({"member": _("Place the member in a room first.")})
    if session.scalar(select(CentralHousehold.id).where(CentralHousehold.household_id == household_id)) is not None:
        raise ValidationFailed({"member": _("This household is already a central household.")})
    central = CentralHousehold(household_id=household_id, member_id=member.member_id)
    session.add(central)
    session.flush()
    return central


def look_after(session: Session, central_id: int, household_ids: Sequence[int]) -> None:
    """The households a central household looks after (replacing its list).

    Raises:
        ValidationFailed: ``households``: unknown, the central household itself,
            or looked after by another central household.
    """
    require("grids.write")
    central = session.get(CentralHousehold, central_id)
    if central is None:
        raise NotFound(_("No central household {id}.").format(id=central_id))
    problems = []
    ids = list(dict.fromkeys(household_ids))
    for hid in ids:
        household = session.get(Household, hid)
        if household is None or household.archived:
            problems.append(_("No household {id}.").format(id=hid))
        elif hid == central.household_id:
            problems.append(_("A central household does not look after itself."))
        else:
            ward = session.get(CentralWard, hid)
            if ward is not None and ward.central_id != central_id:
                problems.append(_("Household {id} is already looked after by another central household.").format(
                    id=hid))
    if problems:
        raise ValidationFailed({"households": " ".join(problems)})
    session.execute(delete(CentralWard).where(CentralWard.central_id == central_id))
    for hid in ids:
        session.add(CentralWard(household_id=hid, central_id=central_id))
    session.flush()
    audit.record(session, "change", table="central_household", record_id=central_id,
                 summary=f"{len(ids)} households looked after")


def remove_central_household(session: Session, central_id: int) -> int:
    """A household is no longer a central household: the central household and its look-after links go
    (one audit entry: which household, how many it looked after); the household, its residents and the
    Party member stay. Like :func:`remove_building_head`, it is a role that ends, not a record: making
    the household central again starts afresh. Returns how many households it looked after.

    Raises:
        NotFound: no such central household (already removed, perhaps at another desk).
    """
    require("grids.write")
    central = session.get(CentralHousehold, central_id)
    if central is None:
        raise NotFound(_("No central household {id}.").format(id=central_id))
    household_id = central.household_id
    wards = session.scalar(select(func.count()).select_from(CentralWard)
                           .where(CentralWard.central_id == central_id)) or 0
    # Core deletes: the explicit entry below is the trail's one line for the whole removal.
    session.execute(delete(CentralWard).where(CentralWard.central_id == central_id))
    session.execute(delete(CentralHousehold).where(CentralHousehold.id == central_id))
    session.expunge(central)
    audit.record(session, "delete", table="central_household", record_id=central_id,
                 summary=f"household {household_id}; {wards} households no longer looked after")
    return wards


@dataclass(frozen=True)
class GridRow:
    id: int
    name: str
    worker_id: int | None
    worker: str
    work_phone: str
    buildings: tuple[tuple[int, str], ...]  # (building id, "幸福小区 3栋")


def list_grids(session: Session) -> list[GridRow]:
    """Every grid with its worker and buildings, in order."""
    require("grids.read")
    covered: dict[int, list[tuple[int, str]]] = {}
    for r in session.execute(select(GridBuilding.grid_id, Building.id, Building.number, Compound.name)
                             .join(Building, Building.id == GridBuilding.building_id)
                             .join(Compound, Compound.id == Building.compound_id)
                             .order_by(Compound.name, Building.sort_key, Building.number)):
        covered.setdefault(r.grid_id, []).append((r.id, building_label(r.name, r.number)))
    rows = session.execute(select(Grid.id, Grid.name, Grid.worker_id, GridWorker.name.label("worker"),
                                  GridWorker.work_phone).outerjoin(GridWorker, GridWorker.id == Grid.worker_id)
                           .where(Grid.archived.is_(False)).order_by(Grid.position, Grid.name))
    return [GridRow(r.id, r.name, r.worker_id, r.worker or "", r.work_phone or "", tuple(covered.get(r.id, ())))
            for r in rows]


def building_label(compound: str, number: str) -> str:
    """"幸福小区 3栋" as the lists show a building."""
    return _("{compound} Bldg {number}").format(compound=compound, number=number)


def list_workers(session: Session) -> list[GridWorker]:
    require("grids.read")
    return list(session.scalars(select(GridWorker).where(GridWorker.archived.is_(False)).order_by(GridWorker.id)))


@dataclass(frozen=True)
class HeadRow:
    id: int  # the building_head row (for remove_building_head)
    resident_id: int
    name: str


def building_heads(session: Session) -> dict[int, list[HeadRow]]:
    """Each building's heads (building id → heads, by name key)."""
    require("grids.read")
    out: dict[int, list[HeadRow]] = {}
    for r in session.execute(select(BuildingHead.id, BuildingHead.building_id, Resident.id.label("rid"),
                                    Resident.name).join(Resident, Resident.id == BuildingHead.resident_id)
                             .order_by(Resident.name_pinyin, BuildingHead.id)):
        out.setdefault(r.building_id, []).append(HeadRow(r.id, r.rid, r.name))
    return out


@dataclass(frozen=True)
class CentralRow:
    id: int
    household_id: int
    member_resident_id: int
    name: str  # the Party member's name
    building_id: int
    place: str  # "幸福小区 3栋 2单元 302室"
    wards: tuple[int, ...]  # the households it looks after


def central_households(session: Session) -> list[CentralRow]:
    """Every central household with its member, place and the households it looks after, by building."""
    from models.grids.entities import Room, Unit
    from models.party.entities import PartyMember

    require("grids.read")
    wards: dict[int, list[int]] = {}
    for central_id, hid in session.execute(select(CentralWard.central_id, CentralWard.household_id)
                                           .order_by(CentralWard.household_id)):
        wards.setdefault(central_id, []).append(hid)
    rows = session.execute(
        select(CentralHousehold.id, CentralHousehold.household_id, Resident.id.label("rid"), Resident.name,
               Building.id.label("building_id"), Compound.name.label("compound"), Building.number.label("b"),
               Unit.number.label("u"), Room.number.label("r"))
        .join(Household, Household.id == CentralHousehold.household_id)
        .join(Room, Room.id == Household.room_id).join(Unit, Unit.id == Room.unit_id)
        .join(Building, Building.id == Unit.building_id).join(Compound, Compound.id == Building.compound_id)
        .join(PartyMember, PartyMember.id == CentralHousehold.member_id)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .order_by(Compound.name, Building.sort_key, Unit.sort_key, Room.sort_key, CentralHousehold.id))
    return [CentralRow(r.id, r.household_id, r.rid, r.name, r.building_id,
                       _("{compound} Bldg {building} Unit {unit} Rm {room}").format(
                           compound=r.compound, building=r.b, unit=r.u, room=r.r),
                       tuple(wards.get(r.id, ()))) for r in rows]


@dataclass(frozen=True)
class NeighbourRow:
    household_id: int
    place: str  # "2单元 302室"
    names: str  # the members, head first
    central_id: int | None  # the central household looking after it now (None: none)


LOOK_AFTER_RANGE = (10, 15)  # the usual number of households a central household looks after


def neighbour_households(session: Session, central_id: int) -> list[NeighbourRow]:
    """The households a central household may look after: the others of its building (and any it
    looks after elsewhere), by unit and room, each with the central household looking after it now."""
    from models.grids.entities import Room, Unit

    require("grids.read")
    central = session.get(CentralHousehold, central_id)
    if central is None:
        raise NotFound(_("No central household {id}.").format(id=central_id))
    building_id = session.scalar(select(Unit.building_id).join(Room, Room.unit_id == Unit.id)
                                 .join(Household, Household.room_id == Room.id)
                                 .where(Household.id == central.household_id))
    mine = select(CentralWard.household_id).where(CentralWard.central_id == central_id)
    rows = session.execute(
        select(Household.id, Household.head_id, Unit.number.label("u"), Room.number.label("r"),
               CentralWard.central_id)
        .join(Room, Room.id == Household.room_id).join(Unit, Unit.id == Room.unit_id)
        .outerjoin(CentralWard, CentralWard.household_id == Household.id)
        .where(Household.archived.is_(False), Household.id != central.household_id,
               (Unit.building_id == building_id) | Household.id.in_(mine))
        .order_by(Unit.building_id != building_id, Unit.sort_key, Room.sort_key, Household.id)).all()
    names = member_names(session, {r.id: r.head_id for r in rows})
    out = []
    for r in rows:
        members = names[r.id]
        out.append(NeighbourRow(r.id, _("Unit {unit} Rm {room}").format(unit=r.u, room=r.r),
                                "、".join(members), r.central_id))
    return out


def look_after_warning(count: int) -> str:
    """A gentle word when a central household looks after fewer than 10 or more than 15 households."""
    low, high = LOOK_AFTER_RANGE
    if low <= count <= high:
        return ""
    return _("A central household usually looks after {low}–{high} households.").format(low=low, high=high)
