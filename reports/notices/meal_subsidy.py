"""Meal-subsidy disclosure (助餐补贴公示): masked names, subsidised meals and subsidy, the posting period."""

from __future__ import annotations

import datetime as dt

from i18n import N_, _, format_money, format_number
from models.core.settings import CentreInfo
from models.meals import Reconciliation
from models.notices import NoticeValues, default_posting_period
from reports.notices.base import SOURCE_MONTH, NoticeTemplate

HEADER = (N_("No."), N_("Name"), N_("Subsidised meals"), N_("Subsidy"))


def _month_title(year: int, month: int) -> str:
    return _("{year}-{month:02d}").format(year=year, month=month)


def blank(centre: CentreInfo, today: dt.date) -> NoticeValues:
    start, end = default_posting_period(today)
    return NoticeValues(template="meal_subsidy", title=_("Meal subsidy disclosure"), issuer=centre.name,
                        issue_date=today, table_header=[_(h) for h in HEADER], col_widths=[0.8, 2.5, 1.6, 1.6],
                        align=["center", "left", "right", "right"], posting_from=start, posting_to=end,
                        disclosure=True, contact=centre.phone or centre.address)


def fill(rec: Reconciliation, centre: CentreInfo, today: dt.date, *,
         posting: tuple[dt.date, dt.date] | None = None, issuer: str = "") -> NoticeValues:
    """Only diners who received a subsidy are listed, by their masked name only."""
    start, end = posting or default_posting_period(today)
    month = _month_title(rec.year, rec.month)
    listed = [d for d in rec.diners if d.subsidy_fen > 0]
    rows = [[str(i), d.masked_name, format_number(d.subsidised_meals), format_money(d.subsidy_fen)]
            for i, d in enumerate(listed, start=1)]
    rows.append(["", _("Total"), format_number(sum(d.subsidised_meals for d in listed)),
                 format_money(sum(d.subsidy_fen for d in listed))])
    values = blank(centre, today)
    values.title = _("Meal subsidy disclosure {month}").format(month=month)
    values.body = _("In {month}, {n} elders received meal subsidies under the policy in force.").format(
        month=month, n=format_number(len(listed)))
    values.table_rows = rows
    values.posting_from, values.posting_to = start, end
    values.contact = _("the centre's front desk ({contact})").format(
        contact=centre.phone or centre.address or centre.name)
    values.issuer = issuer or centre.name
    return values


TEMPLATE = NoticeTemplate(
    key="meal_subsidy",
    label=N_("Meal-subsidy disclosure"),
    description=N_("Who received meal subsidies in a month (masked names), with the posting period."),
    blank=blank,
    fill=fill,
    source=SOURCE_MONTH,
    source_hint=N_("Month, e.g. 2026-11"),
)
