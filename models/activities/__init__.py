"""Resident activities (活动预约): rooms, the catalogue, bookings, waitlist, attendance.

The rules live here, free of Qt, and are tested with plain pytest:

* **Rooms** are data (议事厅, 活动室, 调解室 …), each with its capacity; an
  activity's seats may not exceed its room's.
* **Room clashes**: two activities that are not cancelled may not hold the same
  room at overlapping times; the refusal names the other activity.
* **Series**: "every Saturday 9:00–11:00 for eight weeks" is created in one
  step; each session is then an ordinary activity that may be edited alone.
* **Bookings**: a resident (foreign key) or a walk-in (typed name and phone,
  registered as a resident in one step). A booking holds one or more seats.
  The capacity check and the insert happen in the caller's ``db.write()``
  transaction (``BEGIN IMMEDIATE`` on SQLite), so two copies of the app on one
  database can never both take the last seat: the second waits for the lock,
  then sees the seat taken and lands on the waitlist.
* **Waitlist**: in order of booking; cancelling a confirmed booking (or raising
  the capacity) promotes, in that order, every waitlisted booking that fits the
  free seats, and returns whom to call.
* **Refusals** (:class:`BookingRefused`): an activity that is cancelled, done
  or still a draft; outside the sign-up window or after it is closed (the
  clerk may override, recorded); the same person twice; a person outside the
  target group (override with a reason, recorded). "Party members only" asks
  the Party roster (:func:`models.party.members.is_party_member`).

The modules, by concept:

* :mod:`models.activities.labels` — statuses, target groups, categories, limits,
  the date and time texts;
* :mod:`models.activities.entities` — the tables, :class:`BookingRefused`, one
  activity or booking by number;
* :mod:`models.activities.rooms` — rooms and their capacity, retiring;
* :mod:`models.activities.programme` — the activity editor's rules: validation,
  clashes, series, status;
* :mod:`models.activities.bookings` — seats, the booking rules, the waitlist,
  cancelling, walk-ins;
* :mod:`models.activities.attendance` — who came, no-shows;
* :mod:`models.activities.schedule` — what the screens show: the desk, the week,
  the catalogue list, an activity's bookings, a resident's history;
* :mod:`models.activities.statistics` — the month's figures;
* :mod:`models.activities.sheet` — the sign-up sheet's lines for the notices;
* :mod:`models.activities.demo` — demo data (called by :mod:`models.demo`).

This package re-exports the public API the other jobs, ``reports/``, ``ui/``
and ``main.py`` use. See docs/activities.md.
"""

from models.activities.attendance import check_in, mark_no_shows, set_attended
from models.activities.bookings import (
    BookingRequest,
    BookingResult,
    Promoted,
    book,
    cancel_booking,
    promote_waitlist,
    register_walkin,
    seats_left,
    seats_taken,
    waitlist_position,
)
from models.activities.entities import (
    Activity,
    ActivityBooking,
    ActivityRoom,
    ActivitySeries,
    BookingOverride,
    BookingRefused,
    get_activity,
    get_booking,
)
from models.activities.labels import (
    ACTIVE,
    BOOKING_LABELS,
    BOOKING_STATUSES,
    CATEGORIES,
    CATEGORY_LABELS,
    CHILD_GUARDIAN_SEATS,
    ELDER_AGE,
    MAX_ROOM_CAPACITY,
    MAX_SEATS_PER_BOOKING,
    MAX_SERIES_SESSIONS,
    OVERRIDE_LABELS,
    SEATED,
    STATUS_LABELS,
    STATUSES,
    TARGET_GROUPS,
    TARGET_LABELS,
    format_date,
    format_time,
)
from models.activities.programme import (
    ActivityInput,
    Clash,
    clash_message,
    create_activity,
    create_series,
    find_clashes,
    set_activity_status,
    update_activity,
    validate_activity,
)
from models.activities.rooms import (
    DEFAULT_ROOMS,
    coming_in_room,
    get_room,
    list_rooms,
    reinstate_room,
    retire_room,
    save_room,
)
from models.activities.schedule import (
    ActivityListSource,
    ActivityRow,
    BookingRow,
    HistoryRow,
    ResidentHistory,
    activity_bookings,
    activity_row,
    booking_search_condition,
    desk_activities,
    desk_window,
    resident_history,
    week_activities,
)
from models.activities.sheet import SheetLine, signup_sheet_lines
from models.activities.statistics import CategoryFigures, MonthlyStatistics, monthly_statistics

__all__ = [
    "ACTIVE",
    "Activity",
    "ActivityBooking",
    "ActivityInput",
    "ActivityListSource",
    "ActivityRoom",
    "ActivityRow",
    "ActivitySeries",
    "BOOKING_LABELS",
    "BOOKING_STATUSES",
    "BookingOverride",
    "BookingRefused",
    "BookingRequest",
    "BookingResult",
    "BookingRow",
    "CATEGORIES",
    "CATEGORY_LABELS",
    "CHILD_GUARDIAN_SEATS",
    "CategoryFigures",
    "Clash",
    "DEFAULT_ROOMS",
    "ELDER_AGE",
    "HistoryRow",
    "MAX_ROOM_CAPACITY",
    "MAX_SEATS_PER_BOOKING",
    "MAX_SERIES_SESSIONS",
    "MonthlyStatistics",
    "OVERRIDE_LABELS",
    "Promoted",
    "ResidentHistory",
    "SEATED",
    "STATUSES",
    "STATUS_LABELS",
    "SheetLine",
    "TARGET_GROUPS",
    "TARGET_LABELS",
    "activity_bookings",
    "activity_row",
    "book",
    "booking_search_condition",
    "cancel_booking",
    "check_in",
    "clash_message",
    "coming_in_room",
    "create_activity",
    "create_series",
    "desk_activities",
    "desk_window",
    "find_clashes",
    "format_date",
    "format_time",
    "get_activity",
    "get_booking",
    "get_room",
    "list_rooms",
    "mark_no_shows",
    "monthly_statistics",
    "promote_waitlist",
    "register_walkin",
    "reinstate_room",
    "resident_history",
    "retire_room",
    "save_room",
    "seats_left",
    "seats_taken",
    "set_activity_status",
    "set_attended",
    "signup_sheet_lines",
    "update_activity",
    "validate_activity",
    "waitlist_position",
    "week_activities",
]
