"""Service results (居民点单 results): requests, who took them, when done, the residents' rating.

There is no data model for residents' requests yet: the clerk types the table
(or imports it from a small .xlsx) and the notice is posted as a disclosure.
"""

from __future__ import annotations

import datetime as dt

from i18n import N_, _
from models.core.settings import CentreInfo
from models.notices import NoticeValues, default_posting_period
from reports.notices.base import NoticeTemplate

HEADER = (N_("No."), N_("Request"), N_("Building/unit"), N_("Taken by"), N_("Done on"), N_("Rating"))


def blank(centre: CentreInfo, today: dt.date) -> NoticeValues:
    start, end = default_posting_period(today)
    return NoticeValues(
        template="service_results",
        title=_("Results of residents' service requests"),
        body=_("Residents order, the community dispatches, Party members take the order. "
               "These are the requests completed in the period; residents may rate the service "
               "within 5 working days."),
        table_header=[_(h) for h in HEADER],
        table_rows=[["1", "", "", "", "", ""]],
        col_widths=[0.6, 3, 1.6, 1.6, 1.3, 1],
        align=["center", "left", "left", "left", "center", "center"],
        posting_from=start, posting_to=end, disclosure=True,
        contact=centre.phone or centre.address,
        issuer=centre.name, issue_date=today,
    )


TEMPLATE = NoticeTemplate(
    key="service_results",
    label=N_("Service results"),
    description=N_("Results of residents' requests (居民点单), typed or imported from .xlsx."),
    blank=blank,
)
