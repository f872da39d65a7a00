"""The mediation job's tables: a case, its parties, its mediators, its sessions.

A party is a resident of the registry (``resident_id``) or someone outside it
kept by the name and phone they gave. A mediator is a staff account
(``account_id``; its display name is copied when the case is written) or a
named person (a volunteer mediator, a lawyer, a sub-district mediator).
Everything here is confidential (docs/mediation.md): read through
:mod:`models.mediation.cases` only, which checks the role and audits each open.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.core.base import Base, now_local
from models.mediation.labels import OPEN, case_number


class MediationCase(Base):
    """One dispute brought to the centre's mediation (人民调解).

    ``number`` is ``year``-``seq`` (2026-007), ``seq`` counting from 1 in each
    year of ``opened_on``. A closed case has its ``outcome``, ``closed_on`` and,
    when resolved, the agreement's text; ``referred_to`` when referred.
    """

    __tablename__ = "mediation_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    matter: Mapped[str] = mapped_column(String(300), default="")
    opened_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(8), default=OPEN)
    outcome: Mapped[str | None] = mapped_column(String(12))
    referred_to: Mapped[str] = mapped_column(String(100), default="")
    agreement: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    parties: Mapped[list[MediationParty]] = relationship(back_populates="case", order_by="MediationParty.position")
    mediators: Mapped[list[MediationMediator]] = relationship(back_populates="case",
                                                              order_by="MediationMediator.position")
    sessions: Mapped[list[MediationSession]] = relationship(back_populates="case",
                                                            order_by="(MediationSession.held_on, MediationSession.id)")

    __table_args__ = (
        UniqueConstraint("year", "seq"),
        Index("ix_mediation_case_opened", "opened_on"),
        Index("ix_mediation_case_closed", "closed_on"),
    )

    @property
    def number(self) -> str:
        return case_number(self.year, self.seq)

    def __repr__(self) -> str:  # never the case's content
        return f"<MediationCase id={self.id} {self.state}>"


class MediationParty(Base):
    """One party of a case: a resident (``resident_id``), or ``name`` and ``phone`` of someone outside the registry."""

    __tablename__ = "mediation_party"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id"))
    name: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")

    case: Mapped[MediationCase] = relationship(back_populates="parties")

    __table_args__ = (Index("ix_mediation_party_case", "case_id"), Index("ix_mediation_party_resident", "resident_id"))

    def __repr__(self) -> str:
        return f"<MediationParty id={self.id}>"


class MediationMediator(Base):
    """One mediator of a case: a staff account (``account_id``) or a named person (``name`` only)."""

    __tablename__ = "mediation_mediator"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    name: Mapped[str] = mapped_column(String(50), default="")

    case: Mapped[MediationCase] = relationship(back_populates="mediators")

    __table_args__ = (Index("ix_mediation_mediator_case", "case_id"),)

    def __repr__(self) -> str:
        return f"<MediationMediator id={self.id}>"


class MediationSession(Base):
    """One session (a meeting of the parties with the mediators) on a day; ``note`` is confidential."""

    __tablename__ = "mediation_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    case: Mapped[MediationCase] = relationship(back_populates="sessions")

    __table_args__ = (Index("ix_mediation_session_case", "case_id"),)

    def __repr__(self) -> str:
        return f"<MediationSession id={self.id}>"
