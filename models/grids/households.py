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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from i18n import _
from models.core.errors import NotFound, ValidationFailed
from models.grids.entities import Household, HouseholdMember
from models.grids.places import room_address
from models.residents.entities import Resident
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
