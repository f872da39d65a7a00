"""The Party roster's .xlsx import — all or nothing — and the workbook's columns (the export writes the same).

Every row is checked, each problem reported with its row number, column and
reason, and nothing is written unless the whole file is good (one
transaction; a dry run checks and writes nothing). Reading, cells, the report
and the transaction are the import skeleton (:mod:`models.core.importing`)
the registry's import stands on too.

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

from sqlalchemy import false, select
from sqlalchemy.orm import Session

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
from models.party.entities import PartyOrg
from models.party.members import (
    EDUCATION_LABELS,
    FLOW_LABELS,
    MEMBER_TYPE_LABELS,
    STANDING_LABELS,
    MemberInput,
    create_member,
)
from models.residents.entities import Resident
from models.residents.idcard import IdNumberError, parse_id_number
from models.residents.registry import (
    GENDER_LABELS,
    ResidentInput,
    create_resident,
)
from models.safety.security import require

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
