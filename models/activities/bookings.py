"""Bookings and the waitlist: seats taken and left, the booking rules
(:func:`book`: window, target group, duplicates), the waitlist and its
promotion, cancelling, and registering a walk-in as a resident.

The capacity check and the insert happen in the caller's ``db.write()``
transaction (``BEGIN IMMEDIATE`` on SQLite), so two copies of the app on one
database can never both take the last seat. The "Party members only" rule asks
the Party roster (:func:`models.party.members.is_party_member`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from i18n import _
from models.activities.entities import (
    Activity,
    ActivityBooking,
    BookingOverride,
    BookingRefused,
    get_activity,
    get_booking,
)
from models.activities.labels import (
    ACTIVE,
    BOOKING_LABELS,
    CHILD_GUARDIAN_SEATS,
    ELDER_AGE,
    MAX_SEATS_PER_BOOKING,
    SEATED,
    format_date,
    format_time,
)
from models.core.base import now_local
from models.core.errors import LinliError, NotFound, ValidationFailed
from models.party.members import is_party_member
from models.residents.entities import Resident
from models.residents.names import InvalidNameError, PhoneError, normalise_name, normalise_phone
from models.residents.registry import ResidentInput, age_on, create_resident
from models.safety.security import require


@dataclass(frozen=True)
class Promoted:
    """A waitlisted booking moved up: whom the clerk should call."""

    booking_id: int
    name: str
    phone: str
    seats: int


def seats_taken(session: Session, activity_id: int) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(ActivityBooking.seats), 0)).where(
                ActivityBooking.activity_id == activity_id, ActivityBooking.status.in_(SEATED)
            )
        )
        or 0
    )


def seats_left(session: Session, activity_id: int) -> int:
    activity = get_activity(session, activity_id)
    return max(0, activity.capacity - seats_taken(session, activity_id))


def _seat_sums(session: Session, activity_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """activity id → (seats taken, bookings waiting) in one grouped query."""
    if not activity_ids:
        return {}
    seated = func.sum(case((ActivityBooking.status.in_(SEATED), ActivityBooking.seats), else_=0))
    waiting = func.sum(case((ActivityBooking.status == "waitlisted", 1), else_=0))
    stmt = (
        select(ActivityBooking.activity_id, seated, waiting)
        .where(ActivityBooking.activity_id.in_(list(activity_ids)), ActivityBooking.status != "cancelled")
        .group_by(ActivityBooking.activity_id)
    )
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in session.execute(stmt)}


@dataclass
class BookingRequest:
    """Who wants how many seats for which activity, and the clerk's overrides."""

    activity_id: int
    resident_id: int | None = None
    walkin_name: str = ""
    walkin_phone: str = ""
    seats: int = 1
    override_deadline: bool = False
    override_reason: str = ""  # a target-group override needs a reason
    note: str = ""


@dataclass(frozen=True)
class BookingResult:
    booking_id: int
    status: str  # "confirmed" or "waitlisted"
    waitlist_position: int | None
    seats_left: int
    overrides: tuple[str, ...] = ()

    def describe(self, name: str, title: str) -> str:
        if self.status == "waitlisted":
            return _("{name}: waitlisted for {title} (position {pos}).").format(
                name=name, title=title, pos=self.waitlist_position
            )
        return _("{name}: booked for {title}. {left} seats left.").format(name=name, title=title, left=self.seats_left)


def _check_window(activity: Activity, now: dt.datetime) -> BookingRefused | None:
    if activity.status == "cancelled":
        return BookingRefused("cancelled", _("{title} is cancelled; nobody can sign up.").format(title=activity.title))
    if activity.status == "done":
        return BookingRefused("done", _("{title} is over.").format(title=activity.title))
    if activity.status == "draft":
        return BookingRefused("draft", _("{title} is still a draft: open it for sign-up first.").format(title=activity.title))
    if now >= activity.ends_at:
        return BookingRefused("done", _("{title} is over.").format(title=activity.title))
    if activity.status == "closed":
        return BookingRefused("deadline", _("Sign-up for {title} is closed.").format(title=activity.title), overridable=True)
    if activity.signup_opens_at is not None and now < activity.signup_opens_at:
        return BookingRefused(
            "deadline",
            _("Sign-up for {title} opens on {date} at {time}.").format(
                title=activity.title, date=format_date(activity.signup_opens_at.date(), "medium"),
                time=format_time(activity.signup_opens_at)),
            overridable=True,
        )
    deadline = activity.signup_deadline or activity.starts_at
    if now > deadline:
        return BookingRefused(
            "deadline",
            _("The sign-up deadline for {title} was {date} at {time}.").format(
                title=activity.title, date=format_date(deadline.date(), "medium"), time=format_time(deadline)),
            overridable=True,
        )
    return None


def _check_target(session: Session, activity: Activity, resident: Resident | None, seats: int) -> BookingRefused | None:
    group = activity.target_group
    who = resident.name if resident is not None else _("A walk-in")
    if group == "elders":
        if resident is None or resident.birth_date is None:
            return BookingRefused("target_group", _("{title} is for elders 60+; {name}'s age is not on file.").format(
                title=activity.title, name=who), overridable=True)
        age = age_on(resident.birth_date, activity.starts_at.date())
        if age < ELDER_AGE:
            return BookingRefused("target_group", _("{title} is for elders 60+; {name} is {age}.").format(
                title=activity.title, name=who, age=age), overridable=True)
    elif group == "children":
        if seats < CHILD_GUARDIAN_SEATS:
            return BookingRefused("target_group", _(
                "{title} is for children with a guardian: book at least {n} seats (the child and the guardian)."
            ).format(title=activity.title, n=CHILD_GUARDIAN_SEATS), overridable=True)
    elif group == "party":
        if resident is None or not is_party_member(session, resident.id):
            return BookingRefused("target_group", _("{title} is for Party members; {name} is not on the roster.").format(
                title=activity.title, name=who), overridable=True)
    return None


def _duplicate(session: Session, activity_id: int, resident_id: int | None, phone: str | None) -> ActivityBooking | None:
    stmt = select(ActivityBooking).where(ActivityBooking.activity_id == activity_id, ActivityBooking.status.in_(ACTIVE))
    if resident_id is not None:
        stmt = stmt.where(ActivityBooking.resident_id == resident_id)
    elif phone:
        stmt = stmt.where(ActivityBooking.walkin_phone == phone)
    else:
        return None
    return session.scalars(stmt.limit(1)).first()


def waitlist_position(session: Session, booking: ActivityBooking) -> int | None:
    if booking.status != "waitlisted":
        return None
    ahead = session.scalar(
        select(func.count()).select_from(ActivityBooking).where(
            ActivityBooking.activity_id == booking.activity_id,
            ActivityBooking.status == "waitlisted",
            ActivityBooking.id < booking.id,
        )
    )
    return int(ahead or 0) + 1


def book(session: Session, request: BookingRequest, *, now: dt.datetime | None = None) -> BookingResult:
    """Book seats, or put the booking on the waitlist when they are not free.

    Call inside ``with db.write() as session:`` — the seat count and the insert
    are then one transaction that holds the write lock (``BEGIN IMMEDIATE``).

    Raises:
        ValidationFailed: seats, walk-in name or phone are wrong.
        BookingRefused: a rule refuses the booking (see ``kind``/``overridable``).
        NotFound: no such activity or resident.
    """
    require("activities.book")
    now = now or now_local()
    activity = get_activity(session, request.activity_id)
    errors: dict[str, str] = {}
    if not isinstance(request.seats, int) or not 1 <= request.seats <= MAX_SEATS_PER_BOOKING:
        errors["seats"] = _("A booking holds 1 to {max} seats.").format(max=MAX_SEATS_PER_BOOKING)
    elif request.seats > activity.capacity:
        errors["seats"] = _("{title} has only {n} seats in all.").format(title=activity.title, n=activity.capacity)
    resident: Resident | None = None
    walkin_name = walkin_phone = None
    if request.resident_id is not None:
        resident = session.get(Resident, request.resident_id)
        if resident is None:
            raise NotFound(_("No resident with number {id}.").format(id=request.resident_id))
        if resident.archived:
            errors["resident"] = _("{name} is archived; restore the record first.").format(name=resident.name)
    else:
        try:
            walkin_name = normalise_name(request.walkin_name)
        except InvalidNameError as exc:
            errors["walkin_name"] = str(exc)
        try:
            walkin_phone = normalise_phone(request.walkin_phone)
        except PhoneError as exc:
            errors["walkin_phone"] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    who = resident.name if resident is not None else walkin_name
    same = _duplicate(session, activity.id, request.resident_id, walkin_phone)
    if same is not None:
        raise BookingRefused("duplicate", _("{name} is already booked for {title} ({status}).").format(
            name=who, title=activity.title, status=_(BOOKING_LABELS[same.status]).lower()))
    overrides: list[BookingOverride] = []
    refusal = _check_window(activity, now)
    if refusal is not None:
        if not (refusal.overridable and request.override_deadline):
            raise refusal
        overrides.append(BookingOverride(kind="deadline", reason=str(refusal), created_at=now))
    refusal = _check_target(session, activity, resident, request.seats)
    if refusal is not None:
        reason = " ".join((request.override_reason or "").split())
        if not reason:
            raise refusal
        overrides.append(BookingOverride(kind="target_group", reason=reason[:200], created_at=now))
    taken = seats_taken(session, activity.id)
    free = activity.capacity - taken
    # The same rule as promotion: whoever fits the free seats gets them (a
    # waitlisted booking that would fit has already been moved up).
    status = "confirmed" if request.seats <= free else "waitlisted"
    booking = ActivityBooking(
        activity=activity, resident=resident, walkin_name=walkin_name, walkin_phone=walkin_phone,
        seats=request.seats, status=status, booked_at=now, note=(request.note or "").strip()[:200],
        overrides=overrides,
    )
    session.add(booking)
    session.flush()
    left = max(0, free - (request.seats if status == "confirmed" else 0))
    return BookingResult(
        booking_id=booking.id, status=status, waitlist_position=waitlist_position(session, booking),
        seats_left=left, overrides=tuple(o.kind for o in overrides),
    )


def _person(booking: ActivityBooking) -> tuple[str, str]:
    if booking.resident is not None:
        return booking.resident.name, booking.resident.phone or ""
    return booking.walkin_name or "", booking.walkin_phone or ""


def _promoted(booking: ActivityBooking) -> Promoted:
    name, phone = _person(booking)
    return Promoted(booking.id, name, phone, booking.seats)


def promote_waitlist(session: Session, activity_id: int, *, now: dt.datetime | None = None) -> list[Promoted]:
    """Move waitlisted bookings up, in order, while they fit the free seats.

    A booking that does not fit (too many seats) keeps its place; a later, smaller
    one may move past it. Returns whom the clerk should call.
    """
    activity = get_activity(session, activity_id)
    free = activity.capacity - seats_taken(session, activity_id)
    out: list[Promoted] = []
    if free <= 0:
        return out
    waiting = session.scalars(
        select(ActivityBooking).where(
            ActivityBooking.activity_id == activity_id, ActivityBooking.status == "waitlisted"
        ).order_by(ActivityBooking.id)
    )
    for booking in waiting:
        if booking.seats <= free:
            booking.status = "confirmed"
            booking.promoted_at = now or now_local()
            free -= booking.seats
            out.append(_promoted(booking))
            if free <= 0:
                break
    session.flush()
    return out


def cancel_booking(session: Session, booking_id: int, *, now: dt.datetime | None = None) -> list[Promoted]:
    """Cancel a booking; a confirmed one frees its seats for the waitlist.

    Returns the waitlisted bookings moved up (whom to call).
    """
    require("activities.book")
    booking = get_booking(session, booking_id)
    if booking.status not in ("confirmed", "waitlisted"):
        raise LinliError(_("Only a confirmed or waitlisted booking can be cancelled; this one is {status}.").format(
            status=_(BOOKING_LABELS[booking.status]).lower()))
    was_seated = booking.status == "confirmed"
    booking.status = "cancelled"
    booking.cancelled_at = now or now_local()
    session.flush()
    if was_seated and booking.activity.status in ("open", "closed"):
        return promote_waitlist(session, booking.activity_id, now=now)
    return []


def register_walkin(session: Session, booking_id: int, *, confirmed: bool = False,
                    today: dt.date | None = None) -> Resident:
    """Register a walk-in as a resident (name and phone) and link the booking.

    Raises NeedsConfirmation when a resident with the same name and phone exists.
    """
    require("activities.book")
    booking = get_booking(session, booking_id)
    if booking.resident_id is not None:
        raise LinliError(_("This booking already belongs to a registered resident."))
    resident = create_resident(
        session, ResidentInput(name=booking.walkin_name or "", phone=booking.walkin_phone or ""),
        confirmed=confirmed, today=today,
    )
    booking.resident = resident
    booking.walkin_name = booking.walkin_phone = None
    session.flush()
    return resident
