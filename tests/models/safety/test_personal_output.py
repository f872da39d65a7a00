"""The one rule for files that leave Linli (models.safety.export), and the permissions that
make_backup, restore_backup and the audit reading check themselves."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from models.core.db import open_database
from models.safety import export
from models.safety.audit import AuditEntry, AuditListSource, verify_chain
from models.safety.backup import make_backup, restore_backup
from models.safety.security import (
    ADMIN,
    CLERK,
    VOLUNTEER,
    Actor,
    PermissionDenied,
    acting_as,
    os_login,
)

BOSS = Actor("boss", ADMIN, 1)
CLERK_WANG = Actor("wang", CLERK, 2)
VOLUNTEER_LI = Actor("li", VOLUNTEER, 3)


def _entries(db, action: str) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_a_personal_output_needs_the_export_permission_and_is_recorded_with_the_base_name_only(db) -> None:
    with acting_as(CLERK_WANG), pytest.raises(PermissionDenied, match="Clerk"):
        with db.write() as s:
            export.personal_output(s, export.ROSTER, 12, "/home/wang/Desktop/roster.xlsx")
    assert _entries(db, "export") == []

    with acting_as(BOSS), db.write() as s:
        export.personal_output(s, export.ROSTER, 12, "/home/boss/张三的文件夹/roster.xlsx")
    [entry] = _entries(db, "export")
    assert entry.summary == "party roster: 12 people, roster.xlsx"  # what, how many, the file — no folder
    assert "张三" not in entry.summary and "/" not in entry.summary
    assert (entry.actor, entry.actor_id) == ("boss", 1)
    assert entry.os_user == os_login() and entry.os_user  # and the computer's login


def test_a_publication_needs_no_export_permission_and_is_recorded_as_published(db) -> None:
    with acting_as(VOLUNTEER_LI), db.write() as s:
        export.publication(s, export.SIGNUP_PUBLIC, 8, "C:\\Users\\li\\signup-3.pdf")
    [entry] = _entries(db, "publish")
    assert entry.summary == "activity sign-up sheet (masked): 8 people, signup-3.pdf"
    assert entry.actor == "li"


def test_the_early_check_refuses_clerks_and_volunteers_but_not_administrators() -> None:
    for who in (CLERK_WANG, VOLUNTEER_LI):
        with acting_as(who), pytest.raises(PermissionDenied):
            export.require_personal_output()
    with acting_as(BOSS):
        export.require_personal_output()


def test_the_roster_rows_refuse_a_clerk_in_the_domain(db) -> None:
    """A hidden button is not the guard: the roster's data function refuses itself."""
    from models.party.roster import roster_rows

    with acting_as(CLERK_WANG), db.session() as s, pytest.raises(PermissionDenied):
        roster_rows(s)
    with acting_as(BOSS), db.session() as s:
        assert roster_rows(s) == []


def test_a_list_export_names_its_file_in_the_entry(db) -> None:
    from models.residents.registry import ResidentListSource

    with acting_as(BOSS):
        export.export_list(db, ResidentListSource(), title="Residents", filename="/tmp/x/residents.xlsx")
    assert _entries(db, "export")[-1].summary.endswith(", residents.xlsx")


@pytest.fixture
def file_db(tmp_path: Path):
    database = open_database(tmp_path / "linli.sqlite3")
    yield database
    database.dispose()


def test_make_backup_checks_backup_make_for_what_a_person_asks_for(file_db, tmp_path: Path) -> None:
    with acting_as(VOLUNTEER_LI):
        with pytest.raises(PermissionDenied):
            make_backup(file_db.path, "manual", second_folder="")
        with pytest.raises(PermissionDenied):
            make_backup(file_db.path, "timer", dest=tmp_path / "usb", second_folder="")
        # The program's own backups (every 30 minutes, before an import...) run whoever is logged in.
        assert make_backup(file_db.path, "timer", second_folder="").path.is_file()
    assert not (tmp_path / "usb").exists()
    with acting_as(CLERK_WANG):  # clerks keep backup.make
        assert make_backup(file_db.path, "manual", dest=tmp_path / "usb", second_folder="").path.is_file()


def test_restore_backup_needs_the_restore_permission(file_db, tmp_path: Path) -> None:
    backup = make_backup(file_db.path, "manual", second_folder="").path
    file_db.dispose()
    before = file_db.path.read_bytes()
    with acting_as(CLERK_WANG), pytest.raises(PermissionDenied):
        restore_backup(file_db.path, backup)
    assert file_db.path.read_bytes() == before  # nothing done, no safety copy either
    assert not [p for p in backup.parent.iterdir() if "restore" in p.name]


def test_reading_the_trail_needs_audit_read_but_verifying_it_does_not(db) -> None:
    with db.write() as s:
        export.publication(s, export.ACTIVITY_STATS, 0, "a.pdf")
    with acting_as(CLERK_WANG), db.session() as s:
        with pytest.raises(PermissionDenied):
            AuditListSource().ids(s, "", None, False)
        assert verify_chain(s).sound  # the health check (audit check) stays open: counts and ids only


def test_the_os_login_is_covered_by_the_chain_hash(tmp_path: Path) -> None:
    path = tmp_path / "linli.sqlite3"
    db = open_database(path)
    with db.write() as s:
        export.publication(s, export.ACTIVITY_STATS, 0, "a.pdf")
        export.publication(s, export.ACTIVITY_STATS, 0, "b.pdf")
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("UPDATE audit_entry SET os_user = 'someone-else' WHERE id = 1")
    conn.commit()
    conn.close()
    db = open_database(path, create=False)
    with db.session() as s:
        report = verify_chain(s)
    db.dispose()
    assert report.broken_id == 1 and "changed" in report.reason


def test_an_entry_from_before_the_os_login_column_still_verifies(tmp_path: Path) -> None:
    """Entries written before migration 0008 have no os_user; their hash did not cover it."""
    from models.safety import audit

    path = tmp_path / "linli.sqlite3"
    db = open_database(path)
    db.dispose()
    at = "2026-11-22 08:00:00"
    import datetime as dt

    content = audit.entry_content(1, dt.datetime(2026, 11, 22, 8), "system", None, "print", None, None, "old")
    digest = audit.chain_hash(audit.GENESIS, content)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO audit_entry (id, at, actor, actor_id, action, table_name, record_id, summary, os_user, "
        "prev_hash, hash) VALUES (1, ?, 'system', NULL, 'print', NULL, NULL, 'old', NULL, ?, ?)",
        (at, audit.GENESIS, digest),
    )
    conn.commit()
    conn.close()
    db = open_database(path, create=False)
    with db.write() as s:
        export.publication(s, export.ACTIVITY_STATS, 0, "new.pdf")
    with db.session() as s:
        report = verify_chain(s)
    db.dispose()
    assert report.sound and report.entries == 2
