"""China's working days: public holidays off, the weekend days made working days (调休) on.

One definition for every deadline and posting period that counts working days
(a notice's posting period, the dues disclosure's). The calendar is the
State Council's, as the maintained ``chinese-calendar`` package carries it
(one release a year, when the next year's holidays are announced in
November or December).

A year the package does not know yet (a later year, before an update) falls
back to Monday–Friday: :func:`unknown_years` says which years of a period
were counted that way, and :func:`unknown_years_note` gives the one sentence
the clerk is shown (the composer shows it under the posting period; the
command line prints it once as a warning).

Never imports Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from i18n import _

try:  # the maintained calendar of China's public holidays and 调休 days
    import chinese_calendar as _calendar
except ImportError:  # pragma: no cover - a declared dependency; Monday–Friday without it
    _calendar = None

__all__ = [
    "is_public_holiday",
    "is_working_day",
    "known_years",
    "unknown_years",
    "unknown_years_note",
    "working_days_after",
    "working_days_between",
]


def known_years() -> range:
    """The years whose holidays the installed calendar knows (empty without it)."""
    if _calendar is None:
        return range(0)
    days = list(_calendar.holidays) + list(_calendar.workdays)
    return range(min(days).year, max(days).year + 1)


_KNOWN: range | None = None


def _known() -> range:
    global _KNOWN
    if _KNOWN is None:
        _KNOWN = known_years()
    return _KNOWN


def is_working_day(day: dt.date) -> bool:
    """A working day in China: Monday–Friday unless a public holiday, or a weekend day made a working day.

    A year the calendar does not know counts Monday–Friday (see :func:`unknown_years`).
    """
    if day.year in _known():
        return bool(_calendar.is_workday(day))
    return day.weekday() < 5


def is_public_holiday(day: dt.date) -> bool:
    """A day of a public holiday period (the State Council's, weekend days inside it included).

    An ordinary weekend is not one; a year the calendar does not know has none.
    """
    if day.year not in _known():
        return False
    on_holiday, name = _calendar.get_holiday_detail(day)
    return bool(on_holiday and name)


def working_days_after(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day from ``start``, counting ``start`` if it is one."""
    day, seen = start, 0
    while True:
        if is_working_day(day):
            seen += 1
            if seen >= count:
                return day
        day += dt.timedelta(days=1)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end``, both included (0 when ``end`` is before ``start``)."""
    if end < start:
        return 0
    return sum(1 for i in range((end - start).days + 1) if is_working_day(start + dt.timedelta(days=i)))


def unknown_years(start: dt.date, end: dt.date | None = None) -> list[int]:
    """The years from ``start`` to ``end`` whose holidays the calendar does not know (counted Monday–Friday)."""
    end = end or start
    lo, hi = min(start, end).year, max(start, end).year
    return [y for y in range(lo, hi + 1) if y not in _known()]


def unknown_years_note(years: Iterable[int]) -> str:
    """The sentence the clerk is told when a period falls in years the calendar does not know; "" if none."""
    years = sorted(set(years))
    if not years:
        return ""
    return _("Public holidays of {years} are not known yet: working days are counted Monday to Friday. "
             "Check the posting period against the holiday calendar.").format(
        years=", ".join(str(y) for y in years))
