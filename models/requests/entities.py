"""The requests job's tables: categories with their time limits, the requests, their history.

A request's resident is a :class:`models.residents.entities.Resident` by
foreign key; a caller who is not in the registry is kept by the name and phone
they gave (``caller_name``, ``caller_phone``). A handler is a Party member
(foreign key), a volunteer (a resident, foreign key) or a partner unit / a
sub-district department (by name). Dates are dates; times naive local.
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
from models.requests.labels import RECEIVED, request_number


class RequestCategory(Base):
    """One category of the editable list (维修, 代办, 助医 …) and its time limits in working days.

    ``keywords`` are matched against Party members' service posts and skills
    for the dispatch suggestions (space-separated, e.g. "维修 电器 水电").
    """

    __tablename__ = "request_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    days: Mapped[int] = mapped_column(Integer, default=5)
    urgent_days: Mapped[int] = mapped_column(Integer, default=1)
    keywords: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<RequestCategory id={self.id}>"


class ServiceRequest(Base):
    """One resident's request and where it stands.

    The number is ``year``-``seq`` (2026-0042), ``seq`` counting from 1 in
    each year of ``received_on``. ``deadline`` is counted in China's working
    days from ``received_on`` (or the day it was reopened).
    """

    __tablename__ = "service_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id"))
    caller_name: Mapped[str] = mapped_column(String(50), default="")
    caller_phone: Mapped[str] = mapped_column(String(20), default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("request_category.id"))
    text: Mapped[str] = mapped_column(String(500), default="")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(10), default="desk")
    state: Mapped[str] = mapped_column(String(12), default=RECEIVED)
    received_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    handler_kind: Mapped[str | None] = mapped_column(String(12))
    handler_member_id: Mapped[int | None] = mapped_column(ForeignKey("party_member.id"))
    handler_resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident.id"))
    handler_name: Mapped[str] = mapped_column(String(60), default="")
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    dispatched_on: Mapped[dt.date | None] = mapped_column(Date)
    taken_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    done_note: Mapped[str] = mapped_column(String(200), default="")
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[str | None] = mapped_column(String(12))
    rating_comment: Mapped[str] = mapped_column(String(200), default="")
    rated_on: Mapped[dt.date | None] = mapped_column(Date)
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local, onupdate=now_local)

    category: Mapped[RequestCategory] = relationship()
    events: Mapped[list[RequestEvent]] = relationship(back_populates="request", order_by="RequestEvent.id")

    __table_args__ = (
        UniqueConstraint("year", "seq"),
        Index("ix_service_request_state_deadline", "state", "deadline"),
        Index("ix_service_request_received", "received_on"),
        Index("ix_service_request_done", "done_on"),
        Index("ix_service_request_member_state", "handler_member_id", "state"),
        Index("ix_service_request_resident", "resident_id"),
    )

    @property
    def number(self) -> str:
        return request_number(self.year, self.seq)

    def __repr__(self) -> str:  # never the resident's data
        return f"<ServiceRequest id={self.id} {self.state}>"


class RequestEvent(Base):
    """One move of a request (kept, never rewritten): from which state to which, on which day, by whom.

    ``note`` is the reason of a return or a cancel, or what was done; never the
    resident's rating comment (kept on the request only).
    """

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"))
    action: Mapped[str] = mapped_column(String(10))
    from_state: Mapped[str | None] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    on: Mapped[dt.date] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(40), default="")
    handler: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now_local)

    request: Mapped[ServiceRequest] = relationship(back_populates="events")

    __table_args__ = (Index("ix_request_event_request", "request_id"),)
