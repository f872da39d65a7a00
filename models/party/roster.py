"""The roster out: the member list (the tab's lazy table), the quick-finds' conditions, roster rows for PDF/.xlsx.

The .xlsx import is :mod:`models.party.roster_import`; its names (and the
workbook's columns) stay importable from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, select, true
from sqlalchemy.orm import Session, aliased

from i18n import N_, _
from models.core.listing import ListColumn
from models.party.entities import PartyMember, PartyOrg
from models.party.members import (
    EDUCATION_LABELS,
    FLOW_LABELS,
    MEMBER_TYPE_LABELS,
    STANDING_LABELS,
    STATUS_LABELS,
)
from models.party.roster_import import (  # noqa: F401 - re-exported for main.py and the tests
    REQUIRED_COLUMNS,
    ROSTER_COLUMNS,
    ImportFailed,
    ImportReport,
    import_roster,
)
from models.residents.entities import Resident
from models.residents.idcard import mask_id_number
from models.residents.registry import (
    GENDER_LABELS,
    ResidentHit,
    parse_terms,
    rank_expression,
    search_residents,
)
from models.safety.security import require

# --- the member list ------------------------------------------------------------------


class MemberListSource:
    """The member list: search by name, pinyin initials, phone, ID or branch name; SQL order."""

    columns: Sequence[ListColumn] = (
        ListColumn("name", N_("Name")),
        ListColumn("branch", N_("Branch")),
        ListColumn("group", N_("Group")),
        ListColumn("standing", N_("Full/probationary"), align="center"),
        ListColumn("type", N_("Type")),
        ListColumn("joined", N_("Joined"), align="center"),
        ListColumn("post", N_("Post")),
        ListColumn("status", N_("Status")),
    )

    def __init__(self, *, include_inactive: bool = False, branch_id: int | None = None):
        self.include_inactive = include_inactive
        self.branch_id = branch_id
        self._branch = aliased(PartyOrg)
        self._group = aliased(PartyOrg)
        self._sort = {
            "name": (Resident.name_pinyin,),
            "branch": (self._branch.position, self._branch.name),
            "group": (self._group.name,),
            "standing": (PartyMember.standing,),
            "type": (PartyMember.member_type,),
            "joined": (PartyMember.joined_on,),
            "post": (PartyMember.post,),
            "status": (PartyMember.status,),
        }

    def _conditions(self, filter_text: str) -> tuple[list[ColumnElement[bool]], ColumnElement[int] | None]:
        terms = parse_terms(filter_text)
        conditions: list[ColumnElement[bool]] = []
        if not self.include_inactive:
            conditions.append(PartyMember.status == "active")
        if self.branch_id is not None:
            conditions.append(PartyMember.branch_id == self.branch_id)
        rank = None
        if terms.folded:
            rank = rank_expression(terms)
            conditions.append((rank > 0) | self._branch.name.contains(terms.text, autoescape=True))
        return conditions, rank

    def ids(self, session: Session, filter_text: str, sort_key: str | None, descending: bool) -> list[int]:
        require("party.read")
        conditions, rank = self._conditions(filter_text)
        order: list = []
        if rank is not None and sort_key is None:
            order.append(rank.desc())
        if sort_key in self._sort:
            order += [c.desc().nulls_last() if descending else c.asc().nulls_last() for c in self._sort[sort_key]]
        order += [Resident.name_pinyin, PartyMember.id]
        stmt = (
            select(PartyMember.id)
            .join(Resident, Resident.id == PartyMember.resident_id)
            .join(self._branch, self._branch.id == PartyMember.branch_id)
            .outerjoin(self._group, self._group.id == PartyMember.group_id)
            .where(and_(true(), *conditions))
            .order_by(*order)
        )
        return list(session.scalars(stmt))

    def rows(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        require("party.read")
        stmt = (
            select(
                PartyMember.id,
                Resident.name,
                self._branch.name.label("branch"),
                self._group.name.label("group"),
                PartyMember.standing,
                PartyMember.member_type,
                PartyMember.joined_on,
                PartyMember.post,
                PartyMember.status,
                PartyMember.status_on,
            )
            .join(Resident, Resident.id == PartyMember.resident_id)
            .join(self._branch, self._branch.id == PartyMember.branch_id)
            .outerjoin(self._group, self._group.id == PartyMember.group_id)
            .where(PartyMember.id.in_(list(ids)))
        )
        out: dict[int, tuple[str, ...]] = {}
        for r in session.execute(stmt):
            status = _(STATUS_LABELS.get(r.status, r.status))
            if r.status != "active" and r.status_on:
                status += f" {r.status_on.isoformat()}"
            out[r.id] = (
                r.name,
                r.branch,
                r.group or "",
                _(STANDING_LABELS.get(r.standing, r.standing)),
                _(MEMBER_TYPE_LABELS.get(r.member_type, r.member_type)),
                r.joined_on.isoformat(),
                r.post,
                status,
            )
        return out


def member_search_condition() -> ColumnElement[bool]:
    """``where`` for :func:`models.residents.registry.search_residents`: residents on the roster."""
    return Resident.id.in_(select(PartyMember.resident_id).where(PartyMember.status == "active"))


def not_member_condition() -> ColumnElement[bool]:
    """``where`` for the quick-find of the member editor: residents not on the roster yet."""
    return Resident.id.not_in(select(PartyMember.resident_id))


def search_members(session: Session, text: str) -> list[ResidentHit]:
    """The dues desk's quick-find: residents on the roster (active members), best first."""
    require("party.read")
    return search_residents(session, text, where=member_search_condition())


def search_non_members(session: Session, text: str) -> list[ResidentHit]:
    """The member editor's quick-find: residents not on the roster yet, best first."""
    require("party.read")
    return search_residents(session, text, where=not_member_condition())


# --- roster rows (PDF and .xlsx) ------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    """One member as the roster prints them (internal document: full data)."""

    branch: str
    group: str
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date | None
    education: str
    joined_on: dt.date
    full_on: dt.date | None
    standing: str
    member_type: str
    phone: str
    id_number: str
    native_place: str
    post: str
    work_unit: str
    flow_direction: str = ""
    other_org: str = ""


def roster_rows(session: Session, *, include_inactive: bool = False) -> list[RosterRow]:
    """Every (active) member, by branch then name, with labels translated.

    Only the roster's output reads this (full ID numbers and mobiles), so it
    needs ``export.personal`` itself (:func:`models.safety.export.require_personal_output`).
    """
    from models.safety.export import require_personal_output

    require("party.read")
    require_personal_output()
    branch, group = aliased(PartyOrg), aliased(PartyOrg)
    stmt = (
        select(PartyMember, Resident, branch.name, group.name)
        .join(Resident, Resident.id == PartyMember.resident_id)
        .join(branch, branch.id == PartyMember.branch_id)
        .outerjoin(group, group.id == PartyMember.group_id)
        .order_by(branch.position, branch.id, group.position.nulls_first(), Resident.name_pinyin, PartyMember.id)
    )
    if not include_inactive:
        stmt = stmt.where(PartyMember.status == "active")
    out = []
    for m, r, bname, gname in session.execute(stmt):
        out.append(
            RosterRow(
                branch=bname,
                group=gname or "",
                name=r.name,
                gender=_(GENDER_LABELS[r.gender]) if r.gender in GENDER_LABELS else "",
                ethnicity=m.ethnicity,
                birth_date=r.birth_date,
                education=_(EDUCATION_LABELS[m.education]) if m.education in EDUCATION_LABELS else "",
                joined_on=m.joined_on,
                full_on=m.full_on,
                standing=_(STANDING_LABELS.get(m.standing, m.standing)),
                member_type=_(MEMBER_TYPE_LABELS.get(m.member_type, m.member_type)),
                phone=r.phone or "",
                id_number=r.id_number or "",
                native_place=m.native_place,
                post=m.post,
                work_unit=m.work_unit,
                flow_direction=_(FLOW_LABELS[m.flow_direction]) if m.flow_direction in FLOW_LABELS else "",
                other_org=m.other_org,
            )
        )
    return out


def masked_id(number: str) -> str:
    return mask_id_number(number) if number else ""
