"""Activity notice (活动通知): what, when, where, for whom, how to sign up. No personal data."""

from __future__ import annotations

import datetime as dt

from i18n import N_, _, format_date, format_number, format_time
from models.activities import TARGET_LABELS, ActivityRow
from models.core.settings import CentreInfo
from models.notices import NoticeValues
from reports.notices.base import SOURCE_ACTIVITY, NoticeTemplate


def _when(row: ActivityRow) -> str:
    return _("{date}, {start}–{end}").format(
        date=format_date(row.starts_at.date(), "full"), start=format_time(row.starts_at), end=format_time(row.ends_at))


def _how_to_sign_up(row: ActivityRow, centre: CentreInfo) -> str:
    parts = []
    if row.signup_opens_at:
        parts.append(_("Sign-up opens {date} {time}.").format(
            date=format_date(row.signup_opens_at.date(), "long"), time=format_time(row.signup_opens_at)))
    deadline = row.signup_deadline or row.starts_at
    parts.append(_("Sign up at the front desk of {centre} or by phone before {date} {time}.").format(
        centre=centre.name or _("the centre"), date=format_date(deadline.date(), "long"), time=format_time(deadline)))
    parts.append(_("Seats are limited; when they are taken you can join the waitlist."))
    return " ".join(parts)


def blank(centre: CentreInfo, today: dt.date) -> NoticeValues:
    return NoticeValues(template="activity", issuer=centre.name, issue_date=today,
                        table_header=[_("Item"), _("Details")], col_widths=[1, 4],
                        table_rows=[[_("Time"), ""], [_("Place"), ""], [_("How to sign up"), ""]])


def fill(row: ActivityRow, centre: CentreInfo, today: dt.date, *, issuer: str = "") -> NoticeValues:
    facts = [
        [_("Time"), _when(row)],
        [_("Place"), row.room],
        [_("For"), _(TARGET_LABELS.get(row.target_group, row.target_group))],
        [_("Seats"), format_number(row.capacity)],
        [_("How to sign up"), _how_to_sign_up(row, centre)],
    ]
    if row.organiser:
        facts.append([_("Organiser"), row.organiser])
    if row.contact or centre.phone:
        facts.append([_("Contact"), row.contact or centre.phone])
    return NoticeValues(
        template="activity",
        title=row.title,
        notice_line=_("This activity is cancelled.") if row.status == "cancelled" else "",
        body=row.description,
        table_header=[_("Item"), _("Details")],
        table_rows=facts,
        col_widths=[1, 4],
        issuer=issuer or centre.name,
        issue_date=today,
    )


TEMPLATE = NoticeTemplate(
    key="activity",
    label=N_("Activity notice"),
    description=N_("An activity's time, place, seats and how to sign up."),
    blank=blank,
    fill=fill,
    source=SOURCE_ACTIVITY,
    source_hint=N_("Activity number"),
)
