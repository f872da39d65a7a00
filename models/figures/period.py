"""The period a report covers: a year, a half-year, a quarter, a month or two dates.

``2025`` · ``2025H1`` · ``2025Q3`` · ``2025-07`` · ``2025-01-01..2025-06-30``
(:func:`parse_period`). A period knows its months (clipped to its dates when it
starts or ends mid-month) and the same period a year earlier.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from i18n import _
from models.core.errors import ValidationFailed

KINDS: tuple[str, ...] = ("year", "half", "quarter", "month", "range")

#: The longest period a report covers (two dates): ten years and a day.
MAX_DAYS = 3660


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _a_year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class MonthSpan:
    """One month of a period: ``first``..``last`` inclusive (clipped to the period)."""

    year: int
    month: int
    first: dt.date
    last: dt.date

    @property
    def whole(self) -> bool:
        return self.first.day == 1 and self.last == month_end(self.year, self.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Period:
    """``first``..``last`` inclusive; ``kind`` is one of :data:`KINDS`, ``text`` as it is written."""

    first: dt.date
    last: dt.date
    kind: str
    text: str

    @property
    def end(self) -> dt.date:
        """The day after the period (for ``< end`` conditions)."""
        return self.last + dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def months(self) -> list[MonthSpan]:
        """The months the period touches, each clipped to the period's dates."""
        out: list[MonthSpan] = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            first = max(self.first, dt.date(year, month, 1))
            last = min(self.last, month_end(year, month))
            out.append(MonthSpan(year, month, first, last))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def a_year_earlier(self) -> Period:
        """The same period one year earlier (29 February becomes the 28th)."""
        first, last = _a_year_earlier(self.first), _a_year_earlier(self.last)
        if self.kind == "range":
            text = f"{first.isoformat()}..{last.isoformat()}"
        else:
            text = str(int(self.text[:4]) - 1) + self.text[4:]
        if self.kind in ("year", "half", "quarter", "month"):
            last = month_end(last.year, last.month)  # February's end in a leap year
        return Period(first, last, self.kind, text)

    def label(self) -> str:
        """The period as the report's title says it: 2025年, 2025年上半年, 2025年第三季度, 2025年7月."""
        year = self.first.year
        if self.kind == "year":
            return _("the year {year}").format(year=year)
        if self.kind == "half":
            return (_("the first half of {year}") if self.first.month == 1 else _("the second half of {year}")).format(
                year=year)
        if self.kind == "quarter":
            return _("quarter {q} of {year}").format(q=(self.first.month - 1) // 3 + 1, year=year)
        if self.kind == "month":
            return _("{year}, month {month}").format(year=year, month=self.first.month)
        return _("{first} to {last}").format(first=self.first.isoformat(), last=self.last.isoformat())


_YEAR = re.compile(r"(\d{4})")
_HALF = re.compile(r"(\d{4})[Hh]([12])")
_QUARTER = re.compile(r"(\d{4})[Qq]([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|~|～|至)\s*(\d{4}-\d{2}-\d{2})")


def _refuse(text: str) -> ValidationFailed:
    return ValidationFailed({"period": _(
        "Not a period: {text}. Write a year (2025), a half-year (2025H1), a quarter (2025Q3), "
        "a month (2025-07) or two dates (2025-01-01..2025-06-30)."
    ).format(text=text)})


def parse_period(text: str) -> Period:
    """``2025`` | ``2025H1`` | ``2025Q3`` | ``2025-07`` | ``2025-01-01..2025-06-30``.

    Raises:
        ValidationFailed: (field ``period``) anything else, a month 13, two dates
            in the wrong order, a span over ten years, a year before 1900.
    """
    raw = (text or "").strip()
    try:
        if m := _YEAR.fullmatch(raw):
            year = int(m[1])
            period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", f"{year:04d}")
        elif m := _HALF.fullmatch(raw):
            year, half = int(m[1]), int(m[2])
            first = dt.date(year, 1 if half == 1 else 7, 1)
            period = Period(first, month_end(year, 6 if half == 1 else 12), "half", f"{year:04d}H{half}")
        elif m := _QUARTER.fullmatch(raw):
            year, q = int(m[1]), int(m[2])
            period = Period(dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q), "quarter", f"{year:04d}Q{q}")
        elif m := _MONTH.fullmatch(raw):
            year, month = int(m[1]), int(m[2])
            period = Period(dt.date(year, month, 1), month_end(year, month), "month", f"{year:04d}-{month:02d}")
        elif m := _RANGE.fullmatch(raw):
            first, last = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
            period = Period(first, last, "range", f"{first.isoformat()}..{last.isoformat()}")
        else:
            raise _refuse(raw)
    except ValueError:  # a month 13, 31 April
        raise _refuse(raw) from None
    if period.first.year < 1900:
        raise _refuse(raw)
    if period.last < period.first:
        raise ValidationFailed({"period": _("The period ends ({last}) before it starts ({first}).").format(
            first=period.first.isoformat(), last=period.last.isoformat())})
    if period.days > MAX_DAYS:
        raise ValidationFailed({"period": _("A report covers at most ten years.")})
    return period


def month_period(year: int, month: int) -> Period:
    """The period of one calendar month."""
    return Period(dt.date(year, month, 1), month_end(year, month), "month", f"{year:04d}-{month:02d}")
