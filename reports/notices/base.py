"""What a notice template is: a key, a label, its blank fields and how it fills them from data.

Adding a template is one small module in this package that defines
``TEMPLATE = NoticeTemplate(...)`` and one line in :mod:`reports.notices`
(see docs/notices.md for the recipe).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from models.core.settings import CentreInfo
from models.notices import NoticeValues

#: Kinds of domain data a template can be filled from; the composer asks for
#: the matching key (:func:`models.notices.fetch_source` reads the data).
SOURCE_ACTIVITY, SOURCE_WEEK, SOURCE_MONTH, SOURCE_QUARTER = "activity", "week", "month", "quarter"
SOURCE_REQUESTS = "requests"  # the month's requests done (models.requests.results)


@dataclass(frozen=True)
class NoticeTemplate:
    """One kind of notice.

    Attributes:
        key: Stable identifier stored with every notice (``"general"``).
        label: English source text (``N_``), translated when shown.
        description: One line for the composer (``N_``).
        blank: ``f(centre, today) -> NoticeValues``: the fields of a fresh notice.
        fill: ``f(data, centre, today) -> NoticeValues`` from domain data, or None.
        source: What ``fill`` needs (one of the ``SOURCE_*`` kinds), or None.
        source_hint: What the clerk types to pick the data (``N_``), e.g. "2026-W48".
    """

    key: str
    label: str
    description: str
    blank: Callable[[CentreInfo, dt.date], NoticeValues]
    fill: Callable[[Any, CentreInfo, dt.date], NoticeValues] | None = None
    source: str | None = None
    source_hint: str = ""
