"""The one way the screens ask for a month: a year-and-month field (2026-11).

:class:`MonthPicker` is the field the month-end, statistics and report dialogs
put at their top (meals' month end, activities' monthly statistics): a date
edit showing ``yyyy-MM`` only, always on the first of the month, with the
arrow keys and the mouse wheel stepping through months. ``year_month`` gives
what the domain functions take (``monthly_statistics(session, year, month)``).

:func:`month_from_text` reads a month typed into a plain line edit, where a
keyboard-first desk wants to type it (the Party dues desk: ``2026-11``, then
Enter).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from i18n import parse_date


class MonthPicker(QDateEdit):
    """A year-and-month field (``yyyy-MM``), set to the month of ``day`` (today by default).

    Args:
        day: any day of the month shown first.
        latest: the last day that may be chosen (None: no limit).
        objectName: as for any widget (tests find the field by it).
    """

    def __init__(self, day: dt.date | None = None, parent: QWidget | None = None, *, latest: dt.date | None = None,
                 objectName: str = "month"):  # noqa: N803 - Qt's own keyword
        super().__init__(parent, objectName=objectName)
        self.setDisplayFormat("yyyy-MM")
        if latest is not None:
            self.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.set_month(day or dt.date.today())

    @property
    def year_month(self) -> tuple[int, int]:
        """The chosen month as ``(year, month)``."""
        d = self.date()
        return d.year(), d.month()

    @property
    def first_day(self) -> dt.date:
        """The chosen month's first day."""
        year, month = self.year_month
        return dt.date(year, month, 1)

    def set_month(self, day: dt.date) -> None:
        """Show the month of ``day``."""
        self.setDate(QDate(day.year, day.month, 1))


def month_from_text(text: str) -> dt.date | None:
    """The first day of a month typed as ``2026-11`` (a whole date is taken as it is); None when it is
    not a month."""
    text = text.strip()
    try:
        return parse_date(text + "-01") if len(text) <= 7 else parse_date(text)
    except ValueError:
        return None
