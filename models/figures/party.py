"""The Party in a period: members by branch and type at its end, new members,
reporting-in members and their rate, service hours and person-times, dues collected against due.

Reused as they are: the reporting-in figures are
:func:`models.party.service.service_summary`'s (the Party tab's service page:
active reporting-in members who reported in by the period's end, and how many
of them served at least once), the dues collected are
:func:`models.party.dues.dues_summary`'s (payments for the period's months,
deferred months left out) and what is still owed is
:func:`models.party.dues.arrears`' (unpaid or short-paid months that have
ended).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from i18n import N_, _
from models.figures.period import Period
from models.figures.values import Chart, Figure, FigureTable
from models.party.dues import arrears_owed_fen, dues_summary, month_start
from models.party.entities import MEMBER_TYPES, PartyMember, PartyOrg
from models.party.members import MEMBER_TYPE_LABELS
from models.party.service import service_summary
from models.safety.security import require_any

TITLE = N_("Party members")

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (N_("Members at the end"), N_("Members who had joined by the period's last day and had not transferred out "
                                  "or died by then, by branch and type.")),
    (N_("New members"), N_("Members whose joining date is in the period.")),
    (N_("Reporting-in rate"), N_("Of the active members reporting in (报到) by the period's end, the share who "
                                 "served at least once in the period, as on the Party tab's service page.")),
    (N_("Service hours and person-times"), N_("The service recorded for members reporting in, in the period.")),
    (N_("Dues collected against due"), N_("Collected: payments for the period's months (deferred months left "
                                          "out). Due: collected plus what is still owed for the months that have "
                                          "ended (unpaid or paid short), as in the arrears list.")),
)


@dataclass(frozen=True)
class PartyMonth:
    key: str
    served: int
    minutes: int
    person_times: int
    dues_fen: int


@dataclass(frozen=True)
class PartyFigures:
    period: Period
    members: int
    by_branch_type: tuple[tuple[str, tuple[int, ...]], ...]  # branch → counts in MEMBER_TYPES order
    new: int
    reporting_in: int
    served: int
    minutes: int
    person_times: int
    dues_collected_fen: int
    dues_outstanding_fen: int
    months: tuple[PartyMonth, ...]
    has_data: bool
    key: str = "party"

    @property
    def title(self) -> str:
        return _(TITLE)

    @property
    def rate(self) -> float | None:
        return self.served / self.reporting_in if self.reporting_in else None

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def dues_due_fen(self) -> int:
        return self.dues_collected_fen + self.dues_outstanding_fen

    @property
    def dues_rate(self) -> float | None:
        return self.dues_collected_fen / self.dues_due_fen if self.dues_due_fen else None

    def headlines(self) -> list[Figure]:
        return [
            Figure("party.members", _("Party members at the end"), self.members),
            Figure("party.rate", _("Reporting-in rate of members in service"), self.rate, "rate"),
            Figure("party.person_times", _("Service person-times"), self.person_times),
            Figure("party.dues", _("Dues collected"), self.dues_collected_fen, "fen"),
        ]

    def tables(self) -> list[FigureTable]:
        types = tuple(_(MEMBER_TYPE_LABELS.get(t, t)) for t in MEMBER_TYPES)
        totals = tuple(sum(c[i] for _b, c in self.by_branch_type) for i in range(len(MEMBER_TYPES)))
        summary = FigureTable(
            "party.summary", _("Members, service and dues"), (_("Figure"), _("Value")),
            (
                (_("Members at the end"), self.members),
                (_("New members"), self.new),
                (_("Members reporting in"), self.reporting_in),
                (_("Of them, served in the period"), self.served),
                (_("Reporting-in rate"), self.rate),
                (_("Service hours"), self.hours),
                (_("Service person-times"), self.person_times),
                (_("Dues collected"), self.dues_collected_fen),
                (_("Dues due"), self.dues_due_fen),
                (_("Dues collected against due"), self.dues_rate),
            ),
            row_units=("count", "count", "count", "count", "rate", "hours", "count", "fen", "fen", "rate"),
        )
        branches = FigureTable(
            "party.branches", _("Members by branch and type at the end"), (_("Branch"), *types, _("Total")),
            tuple((b, *c, sum(c)) for b, c in self.by_branch_type),
            total=(_("Total"), *totals, self.members),
        )
        months = FigureTable(
            "party.months", _("Service and dues by month"),
            (_("Month"), _("Members who served"), _("Service hours"), _("Service person-times"), _("Dues collected")),
            tuple((m.key, m.served, m.minutes / 60, m.person_times, m.dues_fen) for m in self.months),
            units=("count", "hours", "count", "fen"),
            total=(_("Period"), self.served, self.hours, self.person_times, self.dues_collected_fen),
        )
        return [summary, branches, months]

    def charts(self) -> list[Chart]:
        cats = tuple(m.key[5:] for m in self.months)
        return [
            Chart("party.service", _("Service person-times by month"), "bar", cats,
                  ((_("Service person-times"), tuple(m.person_times for m in self.months)),)),
            Chart("party.branches", _("Members by branch and type"), "stacked",
                  tuple(b for b, _c in self.by_branch_type),
                  tuple((_(MEMBER_TYPE_LABELS.get(t, t)), tuple(c[i] for _b, c in self.by_branch_type))
                        for i, t in enumerate(MEMBER_TYPES))),
        ]

    def definitions(self) -> list[tuple[str, str]]:
        return [(_(term), _(text)) for term, text in DEFINITIONS]


def party_figures(session: Session, period: Period, *, today: dt.date | None = None) -> PartyFigures:
    """Members, service and dues for ``period`` (dues by the months it touches)."""
    require_any("party.read", "figures.read")  # the sub-district's reader: aggregates only
    today = today or dt.date.today()
    last = period.last
    on_roll = (PartyMember.joined_on <= last) & or_(
        PartyMember.status == "active", PartyMember.status_on.is_(None), PartyMember.status_on > last)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(MEMBER_TYPES))
    order: dict[str, tuple[int, int]] = {}
    type_index = {t: i for i, t in enumerate(MEMBER_TYPES)}
    for branch, position, bid, mtype, n in session.execute(
        select(PartyOrg.name, PartyOrg.position, PartyOrg.id, PartyMember.member_type, func.count())
        .join(PartyOrg, PartyOrg.id == PartyMember.branch_id)
        .where(on_roll)
        .group_by(PartyOrg.name, PartyOrg.position, PartyOrg.id, PartyMember.member_type)
    ):
        if mtype in type_index:
            counts[branch][type_index[mtype]] += n
        order[branch] = (position, bid)
    by_branch = tuple((b, tuple(counts[b])) for b in sorted(counts, key=lambda b: order[b]))
    new = session.scalar(select(func.count()).select_from(PartyMember).where(
        PartyMember.joined_on >= period.first, PartyMember.joined_on <= last)) or 0
    whole = service_summary(session, period.first, last)
    dues = dues_summary(session, period.first, last)
    months = []
    for span in period.months():
        s = service_summary(session, span.first, span.last)
        months.append(PartyMonth(span.key, s.served, s.minutes, s.person_times,
                                 dues.by_month.get(dt.date(span.year, span.month, 1), (0, 0))[1]))
    ended = month_start(today) - dt.timedelta(days=1)  # the last day of the last month that has ended
    outstanding = 0
    if month_start(period.first) <= ended:
        outstanding = arrears_owed_fen(session, period.first, min(last, ended))
    has_data = bool(session.scalar(select(func.count()).select_from(PartyMember).where(
        PartyMember.joined_on <= last)))
    return PartyFigures(
        period=period, members=sum(sum(c) for _b, c in by_branch), by_branch_type=by_branch, new=new,
        reporting_in=whole.reporting_in, served=whole.served, minutes=whole.minutes, person_times=whole.person_times,
        dues_collected_fen=dues.total_fen, dues_outstanding_fen=outstanding, months=tuple(months), has_data=has_data,
    )
