"""Party dues disclosure (党费收缴公示): masked names, dues per month, totals, the posting period."""

from __future__ import annotations

import datetime as dt

from i18n import N_, _, format_date, format_money
from models.core.settings import CentreInfo
from models.notices import NoticeValues, default_posting_period
from reports.notices.base import SOURCE_QUARTER, NoticeTemplate

_CELL_TEXT = {"deferred": N_("Deferred"), "unpaid": N_("Unpaid"), "none": "—"}


def _month_title(month: dt.date) -> str:
    """The month's short name (7月 / Jul): the quarter in the title names the year."""
    return format_date(month, "MMM")


def blank(centre: CentreInfo, today: dt.date) -> NoticeValues:
    start, end = default_posting_period(today)
    return NoticeValues(template="dues", title=_("Party dues disclosure"), issuer=centre.name, issue_date=today,
                        table_header=[_("No."), _("Name"), _("Branch"), _("Total")],
                        posting_from=start, posting_to=end, disclosure=True,
                        contact=_("the Party committee office"))


def fill(data, centre: CentreInfo, today: dt.date, *, issuer: str = "") -> NoticeValues:  # noqa: ANN001
    """``data`` is :class:`models.party.dues.DisclosureData` (names already masked unless it says not)."""
    header = [_("No."), _("Name"), _("Branch"), *(_month_title(m) for m in data.months), _("Total")]
    rows = []
    for i, (name, branch, cells, total) in enumerate(data.rows, start=1):
        shown = [format_money(fen) if state in ("paid", "short") else _(_CELL_TEXT[state]) for state, fen in cells]
        rows.append([str(i), name, branch, *shown, format_money(total)])
    rows.append(["", _("Total"), "", *(format_money(t) for t in data.month_totals), format_money(data.total_fen)])
    n_months = len(data.months)
    return NoticeValues(
        template="dues",
        title=_("Party dues disclosure, {year} Q{quarter}").format(year=data.year, quarter=data.quarter),
        notice_line="" if data.masked else _("This notice shows full names."),
        body=_("Party dues collected in {year} Q{quarter}: {payers} members paid {total} in all.").format(
            year=data.year, quarter=data.quarter, payers=data.payers, total=format_money(data.total_fen)),
        table_header=header,
        table_rows=rows,
        col_widths=[0.6, 1.6, 2.2, *([1.3] * n_months), 1.4],
        align=["center", "left", "left", *(["right"] * n_months), "right"],
        posting_from=data.post_from,
        posting_to=data.post_to,
        disclosure=True,
        contact=centre.phone and _("the Party committee office ({phone})").format(phone=centre.phone)
        or _("the Party committee office"),
        issuer=issuer or centre.name,
        issue_date=data.post_from,
    )


TEMPLATE = NoticeTemplate(
    key="dues",
    label=N_("Dues disclosure"),
    description=N_("Party dues collected in a quarter (masked names), with the posting period."),
    blank=blank,
    fill=fill,
    source=SOURCE_QUARTER,
    source_hint=N_("Quarter, e.g. 2026Q4"),
)
