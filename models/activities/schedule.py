"""What the screens show: an activity's row (seats taken and waiting, no personal
data), the weekend desk, the week, the catalogue list (filtered and ordered in
SQL), one activity's bookings, and a resident's booking history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, case, or_, select, true
from sqlalchemy.orm import Session

from i18n import N_, _
from models.activities.bookings import _seat_sums
from models.activities.entities import Activity, ActivityBooking, ActivityRoom, BookingOverride
from models.activities.labels import (
    ACTIVE,
    CATEGORY_LABELS,
    SEATED,
    STATUS_LABELS,
    TARGET_LABELS,
    format_date,
    format_time,
)
from models.core.base import now_local
from models.core.errors import NotFound
from models.core.listing import ListColumn
from models.residents.entities import Resident


@dataclass(frozen=True)
class ActivityRow:
    """An activity as the desk, the week view and the notices show it (no personal data)."""

    id: int
    title: str
    category: str
    room: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    taken: int
    waiting: int
    target_group: str
    status: str
    organiser: str = ""
    contact: str = ""
    description: str = ""
    signup_opens_at: dt.datetime | None = None
    signup_deadline: dt.datetime | None = None
    series_id: int | None = None

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.taken)

    def when(self) -> str:
        return _("{date} {start}–{end}").format(
            date=format_date(self.starts_at.date(), "medium"), start=format_time(self.starts_at), end=format_time(self.ends_at))


def _rows_for(session: Session, conditions: Sequence[ColumnElement[bool]], limit: int | None = None) -> list[ActivityRow]:
    stmt = (
        select(Activity, ActivityRoom.name)
        .join(ActivityRoom, ActivityRoom.id == Activity.room_id)
        .where(and_(true(), *conditions))
        .order_by(Activity.starts_at, Activity.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    found = list(session.execute(stmt))
    sums = _seat_sums(session, [a.id for a, _r in found])
    out = []
    for a, room in found:
        taken, waiting = sums.get(a.id, (0, 0))
        out.append(ActivityRow(
            id=a.id, title=a.title, category=a.category, room=room, starts_at=a.starts_at, ends_at=a.ends_at,
            capacity=a.capacity, taken=taken, waiting=waiting, target_group=a.target_group, status=a.status,
            organiser=a.organiser, contact=a.contact, description=a.description,
            signup_opens_at=a.signup_opens_at, signup_deadline=a.signup_deadline, series_id=a.series_id,
        ))
    return out


def activity_row(session: Session, activity_id: int) -> ActivityRow:
    rows = _rows_for(session, [Activity.id == activity_id])
    if not rows:
        raise NotFound(_("No activity with number {id}.").format(id=activity_id))
    return rows[0]


def desk_window(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """This weekend and next week: from today to the end of next week's Sunday."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    return dt.datetime.combine(today, dt.time()), dt.datetime.combine(sunday + dt.timedelta(days=8), dt.time())


def desk_activities(session: Session, now: dt.datetime | None = None) -> list[ActivityRow]:
    """The weekend sign-up desk: open activities not yet over, from now to the end
    of next week, with seats left."""
    now = now or now_local()
    _start, end = desk_window(now.date())
    return _rows_for(session, [Activity.status == "open", Activity.starts_at < end, Activity.ends_at > now])


def week_activities(session: Session, monday: dt.date) -> list[ActivityRow]:
    """The week from ``monday``: every activity but drafts' cancelled ones are shown too."""
    start = dt.datetime.combine(monday, dt.time())
    return _rows_for(session, [Activity.starts_at >= start, Activity.starts_at < start + dt.timedelta(days=7)])


@dataclass(frozen=True)
class BookingRow:
    id: int
    resident_id: int | None
    name: str
    phone: str
    seats: int
    status: str
    booked_at: dt.datetime
    waitlist_position: int | None
    walkin: bool
    overrides: tuple[str, ...] = ()


def activity_bookings(session: Session, activity_id: int, *, include_cancelled: bool = True) -> list[BookingRow]:
    """The bookings of one activity: seated first, then the waitlist in order, then cancelled."""
    stmt = (
        select(ActivityBooking, Resident.name, Resident.phone)
        .outerjoin(Resident, Resident.id == ActivityBooking.resident_id)
        .where(ActivityBooking.activity_id == activity_id)
    )
    if not include_cancelled:
        stmt = stmt.where(ActivityBooking.status != "cancelled")
    order = case(
        (ActivityBooking.status.in_(SEATED), 0), (ActivityBooking.status == "waitlisted", 1), else_=2
    )
    stmt = stmt.order_by(order, ActivityBooking.id)
    overrides: dict[int, list[str]] = {}
    for bid, kind in session.execute(
        select(BookingOverride.booking_id, BookingOverride.kind)
        .join(ActivityBooking, ActivityBooking.id == BookingOverride.booking_id)
        .where(ActivityBooking.activity_id == activity_id)
    ):
        overrides.setdefault(bid, []).append(kind)
    out, pos = [], 0
    for b, rname, rphone in session.execute(stmt):
        if b.status == "waitlisted":
            pos += 1
        out.append(BookingRow(
            id=b.id, resident_id=b.resident_id,
            name=rname if b.resident_id is not None else (b.walkin_name or ""),
            phone=(rphone if b.resident_id is not None else b.walkin_phone) or "",
            seats=b.seats, status=b.status, booked_at=b.booked_at,
            waitlist_position=pos if b.status == "waitlisted" else None,
            walkin=b.resident_id is None, overrides=tuple(overrides.get(b.id, ())),
        ))
    return out


@dataclass(frozen=True)
class HistoryRow:
    booking_id: int
    activity_id: int
    title: str
    starts_at: dt.datetime
    seats: int
    status: str


@dataclass(frozen=True)
class ResidentHistory:
    rows: list[HistoryRow]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def attended(self) -> int:
        return self.counts.get("attended", 0)

    @property
    def no_shows(self) -> int:
        return self.counts.get("no_show", 0)


def resident_history(session: Session, resident_id: int) -> ResidentHistory:
    """A resident's bookings, attendances and no-shows, newest first."""
    stmt = (
        select(ActivityBooking.id, Activity.id, Activity.title, Activity.starts_at, ActivityBooking.seats, ActivityBooking.status)
        .join(Activity, Activity.id == ActivityBooking.activity_id)
        .where(ActivityBooking.resident_id == resident_id)
        .order_by(Activity.starts_at.desc(), ActivityBooking.id.desc())
    )
    rows = [HistoryRow(*r) for r in session.execute(stmt)]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return ResidentHistory(rows, counts)


def booking_search_condition(activity_id: int) -> ColumnElement[bool]:
    """For a quick-find restricted to the people booked for one activity."""
    return Resident.id.in_(
        select(ActivityBooking.resident_id).where(
            ActivityBooking.activity_id == activity_id, ActivityBooking.status.in_(ACTIVE)
        )
    )


class ActivityListSource:
    """The catalogue: filter (title, category, organiser, room) and order in SQL."""

    columns: Sequence[ListColumn] = (
        ListColumn("starts_at", N_("When")),
        ListColumn("title", N_("Title")),
        ListColumn("category", N_("Category")),
        ListColumn("room", N_("Room")),
        ListColumn("target_group", N_("For")),
        ListColumn("seats", N_("Booked / seats"), sortable=False, align="right"),
        ListColumn("waiting", N_("Waiting"), sortable=False, align="right"),
        ListColumn("status", N_("Status")),
    )

    _sort = {
        "starts_at": (Activity.starts_at,),
        "title": (Activity.title,),
        "category": (Activity.category,),
        "room": (ActivityRoom.name,),
        "target_group": (Activity.target_group,),
        "status": (Activity.status,),
    }

    #: "upcoming" (not over), "past", or "all".
    def __init__(self, *, scope: str = "upcoming", status: str | None = None, now: dt.datetime | None = None):
        self.scope = scope
        self.status = status
        self._now = now

    @property
    def now(self) -> dt.datetime:
        return self._now or now_local()

    def ids(self, session: Session, filter_text: str, sort_key: str | None, descending: bool) -> list[int]:
        conditions: list[ColumnElement[bool]] = []
        if self.scope == "upcoming":
            conditions.append(Activity.ends_at > self.now)
        elif self.scope == "past":
            conditions.append(Activity.ends_at <= self.now)
        if self.status:
            conditions.append(Activity.status == self.status)
        text = " ".join((filter_text or "").split())
        if text:
            like = [Activity.title.icontains(text, autoescape=True),
                    Activity.organiser.icontains(text, autoescape=True),
                    ActivityRoom.name.icontains(text, autoescape=True)]
            cats = [k for k, label in CATEGORY_LABELS.items() if text.lower() in _(label).lower() or text.lower() == k]
            if cats:
                like.append(Activity.category.in_(cats))
            conditions.append(or_(*like))
        cols = self._sort.get(sort_key or "", ())
        order = [c.desc() if descending else c.asc() for c in cols]
        if not cols:
            order = [Activity.starts_at.desc() if self.scope == "past" else Activity.starts_at.asc()]
        stmt = (
            select(Activity.id)
            .join(ActivityRoom, ActivityRoom.id == Activity.room_id)
            .where(and_(true(), *conditions))
            .order_by(*order, Activity.id)
        )
        return list(session.scalars(stmt))

    def rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        out: dict[int, tuple[str, ...]] = {}
        for r in _rows_for(session, [Activity.id.in_(list(ids))]):
            out[r.id] = (
                r.when(),
                r.title + (" ↻" if r.series_id else ""),
                _(CATEGORY_LABELS.get(r.category, r.category)),
                r.room,
                _(TARGET_LABELS.get(r.target_group, r.target_group)),
                f"{r.taken} / {r.capacity}",
                str(r.waiting) if r.waiting else "",
                _(STATUS_LABELS.get(r.status, r.status)),
            )
        return out
