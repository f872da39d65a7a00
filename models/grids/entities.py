"""The grids job's tables: places (compound → building → unit → room), households, grids, visits.

* a **place** is one of four small tables, each row under its parent
  (:class:`Compound` → :class:`Building` → :class:`Unit` → :class:`Room`),
  numbered as the clerk says it ("3" 栋, "2" 单元, "1801" 室), unique under
  its parent;
* a **household** (户) lives at a room; its members are residents of the
  registry (a resident belongs to one household at most: that is where the
  resident is *placed*), one of them its head;
* a **grid** (网格) covers buildings (a building in one grid at most), with its
  grid worker (a staff member with a public work phone, :class:`GridWorker` —
  never a resident's private phone) and the building heads (楼栋长, residents);
* a **central household** (党员中心户) is a Party member's household and the
  households it looks after;
* a **visit** (走访) is kept with who visited, whom, when, how, what was found
  and the follow-up; its notes are personal data (never on a notice, never in
  a log: ``__repr__`` shows ids only);
* the **care intervals**: how many days a care-list resident may go without a
  visit, per care category (the resident's household flags, the same list the
  meal subsidies use).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.core.base import Base, now_local


class Compound(Base):
    """A residential compound (小区)."""

    __tablename__ = "place_compound"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    buildings: Mapped[list[Building]] = relationship(back_populates="compound", order_by="Building.sort_key")

    def __repr__(self) -> str:
        return f"<Compound id={self.id}>"


class Building(Base):
    """A building (楼栋) of a compound; ``number`` as painted on it ("3", "3A")."""

    __tablename__ = "place_building"

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("place_compound.id"))
    number: Mapped[str] = mapped_column(String(20))
    sort_key: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    compound: Mapped[Compound] = relationship(back_populates="buildings")
    units: Mapped[list[Unit]] = relationship(back_populates="building", order_by="Unit.sort_key")

    __table_args__ = (UniqueConstraint("compound_id", "number"),)

    def __repr__(self) -> str:
        return f"<Building id={self.id}>"


class Unit(Base):
    """A unit (单元, one staircase) of a building."""

    __tablename__ = "place_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("place_building.id"))
    number: Mapped[str] = mapped_column(String(20))
    sort_key: Mapped[int] = mapped_column(Integer, default=0)

    building: Mapped[Building] = relationship(back_populates="units")
    rooms: Mapped[list[Room]] = relationship(back_populates="unit", order_by="Room.sort_key")

    __table_args__ = (UniqueConstraint("building_id", "number"),)

    def __repr__(self) -> str:
        return f"<Unit id={self.id}>"


class Room(Base):
    """A room (室) of a unit: ``number`` like 1801 (floor 18, room 01)."""

    __tablename__ = "place_room"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("place_unit.id"))
    number: Mapped[str] = mapped_column(String(20))
    floor: Mapped[int | None] = mapped_column(Integer)
    sort_key: Mapped[int] = mapped_column(Integer, default=0)

    unit: Mapped[Unit] = relationship(back_populates="rooms")

    __table_args__ = (UniqueConstraint("unit_id", "number"),)

    def __repr__(self) -> str:
        return f"<Room id={self.id}>"


class Household(Base):
    """A household (户) at a room; ``head_id`` is one of its members."""

    __tablename__ = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("place_room.id"))
    head_id: Mapped[int] = mapped_column(ForeignKey("resident.id"))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    room: Mapped[Room] = relationship()
    members: Mapped[list[HouseholdMember]] = relationship(back_populates="household",
                                                          order_by="HouseholdMember.id")

    __table_args__ = (Index("ix_household_room", "room_id"),)

    def __repr__(self) -> str:
        return f"<Household id={self.id}>"


class HouseholdMember(Base):
    """A resident in a household: where the resident is placed (one household at most)."""

    __tablename__ = "household_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), unique=True)

    household: Mapped[Household] = relationship(back_populates="members")

    __table_args__ = (Index("ix_household_member_household", "household_id"),)

    def __repr__(self) -> str:
        return f"<HouseholdMember id={self.id}>"


class GridWorker(Base):
    """A grid worker (网格员): a staff member; ``work_phone`` is the public one printed on the board."""

    __tablename__ = "grid_worker"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    work_phone: Mapped[str] = mapped_column(String(20), default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<GridWorker id={self.id}>"


class Grid(Base):
    """A grid (网格) and its grid worker."""

    __tablename__ = "grid"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("grid_worker.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    worker: Mapped[GridWorker | None] = relationship()

    def __repr__(self) -> str:
        return f"<Grid id={self.id}>"


class GridBuilding(Base):
    """A building covered by a grid: the building is the key, so it is in one grid at most."""

    __tablename__ = "grid_building"

    building_id: Mapped[int] = mapped_column(ForeignKey("place_building.id"), primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id"))

    __table_args__ = (Index("ix_grid_building_grid", "grid_id"),)


class BuildingHead(Base):
    """A building head (楼栋长): a resident, for one building."""

    __tablename__ = "building_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    building_id: Mapped[int] = mapped_column(ForeignKey("place_building.id"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"))

    __table_args__ = (UniqueConstraint("building_id", "resident_id"),)

    def __repr__(self) -> str:
        return f"<BuildingHead id={self.id}>"


class CentralHousehold(Base):
    """A Party-member central household (党员中心户): a member's household."""

    __tablename__ = "central_household"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("party_member.id"))

    def __repr__(self) -> str:
        return f"<CentralHousehold id={self.id}>"


class CentralWard(Base):
    """A household a central household looks after (one central household each)."""

    __tablename__ = "central_ward"

    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), primary_key=True)
    central_id: Mapped[int] = mapped_column(ForeignKey("central_household.id"))

    __table_args__ = (Index("ix_central_ward_central", "central_id"),)


class CareInterval(Base):
    """Days a care-list resident of ``category`` may go without a visit (editable data)."""

    __tablename__ = "care_interval"

    category: Mapped[str] = mapped_column(String(30), primary_key=True)
    days: Mapped[int] = mapped_column(Integer)


class Visit(Base):
    """One visit (走访): who, whom, when, how, what was found, the follow-up.

    Whom: a resident (``resident_id``; ``household_id`` their household then)
    or a whole household (``resident_id`` empty). Who: a grid worker
    (``visitor_worker_id``), a building head or another resident
    (``visitor_resident_id``), a Party member (``visitor_member_id``) or a
    clerk (``visitor_name``, the account). ``findings`` and ``follow_up`` are
    personal data.
    """

    __tablename__ = "grid_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    visited_on: Mapped[dt.date] = mapped_column(Date)
    visitor_kind: Mapped[str] = mapped_column(String(10))
    visitor_worker_id: Mapped[int | None] = mapped_column(ForeignKey("grid_worker.id"))
    visitor_resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id"))
    visitor_member_id: Mapped[int | None] = mapped_column(ForeignKey("party_member.id"))
    visitor_name: Mapped[str] = mapped_column(String(50), default="")
    household_id: Mapped[int | None] = mapped_column(ForeignKey("household.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id"))
    method: Mapped[str] = mapped_column(String(10))
    findings: Mapped[str] = mapped_column(Text, default="")
    needs_help: Mapped[bool] = mapped_column(Boolean, default=False)
    health_worse: Mapped[bool] = mapped_column(Boolean, default=False)
    not_home: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up: Mapped[str] = mapped_column(String(200), default="")
    request_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"))
    recorded_by: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    __table_args__ = (
        Index("ix_grid_visit_resident_on", "resident_id", "visited_on"),
        Index("ix_grid_visit_household_on", "household_id", "visited_on"),
        Index("ix_grid_visit_on", "visited_on"),
    )

    def __repr__(self) -> str:  # never the notes
        return f"<Visit id={self.id}>"
