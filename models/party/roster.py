"""The roster in and out: the member list, roster rows for PDF/.xlsx, and the .xlsx import.

The import is all-or-nothing: every row is checked, each problem reported with
its row number, column and reason, and nothing is written unless the whole
file is good (one transaction; a dry run checks and writes nothing).

ID numbers are read as text. Excel keeps 15 significant digits, so an ID
number typed as a number arrives damaged (330106199001010000 or 3.30106E+17):
a numeric cell with 16 or more digits, a value in scientific notation, or 18
digits ending in 000 that fail the checksum are reported as damaged, never
saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import ColumnElement, and_, false, select, true
from sqlalchemy.orm import Session, aliased

from i18n import N_, _
from models.core import importing
from models.core.db import Database
from models.core.errors import LinliError, NeedsConfirmation, ValidationFailed
from models.core.importing import (  # the import skeleton the registry's import uses too
    FormulaWithoutValue,
    ImportFailed,
    Progress,
    Rollback,
    RowProblem,
    all_or_nothing,
    cell_date,
    cell_text,
    data_rows,
    formula_problem,
    id_cell,
    read_xlsx_rows,
)
from models.core.listing import ListColumn
from models.party.entities import PartyMember, PartyOrg
from models.party.members import (
    EDUCATION_LABELS,
    FLOW_LABELS,
    MEMBER_TYPE_LABELS,
    STANDING_LABELS,
    STATUS_LABELS,
    MemberInput,
    create_member,
)
from models.residents.entities import Resident
from models.residents.idcard import IdNumberError, mask_id_number, parse_id_number
from models.residents.registry import (
    GENDER_LABELS,
    ResidentInput,
    create_resident,
    parse_terms,
    rank_expression,
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


# --- the workbook's columns ----------------------------------------------------------------

#: (key, English header, Chinese headers also accepted). The export writes the
#: translated English header; the import accepts any of them.
ROSTER_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("branch", N_("Branch"), ("党支部", "所在支部", "支部")),
    ("group", N_("Group"), ("党小组", "小组")),
    ("name", N_("Name"), ("姓名",)),
    ("id_number", N_("ID number"), ("身份证号", "身份证号码", "公民身份号码")),
    ("gender", N_("Gender"), ("性别",)),
    ("ethnicity", N_("Ethnicity"), ("民族",)),
    ("birth_date", N_("Birth date"), ("出生日期", "出生年月")),
    ("native_place", N_("Native place"), ("籍贯",)),
    ("education", N_("Education"), ("学历", "文化程度")),
    ("joined_on", N_("Joined"), ("入党日期", "入党时间")),
    ("full_on", N_("Full membership"), ("转正日期", "转正时间")),
    ("standing", N_("Full/probationary"), ("正式/预备", "党员身份", "类别")),
    ("member_type", N_("Type"), ("党员类型", "人员类型")),
    ("flow_direction", N_("Inflow/outflow"), ("流入/流出", "流向")),
    ("other_org", N_("Other organisation"), ("流入/流出组织", "组织关系所在党组织")),
    ("post", N_("Post"), ("党内职务", "职务")),
    ("work_unit", N_("Work unit"), ("工作单位", "单位")),
    ("phone", N_("Phone"), ("联系电话", "手机号码", "电话")),
)
REQUIRED_COLUMNS = ("branch", "name", "joined_on")

_EDUCATION_ALIASES = {
    "小学": "primary", "初中": "junior", "高中": "senior", "中专": "vocational", "职高": "vocational",
    "技校": "vocational", "大专": "college", "专科": "college", "本科": "bachelor", "大学": "bachelor",
    "硕士": "master", "研究生": "master", "博士": "doctor",
}
_STANDING_ALIASES = {"正式": "full", "正式党员": "full", "预备": "probationary", "预备党员": "probationary"}
_TYPE_ALIASES = {
    "在册": "registered", "在册党员": "registered", "在职报到": "reporting_in", "双报到": "reporting_in",
    "在职党员": "reporting_in", "流动": "floating", "流动党员": "floating", "离退休": "retired",
    "退休": "retired", "离退休党员": "retired",
}
_GENDER_ALIASES = {"男": "male", "女": "female"}
_FLOW_ALIASES = {"流入": "inflow", "流出": "outflow"}


def _choice(value: str, labels: dict[str, str], aliases: dict[str, str]) -> str | None:
    text = value.strip()
    if not text:
        return None
    if text in aliases:
        return aliases[text]
    for key, label in labels.items():
        if text.lower() in (key, label.lower(), _(label).lower()):
            return key
    return None


# --- the import ---------------------------------------------------------------------------


@dataclass
class ImportReport(importing.ImportReport):
    """What a roster import did (or would do, on a dry run)."""

    rows: int = 0
    members: int = 0
    residents_created: int = 0
    orgs_created: list[str] = field(default_factory=list)


_FIELD_TO_COLUMN = {
    "ethnicity": "ethnicity",
    "education": "education",
    "native_place": "native_place",
    "joined_on": "joined_on",
    "full_on": "full_on",
    "standing": "standing",
    "branch_id": "branch",
    "group_id": "group",
    "post": "post",
    "work_unit": "work_unit",
    "member_type": "member_type",
    "flow_direction": "flow_direction",
    "other_org": "other_org",
    "resident": "name",
    "name": "name",
    "id_number": "id_number",
    "birth_date": "birth_date",
    "gender": "gender",
    "phone": "phone",
}


def _header_map(header: Sequence[object]) -> tuple[dict[str, int], list[str]]:
    lookup: dict[str, str] = {}
    for key, english, chinese in ROSTER_COLUMNS:
        for name in (english, _(english), *chinese):
            lookup[name.strip().lower()] = key
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = lookup.get(cell_text(cell).replace("*", "").strip().lower())
        if key is not None and key not in found:
            found[key] = i
    missing = [k for k in REQUIRED_COLUMNS if k not in found]
    return found, missing


def _column_title(key: str) -> str:
    for k, english, _chinese in ROSTER_COLUMNS:
        if k == key:
            return _(english)
    return key


def import_roster(db: Database, path: str | Path, *, dry_run: bool = False, today: dt.date | None = None,
                  progress: Progress | None = None) -> ImportReport:
    """Import members from an .xlsx workbook (first sheet, header in row 1).

    Residents are found by ID number (or created); missing branches and groups
    are created under the committee. The workbook is read by
    :func:`models.core.importer.read_xlsx_rows` (streamed, within its size and row
    caps; a formula without a value is a problem of its row).

    Args:
        progress: ``progress(done, total)`` while reading and checking; False stops (nothing written).

    Raises:
        ImportFailed: any row is wrong (nothing written; ``report.problems``).
        LinliError: the file cannot be read, is too big, lacks required columns or has no rows.
        Cancelled: ``progress`` asked to stop; nothing was written.
    """
    require("party.write")
    today = today or dt.date.today()
    all_rows = read_xlsx_rows(Path(path), progress=progress)
    if not all_rows or not any(cell_text(v) for v in all_rows[0]):
        raise LinliError(_("The workbook is empty."))
    columns, missing = _header_map(all_rows[0])
    if missing:
        raise LinliError(
            _("The first row must name the columns; missing: {columns}.").format(
                columns=", ".join(_column_title(k) for k in missing)
            )
        )
    if not any(any(cell_text(v) or isinstance(v, FormulaWithoutValue) for v in r) for r in all_rows[1:]):
        raise LinliError(_("The file has a header but no rows to import; nothing was written."))
    report = ImportReport()
    with all_or_nothing(db) as session:
        _import_rows(session, all_rows, columns, report, today, progress)
        if report.problems or dry_run:
            raise Rollback
        report.written = True
    if report.problems:
        raise ImportFailed(
            report, _("{count} problems in the workbook; nothing was imported.").format(count=len(report.problems)))
    return report


def _import_rows(session: Session, all_rows: list, columns: dict[str, int], report: ImportReport, today: dt.date,
                 progress: Progress | None = None) -> None:
    from models.party.members import save_org

    committee = session.scalar(
        select(PartyOrg).where(PartyOrg.kind == "committee", PartyOrg.archived == false()).order_by(PartyOrg.id)
    )
    seen_ids: dict[str, int] = {}
    for excel_row, values in data_rows(all_rows[1:], 2, progress):
        problems: list[RowProblem] = []
        formulas: set[str] = set()

        def problem(key: str, reason: str, excel_row=excel_row, problems=problems) -> None:
            problems.append(RowProblem(excel_row, _column_title(key), reason))

        def get(key: str, values=values, formulas=formulas, problem=problem) -> object:
            i = columns.get(key)
            value = values[i] if i is not None and i < len(values) else None
            if isinstance(value, FormulaWithoutValue):
                if key not in formulas:
                    formulas.add(key)
                    problem(key, formula_problem(value.ref))
                return None
            return value

        report.rows += 1

        name = cell_text(get("name"))
        if not name and "name" not in formulas:
            problem("name", _("the name is empty"))
        id_text, damaged = id_cell(get("id_number"))
        id_number = ""
        if damaged:
            problem("id_number", damaged)
        elif id_text:
            try:
                id_number = parse_id_number(id_text, today=today).number
            except IdNumberError as exc:
                problem("id_number", str(exc))
            else:
                if id_number in seen_ids:
                    problem("id_number", _("the same ID number as row {row}").format(row=seen_ids[id_number]))
                seen_ids.setdefault(id_number, excel_row)
        dates: dict[str, dt.date | None] = {}
        for key in ("birth_date", "joined_on", "full_on"):
            try:
                dates[key] = cell_date(get(key), month_alone=True)
            except ValueError as exc:
                dates[key] = None
                problem(key, str(exc))
        if dates["joined_on"] is None and not any(p.column == _column_title("joined_on") for p in problems):
            problem("joined_on", _("the date of joining is empty"))
        choices: dict[str, str | None] = {}
        for key, labels, aliases, default in (
            ("education", EDUCATION_LABELS, _EDUCATION_ALIASES, ""),
            ("standing", STANDING_LABELS, _STANDING_ALIASES, None),
            ("member_type", MEMBER_TYPE_LABELS, _TYPE_ALIASES, "registered"),
            ("gender", GENDER_LABELS, _GENDER_ALIASES, None),
            ("flow_direction", FLOW_LABELS, _FLOW_ALIASES, None),
        ):
            text = cell_text(get(key))
            value = _choice(text, labels, aliases) if text else default
            if text and value is None:
                problem(key, _("“{value}” is not one of: {choices}").format(
                    value=text, choices=", ".join(_(v) for v in labels.values())
                ))
            choices[key] = value
        standing = choices["standing"] or ("full" if dates["full_on"] else "probationary")
        branch_name = " ".join(cell_text(get("branch")).split())
        group_name = " ".join(cell_text(get("group")).split())
        if not branch_name and "branch" not in formulas:
            problem("branch", _("the branch is empty"))
        if problems:
            report.problems.extend(problems)
            continue

        # The resident: by ID number, else created.
        resident = session.scalar(select(Resident).where(Resident.id_number == id_number)) if id_number else None
        if resident is not None and resident.name != name:
            report.problems.append(RowProblem(excel_row, _column_title("name"), _(
                "the ID number belongs to {name} in the registry"
            ).format(name=resident.name)))
            continue
        if resident is None:
            try:
                resident = create_resident(
                    session,
                    ResidentInput(
                        name=name,
                        id_number=id_number,
                        gender=choices["gender"],
                        birth_date=None if id_number else dates["birth_date"],
                        phone=cell_text(get("phone")),
                    ),
                    confirmed=True,
                    today=today,
                )
            except ValidationFailed as exc:
                for fld, msg in exc.errors.items():
                    report.problems.append(RowProblem(excel_row, _column_title(_FIELD_TO_COLUMN.get(fld, fld)), msg))
                continue
            report.residents_created += 1

        # The branch and group: found by name, or created.
        if committee is None:
            committee = save_org(session, name=_("Community Party committee"))
            report.orgs_created.append(committee.name)
        branch = session.scalar(
            select(PartyOrg).where(PartyOrg.kind == "branch", PartyOrg.name == branch_name, PartyOrg.archived == false())
        )
        if branch is None:
            branch = save_org(session, name=branch_name, parent_id=committee.id)
            report.orgs_created.append(branch.name)
        group = None
        if group_name:
            group = session.scalar(
                select(PartyOrg).where(PartyOrg.parent_id == branch.id, PartyOrg.name == group_name)
            )
            if group is None:
                group = save_org(session, name=group_name, parent_id=branch.id)
                report.orgs_created.append(f"{branch.name} / {group.name}")
        ethnicity = cell_text(get("ethnicity")) or "汉族"
        if ethnicity and not ethnicity.endswith("族") and ethnicity + "族" in _ethnicities():
            ethnicity += "族"
        data = MemberInput(
            resident_id=resident.id,
            ethnicity=ethnicity,
            native_place=cell_text(get("native_place")),
            education=choices["education"] or "",
            joined_on=dates["joined_on"],
            full_on=dates["full_on"] if standing == "full" else None,
            standing=standing,
            branch_id=branch.id,
            group_id=group.id if group else None,
            post=cell_text(get("post")),
            work_unit=cell_text(get("work_unit")),
            member_type=choices["member_type"] or "registered",
            flow_direction=choices["flow_direction"],
            other_org=cell_text(get("other_org")),
            reported_on=dates["joined_on"] if choices["member_type"] == "reporting_in" else None,
            dues_category="retired" if choices["member_type"] == "retired" else "employed",
        )
        try:
            create_member(session, data, today=today)
        except NeedsConfirmation as exc:
            report.warnings.extend(RowProblem(excel_row, _column_title("full_on"), w) for w in exc.warnings)
            create_member(session, data, confirmed=True, today=today)
        except ValidationFailed as exc:
            for fld, msg in exc.errors.items():
                report.problems.append(RowProblem(excel_row, _column_title(_FIELD_TO_COLUMN.get(fld, fld)), msg))
            continue
        report.members += 1


def _ethnicities() -> tuple[str, ...]:
    from models.party.members import ETHNICITIES

    return ETHNICITIES


def masked_id(number: str) -> str:
    return mask_id_number(number) if number else ""
