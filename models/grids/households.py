"""Households at rooms, their members and head; placing a resident in a room.

A resident is *placed* when they are a member of a household (one at most).
Placing copies the room's address into the resident's address fields, so every
other job's printouts show the same address; until then the resident's address
text is kept as typed (nothing is lost) and the resident is on the
:func:`unplaced_residents` list for the clerk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import NotFound, ValidationFailed
from models.grids.entities import CentralHousehold, CentralWard, Household, HouseholdMember, Visit
from models.grids.places import room_address
from models.residents.entities import Resident
from models.safety import audit
from models.safety.security import require


def _resident(session: Session, resident_id: int, key: str = "resident") -> Resident:
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise ValidationFailed({key: _("No resident {id}.").format(id=resident_id)})
    if resident.archived:
        raise ValidationFailed({key: _("Resident {id} is archived.").format(id=resident_id)})
    return resident


def _copy_address(session: Session, resident: Resident, room_id: int) -> None:
    address = room_address(session, room_id)
    resident.compound, resident.building = address.compound, address.building
    resident.unit, resident.room = address.unit, address.room


def _leave(session: Session, member: HouseholdMember) -> None:
    """Take a member out of their household; an emptied household is archived, a new head chosen."""
    household = member.household
    household.members.remove(member)
    session.delete(member)
    rest = [m for m in household.members if m is not member]
    if not rest:
        household.archived = True
    elif household.head_id == member.resident_id:
        household.head_id = rest[0].resident_id


def create_household(session: Session, room_id: int, member_ids: Sequence[int], head_id: int | None = None
                     ) -> Household:
    """A household at ``room_id`` with these residents; the head is ``head_id`` (default: the first).

    Raises:
        ValidationFailed: ``room`` does not exist; ``members`` empty, unknown,
            archived or already in another household; ``head`` not a member.
    """
    require("grids.write")
    room_address(session, room_id)  # the room exists
    ids = list(dict.fromkeys(member_ids))
    if not ids:
        raise ValidationFailed({"members": _("A household has at least one member.")})
    residents = [_resident(session, rid, "members") for rid in ids]
    placed = session.scalar(select(HouseholdMember.resident_id).where(HouseholdMember.resident_id.in_(ids)))
    if placed is not None:
        raise ValidationFailed({"members": _("Resident {id} is already in a household; move them instead.").format(
            id=placed)})
    head = ids[0] if head_id is None else head_id
    if head not in ids:
        raise ValidationFailed({"head": _("The household's head must be one of its members.")})
    household = Household(room_id=room_id, head_id=head)
    for resident in residents:
        household.members.append(HouseholdMember(resident_id=resident.id))
        _copy_address(session, resident, room_id)
    session.add(household)
    session.flush()
    return household


def place_resident(session: Session, resident_id: int, room_id: int, household_id: int | None = None
                   ) -> Household:
    """Put a resident in a room: into ``household_id`` there, or the room's only household, or a new
    household of their own (they are its head). A resident placed elsewhere moves.

    Raises:
        ValidationFailed: ``resident`` unknown or archived; ``room`` does not
            exist; ``household`` not at that room, or the room holds several
            households and none was chosen.
    """
    require("grids.write")
    resident = _resident(session, resident_id)
    room_address(session, room_id)
    if household_id is not None:
        household = session.get(Household, household_id)
        if household is None or household.archived or household.room_id != room_id:
            raise ValidationFailed({"household": _("Household {id} is not at this room.").format(id=household_id)})
    else:
        here = list(session.scalars(select(Household).where(Household.room_id == room_id,
                                                            Household.archived.is_(False))))
        if len(here) > 1:
            raise ValidationFailed({"household": _("{count} households live in this room: choose one.").format(
                count=len(here))})
        household = here[0] if here else None
    current = session.scalar(select(HouseholdMember).where(HouseholdMember.resident_id == resident_id))
    if current is not None:
        if household is not None and current.household_id == household.id:
            return household
        _leave(session, current)
        session.flush()
    if household is None:
        household = Household(room_id=room_id, head_id=resident_id)
        session.add(household)
    household.members.append(HouseholdMember(resident_id=resident_id))
    _copy_address(session, resident, room_id)
    session.flush()
    return household


def set_head(session: Session, household_id: int, resident_id: int) -> None:
    """Make a member the household's head.

    Raises:
        ValidationFailed: ``head`` is not a member of the household.
    """
    require("grids.write")
    household = session.get(Household, household_id)
    if household is None:
        raise NotFound(_("No household {id}.").format(id=household_id))
    if resident_id not in {m.resident_id for m in household.members}:
        raise ValidationFailed({"head": _("The household's head must be one of its members.")})
    household.head_id = resident_id
    session.flush()


def household_of(session: Session, resident_id: int) -> int | None:
    """The id of the resident's household (None: not placed)."""
    return session.scalar(select(HouseholdMember.household_id).where(HouseholdMember.resident_id == resident_id))


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    head_id: int
    member_ids: tuple[int, ...]
    member_names: tuple[str, ...]


def households_at(session: Session, room_id: int) -> list[HouseholdRow]:
    """The households living in a room, each with its members (head first)."""
    require("grids.read")
    out = []
    for household in session.scalars(select(Household).where(Household.room_id == room_id,
                                                              Household.archived.is_(False)).order_by(Household.id)):
        rows = session.execute(select(Resident.id, Resident.name).join(
            HouseholdMember, HouseholdMember.resident_id == Resident.id).where(
            HouseholdMember.household_id == household.id).order_by(HouseholdMember.id)).all()
        rows.sort(key=lambda r: r.id != household.head_id)
        out.append(HouseholdRow(household.id, household.head_id, tuple(r.id for r in rows),
                                tuple(r.name for r in rows)))
    return out


@dataclass(frozen=True)
class UnplacedRow:
    """A resident not placed in a room yet, with the address text kept from before."""

    resident_id: int
    name: str
    address: str


def unplaced_residents(session: Session, limit: int | None = None) -> list[UnplacedRow]:
    """Residents (not archived) who are in no household: the clerk's list to place, by id."""
    from models.residents.names import format_address

    require("grids.read")
    stmt = (select(Resident.id, Resident.name, Resident.compound, Resident.building, Resident.unit, Resident.room)
            .outerjoin(HouseholdMember, HouseholdMember.resident_id == Resident.id)
            .where(HouseholdMember.id.is_(None), Resident.archived.is_(False)).order_by(Resident.id))
    if limit:
        stmt = stmt.limit(limit)
    return [UnplacedRow(r.id, r.name, format_address(r.compound, r.building, r.unit, r.room))
            for r in session.execute(stmt)]


def unplaced_count(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Resident).outerjoin(HouseholdMember, HouseholdMember.resident_id == Resident.id)
        .where(HouseholdMember.id.is_(None), Resident.archived.is_(False))) or 0


def _live_household(session: Session, household_id: int, key: str = "household") -> Household:
    household = session.get(Household, household_id)
    if household is None or household.archived:
        raise ValidationFailed({key: _("No household {id}.").format(id=household_id)})
    return household


def split_household(session: Session, household_id: int, member_ids: Sequence[int], room_id: int | None = None,
                    head_id: int | None = None) -> Household:
    """The chosen members leave ``household_id`` for a new household (at the same room unless ``room_id``
    is another), one audited write.

    The old head stays head if they do not leave; if they do, the next member who stays becomes head.
    The new household's head is ``head_id`` (default: the first of the members who leave, in the
    household's order). Visits stay with the household that was visited (the old one); a visit to a
    resident stays theirs. A central household (党员中心户) follows its Party member: if the member
    leaves, the new household is the central household, with the same households looked after. A
    household looked after by a central household stays so; the new household is looked after by the
    same one when it stays in the same room (same neighbours), otherwise by none until chosen.

    Raises:
        ValidationFailed: ``household`` unknown or archived; ``members`` none ticked, not of this
            household, or every member (the household would have no member left); ``room`` unknown;
            ``head`` not one of those who leave. Nothing is written.
    """
    require("grids.write")
    household = _live_household(session, household_id)
    order = [m.resident_id for m in household.members]
    leaving = [rid for rid in order if rid in set(member_ids)]
    strangers = [rid for rid in dict.fromkeys(member_ids) if rid not in order]
    if strangers:
        raise ValidationFailed({"members": _("Resident {id} is not a member of this household.").format(
            id=strangers[0])})
    if not leaving:
        raise ValidationFailed({"members": _("Tick the members who leave: the new household would have "
                                             "no member.")})
    if len(leaving) == len(order):
        raise ValidationFailed({"members": _("At least one member stays: the household would be left with "
                                             "no member.")})
    target_room = household.room_id if room_id is None else room_id
    room_address(session, target_room)  # the room exists (ValidationFailed "room")
    new_head = leaving[0] if head_id is None else head_id
    if new_head not in leaving:
        raise ValidationFailed({"head": _("The new household's head must be one of the members who leave.")})
    new = Household(room_id=target_room, head_id=new_head)
    session.add(new)
    session.flush()
    for member in list(household.members):
        if member.resident_id in leaving:
            member.household = new
            if target_room != household.room_id:
                _copy_address(session, session.get(Resident, member.resident_id), target_room)
    if household.head_id in leaving:
        household.head_id = household.members[0].resident_id
    central = session.scalar(select(CentralHousehold).where(CentralHousehold.household_id == household.id))
    if central is not None:
        from models.party.entities import PartyMember

        if session.scalar(select(PartyMember.resident_id).where(PartyMember.id == central.member_id)) in leaving:
            central.household_id = new.id
    ward = session.get(CentralWard, household.id)
    if ward is not None and target_room == household.room_id:
        session.add(CentralWard(household_id=new.id, central_id=ward.central_id))
    session.flush()
    audit.record(session, "change", table="household", record_id=household.id,
                 summary=f"split: {len(leaving)} members to household {new.id}")
    return new


def merge_households(session: Session, into_id: int, from_id: int) -> Household:
    """The members of ``from_id`` join ``into_id`` (its head is kept); ``from_id`` is archived, one
    audited write. Both live in the same building (the same room, or another room of it: the members
    who move take the new room's address).

    A merge says the two were one household: the visits to ``from_id`` (to the household, or to a
    resident then in it) are re-pointed to ``into_id``, so the not-visited list, the household sheet
    and a member's visits count and list them under the merged household (the audit entry says how
    many). The look-after links go with them: a household looked after by ``from_id``'s central
    household is looked after by the merged one; ``from_id`` looked after by a central household
    passes that to ``into_id`` unless ``into_id`` is looked after already (its own link is kept) or is
    that central household itself.

    Raises:
        ValidationFailed: ``household`` (into) or ``other`` (from) unknown, archived, the same, or not
            in the same building; ``other``: both are central households (one Party member's household
            each: take one off first). Nothing is written.
    """
    require("grids.write")
    into = _live_household(session, into_id)
    source = _live_household(session, from_id, "other")
    if into.id == source.id:
        raise ValidationFailed({"other": _("Choose another household to merge with.")})
    here, there = room_address(session, into.room_id), room_address(session, source.room_id)
    if here.building_id != there.building_id:
        raise ValidationFailed({"other": _("Household {id} lives in another building; move its members "
                                           "one by one instead.").format(id=source.id)})
    into_central = session.scalar(select(CentralHousehold).where(CentralHousehold.household_id == into.id))
    from_central = session.scalar(select(CentralHousehold).where(CentralHousehold.household_id == source.id))
    if into_central is not None and from_central is not None:
        raise ValidationFailed({"other": _("Both households are central households; a household is one "
                                           "central household at most.")})
    moved = 0
    for member in list(source.members):
        member.household = into
        moved += 1
        if source.room_id != into.room_id:
            _copy_address(session, session.get(Resident, member.resident_id), into.room_id)
    source.archived = True
    visits = session.execute(update(Visit).where(Visit.household_id == source.id)
                             .values(household_id=into.id)).rowcount or 0
    if from_central is not None:
        from_central.household_id = into.id
        into_central = from_central
    from_ward = session.get(CentralWard, source.id)
    into_ward = session.get(CentralWard, into.id)
    if from_ward is not None:
        central_id = from_ward.central_id
        session.delete(from_ward)
        session.flush()
        if into_ward is None and (into_central is None or into_central.id != central_id):
            session.add(CentralWard(household_id=into.id, central_id=central_id))
    if into_central is not None:  # a central household does not look after itself
        session.execute(delete(CentralWard).where(CentralWard.household_id == into.id,
                                                  CentralWard.central_id == into_central.id))
    session.flush()
    audit.record(session, "change", table="household", record_id=into.id,
                 summary=f"merged household {source.id}: {moved} members, {visits} visits")
    return into


@dataclass(frozen=True)
class NearbyHousehold:
    """A household another one may merge with: same room or same building."""

    id: int
    room_id: int
    room: str  # "2单元 302室"
    head: str
    member_names: tuple[str, ...]
    same_room: bool


def member_names(session: Session, heads: dict[int, int | None]) -> dict[int, tuple[str, ...]]:
    """The members' names of each household in ``heads`` (household id → its head's resident id),
    the head first, then in the order they joined: one query for all of them."""
    joined: dict[int, list[tuple[int, str]]] = {hid: [] for hid in heads}
    if heads:
        for hid, rid, name in session.execute(
                select(HouseholdMember.household_id, Resident.id, Resident.name)
                .join(Resident, Resident.id == HouseholdMember.resident_id)
                .where(HouseholdMember.household_id.in_(list(heads))).order_by(HouseholdMember.id)):
            joined[hid].append((rid, name))
    return {hid: tuple(n for _rid, n in sorted(members, key=lambda m: m[0] != heads[hid]))
            for hid, members in joined.items()}


def households_near(session: Session, household_id: int) -> list[NearbyHousehold]:
    """The other households (not archived) of the household's building: its room's first, then by unit
    and room — the ones it may merge with."""
    from models.grids.entities import Room, Unit

    require("grids.read")
    household = _live_household(session, household_id)
    building_id = room_address(session, household.room_id).building_id
    rows = session.execute(
        select(Household.id, Household.room_id, Household.head_id, Unit.number.label("u"), Room.number.label("r"))
        .join(Room, Room.id == Household.room_id).join(Unit, Unit.id == Room.unit_id)
        .where(Unit.building_id == building_id, Household.archived.is_(False), Household.id != household.id)
        .order_by(Household.room_id != household.room_id, Unit.sort_key, Room.sort_key, Household.id)).all()
    names = member_names(session, {r.id: r.head_id for r in rows})
    out = []
    for r in rows:
        members = names[r.id]
        out.append(NearbyHousehold(r.id, r.room_id, _("Unit {unit} Rm {room}").format(unit=r.u, room=r.r),
                                   members[0] if members else "", members,
                                   r.room_id == household.room_id))
    return out
