"""Elderly day care (日间照料): enrolment, the daily board, visits and statistics.

* :mod:`models.daycare.entities` — labels, the tables (enrolment, status
  history, contacts, visits, corrections) and the check-in refusals;
* :mod:`models.daycare.enrolment` — the enrolment form's input and rules,
  enrolling, the status history, the authorised collectors;
* :mod:`models.daycare.desk` — the desk's day: the check-in search,
  check-in, check-out, the board, the month's birthdays, and
  :func:`checked_in_resident_ids` for the meals desk;
* :mod:`models.daycare.corrections` — a visit corrected after the fact, a
  filled paper sheet typed in, the blank attendance sheet;
* :mod:`models.daycare.statistics` — month end: attendance per elder and day;
* :mod:`models.daycare.demo` — demo data (the demo and the ten-years databases).

Rules raise :class:`~models.core.errors.LinliError` subclasses with a message
for the clerk before anything is written. "Who did it" is the logged-in
account (:func:`models.safety.security.current_actor`). This package never
imports Qt, nor :mod:`models.demo`.

The names below are the job's public API, as other jobs, reports/, ui/ and
main.py import them (``from models.daycare import month_stats``). See
docs/daycare.md.
"""

from i18n import parse_month
from models.daycare.corrections import (
    SheetDay,
    SheetEntry,
    SheetLine,
    attendance_sheet,
    correct_visit,
    enter_paper_sheet,
    week_days,
)
from models.daycare.demo import fill_demo
from models.daycare.desk import (
    Board,
    BoardRow,
    birthdays,
    board,
    check_in,
    check_out,
    checked_in_resident_ids,
    off_service_day_note,
    search_for_checkin,
    serves_on,
    still_in,
)
from models.daycare.enrolment import (
    ContactInput,
    EnrolmentInput,
    collectors,
    enrol,
    enrolment_of,
    get_enrolment,
    history,
    set_status,
    status_on,
    update_enrolment,
)
from models.daycare.entities import (
    CARE_LEVEL_LABELS,
    CARE_LEVELS,
    ELDER_AGE,
    STATUS_LABELS,
    STATUSES,
    WEEKDAY_LABELS,
    Contact,
    Correction,
    Enrolment,
    NotActive,
    NotEnrolled,
    StatusChange,
    Visit,
)
from models.daycare.statistics import ElderMonth, MonthStats, month_stats

__all__ = [
    "CARE_LEVELS",
    "CARE_LEVEL_LABELS",
    "ELDER_AGE",
    "STATUSES",
    "STATUS_LABELS",
    "WEEKDAY_LABELS",
    "Board",
    "BoardRow",
    "Contact",
    "ContactInput",
    "Correction",
    "ElderMonth",
    "Enrolment",
    "EnrolmentInput",
    "MonthStats",
    "NotActive",
    "NotEnrolled",
    "SheetDay",
    "SheetEntry",
    "SheetLine",
    "StatusChange",
    "Visit",
    "attendance_sheet",
    "birthdays",
    "board",
    "check_in",
    "check_out",
    "checked_in_resident_ids",
    "off_service_day_note",
    "collectors",
    "correct_visit",
    "enrol",
    "enrolment_of",
    "enter_paper_sheet",
    "fill_demo",
    "get_enrolment",
    "history",
    "month_stats",
    "parse_month",
    "search_for_checkin",
    "serves_on",
    "set_status",
    "status_on",
    "still_in",
    "update_enrolment",
    "week_days",
]
