"""The audit trail: generic records of personal data, explicit entries, the hash chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from models.core.db import open_database
from models.core.settings import CentreInfo, save_centre_info
from models.residents.registry import ResidentInput, create_resident, set_archived, update_resident
from models.safety import audit
from models.safety.audit import AuditEntry, AuditFilter, AuditListSource, record, verify_chain
from models.safety.security import CLERK, VOLUNTEER, Actor, PermissionDenied, acting_as

CLERK_ACTOR = Actor("wang", CLERK, user_id=7)


def entries(db) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_create_change_archive_of_a_resident_is_recorded_without_values(db, today, make_id) -> None:
    number = make_id("19500101", 11)
    with acting_as(CLERK_ACTOR), db.write() as s:
        rid = create_resident(s, ResidentInput(name="张三", id_number=number, phone="13800138000"), today=today).id
    with acting_as(CLERK_ACTOR), db.write() as s:
        update_resident(
            s, rid, ResidentInput(name="张三", id_number=number, phone="13900139000", notes="心脏病"), today=today
        )
    with db.write() as s:
        set_archived(s, rid, True)
    got = entries(db)
    assert [(e.action, e.table_name, e.record_id) for e in got] == [
        ("create", "resident", rid),
        ("change", "resident", rid),
        ("archive", "resident", rid),
    ]
    assert got[0].actor == "wang" and got[0].actor_id == 7
    assert got[2].actor == "system"
    assert "phone" in got[1].summary and "notes" in got[1].summary
    assert "name" not in got[1].summary.split(": ")[1].split(", ")  # unchanged fields are not named
    for e in got:
        for secret in (number, "13800138000", "13900139000", "心脏病", "张三"):
            assert secret not in e.summary


def test_an_unchanged_save_records_nothing(db, today) -> None:
    with db.write() as s:
        rid = create_resident(s, ResidentInput(name="李四"), today=today).id
    with db.write() as s:
        update_resident(s, rid, ResidentInput(name="李四"), today=today)
    assert [e.action for e in entries(db)] == ["create"]


def test_settings_are_recorded_by_key(db) -> None:
    with db.write() as s:
        save_centre_info(s, CentreInfo(name="幸福社区"))
    got = entries(db)
    assert {e.action for e in got} == {"create"}
    assert any("centre.name" in e.summary for e in got)


def test_personal_tables_are_found_generically() -> None:
    tables = audit.audited_tables()
    for name in ("resident", "daycare_enrolment", "daycare_visit", "activity_booking", "party_member",
                 "party_dues_payment", "setting"):
        assert name in tables
    assert "audit_entry" not in tables and "user_account" not in tables


def test_explicit_entries_and_a_sound_chain(db) -> None:
    with acting_as(CLERK_ACTOR), db.write() as s:
        record(s, "export", table="resident", summary="residents list, 3 rows, .xlsx")
        record(s, "reveal", table="resident", record_id=12, summary="ID number")
    with db.write() as s:
        record(s, "backup", summary="to D:/backups")
    with db.session() as s:
        report = verify_chain(s)
    assert report.sound and report.entries == 3
    got = entries(db)
    assert [e.id for e in got] == [1, 2, 3]
    assert got[0].prev_hash == audit.GENESIS and got[1].prev_hash == got[0].hash


def test_the_trail_refuses_update_and_delete(db) -> None:
    with db.write() as s:
        record(s, "print", summary="sign-in sheet")
    for sql in ("UPDATE audit_entry SET summary = 'x'", "DELETE FROM audit_entry"):
        with pytest.raises(DatabaseError, match="append-only"), db.write() as s:
            s.execute(text(sql))


def _tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("DROP TRIGGER audit_entry_no_delete")
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("sql", "broken", "reason"),
    [
        ("UPDATE audit_entry SET summary = 'nothing to see' WHERE id = 3", 3, "content was changed"),
        ("UPDATE audit_entry SET actor = 'someone' WHERE id = 2", 2, "content was changed"),
        ("DELETE FROM audit_entry WHERE id = 2", 3, "missing"),
    ],
)
def test_verification_names_the_entry_that_was_tampered_with(tmp_db_path, sql, broken, reason) -> None:
    db = open_database(tmp_db_path)
    try:
        with db.write() as s:
            for n in range(5):
                record(s, "print", summary=f"sheet {n}")
        db.dispose()
        _tamper(tmp_db_path, sql)
        db = open_database(tmp_db_path, create=False)
        with db.session() as s:
            report = verify_chain(s)
        assert not report.sound
        assert report.broken_id == broken
        assert reason in report.reason
    finally:
        db.dispose()


def test_a_rewritten_tail_with_fresh_hashes_still_breaks_at_the_link(tmp_db_path) -> None:
    db = open_database(tmp_db_path)
    with db.write() as s:
        for n in range(3):
            record(s, "print", summary=f"sheet {n}")
    with db.session() as s:
        first = s.get(AuditEntry, 1)
    db.dispose()
    # Someone recomputes entry 2's own hash after editing it, but not entry 3's link.
    content = audit.entry_content(2, first.at, "system", None, "print", None, None, "edited", first.os_user)
    new_hash = audit.chain_hash(first.hash, content)
    _tamper(tmp_db_path, f"UPDATE audit_entry SET summary = 'edited', hash = '{new_hash}' WHERE id = 2")
    db = open_database(tmp_db_path, create=False)
    with db.session() as s:
        report = verify_chain(s)
    db.dispose()
    assert report.broken_id == 3 and "link" in report.reason


def test_rollback_leaves_no_entry(db, today) -> None:
    with pytest.raises(RuntimeError), db.write() as s:
        create_resident(s, ResidentInput(name="王五"), today=today)
        raise RuntimeError
    assert entries(db) == []


def test_only_administrators_read_the_trail(db) -> None:
    with db.write() as s:
        record(s, "login", table="user_account", record_id=1)
        record(s, "export", table="resident", summary="list")
    source = AuditListSource()
    with db.session() as s:
        ids = source.ids(s, "", None, False)
        assert ids == [2, 1]  # newest first
        rows = source.rows(s, ids)
        assert rows[2][2] == "Exported"
        assert AuditListSource(AuditFilter(action="login")).ids(s, "", None, False) == [1]
        assert source.ids(s, "list", None, False) == [2]
        for role in (CLERK, VOLUNTEER):
            with acting_as(Actor("x", role)), pytest.raises(PermissionDenied):
                source.ids(s, "", None, False)


def test_revealing_a_value_is_recorded_and_refused_to_volunteers(db, today, make_id) -> None:
    number = make_id("19500101", 13)
    with db.write() as s:
        rid = create_resident(s, ResidentInput(name="钱七", id_number=number), today=today).id
    with acting_as(CLERK_ACTOR), db.write() as s:
        assert audit.reveal(s, rid, "id_number") == number
    with acting_as(Actor("v", VOLUNTEER)), db.write() as s, pytest.raises(PermissionDenied):
        audit.reveal(s, rid, "phone")
    last = entries(db)[-1]
    assert (last.action, last.record_id, last.actor) == ("reveal", rid, "wang")
    assert number not in last.summary


def test_audit_check_command(tmp_db_path, capsys) -> None:
    import main

    db = open_database(tmp_db_path)
    with db.write() as s:
        record(s, "print", summary="sheet")
        record(s, "print", summary="sheet 2")
    db.dispose()
    assert main.main(["audit", "check", "--db", str(tmp_db_path)]) == 0
    assert "2 entries" in capsys.readouterr().out
    _tamper(tmp_db_path, "UPDATE audit_entry SET summary = 'x' WHERE id = 1")
    assert main.main(["audit", "check", "--db", str(tmp_db_path)]) == 1
    assert "entry 1" in capsys.readouterr().err
