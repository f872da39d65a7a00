"""Requests done (服务办结公示): the month's done requests from the requests job, the resident's surname only.

Filled from :func:`models.requests.results.results_data` (source kind
``requests``, the month). Each row: the request's number, its category, the
resident's surname (张**), the handler, the day done and the rating. The
handlers' names are public by intent; the notice is kept with a name override
naming exactly them (``models.requests.results.OVERRIDE_REASON``). The
request's text and the rating's comment are never printed.
"""

from __future__ import annotations

import datetime as dt

from i18n import N_, _, format_date
from models.core.settings import CentreInfo
from models.notices import NoticeValues, default_posting_period
from reports.notices.base import SOURCE_REQUESTS, NoticeTemplate

HEADER = (N_("No."), N_("Request"), N_("Category"), N_("Resident"), N_("Handler"), N_("Done on"), N_("Rating"))


def blank(centre: CentreInfo, today: dt.date) -> NoticeValues:
    start, end = default_posting_period(today)
    return NoticeValues(
        template="request_results",
        title=_("Residents' requests done"),
        table_header=[_(h) for h in HEADER],
        col_widths=[0.5, 1.5, 1.2, 1.0, 2.3, 1.3, 1.5],
        align=["center", "center", "left", "left", "left", "center", "center"],
        posting_from=start, posting_to=end, disclosure=True,
        contact=centre.phone or centre.address, issuer=centre.name, issue_date=today,
    )


def fill(data, centre: CentreInfo, today: dt.date, *, issuer: str = "") -> NoticeValues:  # noqa: ANN001
    """``data`` is :class:`models.requests.results.ResultsData`."""
    month = _("{year}-{month:02d}").format(year=data.year, month=data.month)
    values = blank(centre, today)
    values.title = _("Residents' requests done, {month}").format(month=month)
    rated = sum(1 for r in data.rows if r.rating in ("satisfied", "basic", "unsatisfied"))
    values.body = _("Residents order, the community dispatches, Party members take the order. In {month}, "
                    "{done} requests were done; {rated} were rated by the residents. Residents may rate a request "
                    "within 5 working days after it is done.").format(month=month, done=len(data.rows), rated=rated)
    if data.silence:
        values.body += "\n" + _("Requests not rated within 5 working days are counted as satisfied (the centre's setting).")
    values.notice_line = _("Handlers are named in full; residents by their surname only.")
    values.table_rows = [
        [str(i), r.number, r.category, r.resident, r.handler, format_date(r.done_on, "short"), _(data.rating_label(r))]
        for i, r in enumerate(data.rows, start=1)
    ] or [["", "", "", "", "", "", ""]]
    values.posting_from, values.posting_to = data.post_from, data.post_to
    values.issue_date = data.post_from
    values.contact = _("the centre's front desk ({contact})").format(contact=centre.phone or centre.address or centre.name)
    values.issuer = issuer or centre.name
    return values


TEMPLATE = NoticeTemplate(
    key="request_results",
    label=N_("Requests done"),
    description=N_("The month's residents' requests done (服务办结公示), from the Requests tab: surnames only."),
    blank=blank,
    fill=fill,
    source=SOURCE_REQUESTS,
    source_hint=N_("Month, e.g. 2026-11"),
)
