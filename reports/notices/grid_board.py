"""The grid board (网格公示牌): each grid's buildings, grid worker and work phone, building heads, central households.

Filled from :func:`models.grids.sheet.board_data` (source kind ``grids``).
Public by intent: the people it names serve in their own name, so the notice
is kept with a name override naming exactly them
(``models.grids.sheet.BOARD_OVERRIDE_REASON``). Phones: the grid workers'
work phones only — a mobile anywhere blocks the notice (the privacy guard),
central households show building and unit, never a room.
"""

from __future__ import annotations

import datetime as dt

from i18n import N_, _
from models.core.settings import CentreInfo
from models.grids.labels import work_phone_text
from models.notices import NoticeValues
from reports.notices.base import SOURCE_GRIDS, NoticeTemplate

HEADER = (N_("Grid"), N_("Building"), N_("Grid worker"), N_("Work phone"), N_("Building heads"),
          N_("Party-member central households"))


def blank(centre: CentreInfo, today: dt.date) -> NoticeValues:
    return NoticeValues(
        template="grid_board",
        title=_("Grid board"),
        table_header=[_(h) for h in HEADER],
        col_widths=[1.0, 1.6, 1.0, 1.4, 1.6, 2.4],
        align=["left", "left", "left", "left", "left", "left"],
        landscape=True,
        contact=centre.phone or centre.address, issuer=centre.name, issue_date=today,
    )


def fill(data, centre: CentreInfo, today: dt.date, *, issuer: str = "") -> NoticeValues:  # noqa: ANN001
    """``data`` is :class:`models.grids.sheet.BoardData`."""
    values = blank(centre, today)
    values.body = _("Each grid has its grid worker and building heads. Call your grid worker's work phone "
                    "for help at home; Party-member central households look after their neighbours.")
    rows, last = [], None
    for r in data.rows:  # the grid, its worker and phone on its first building's row
        first = r.grid != last
        last = r.grid
        rows.append([r.grid if first else "", r.building, r.worker if first else "",
                     work_phone_text(r.work_phone) if first else "", "、".join(r.heads), "、".join(r.centrals)])
    values.table_rows = rows or [["", "", "", "", "", ""]]
    values.contact = _("the centre's front desk ({contact})").format(contact=centre.phone or centre.address or centre.name)
    values.issuer = issuer or centre.name
    return values


TEMPLATE = NoticeTemplate(
    key="grid_board",
    label=N_("Grid board"),
    description=N_("Each grid's buildings, grid worker and work phone, building heads and central households."),
    blank=blank,
    fill=fill,
    source=SOURCE_GRIDS,
    source_hint=N_("No input: every grid"),
)
