"""General announcement (通知/公告): a title, a body and an optional table, typed by the clerk."""

from __future__ import annotations

import datetime as dt

from i18n import N_
from models.core.settings import CentreInfo
from models.notices import NoticeValues
from reports.notices.base import NoticeTemplate


def blank(centre: CentreInfo, today: dt.date) -> NoticeValues:
    return NoticeValues(template="general", issuer=centre.name, issue_date=today, contact=centre.phone)


TEMPLATE = NoticeTemplate(
    key="general",
    label=N_("General announcement"),
    description=N_("A title, a body and an optional table, typed or pasted."),
    blank=blank,
)
