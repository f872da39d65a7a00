"""The Party roster's tables: organisation, members, status history, dues, service.

Money is integer fen, dates are dates. Names and phones are never copied here:
a member is a :class:`models.residents.entities.Resident` by foreign key.
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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.core.base import Base, now_local

ORG_KINDS: tuple[str, ...] = ("committee", "branch", "group")
STANDINGS: tuple[str, ...] = ("full", "probationary")
MEMBER_TYPES: tuple[str, ...] = ("registered", "reporting_in", "floating", "retired")
FLOW_DIRECTIONS: tuple[str, ...] = ("inflow", "outflow")
STATUSES: tuple[str, ...] = ("active", "transferred_out", "deceased")
DUES_CATEGORIES: tuple[str, ...] = ("employed", "retired", "student", "unemployed", "minimum_allowance")
PAYMENT_METHODS: tuple[str, ...] = ("cash", "wechat", "alipay", "bank", "other")


class PartyOrg(Base):
    """A node of the organisation tree: the committee, a branch or a group.

    ``leader_resident_id`` is the secretary (committee, branch) or the group
    leader; ``leader_name`` holds a typed name when the person is not in the
    registry.
    """

    __tablename__ = "party_org"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(80))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("party_org.id"))
    leader_resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id"))
    leader_name: Mapped[str] = mapped_column(String(50), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    parent: Mapped[PartyOrg | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[PartyOrg]] = relationship(back_populates="parent", order_by="PartyOrg.position")

    __table_args__ = (Index("ix_party_org_parent", "parent_id", "position"),)

    def __repr__(self) -> str:
        return f"<PartyOrg id={self.id} kind={self.kind}>"


class PartyMember(Base):
    """A Party member's record, linked to one resident."""

    __tablename__ = "party_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id"), unique=True)
    ethnicity: Mapped[str] = mapped_column(String(12), default="汉族")
    native_place: Mapped[str] = mapped_column(String(60), default="")
    education: Mapped[str] = mapped_column(String(20), default="")
    joined_on: Mapped[dt.date] = mapped_column(Date)
    full_on: Mapped[dt.date | None] = mapped_column(Date)
    standing: Mapped[str] = mapped_column(String(12), default="full")
    branch_id: Mapped[int] = mapped_column(ForeignKey("party_org.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("party_org.id"))
    post: Mapped[str] = mapped_column(String(40), default="")
    work_unit: Mapped[str] = mapped_column(String(100), default="")
    member_type: Mapped[str] = mapped_column(String(12), default="registered")
    flow_direction: Mapped[str | None] = mapped_column(String(8))
    other_org: Mapped[str] = mapped_column(String(100), default="")
    service_post: Mapped[str] = mapped_column(String(80), default="")
    skills: Mapped[str] = mapped_column(String(200), default="")
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")
    status_on: Mapped[dt.date | None] = mapped_column(Date)
    destination: Mapped[str] = mapped_column(String(100), default="")
    dues_category: Mapped[str] = mapped_column(String(20), default="employed")
    dues_base_fen: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    history: Mapped[list[PartyMemberStatus]] = relationship(
        back_populates="member", order_by="PartyMemberStatus.id"
    )

    __table_args__ = (
        Index("ix_party_member_branch", "branch_id", "group_id"),
        Index("ix_party_member_status_type", "status", "member_type"),
        Index("ix_party_member_joined", "joined_on"),
    )

    def __repr__(self) -> str:  # never the person's data
        return f"<PartyMember id={self.id}>"


class PartyMemberStatus(Base):
    """One entry of a member's status history (kept, never rewritten)."""

    __tablename__ = "party_member_status"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("party_member.id"))
    status: Mapped[str] = mapped_column(String(16))
    since: Mapped[dt.date] = mapped_column(Date)
    destination: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    member: Mapped[PartyMember] = relationship(back_populates="history")

    __table_args__ = (Index("ix_party_member_status_member", "member_id"),)


class DuesBand(Base):
    """One band of a dues schedule, in force from ``effective_from``.

    A schedule is all the bands of one category with the same
    ``effective_from``. A band covers bases up to and including
    ``upper_fen`` (None: no upper limit) above the previous band's upper
    bound. The due is ``fixed_fen`` when set, else the whole base times
    ``rate_bp`` basis points (1/10,000), rounded half-up to the fen.
    """

    __tablename__ = "party_dues_band"

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(20))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    upper_fen: Mapped[int | None] = mapped_column(Integer)
    rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    fixed_fen: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_party_dues_band_category", "category", "effective_from"),)


class DuesPayment(Base):
    """Dues of one member for one month (``period`` is the month's first day).

    A deferred month (缓交) has ``deferred`` set, a reason and no amount.
    ``paid_by`` names whoever paid on the member's behalf (代缴).
    """

    __tablename__ = "party_dues_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("party_member.id"))
    period: Mapped[dt.date] = mapped_column(Date)
    due_fen: Mapped[int] = mapped_column(Integer, default=0)
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(10), default="cash")
    paid_by: Mapped[str] = mapped_column(String(50), default="")
    deferred: Mapped[bool] = mapped_column(Boolean, default=False)
    deferral_reason: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    __table_args__ = (
        UniqueConstraint("member_id", "period"),
        # Covering: the arrears count and the summaries read only the index.
        Index("ix_party_dues_payment_period", "period", "member_id", "amount_fen", "due_fen", "deferred"),
    )


class ServiceRecord(Base):
    """Service by a reporting-in member (设岗定责): minutes and person-times.

    Service done on a resident's request (models.requests) carries its
    ``request_id``: one record per request, written when it is done.
    """

    __tablename__ = "party_service"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("party_member.id"))
    served_on: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    person_times: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    #: The resident's request this service did (models.requests), once per request; None for other service.
    request_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"), unique=True)

    __table_args__ = (Index("ix_party_service_date", "served_on", "member_id"),)
