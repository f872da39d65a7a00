"""The posting period (公示期) of a disclosure: one definition, in China's working days.

A disclosure is posted for at least :data:`MIN_POSTING_WORKING_DAYS`
working days — working days as :mod:`models.core.workdays` counts them
(public holidays off, 调休 weekend days on). The composer's default period,
the templates' periods, ``main.py meals disclosure --days`` and the dues
disclosure all come from :func:`posting_period`; :func:`validate_notice
<models.notices.values.validate_notice>` checks a period with
:func:`working_days_between`.

Never imports Qt or reports/.
"""

from __future__ import annotations

import datetime as dt

from models.core.workdays import (
    unknown_years,
    unknown_years_note,
    working_days_after,
    working_days_between,
)

__all__ = [
    "MIN_POSTING_WORKING_DAYS",
    "default_posting_period",
    "posting_note",
    "posting_period",
    "working_days_after",
    "working_days_between",
]

#: A disclosure is posted for at least this many working days (China's, see :mod:`models.core.workdays`).
MIN_POSTING_WORKING_DAYS = 5


def posting_period(start: dt.date, working_days: int = MIN_POSTING_WORKING_DAYS) -> tuple[dt.date, dt.date]:
    """From ``start`` until its ``working_days``-th working day (``start`` counted if it is one)."""
    return start, working_days_after(start, working_days)


def default_posting_period(start: dt.date) -> tuple[dt.date, dt.date]:
    """From ``start`` for :data:`MIN_POSTING_WORKING_DAYS` working days."""
    return posting_period(start)


def posting_note(start: dt.date | None, end: dt.date | None = None) -> str:
    """What the clerk is told about a period whose holidays are not known yet ("" when they are)."""
    if start is None:
        return ""
    return unknown_years_note(unknown_years(start, end or start))
