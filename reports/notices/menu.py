"""The week's menu (本周菜单), large type, one row per day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from i18n import N_, _, format_date, format_money
from models.core.settings import CentreInfo
from models.meals import MenuEntry
from models.notices import NoticeValues
from reports.notices.base import SOURCE_WEEK, NoticeTemplate

KIND_ORDER = ("breakfast", "lunch", "dinner")


def _kind_title(kind: str) -> str:
    return {"breakfast": _("Breakfast"), "lunch": _("Lunch"), "dinner": _("Dinner")}[kind]


def _weekday(day: dt.date) -> str:
    from babel.dates import format_date as babel_format

    from i18n import current_language

    return babel_format(day, "EEEE", locale=current_language())


def blank(centre: CentreInfo, today: dt.date) -> NoticeValues:
    monday = today - dt.timedelta(days=today.weekday())
    rows = [[f"{_weekday(monday + dt.timedelta(days=i))}\n{format_date(monday + dt.timedelta(days=i), 'short')}", ""]
            for i in range(7)]
    return NoticeValues(template="menu", title=_("This week's menu"), issuer=centre.name, issue_date=today,
                        table_header=[_("Day"), _("Lunch")], table_rows=rows, col_widths=[1.1, 2.0],
                        align=["center", "left"])


def fill(data: tuple[dt.date, Sequence[MenuEntry]], centre: CentreInfo, today: dt.date, *,
         issuer: str = "") -> NoticeValues:
    """``data`` is (the Monday, the week's entries)."""
    monday, entries = data
    has = [e for e in entries if e.dishes or e.price_fen is not None]
    kinds = [k for k in KIND_ORDER if any(e.kind == k for e in has)] or ["lunch"]
    cells = {(e.day, e.kind): e for e in has}
    rows = []
    for i in range(7):
        day = monday + dt.timedelta(days=i)
        if not any((day, k) in cells for k in kinds):
            continue
        row = [f"{_weekday(day)}\n{format_date(day, 'short')}"]
        for k in kinds:
            e = cells.get((day, k))
            if e is None:
                row.append("—")
                continue
            price = format_money(e.price_fen) if e.price_fen is not None else _("price to be announced")
            row.append(f"{e.dishes}\n{price}" if e.dishes else price)
        rows.append(row)
    sunday = monday + dt.timedelta(days=6)
    return NoticeValues(
        template="menu",
        title=_("This week's menu"),
        subtitle=_("{start} to {end}").format(start=format_date(monday, "long"), end=format_date(sunday, "long")),
        table_header=[_("Day"), *(_kind_title(k) for k in kinds)],
        table_rows=rows,
        col_widths=[1.1] + [2.0] * len(kinds),
        align=["center"] + ["left"] * len(kinds),
        closing=_("Elders aged 60 and over may receive a meal subsidy; ask at the front desk."),
        issuer=issuer or centre.name,
        issue_date=today,
    )


TEMPLATE = NoticeTemplate(
    key="menu",
    label=N_("Weekly menu"),
    description=N_("The week's meals and prices, one row per day."),
    blank=blank,
    fill=fill,
    source=SOURCE_WEEK,
    source_hint=N_("Week, e.g. 2026-W48"),
)
