"""Import hardening (issue 13): size and row caps, no rows, formulas without a value, progress and cancel.

Every refusal leaves nothing behind: no rows, no backup, no audit entry.
"""

from __future__ import annotations

import csv
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text

import models.core.importer as importer
import models.core.importing as importing
from models.core.db import open_database
from models.core.errors import LinliError
from models.core.importer import Cancelled, ImportFailed, import_people, read_table
from models.residents.entities import Resident
from models.safety.backup import backup_folder

HEADER = ["姓名", "身份证号", "电话", "小区"]


@pytest.fixture
def file_db(tmp_path):
    db = open_database(tmp_path / "linli.sqlite3")
    yield db
    db.dispose()


def audit_count(db) -> int:
    with db.session() as s:
        return s.scalar(text("SELECT count(*) FROM audit_entry"))


def assert_nothing_written(db, audit_before: int) -> None:
    with db.session() as s:
        assert s.scalar(select(func.count(Resident.id))) == 0
    assert audit_count(db) == audit_before
    folder = backup_folder(db.path)
    assert not folder.exists() or not any(folder.iterdir())


def workbook(path, rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def people(n: int, make_id) -> list[list]:
    return [[f"张{'伟芳娜秀英'[i % 5]}{'明强磊军洋'[i // 5 % 5]}", make_id("19500101", i % 1000, area=f"1101{i // 1000:02d}"),
             f"138{i:08d}", "幸福小区"] for i in range(n)]


# --- size caps -----------------------------------------------------------------------------------


def bomb(path) -> None:
    """A small, valid workbook plus a part that unpacks to just over the cap (zeros compress ~1000:1)."""
    workbook(path, [["张三", None, None, None]])
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z, z.open("xl/media/padding.bin", "w") as fh:
        for _ in range(importer.MAX_UNPACKED_MB + 1):
            fh.write(chunk)


def test_a_zip_bomb_is_refused_from_the_zip_directory_before_anything_is_read(file_db, tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    bomb(path)
    assert path.stat().st_size < 2 * 1024 * 1024  # small on disk
    import openpyxl

    def never(*_a, **_k):  # the refusal comes before openpyxl opens anything
        raise AssertionError("load_workbook called")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    before = audit_count(file_db)
    with pytest.raises(LinliError, match=rf"unpacks to 201 MB, more than the {importer.MAX_UNPACKED_MB} MB"):
        import_people(file_db, path)
    assert_nothing_written(file_db, before)


def test_the_caps_are_the_stated_figures():
    assert importer.MAX_UNPACKED_MB == 200 and importer.MAX_ROWS == 200_000 and importer.MAX_CSV_MB == 100


def test_too_many_rows_are_refused_while_streaming_even_when_the_dimension_lies(file_db, tmp_path, make_id, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 50)
    path = workbook(tmp_path / "many.xlsx", people(60, make_id))
    with zipfile.ZipFile(path) as z:  # the sheet says it is two rows tall
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B2"',
                                               parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    before = audit_count(file_db)
    with pytest.raises(LinliError, match="more than 50 rows"):
        import_people(file_db, path)
    assert_nothing_written(file_db, before)
    ok = workbook(tmp_path / "fifty.xlsx", people(50, make_id))
    assert import_people(file_db, ok, dry_run=True).rows == 50


def test_csv_row_and_size_caps(file_db, tmp_path, make_id, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 50)
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *people(51, make_id)])
    with pytest.raises(LinliError, match="more than 50 rows"):
        import_people(file_db, path)
    monkeypatch.setattr(importing, "MAX_CSV_MB", 0)
    with pytest.raises(LinliError, match="more than the 0 MB"):
        read_table(path)
    assert_nothing_written(file_db, audit_count(file_db))


def test_columns_after_the_cap_are_not_read(tmp_path):
    path = workbook(tmp_path / "wide.xlsx", [["张三"] + [None] * 500 + ["x"]])
    table = read_table(path)
    assert all(len(r) <= importer.MAX_COLUMNS for r in table.rows)


# --- no rows ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_a_header_without_rows_is_refused(file_db, tmp_path, suffix):
    path = tmp_path / f"empty.{suffix}"
    if suffix == "xlsx":
        workbook(path, [[None, None], []])
    else:
        path.write_text(",".join(HEADER) + "\n,,,\n", encoding="utf-8")
    before = audit_count(file_db)
    with pytest.raises(LinliError, match="no rows to import"):
        import_people(file_db, path)
    with pytest.raises(LinliError, match="no rows to import"):
        import_people(file_db, path, dry_run=True)
    assert_nothing_written(file_db, before)


# --- formulas without a cached value ----------------------------------------------------------------


def test_a_formula_without_a_value_is_reported_by_cell_not_as_blank(file_db, tmp_path, make_id):
    """openpyxl writes formulas without a cached value, as a script-made file has them."""
    path = workbook(tmp_path / "f.xlsx", [
        ['="张"&"三"', make_id("19500101", 11), "13800138000", "幸福小区"],
        ["李四", '=TEXT(110105195001011234,"0")', '="1380013"&"8001"', "幸福小区"],
        ["王五", None, None, "=A2"],
    ])
    before = audit_count(file_db)
    with pytest.raises(ImportFailed) as info:
        import_people(file_db, path)
    problems = [(p.row, p.column, p.reason) for p in info.value.report.problems]
    assert (2, "Name", "formula without a value in cell A2 — open the file in Excel, save it, then import again") in problems
    assert not any(p[1] == "Name" and "formula" not in p[2] for p in problems)  # not "enter the name"
    assert any(p[:2] == (3, "ID number") and "cell B3" in p[2] for p in problems)
    assert any(p[:2] == (3, "Phone") and "cell C3" in p[2] for p in problems)
    assert any(p[:2] == (4, "Compound") and "cell D4" in p[2] for p in problems)
    assert len(problems) == 4
    assert_nothing_written(file_db, before)


def test_a_formula_with_a_cached_value_is_imported_as_its_value(file_db, tmp_path):
    path = workbook(tmp_path / "cached.xlsx", [["张三", None, '="1380013"&"8000"', '=IF(1,"","x")']])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    sheet = re.sub(rb'<c r="C2"><f>(.*?)</f><v ?/>', rb'<c r="C2" t="str"><f>\1</f><v>13800138000</v>', sheet)
    sheet = re.sub(rb'<c r="D2"><f>(.*?)</f><v ?/>', rb'<c r="D2" t="str"><f>\1</f><v></v>', sheet)  # an empty text result
    assert b"13800138000" in sheet and b't="str"><f>IF' in sheet  # as Excel saves them
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    report = import_people(file_db, path, backup=False)
    assert report.created == 1
    with file_db.session() as s:
        assert s.scalar(select(Resident.phone)) == "13800138000"


# --- progress and cancel ---------------------------------------------------------------------------


def test_progress_is_reported_and_cancel_leaves_nothing_behind(file_db, tmp_path, make_id, monkeypatch):
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 10)
    path = workbook(tmp_path / "p.xlsx", people(45, make_id))
    calls: list[tuple[int, int]] = []
    report = import_people(file_db, path, dry_run=True, progress=lambda d, t: calls.append((d, t)))
    assert report.rows == 45
    checking = [c for c in calls if c[1]]
    assert checking[-1] == (45, 45) and [d for d, _t in checking] == sorted(d for d, _t in checking)
    assert any(t == 0 for _d, t in calls)  # reading: the total is not known yet

    before = audit_count(file_db)
    for stop_at in (10, 45):  # while checking; at the last moment before the backup
        with pytest.raises(Cancelled, match="nothing was written"):
            import_people(file_db, path, progress=lambda d, t, s=stop_at: not (t and d >= s))
        assert_nothing_written(file_db, before)

    def raising(done, total):
        if total and done >= 20:
            raise Cancelled
    with pytest.raises(Cancelled):
        import_people(file_db, path, progress=raising)
    assert_nothing_written(file_db, before)
    # and without cancel it is written, with one import entry and a backup
    done = import_people(file_db, path)
    assert done.written and done.created == 45 and done.backup is not None


def test_the_batched_check_reports_what_the_registry_would(file_db, tmp_path, make_id):
    from models.residents.registry import ResidentInput, create_resident, set_archived

    taken, archived = make_id("19450303", 21), make_id("19450303", 31)
    with file_db.write() as s:
        create_resident(s, ResidentInput(name="老住户", id_number=taken))
        old = create_resident(s, ResidentInput(name="旧住户", id_number=archived))
        set_archived(s, old.id, True)
        create_resident(s, ResidentInput(name="王芳", phone="13900001111"))
    path = workbook(tmp_path / "d.xlsx", [
        ["新人", taken, None, None], ["新人二", archived, None, None], ["王芳", None, "13900001111", None],
        ["赵六", make_id("19600101", 11), "13900002222", None],
    ])
    with pytest.raises(ImportFailed) as info:
        import_people(file_db, path)
    got = [(p.row, p.column, p.reason) for p in info.value.report.problems]
    assert got == [
        (2, "ID number", "This ID number is already registered to 老住户."),
        (3, "ID number", "This ID number is already registered to 旧住户. That record is archived: restore it instead "
                         "of adding a new one."),
        (4, "Name", "王芳 with the same phone number is already registered. Is this the same person?"),
    ]


# --- the Party roster and the notice table read the same way ------------------------------------------


def test_the_roster_import_has_the_same_caps_and_checks(file_db, tmp_path, monkeypatch):
    from models.party.roster import ROSTER_COLUMNS, import_roster
    from models.party.roster import ImportFailed as RosterFailed

    header = [english for _k, english, _a in ROSTER_COLUMNS]
    bomb_path = tmp_path / "bomb.xlsx"
    bomb(bomb_path)
    before = audit_count(file_db)
    with pytest.raises(LinliError, match="unpacks to"):
        import_roster(file_db, bomb_path)
    with pytest.raises(LinliError, match="no rows to import"):
        import_roster(file_db, workbook(tmp_path / "h.xlsx", [], header=header))
    row = ["" for _ in header]
    row[header.index("Name")] = '="张"&"三"'
    with pytest.raises(RosterFailed) as info:
        import_roster(file_db, workbook(tmp_path / "f.xlsx", [row], header=header))
    from openpyxl.utils import get_column_letter

    cell = f"{get_column_letter(header.index('Name') + 1)}2"
    name_problems = [p for p in info.value.report.problems if p.column == "Name"]
    assert [p.reason for p in name_problems] == [
        f"formula without a value in cell {cell} — open the file in Excel, save it, then import again"]
    with pytest.raises(Cancelled):
        import_roster(file_db, workbook(tmp_path / "c.xlsx", [["张三"]], header=header), progress=lambda d, t: False)
    assert_nothing_written(file_db, before)


def test_the_notice_table_refuses_a_bomb_and_a_formula_without_value(tmp_path):
    from models.notices import read_table_xlsx

    bomb_path = tmp_path / "bomb.xlsx"
    bomb(bomb_path)
    with pytest.raises(LinliError, match="unpacks to"):
        read_table_xlsx(str(bomb_path))
    with pytest.raises(LinliError, match="formula without a value in cell B2"):
        read_table_xlsx(str(workbook(tmp_path / "f.xlsx", [["a", "=1+1"]], header=["x", "y"])))
