"""Today's address text → rooms: what migration 0011 (and the demo) run to place the registry.

A resident's address is four text fields (compound, building, unit, room), or
one line typed into the first ("幸福小区3栋2单元1801室", "和平里 12-3-502").
:func:`parse_address` reads either; :func:`link_addresses` finds or creates the
compound, building, unit and room of every address it reads, puts the
residents of one room in one household (its head the eldest) and leaves the
others unplaced, their text untouched, for the clerk
(:func:`models.grids.households.unplaced_residents`).

:func:`link_addresses` works on a Connection with its own table definitions
(the schema of revision 0011), not the ORM: a migration must not depend on
entity code that changes after it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from models.grids.places import clean_compound, clean_number, floor_of, sort_key


@dataclass(frozen=True)
class ParsedAddress:
    compound: str
    building: str
    unit: str
    room: str


_ONE_LINE = (
    re.compile(r"^(?P<c>.+?)(?P<b>[0-9]+[A-Za-z]?)(?:号楼|栋|幢|座)(?P<u>[0-9]+)单元(?P<r>[0-9]+)(?:室|号)?$"),
    re.compile(r"^(?P<c>.*?[^0-9\s-])\s*(?P<b>[0-9]+)-(?P<u>[0-9]+)-(?P<r>[0-9]+)(?:室)?$"),
)


def parse_address(compound: str, building: str = "", unit: str = "", room: str = "") -> ParsedAddress | None:
    """The four parts of an address, or None when they cannot be read with confidence."""
    c = clean_compound(compound)
    b, u, r = clean_number(building, "building"), clean_number(unit, "unit"), clean_number(room, "room")
    if c and b and u and r:
        if not re.fullmatch(r"[0-9]+[A-Za-z]?", b) or not u.isdigit() or not r.isdigit():
            return None
        return ParsedAddress(c, b, u, r)
    if not c or b or u or r:
        return None
    line = "".join(unicodedata.normalize("NFKC", c).split(" "))
    for pattern in _ONE_LINE:
        match = pattern.match(line)
        if match:
            name = match.group("c").strip()
            if name:
                return ParsedAddress(name, match.group("b"), match.group("u"), match.group("r"))
    return None


_meta = sa.MetaData()


_TYPES = {"birth_date": sa.Date(), "created_at": sa.DateTime(), "archived": sa.Boolean(), "floor": sa.Integer(),
          "sort_key": sa.Integer()}


def _table(name: str, *columns: str) -> sa.Table:
    return sa.Table(name, _meta, sa.Column("id", sa.Integer, primary_key=True),
                    *(sa.Column(c, sa.Integer() if c.endswith("_id") else _TYPES.get(c, sa.String())) for c in columns))


_resident = _table("resident", "compound", "building", "unit", "room", "birth_date", "archived")
_compound = _table("place_compound", "name", "archived")
_building = _table("place_building", "compound_id", "number", "sort_key", "archived")
_unit = _table("place_unit", "building_id", "number", "sort_key")
_room = _table("place_room", "unit_id", "number", "floor", "sort_key")
_household = _table("household", "room_id", "head_id", "archived", "created_at")
_member = _table("household_member", "household_id", "resident_id")


@dataclass
class LinkReport:
    """What :func:`link_addresses` did: residents placed, households and places made, the rest."""

    placed: int = 0
    households: int = 0
    rooms: int = 0
    buildings: int = 0
    unplaced: list[int] = field(default_factory=list)


def link_addresses(conn: Connection, *, now=None) -> LinkReport:  # type: ignore[no-untyped-def]
    """Place every unplaced, not archived resident whose address parses (in ``conn``'s transaction)."""
    import datetime as dt

    now = now or dt.datetime.now().replace(microsecond=0)
    report = LinkReport()

    def insert(table, **values) -> int:  # type: ignore[no-untyped-def]
        return conn.execute(sa.insert(table).values(**values)).inserted_primary_key[0]

    compounds = {r.name: r.id for r in conn.execute(sa.select(_compound.c.id, _compound.c.name))}
    buildings = {(r.compound_id, r.number): r.id
                 for r in conn.execute(sa.select(_building.c.id, _building.c.compound_id, _building.c.number))}
    units = {(r.building_id, r.number): r.id
             for r in conn.execute(sa.select(_unit.c.id, _unit.c.building_id, _unit.c.number))}
    rooms = {(r.unit_id, r.number): r.id for r in conn.execute(sa.select(_room.c.id, _room.c.unit_id, _room.c.number))}
    households = {r.room_id: r.id for r in conn.execute(
        sa.select(_household.c.id, _household.c.room_id).where(_household.c.archived == sa.false()))}
    placed = sa.select(_member.c.resident_id)
    residents = conn.execute(
        sa.select(_resident.c.id, _resident.c.compound, _resident.c.building, _resident.c.unit, _resident.c.room,
                  _resident.c.birth_date)
        .where(_resident.c.archived == sa.false(), _resident.c.id.not_in(placed)).order_by(_resident.c.id)).all()
    by_room: dict[int, list] = defaultdict(list)
    for r in residents:
        parsed = parse_address(r.compound or "", r.building or "", r.unit or "", r.room or "")
        if parsed is None:
            report.unplaced.append(r.id)
            continue
        c = compounds.get(parsed.compound)
        if c is None:
            c = compounds[parsed.compound] = insert(_compound, name=parsed.compound, archived=False)
        b = buildings.get((c, parsed.building))
        if b is None:
            b = buildings[(c, parsed.building)] = insert(_building, compound_id=c, number=parsed.building,
                                                         sort_key=sort_key(parsed.building), archived=False)
            report.buildings += 1
        u = units.get((b, parsed.unit))
        if u is None:
            u = units[(b, parsed.unit)] = insert(_unit, building_id=b, number=parsed.unit,
                                                 sort_key=sort_key(parsed.unit))
        room = rooms.get((u, parsed.room))
        if room is None:
            room = rooms[(u, parsed.room)] = insert(_room, unit_id=u, number=parsed.room,
                                                    floor=floor_of(parsed.room), sort_key=sort_key(parsed.room))
            report.rooms += 1
        by_room[room].append(r)
    members = []
    for room, people in by_room.items():
        household = households.get(room)
        if household is None:
            eldest = min(people, key=lambda p: (p.birth_date is None, p.birth_date or dt.date.max, p.id))
            household = insert(_household, room_id=room, head_id=eldest.id, archived=False, created_at=now)
            report.households += 1
        members.extend({"household_id": household, "resident_id": p.id} for p in people)
    if members:
        conn.execute(sa.insert(_member), members)
    report.placed = len(members)
    return report
