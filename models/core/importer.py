"""Import residents (and day-care elders) from .xlsx or .csv — all or nothing.

A little over 500 lines: the mapping of Chinese and English headers, the
per-row checks and the batched duplicate checks are the registry import's one
concept (the reading, caps and all-or-nothing are in models/core/importing.py).

Steps, each a function the UI and ``main.py import`` share:

1. :func:`read_table` — the first sheet of an .xlsx, or a .csv in UTF-8 (with
   or without a BOM) or GBK/GB18030; the header is the first non-empty row.
2. :func:`suggest_mapping` — which column holds which field, from Chinese or
   English headers (姓名, 身份证号, 电话, 小区, 楼栋, 单元, 室, 网格 …); the
   clerk may change it (the mapping is field key → column index).
3. :func:`import_people` — every row checked with the registry's own rules
   (:func:`models.residents.registry.validate_resident` / ``create_resident``; for
   elders :func:`models.daycare.enrol`), ID numbers read as text and numbers
   Excel already damaged reported as damaged, duplicates within the file and
   against the database reported; then everything is written in one
   transaction, or nothing at all when any row has a problem (or on a dry run).
   A backup (a server: a dump) is taken before a real import writes.

Each problem is a :class:`RowProblem` (row as Excel numbers it, column header,
reason); :func:`report_table` turns a report into rows for an .xlsx. Reading,
cells, the report and the all-or-nothing transaction are the skeleton both
imports share (:mod:`models.core.importing`); this module is the registry's part.

Over 500 lines on purpose: the two field tables (the headers a clerk's sheet
may carry, in two languages) and the one row parser that residents and elders
share read best beside the import that uses them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from i18n import N_, _
from models.core import importing
from models.core.db import Database
from models.core.errors import LinliError, NeedsConfirmation, ValidationFailed
from models.core.importing import (  # the shared skeleton; re-exported: callers import them from here
    EXCEL_MAX_ROW,
    MAX_COLUMNS,
    MAX_CSV_MB,
    MAX_ROWS,
    MAX_UNPACKED_MB,
    PROGRESS_EVERY,
    Cancelled,
    FormulaWithoutValue,
    ImportFailed,
    Progress,
    Rollback,
    RowProblem,
    Table,
    all_or_nothing,
    cell_date,
    cell_text,
    check_xlsx_size,
    data_rows,
    formula_problem,
    id_cell,
    is_empty,
    read_csv_rows,
    read_table,
    read_xlsx_rows,
    report_progress,
    report_table,
)
from models.residents.entities import HOUSEHOLD_FLAGS, Resident
from models.residents.registry import FLAG_LABELS, ResidentInput, create_resident, validate_resident

__all__ = [  # the registry's import, and the skeleton's names its callers have always imported from here
    "EXCEL_MAX_ROW", "KINDS", "MAX_COLUMNS", "MAX_CSV_MB", "MAX_ROWS", "MAX_UNPACKED_MB", "PROGRESS_EVERY",
    "Cancelled", "FormulaWithoutValue", "ImportFailed", "ImportReport", "Progress", "RowProblem", "Table",
    "cell_date", "cell_text", "check_xlsx_size", "field_title", "fields_for", "formula_problem", "id_cell",
    "import_people", "is_empty", "missing_required", "parse_service_days", "read_csv_rows", "read_table",
    "read_xlsx_rows", "report_progress", "report_table", "suggest_mapping",
]

KINDS = ("residents", "elders")

#: (key, English header, other headers accepted). Residents' fields.
RESIDENT_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("name", N_("Name"), ("姓名", "名字", "居民姓名", "老人姓名")),
    ("id_number", N_("ID number"), ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "ID", "ID no")),
    ("gender", N_("Gender"), ("性别", "sex")),
    ("birth_date", N_("Birth date"), ("出生日期", "出生年月", "生日", "date of birth")),
    ("phone", N_("Phone"), ("电话", "联系电话", "手机", "手机号", "手机号码", "telephone", "mobile")),
    ("compound", N_("Compound"), ("小区", "小区名称", "住址小区")),
    ("building", N_("Building"), ("楼栋", "楼号", "栋", "幢", "楼")),
    ("unit", N_("Unit"), ("单元", "单元号")),
    ("room", N_("Room"), ("室", "房号", "室号", "门牌号", "房间号")),
    ("grid", N_("Grid"), ("网格", "所属网格", "网格名称")),
    *(
        (flag, FLAG_LABELS[flag], chinese)
        for flag, chinese in zip(
            HOUSEHOLD_FLAGS,
            (("独居",), ("空巢",), ("低保",), ("特困",), ("残疾",), ("优抚", "优抚对象")),
            strict=True,
        )
    ),
    ("notes", N_("Notes"), ("备注", "说明")),
)

#: What an elders' import reads besides the resident's fields.
ELDER_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("enrolled_on", N_("Enrolled on"), ("入托日期", "入院日期", "登记日期", "入托时间", "enrolment date")),
    ("care_level", N_("Care level"), ("能力等级", "护理等级", "自理能力", "照护等级")),
    ("service_days", N_("Service days"), ("服务日", "服务时间", "托养日", "来托日")),
    ("contact_name", N_("Emergency contact"), ("紧急联系人", "联系人", "联系人姓名", "监护人")),
    ("contact_relation", N_("Relation"), ("关系", "与老人关系", "联系人关系")),
    ("contact_phone", N_("Contact's phone"), ("紧急联系人电话", "联系人电话", "监护人电话")),
    ("diet", N_("Diet"), ("饮食", "饮食要求")),
    ("allergies", N_("Allergies"), ("过敏", "过敏史")),
    ("conditions", N_("Conditions"), ("病史", "慢性病", "健康状况")),
    ("medications", N_("Medications"), ("用药", "用药情况")),
)

REQUIRED: dict[str, tuple[str, ...]] = {
    "residents": ("name",),
    "elders": ("name", "contact_name", "contact_phone"),
}


def fields_for(kind: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    return RESIDENT_FIELDS + (ELDER_FIELDS if kind == "elders" else ())


def field_title(key: str) -> str:
    for k, english, _aliases in RESIDENT_FIELDS + ELDER_FIELDS:
        if k == key:
            return _(english)
    return key


def _norm_header(text: str) -> str:
    return re.sub(r"[\s*:：()（）_\-]", "", text).lower()


def suggest_mapping(headers: Sequence[str], kind: str = "residents") -> dict[str, int]:
    """Field key → column index, guessed from the headers (exact names first)."""
    lookup: dict[str, str] = {}
    for key, english, aliases in fields_for(kind):
        for name in (english, _(english), key, *aliases):
            lookup.setdefault(_norm_header(name), key)
    mapping: dict[str, int] = {}
    for i, header in enumerate(headers):
        key = lookup.get(_norm_header(header or ""))
        if key is not None and key not in mapping:
            mapping[key] = i
    return mapping


def missing_required(mapping: dict[str, int | None], kind: str) -> list[str]:
    return [k for k in REQUIRED[kind] if mapping.get(k) is None]



_YES = {"是", "有", "y", "yes", "1", "√", "✓", "true", "x", "★"}
_NO = {"否", "无", "n", "no", "0", "false", "×", "-"}
_GENDERS = {"男": "male", "女": "female", "m": "male", "f": "female", "male": "male", "female": "female"}
_CARE = {"能力完好": "intact", "完好": "intact", "自理": "intact", "轻度失能": "mild", "轻度": "mild",
         "中度失能": "moderate", "中度": "moderate", "重度失能": "severe", "重度": "severe",
         "完全失能": "total", "完全": "total"}
_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "七": 7}


def _yes_no(text: str) -> bool | None:
    folded = text.strip().lower()
    if folded in _YES:
        return True
    if folded in _NO or not folded:
        return False
    return None


def parse_service_days(text: str) -> frozenset[int] | None:
    """"周一至周五", "一三五", "12345", "1-5", "每天" → ISO weekdays (None: not understood)."""
    t = text.strip()
    for word in ("周", "週", "星期", "礼拜", "禮拜"):  # Simplified and Traditional
        t = t.replace(word, "")
    if not t:
        return frozenset({1, 2, 3, 4, 5})
    if t in ("每天", "全", "天天", "daily"):
        return frozenset(range(1, 8))
    t = "".join(str(_WEEKDAYS[c]) if c in _WEEKDAYS else c for c in t)
    days: set[int] = set()
    for part in re.split(r"[,，、/\s]+", t):
        if not part:
            continue
        m = re.fullmatch(r"([1-7])\s*[-~至到—]\s*([1-7])", part)
        if m and int(m.group(1)) <= int(m.group(2)):
            days.update(range(int(m.group(1)), int(m.group(2)) + 1))
        elif re.fullmatch(r"[1-7]+", part):
            days.update(int(c) for c in part)
        else:
            return None
    return frozenset(days) or None


# --- the import -------------------------------------------------------------------------------


@dataclass
class ImportReport(importing.ImportReport):
    """What a residents' or elders' import did, or would do on a dry run."""

    kind: str
    rows: int = 0
    created: int = 0
    reused: int = 0
    enrolled: int = 0
    dry_run: bool = False
    backup: Path | None = None


_FIELD_COLUMNS = {"birth_date": "birth_date", "gender": "gender", "id_number": "id_number", "name": "name",
                  "phone": "phone", "flags": "notes", "resident": "name", "enrolled_on": "enrolled_on",
                  "care_level": "care_level", "service_days": "service_days", "contacts": "contact_name"}


def import_people(
    db: Database,
    source: str | Path | Table,
    *,
    kind: str = "residents",
    mapping: dict[str, int | None] | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    backup: bool = True,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row, then write all of them in one transaction — or nothing.

    Args:
        source: a file path, or a :class:`Table` already read.
        kind: "residents", or "elders" (residents enrolled in day care too;
            an elder already in the registry with the same ID number and
            name is enrolled, not added again).
        mapping: field key → column index (default: :func:`suggest_mapping`).
        dry_run: check everything, write nothing.
        backup: back up the database (a file, or a server with pg_dump) before a real import writes.
        progress: ``progress(done, total)`` while the file is read (total 0)
            and the rows are checked; returning False stops the import before
            anything (backup, rows, audit entry) is written. The write itself,
            after the backup, is one transaction and is not interrupted.

    Raises:
        PermissionDenied: the current role may not import.
        LinliError: the file cannot be read, holds no rows, or a required
            column is not mapped.
        Cancelled: ``progress`` asked to stop; nothing was written.
        ImportFailed: rows have problems; nothing was written.
    """
    from models.safety.security import require

    require("import.people")
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    table = source if isinstance(source, Table) else read_table(source, progress=progress)
    mapping = dict(mapping) if mapping is not None else suggest_mapping(table.headers, kind)
    missing = missing_required(mapping, kind)
    if missing:
        raise LinliError(
            _("Choose the column for: {fields}.").format(fields=", ".join(field_title(k) for k in missing))
        )
    if not table.data_rows:
        raise LinliError(_("The file has a header but no rows to import; nothing was written."))
    today = today or dt.date.today()
    report = ImportReport(kind=kind, dry_run=dry_run)
    if kind == "residents":
        with db.session() as session:
            plan = _check_residents(session, table, mapping, report, today, progress)
        report.created = len(plan)  # on a dry run: how many would be added
    else:
        # Elders are few (a day-care centre's list): each row is tried in a transaction rolled back.
        plan = []
        with all_or_nothing(db) as session:
            _import_rows(session, table, mapping, report, today, progress)
            raise Rollback
    if report.problems:
        raise ImportFailed(report)
    if dry_run:
        return report
    report_progress(progress, report.rows, report.rows)  # the last moment to cancel: nothing is written yet
    # a file's verified backup, or a server's verified dump (pg_dump); an in-memory database has none
    if backup and (db.path is not None or db.engine.dialect.name == "postgresql"):
        from models.safety.server_backup import back_up_database

        report.backup = back_up_database(db, "import", note=kind).path
    written = ImportReport(kind=kind)
    with all_or_nothing(db) as session:
        if kind == "residents":
            _write_residents(session, table, plan, written, today)
        else:
            _import_rows(session, table, mapping, written, today, None)
        if written.problems:  # the database changed since the check
            raise Rollback
        from models.safety.audit import record

        record(session, "import", table="resident",
               summary=f"{kind}: {written.rows} rows, {written.created} new, {written.enrolled} enrolled")
    if written.problems:
        written.backup, written.warnings = report.backup, report.warnings
        raise ImportFailed(written)
    report.created, report.reused, report.enrolled = written.created, written.reused, written.enrolled
    report.written = True
    return report


def _parse_row(values: tuple, excel_row: int, mapping: dict[str, int | None], today: dt.date, elders: bool,
               seen_ids: dict[str, int], seen_name_phone: dict[tuple[str, str], int], *, search_keys: bool):  # type: ignore[no-untyped-def]
    """One row read and checked on its own and against the rows before it.

    Returns (problems, data, clean, enrolment): ``clean`` is the registry's
    validated values (None when a field is wrong).
    """
    from models.daycare import CARE_LEVEL_LABELS, ContactInput, EnrolmentInput

    problems: list[RowProblem] = []

    def problem(key: str, reason: str) -> None:
        problems.append(RowProblem(excel_row, field_title(key), reason))

    formula_keys: set[str] = set()

    def get(key: str) -> object:
        i = mapping.get(key)
        value = values[i] if i is not None and i < len(values) else None
        if isinstance(value, FormulaWithoutValue):
            if key not in formula_keys:
                formula_keys.add(key)
                problem(key, formula_problem(value.ref))
            return None
        return value

    id_text, damaged = id_cell(get("id_number"))
    if damaged:
        problem("id_number", damaged)
        id_text = ""
    gender_text = cell_text(get("gender")).lower()
    gender = _GENDERS.get(gender_text) if gender_text else None
    if gender_text and gender is None:
        problem("gender", _("“{value}” is not 男/女 (male/female)").format(value=cell_text(get("gender"))))
    try:
        birth = cell_date(get("birth_date"))
    except ValueError as exc:
        birth = None
        problem("birth_date", str(exc))
    flags = set()
    for flag in HOUSEHOLD_FLAGS:
        answer = _yes_no(cell_text(get(flag)))
        if answer is None:
            problem(flag, _("write 是 or 否 (yes or no)"))
        elif answer:
            flags.add(flag)
    data = ResidentInput(
        name=cell_text(get("name")),
        gender=gender,
        id_number=id_text,
        birth_date=birth,
        phone=cell_text(get("phone")),
        compound=cell_text(get("compound")),
        building=cell_text(get("building")),
        unit=cell_text(get("unit")),
        room=cell_text(get("room")),
        grid=cell_text(get("grid")),
        flags=frozenset(flags),
        notes=cell_text(get("notes")),
    )
    clean = None
    try:
        clean = validate_resident(data, today=today, search_keys=search_keys)
    except ValidationFailed as exc:
        for fld, msg in exc.errors.items():
            if fld == "id_number" and damaged:
                continue
            column = _FIELD_COLUMNS.get(fld, fld)
            if column in formula_keys:
                continue  # already reported: the cell is a formula without a value
            problem(column, msg)
    if clean is not None:
        if clean["id_number"]:
            first = seen_ids.setdefault(clean["id_number"], excel_row)
            if first != excel_row:
                problem("id_number", _("the same ID number as row {row}").format(row=first))
        if clean["phone"]:
            first = seen_name_phone.setdefault((clean["name"], clean["phone"]), excel_row)
            if first != excel_row:
                problem("name", _("the same name and phone as row {row}").format(row=first))
    enrolment = None
    if elders:
        try:
            enrolled_on = cell_date(get("enrolled_on")) or today
        except ValueError as exc:
            enrolled_on = today
            problem("enrolled_on", str(exc))
        level_text = cell_text(get("care_level"))
        level = "intact"
        if level_text:
            level = _CARE.get(level_text) or next(
                (k for k, label in CARE_LEVEL_LABELS.items()
                 if level_text.lower() in (k, label.lower(), _(label).lower())), None)
            if level is None:
                problem("care_level", _("“{value}” is not a care level ({choices})").format(
                    value=level_text, choices="、".join(_CARE)[:40]))
        days = parse_service_days(cell_text(get("service_days")))
        if days is None:
            problem("service_days", _("write the days as 周一至周五, 一三五 or 1-5"))
        enrolment = EnrolmentInput(
            enrolled_on=enrolled_on,
            care_level=level or "intact",
            service_days=days or frozenset({1, 2, 3, 4, 5}),
            diet=cell_text(get("diet")),
            allergies=cell_text(get("allergies")),
            conditions=cell_text(get("conditions")),
            medications=cell_text(get("medications")),
            contacts=[ContactInput(
                name=cell_text(get("contact_name")),
                relation=cell_text(get("contact_relation")),
                phone=cell_text(get("contact_phone")),
            )],
        )
    return problems, data, clean, enrolment


_CHUNK = 500  # values per IN (...) query: under SQLite's variable limit


def _registered(session, plan: list[tuple[int, dict]]) -> list[RowProblem]:  # type: ignore[no-untyped-def]
    """The registry's duplicate guard for many rows at once: a few IN queries, not two per row.

    The same refusals as :func:`models.residents.registry.create_resident`: an ID number
    already registered (an error), the same name and phone (a question the
    import cannot ask, so a problem).
    """
    from sqlalchemy import select

    ids = sorted({clean["id_number"] for _row, clean in plan if clean["id_number"]})
    phones = sorted({clean["phone"] for _row, clean in plan if clean["phone"]})
    by_id: dict[str, tuple[str, bool]] = {}
    for i in range(0, len(ids), _CHUNK):
        stmt = select(Resident.id_number, Resident.name, Resident.archived).where(Resident.id_number.in_(ids[i:i + _CHUNK]))
        for number, name, archived in session.execute(stmt):
            by_id[number] = (name, archived)
    name_phone: set[tuple[str, str]] = set()
    for i in range(0, len(phones), _CHUNK):
        stmt = select(Resident.name, Resident.phone).where(Resident.phone.in_(phones[i:i + _CHUNK]))
        name_phone.update((name, phone) for name, phone in session.execute(stmt))
    problems = []
    for excel_row, clean in plan:
        if clean["id_number"] in by_id:
            name, archived = by_id[clean["id_number"]]
            msg = _("This ID number is already registered to {name}.").format(name=name)
            if archived:
                msg += " " + _("That record is archived: restore it instead of adding a new one.")
            problems.append(RowProblem(excel_row, field_title("id_number"), msg))
        elif clean["phone"] and (clean["name"], clean["phone"]) in name_phone:
            problems.append(RowProblem(excel_row, field_title("name"), _(
                "{name} with the same phone number is already registered. Is this the same person?"
            ).format(name=clean["name"])))
    return problems


def _check_residents(session, table: Table, mapping: dict[str, int | None], report: ImportReport,  # type: ignore[no-untyped-def]
                     today: dt.date, progress: Progress | None) -> list[tuple[int, dict]]:
    """Every row checked without writing: per-row rules in Python, the database in a few batched queries."""
    seen_ids: dict[str, int] = {}
    seen_name_phone: dict[tuple[str, str], int] = {}
    plan: list[tuple[int, dict]] = []
    total = len(table.rows)
    for excel_row, values in data_rows(table.rows, table.first_row, progress):
        report.rows += 1
        problems, _data, clean, _enrolment = _parse_row(
            values, excel_row, mapping, today, False, seen_ids, seen_name_phone, search_keys=False)
        if problems or clean is None:
            report.problems.extend(problems)
        else:
            plan.append((excel_row, clean))
    report_progress(progress, total, total)
    report.problems.extend(_registered(session, plan))
    report.problems.sort(key=lambda p: p.row)
    return plan


def _write_residents(session, table: Table, plan: list[tuple[int, dict]], report: ImportReport,  # type: ignore[no-untyped-def]
                     today: dt.date) -> None:
    """Add the checked rows (the duplicate guard run again inside the transaction)."""
    from models.residents.names import name_keys
    from models.safety.security import require

    require("residents.write")
    report.rows = len(plan)
    report.problems.extend(_registered(session, plan))
    if report.problems:
        return
    keys_of: dict[str, object] = {}
    batch: list[Resident] = []
    for _excel_row, clean in plan:
        keys = keys_of.get(clean["name"])
        if keys is None:
            keys = keys_of[clean["name"]] = name_keys(clean["name"])
        batch.append(Resident(**clean, name_pinyin=keys.pinyin, name_initials=keys.initials))  # type: ignore[attr-defined]
        if len(batch) >= 2000:
            session.add_all(batch)
            session.flush()
            batch = []
    session.add_all(batch)
    session.flush()
    report.created = len(plan)


def _import_rows(session, table: Table, mapping: dict[str, int | None], report: ImportReport, today: dt.date,  # type: ignore[no-untyped-def]
                 progress: Progress | None) -> None:
    """Row by row through the registry (create_resident, enrol): the elders' import."""
    from sqlalchemy import select

    from models.daycare import enrol

    elders = report.kind == "elders"
    seen_ids: dict[str, int] = {}
    seen_name_phone: dict[tuple[str, str], int] = {}
    for excel_row, values in data_rows(table.rows, table.first_row, progress):
        report.rows += 1
        problems, data, clean, enrolment = _parse_row(
            values, excel_row, mapping, today, elders, seen_ids, seen_name_phone, search_keys=False)

        def problem(key: str, reason: str, excel_row=excel_row, problems=problems) -> None:
            problems.append(RowProblem(excel_row, field_title(key), reason))

        if problems or clean is None:
            report.problems.extend(problems)
            continue

        # Against the database: the registry's own duplicate guard.
        resident = None
        if elders and clean["id_number"]:
            resident = session.scalar(select(Resident).where(Resident.id_number == clean["id_number"]))
            if resident is not None and resident.name != clean["name"]:
                problem("name", _("the ID number belongs to {name} in the registry").format(name=resident.name))
                report.problems.extend(problems)
                continue
        if resident is None:
            try:
                resident = create_resident(session, data, today=today)
            except ValidationFailed as exc:
                for fld, msg in exc.errors.items():
                    problem(_FIELD_COLUMNS.get(fld, fld), msg)
            except NeedsConfirmation as exc:
                for msg in exc.warnings:
                    problem("name", msg)
            if problems:
                report.problems.extend(problems)
                continue
            report.created += 1
        else:
            report.reused += 1
        if enrolment is not None:
            assert resident is not None
            enrolment.resident_id = resident.id
            try:
                try:
                    enrol(session, enrolment, today=today, by=_("import"))
                except NeedsConfirmation as exc:
                    report.warnings.extend(RowProblem(excel_row, field_title("birth_date"), w) for w in exc.warnings)
                    enrol(session, enrolment, confirmed=True, today=today, by=_("import"))
            except ValidationFailed as exc:
                for fld, msg in exc.errors.items():
                    key = "contact_name" if fld.startswith("contact") else _FIELD_COLUMNS.get(fld, fld)
                    problem(key, msg)
                report.problems.extend(problems)
                continue
            report.enrolled += 1
