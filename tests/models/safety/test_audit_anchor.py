"""The audit trail's anchors: truncation and a recomputed chain are caught, dropped triggers reported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import main
from models.core.db import open_database
from models.safety import audit
from models.safety.audit import (
    ANCHOR_STARTUP,
    anchor_file,
    anchor_path,
    chain_hash,
    check_trail,
    entry_content,
    read_anchors,
    record,
)
from models.safety.backup import backup_folder, make_backup, restore_backup
from models.safety.startup import start_up


def _fill(path: Path, n: int, start: int = 0) -> None:
    db = open_database(path)
    try:
        with db.write() as s:
            for i in range(start, start + n):
                record(s, "print", summary=f"sheet {i}")
    finally:
        db.dispose()


def _sql(path: Path, *statements: str) -> None:
    """What an attacker with the file does: drop the triggers, then edit the trail."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _recompute_chain(path: Path) -> None:
    """Rewrite every entry's links and hashes so that the chain verifies again."""
    import datetime as dt

    conn = sqlite3.connect(path)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(audit_entry)")]
    os_user = "os_user" if "os_user" in columns else "NULL"  # a later migration adds the login
    rows = conn.execute(
        f"SELECT id, at, actor, actor_id, action, table_name, record_id, summary, {os_user} "
        "FROM audit_entry ORDER BY id"
    ).fetchall()
    prev = audit.GENESIS
    for entry_id, at, actor, actor_id, action, table_name, record_id, summary, login in rows:
        fields = [entry_id, dt.datetime.fromisoformat(at), actor, actor_id, action, table_name, record_id, summary]
        digest = chain_hash(prev, entry_content(*fields, *([login] if login is not None else [])))
        conn.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, entry_id))
        prev = digest
    conn.commit()
    conn.close()


def _last_id(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT MAX(id) FROM audit_entry").fetchone()[0]
    finally:
        conn.close()


def _audit_check(path: Path, capsys) -> tuple[int, str, str]:
    code = main.main(["audit", "check", "--db", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _start(path: Path) -> list[str]:
    db = open_database(path, create=False)
    result = start_up(db)
    try:
        return result.messages
    finally:
        if result.lock is not None:
            result.lock.release()
        result.db.dispose()


def test_start_up_writes_an_anchor_of_the_last_entry(tmp_db_path) -> None:
    _fill(tmp_db_path, 5)
    assert _start(tmp_db_path) == []
    last = _last_id(tmp_db_path)  # the weekly check's date is a setting: recorded too
    anchors, problems = read_anchors(tmp_db_path)
    assert problems == []
    assert [(a.entry_id, a.reason) for a in anchors] == [(last, ANCHOR_STARTUP)]
    conn = sqlite3.connect(tmp_db_path)
    assert anchors[0].hash == conn.execute("SELECT hash FROM audit_entry WHERE id = ?", (last,)).fetchone()[0]
    conn.close()
    line = json.loads(anchor_path(tmp_db_path).read_text(encoding="utf-8").splitlines()[0])
    assert set(line) == {"at", "entry", "hash", "reason"}
    # Nothing new: no second line.
    _start(tmp_db_path)
    assert len(read_anchors(tmp_db_path)[0]) == 1


@pytest.mark.parametrize("delete", ["DELETE FROM audit_entry WHERE id > 50", "DELETE FROM audit_entry"])
def test_truncating_the_trail_is_caught(tmp_db_path, capsys, delete) -> None:
    _fill(tmp_db_path, 150)
    _start(tmp_db_path)
    last = _last_id(tmp_db_path)
    _sql(tmp_db_path, delete)
    code, _out, err = _audit_check(tmp_db_path, capsys)
    assert code == 1
    assert f"entry {last} is missing" in err and "entries were removed" in err
    # The start-up tells the clerk too.
    messages = _start(tmp_db_path)
    assert any("cut short or rewritten" in m for m in messages)


def test_a_chain_recomputed_after_an_edit_is_caught(tmp_db_path, capsys) -> None:
    _fill(tmp_db_path, 10)
    _start(tmp_db_path)
    last = _last_id(tmp_db_path)
    _sql(tmp_db_path, "UPDATE audit_entry SET summary = 'nothing to see' WHERE id = 3")
    _recompute_chain(tmp_db_path)
    db = open_database(tmp_db_path, create=False)
    with db.session() as s:
        assert audit.verify_chain(s).sound  # the chain alone cannot tell
    db.dispose()
    # Put the triggers back, so that only the anchor can tell.
    conn = sqlite3.connect(tmp_db_path)
    for sql in audit.AUDIT_TRIGGERS.values():
        conn.execute(sql)
    conn.commit()
    conn.close()
    code, _out, err = _audit_check(tmp_db_path, capsys)
    assert code == 1
    assert f"entry {last} does not have the hash" in err and "rewritten" in err


def test_dropped_triggers_are_reported_by_audit_check_check_and_start_up(tmp_db_path, capsys) -> None:
    _fill(tmp_db_path, 3)
    _sql(tmp_db_path)
    code, _out, err = _audit_check(tmp_db_path, capsys)
    assert code == 1 and "audit_entry_no_update is missing" in err and "audit_entry_no_delete is missing" in err
    assert main.main(["check", "--db", str(tmp_db_path)]) == 1
    out = capsys.readouterr().out
    assert "audit_entry_no_delete is missing" in out
    assert out.strip().splitlines()[-1].startswith("Verdict: NOT sound")
    messages = _start(tmp_db_path)
    assert any("not protected" in m and "audit_entry_no_update" in m for m in messages)


def test_an_altered_trigger_is_reported(tmp_db_path, capsys) -> None:
    _fill(tmp_db_path, 2)
    _sql(tmp_db_path, "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT 1; END")
    conn = sqlite3.connect(tmp_db_path)
    conn.execute(audit.AUDIT_TRIGGERS["audit_entry_no_delete"])
    conn.commit()
    conn.close()
    code, _out, err = _audit_check(tmp_db_path, capsys)
    assert code == 1 and "audit_entry_no_update was altered" in err and "no_delete" not in err


def test_a_backup_anchors_the_trail_in_the_log_and_in_itself(tmp_db_path, capsys) -> None:
    _fill(tmp_db_path, 20)
    result = make_backup(tmp_db_path, "manual", second_folder="")
    conn = sqlite3.connect(tmp_db_path)
    last = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    assert result.anchor == tuple(last)
    assert [(a.entry_id, a.hash, a.reason) for a in read_anchors(tmp_db_path)[0]] == [(20, last[1], "backup")]
    # The anchor log deleted, the tail cut: the backup itself still anchors the trail.
    anchor_path(tmp_db_path).unlink()
    _sql(tmp_db_path, "DELETE FROM audit_entry WHERE id > 5")
    code, _out, err = _audit_check(tmp_db_path, capsys)
    assert code == 1 and "entry 20 is missing" in err and result.path.name in err


def test_no_anchors_at_all_is_said(tmp_db_path, capsys) -> None:
    _fill(tmp_db_path, 4)
    code, out, err = _audit_check(tmp_db_path, capsys)
    assert code == 0 and "4 entries" in out
    assert "no anchors" in err


def test_truncation_after_the_last_anchor_is_not_detected(tmp_db_path, capsys) -> None:
    """A documented limit (docs/security.md): entries written after the last anchor can go unnoticed."""
    _fill(tmp_db_path, 5)
    _start(tmp_db_path)
    last = _last_id(tmp_db_path)
    _fill(tmp_db_path, 5, start=5)
    _sql(tmp_db_path, f"DELETE FROM audit_entry WHERE id > {last}")
    code, out, _err = _audit_check(tmp_db_path, capsys)
    assert code == 1  # only because the triggers were dropped
    conn = sqlite3.connect(tmp_db_path)
    for sql in audit.AUDIT_TRIGGERS.values():
        conn.execute(sql)
    conn.commit()
    conn.close()
    code, out, _err = _audit_check(tmp_db_path, capsys)
    assert code == 0 and f"{last} entries" in out


def test_a_restore_starts_the_anchors_afresh(tmp_db_path, capsys) -> None:
    _fill(tmp_db_path, 5)
    older = make_backup(tmp_db_path, "manual", second_folder="").path
    _fill(tmp_db_path, 5, start=5)
    _start(tmp_db_path)
    make_backup(tmp_db_path, "manual", second_folder="")
    restore_backup(tmp_db_path, older)
    assert read_anchors(tmp_db_path)[0][-1].reason == "restore"
    _fill(tmp_db_path, 1, start=100)  # a new entry 6, other than the one the later backup holds
    code, out, err = _audit_check(tmp_db_path, capsys)
    assert code == 0, err
    assert "6 entries" in out
    # ... and the restore's anchor holds from now on.
    _sql(tmp_db_path, "DELETE FROM audit_entry WHERE id > 2")
    code, _out, err = _audit_check(tmp_db_path, capsys)
    assert code == 1 and "entry 5 is missing" in err


def test_an_unwritable_anchor_log_does_not_stop_a_backup(tmp_db_path, monkeypatch) -> None:
    _fill(tmp_db_path, 2)
    anchor_path(tmp_db_path).mkdir()  # a folder where the log should be: cannot be appended to
    result = make_backup(tmp_db_path, "manual", second_folder="")
    assert result.path.is_file() and result.anchor is not None
    assert anchor_file(tmp_db_path, ANCHOR_STARTUP) is None
    assert list(backup_folder(tmp_db_path).glob("*.partial")) == []


def test_an_unreadable_anchor_line_is_a_warning(tmp_db_path, capsys) -> None:
    _fill(tmp_db_path, 2)
    _start(tmp_db_path)
    with anchor_path(tmp_db_path).open("a", encoding="utf-8") as fh:
        fh.write("not json\n")
    code, _out, err = _audit_check(tmp_db_path, capsys)
    assert code == 0 and "line 2 of the anchor log" in err
    assert check_trail(tmp_db_path).anchors == 1


def test_the_background_start_up_check_anchors_and_reports_too(tmp_db_path, today) -> None:
    from models.safety import startup

    _fill(tmp_db_path, 3)
    opened = startup.open_for_window(tmp_db_path)
    try:
        assert opened.deferred
        startup.start_up(opened.db, lock=opened.lock, checked=None, deferred=True, today=today)
        found = startup.deferred_checks(opened.db, today=today)
        assert found.messages == []
    finally:
        opened.db.dispose()
        opened.lock.release()
    last = _last_id(tmp_db_path)
    assert [a.entry_id for a in read_anchors(tmp_db_path)[0]] == [last]
    _sql(tmp_db_path, "DELETE FROM audit_entry WHERE id > 1")
    opened = startup.open_for_window(tmp_db_path)
    try:
        startup.start_up(opened.db, lock=opened.lock, checked=None, deferred=True, today=today)
        found = startup.deferred_checks(opened.db, today=today)
    finally:
        opened.db.dispose()
        opened.lock.release()
    assert any("not protected" in m for m in found.messages)
    assert any(f"entry {last} is missing" in m for m in found.messages)
    assert len(read_anchors(tmp_db_path)[0]) == 1  # no anchor of the cut trail


def test_the_anchor_goes_into_the_backups_metadata_when_it_has_some(tmp_db_path, capsys) -> None:
    import json

    from models.safety.backup import anchor_backup, meta_anchor

    _fill(tmp_db_path, 8)
    backup = make_backup(tmp_db_path, "manual", second_folder="").path
    meta = backup.with_name(backup.name + ".json")
    if not meta.exists():  # the rotation's metadata (issue 13, another part) — stand in for it
        meta.write_text(json.dumps({"kind": "manual", "sequence": 1}), encoding="utf-8")
        anchor_backup(tmp_db_path, backup)
    data = json.loads(meta.read_text(encoding="utf-8"))
    assert data["kind"] == "manual" and data["audit_anchor"]["entry"] == 8
    assert meta_anchor(backup) == (8, data["audit_anchor"]["hash"])
    # The log deleted, the backup's own trail emptied, the live tail cut: the metadata still tells.
    anchor_path(tmp_db_path).unlink()
    _sql(backup, "DELETE FROM audit_entry")
    _sql(tmp_db_path, "DELETE FROM audit_entry WHERE id > 3")
    code, _out, err = _audit_check(tmp_db_path, capsys)
    assert code == 1 and "entry 8 is missing" in err and meta.name in err
