"""Places: compounds, buildings, units and rooms — the tree, one at a time or a whole building in one step.

Numbers are kept as the clerk says them, normalised (full-width digits made
ASCII, a trailing 栋/幢/号楼, 单元 or 室 dropped): "３栋" is building "3".
Each number is unique under its parent. A refusal names the field
(``compound``, ``building``, ``units``, ``floors``, ``rooms``, ``unit``,
``room``) and nothing is written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import NotFound, ValidationFailed
from models.grids.entities import Building, Compound, Room, Unit
from models.grids.labels import MAX_COMPOUND, MAX_FLOORS, MAX_NUMBER, MAX_ROOMS_PER_FLOOR, MAX_UNITS
from models.residents.names import format_address
from models.safety import audit
from models.safety.security import require

_SUFFIXES = {
    "building": ("号楼", "栋", "幢", "座", "号"),
    "unit": ("单元",),
    "room": ("室", "号"),
}


def clean_number(text: str, kind: str = "room") -> str:
    """A place number as stored: NFKC (full-width digits → ASCII), no spaces, the kind's suffix dropped."""
    value = "".join(unicodedata.normalize("NFKC", text or "").split())
    for suffix in _SUFFIXES.get(kind, ()):
        if value.endswith(suffix) and len(value) > len(suffix):
            value = value[: -len(suffix)]
            break
    return value


def sort_key(number: str) -> int:
    """The leading digits as a number (so 10 sorts after 9); 0 when there are none."""
    match = re.match(r"\d+", number)
    return int(match.group()) if match else 0


def clean_compound(text: str) -> str:
    return " ".join((text or "").split())


def room_number(floor: int, index: int) -> str:
    """Room ``index`` (from 1) of ``floor``: 18, 1 → "1801"."""
    return f"{floor}{index:02d}"


def _check_number(errors: dict[str, str], key: str, number: str, what: str) -> None:
    if not number:
        errors[key] = _("Enter the {what}'s number.").format(what=what)
    elif len(number) > MAX_NUMBER:
        errors[key] = _("At most {max} characters.").format(max=MAX_NUMBER)


def create_compound(session: Session, name: str) -> Compound:
    """Add a compound (audited).

    Raises:
        ValidationFailed: ``compound`` empty, too long or already there.
    """
    require("grids.write")
    clean = clean_compound(name)
    if not clean:
        raise ValidationFailed({"compound": _("Enter the compound's name.")})
    if len(clean) > MAX_COMPOUND:
        raise ValidationFailed({"compound": _("At most {max} characters.").format(max=MAX_COMPOUND)})
    if session.scalar(select(Compound.id).where(Compound.name == clean)) is not None:
        raise ValidationFailed({"compound": _("There is already a compound “{name}”.").format(name=clean)})
    compound = Compound(name=clean)
    session.add(compound)
    session.flush()
    audit.record(session, "create", table="place_compound", record_id=compound.id)
    return compound


def _compound(session: Session, compound_id: int) -> Compound:
    compound = session.get(Compound, compound_id)
    if compound is None or compound.archived:
        raise ValidationFailed({"compound": _("No compound {id}.").format(id=compound_id)})
    return compound


def _new_building(session: Session, compound: Compound, number: str, errors: dict[str, str]) -> None:
    _check_number(errors, "building", number, _("building"))
    if "building" not in errors and session.scalar(
        select(Building.id).where(Building.compound_id == compound.id, Building.number == number)
    ) is not None:
        errors["building"] = _("Building {number} is already in {compound}.").format(
            number=number, compound=compound.name)


def create_building(session: Session, compound_id: int, number: str) -> Building:
    """Add one building with no units yet (audited).

    Raises:
        ValidationFailed: ``compound`` unknown; ``building`` empty or already in the compound.
    """
    require("grids.write")
    compound = _compound(session, compound_id)
    clean = clean_number(number, "building")
    errors: dict[str, str] = {}
    _new_building(session, compound, clean, errors)
    if errors:
        raise ValidationFailed(errors)
    building = Building(compound=compound, number=clean, sort_key=sort_key(clean))
    session.add(building)
    session.flush()
    audit.record(session, "create", table="place_building", record_id=building.id)
    return building


def create_unit(session: Session, building_id: int, number: str) -> Unit:
    """Add a unit to a building (audited).

    Raises:
        ValidationFailed: ``building`` unknown; ``unit`` empty or already there.
    """
    require("grids.write")
    building = session.get(Building, building_id)
    if building is None:
        raise ValidationFailed({"building": _("No building {id}.").format(id=building_id)})
    clean = clean_number(number, "unit")
    errors: dict[str, str] = {}
    _check_number(errors, "unit", clean, _("unit"))
    if not errors and session.scalar(
        select(Unit.id).where(Unit.building_id == building_id, Unit.number == clean)
    ) is not None:
        errors["unit"] = _("Unit {number} is already in building {building}.").format(
            number=clean, building=building.number)
    if errors:
        raise ValidationFailed(errors)
    unit = Unit(building=building, number=clean, sort_key=sort_key(clean))
    session.add(unit)
    session.flush()
    audit.record(session, "create", table="place_unit", record_id=unit.id)
    return unit


def create_room(session: Session, unit_id: int, number: str, floor: int | None = None) -> Room:
    """Add a room to a unit (audited); its floor is read from the number (1801 → 18) unless given.

    Raises:
        ValidationFailed: ``unit`` unknown; ``room`` empty or already there.
    """
    require("grids.write")
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise ValidationFailed({"unit": _("No unit {id}.").format(id=unit_id)})
    clean = clean_number(number, "room")
    errors: dict[str, str] = {}
    _check_number(errors, "room", clean, _("room"))
    if not errors and session.scalar(
        select(Room.id).where(Room.unit_id == unit_id, Room.number == clean)
    ) is not None:
        errors["room"] = _("Room {number} is already in unit {unit}.").format(number=clean, unit=unit.number)
    if errors:
        raise ValidationFailed(errors)
    room = Room(unit=unit, number=clean, floor=floor if floor is not None else floor_of(clean),
                sort_key=sort_key(clean))
    session.add(room)
    session.flush()
    audit.record(session, "create", table="place_room", record_id=room.id)
    return room


def floor_of(number: str) -> int | None:
    """The floor a room number says (1801 → 18, 302 → 3); None when it does not say."""
    digits = re.match(r"\d+", number)
    if not digits or len(digits.group()) < 3:
        return None
    return int(digits.group()[:-2]) or None


@dataclass(frozen=True)
class BulkBuilding:
    """A whole building in one step: "building 3, units 1–4, floors 1–18, 2 rooms a floor"."""

    compound_id: int
    building: str
    first_unit: int = 1
    last_unit: int = 1
    first_floor: int = 1
    last_floor: int = 1
    rooms_per_floor: int = 2


def _range_error(first: int, last: int, top: int, what: str) -> str | None:
    if not isinstance(first, int) or not isinstance(last, int) or last < 1 or first < 1:
        return _("A building has at least one {what}.").format(what=what)
    if first > last:
        return _("The first {what} ({first}) is after the last ({last}).").format(what=what, first=first, last=last)
    if last > top:
        return _("At most {max} {what}s.").format(max=top, what=what)
    return None


def bulk_create_building(session: Session, data: BulkBuilding) -> Building:
    """Create the building, its units and their rooms in one step (one audit entry).

    Rooms are numbered floor then index (floor 18, 2 rooms: 1801, 1802).

    Raises:
        ValidationFailed: ``compound`` unknown, ``building`` empty or already in
            the compound, ``units``/``floors`` zero or backwards, ``rooms`` not
            1–20 a floor.
    """
    require("grids.write")
    compound = _compound(session, data.compound_id)
    number = clean_number(data.building, "building")
    errors: dict[str, str] = {}
    _new_building(session, compound, number, errors)
    for key, first, last, top, what in (
        ("units", data.first_unit, data.last_unit, MAX_UNITS, _("unit")),
        ("floors", data.first_floor, data.last_floor, MAX_FLOORS, _("floor")),
    ):
        problem = _range_error(first, last, top, what)
        if problem:
            errors[key] = problem
    if not isinstance(data.rooms_per_floor, int) or not 1 <= data.rooms_per_floor <= MAX_ROOMS_PER_FLOOR:
        errors["rooms"] = _("A floor has 1 to {max} rooms.").format(max=MAX_ROOMS_PER_FLOOR)
    if errors:
        raise ValidationFailed(errors)
    building = Building(compound=compound, number=number, sort_key=sort_key(number))
    session.add(building)
    rooms = 0
    for u in range(data.first_unit, data.last_unit + 1):
        unit = Unit(building=building, number=str(u), sort_key=u)
        session.add(unit)
        for floor in range(data.first_floor, data.last_floor + 1):
            for index in range(1, data.rooms_per_floor + 1):
                text = room_number(floor, index)
                unit.rooms.append(Room(number=text, floor=floor, sort_key=int(text)))
                rooms += 1
    session.flush()
    units = data.last_unit - data.first_unit + 1
    audit.record(session, "create", table="place_building", record_id=building.id,
                 summary=f"{units} units, {rooms} rooms")
    return building


# --- reading the tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceNode:
    """One node of the places tree: its kind, id, label and children."""

    kind: str  # compound | building | unit | room
    id: int
    number: str
    children: tuple[PlaceNode, ...] = ()


def place_tree(session: Session, *, rooms_too: bool = True) -> list[PlaceNode]:
    """The whole tree (compounds → buildings → units → rooms), in number order, in four queries
    (without the rooms when ``rooms_too`` is false: a list of buildings needs none)."""
    require("grids.read")
    rooms: dict[int, list[PlaceNode]] = {}
    stmt = select(Room.id, Room.unit_id, Room.number).order_by(Room.sort_key, Room.number)
    for r in session.execute(stmt) if rooms_too else ():
        rooms.setdefault(r.unit_id, []).append(PlaceNode("room", r.id, r.number))
    units: dict[int, list[PlaceNode]] = {}
    for u in session.execute(select(Unit.id, Unit.building_id, Unit.number).order_by(Unit.sort_key, Unit.number)):
        units.setdefault(u.building_id, []).append(PlaceNode("unit", u.id, u.number, tuple(rooms.get(u.id, ()))))
    buildings: dict[int, list[PlaceNode]] = {}
    for b in session.execute(select(Building.id, Building.compound_id, Building.number)
                             .where(Building.archived.is_(False)).order_by(Building.sort_key, Building.number)):
        buildings.setdefault(b.compound_id, []).append(
            PlaceNode("building", b.id, b.number, tuple(units.get(b.id, ()))))
    return [PlaceNode("compound", c.id, c.name, tuple(buildings.get(c.id, ())))
            for c in session.execute(select(Compound.id, Compound.name).where(Compound.archived.is_(False))
                                     .order_by(Compound.name))]


@dataclass(frozen=True)
class RoomAddress:
    room_id: int
    compound: str
    building: str
    unit: str
    room: str
    building_id: int

    @property
    def text(self) -> str:
        return format_address(self.compound, self.building, self.unit, self.room)


def _address_query():  # type: ignore[no-untyped-def]
    return (select(Room.id, Compound.name, Building.number.label("b"), Unit.number.label("u"),
                   Room.number.label("r"), Building.id.label("building_id"))
            .join(Unit, Unit.id == Room.unit_id).join(Building, Building.id == Unit.building_id)
            .join(Compound, Compound.id == Building.compound_id))


def room_address(session: Session, room_id: int) -> RoomAddress:
    """The room's full address.

    Raises:
        ValidationFailed: ``room`` does not exist.
    """
    row = session.execute(_address_query().where(Room.id == room_id)).first()
    if row is None:
        raise ValidationFailed({"room": _("Room {id} does not exist.").format(id=room_id)})
    return RoomAddress(row.id, row.name, row.b, row.u, row.r, row.building_id)


def find_room(session: Session, compound: str, building: str, unit: str, room: str) -> int:
    """The id of the room at this address as the clerk typed it.

    Raises:
        ValidationFailed: the first part that does not exist, by its field
            (``compound``, ``building``, ``unit`` or ``room``).
    """
    name = clean_compound(compound)
    c = session.scalar(select(Compound.id).where(Compound.name == name))
    if c is None:
        raise ValidationFailed({"compound": _("There is no compound “{name}”.").format(name=name)})
    b_no = clean_number(building, "building")
    b = session.scalar(select(Building.id).where(Building.compound_id == c, Building.number == b_no))
    if b is None:
        raise ValidationFailed({"building": _("There is no building {number} in {compound}.").format(
            number=b_no, compound=name)})
    u_no = clean_number(unit, "unit")
    u = session.scalar(select(Unit.id).where(Unit.building_id == b, Unit.number == u_no))
    if u is None:
        raise ValidationFailed({"unit": _("Building {building} has no unit {number}.").format(
            building=b_no, number=u_no)})
    r_no = clean_number(room, "room")
    r = session.scalar(select(Room.id).where(Room.unit_id == u, Room.number == r_no))
    if r is None:
        raise ValidationFailed({"room": _("Unit {unit} of building {building} has no room {number}.").format(
            unit=u_no, building=b_no, number=r_no)})
    return r


def get_building(session: Session, building_id: int) -> Building:
    building = session.get(Building, building_id)
    if building is None:
        raise NotFound(_("No building {id}.").format(id=building_id))
    return building
