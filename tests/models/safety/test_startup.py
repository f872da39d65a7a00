"""Start-up checks: network shares refused, quick_check failure → read-only, the weekly full check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from models.core.db import open_database
from models.core.lockfile import DatabaseInUse, acquire
from models.core.settings import Setting
from models.residents.registry import ResidentInput, create_resident
from models.safety.startup import (
    FULL_CHECK_KEY,
    NetworkShareRefused,
    network_share,
    quick_check,
    refuse_network_share,
    start_up,
    weekly_check,
)

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/nfs nfs4 rw,relatime 0 0
//nas/share /mnt/office\\040share cifs rw 0 0
user@host:/data /home/clerk/remote fuse.sshfs rw 0 0
/dev/sdb1 /mnt/nfs/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/clerk/linli.sqlite3", None),
        ("/mnt/nfs/linli.sqlite3", "nfs4"),
        ("/mnt/office share/linli.sqlite3", "cifs"),
        ("/home/clerk/remote/db/linli.sqlite3", "fuse.sshfs"),
        ("/mnt/nfs/local/linli.sqlite3", None),  # a local disk mounted inside the share
        ("/mnt/nfsother/linli.sqlite3", None),
    ],
)
def test_network_share_detected_from_mounts(path, expected):
    assert network_share(Path(path), mounts=MOUNTS, platform="linux") == expected


def test_unc_path_is_a_network_share_on_windows():
    assert network_share(Path("//server/share/linli.sqlite3"), platform="win32") == "UNC path"
    assert network_share(Path("C:/Users/clerk/linli.sqlite3"), platform="win32") is None


def test_refusal_says_why(monkeypatch, tmp_path):
    import models.safety.startup as startup

    monkeypatch.setattr(startup, "network_share", lambda path: "cifs")
    with pytest.raises(NetworkShareRefused, match="network share"):
        refuse_network_share(tmp_path / "x.sqlite3")



@pytest.fixture
def file_db(tmp_db_path, today):
    database = open_database(tmp_db_path)
    with database.write() as s:
        for i in range(50):
            create_resident(s, ResidentInput(name=f"居民{i}"), today=today)
    yield database
    database.dispose()


def test_sound_file_starts_normally_and_runs_the_weekly_check_once(file_db, today):
    result = start_up(file_db, today=today)
    try:
        assert not result.read_only and result.messages == [] and result.db is file_db
        with file_db.session() as s:
            assert s.get(Setting, FULL_CHECK_KEY).value == today.isoformat()
        assert not weekly_check(file_db, today=today + dt.timedelta(days=6)).ran
        assert weekly_check(file_db, today=today + dt.timedelta(days=7)).ran
    finally:
        result.lock.release()


def test_second_copy_is_refused_at_start_up(file_db, today):
    lock = acquire(file_db.path)
    try:
        with pytest.raises(DatabaseInUse):
            start_up(file_db, today=today)
    finally:
        lock.release()


def test_quick_check_failure_opens_read_only_with_a_message(tmp_db_path, today, damage_table):
    database = open_database(tmp_db_path)
    with database.write() as s:
        for i in range(300):
            create_resident(s, ResidentInput(name=f"居民{i}", notes="x" * 200), today=today)
    database.dispose()
    damage_table(tmp_db_path)
    assert quick_check(tmp_db_path) != ["ok"]
    database = open_database(tmp_db_path)  # the schema is readable: it opens…
    result = start_up(database, today=today)
    try:
        assert result.read_only
        assert "quick check" in result.messages[0] and "restore" in result.messages[0]
        with pytest.raises(OperationalError, match="readonly"), result.db.write() as s:
            s.add(Setting(key="x", value="y"))
    finally:
        result.db.dispose()
        result.lock.release()


def test_weekly_check_reports_broken_references(file_db, today):
    raw = sqlite3.connect(file_db.path)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute(
        "INSERT INTO daycare_enrolment (resident_id, enrolled_on, care_level, service_days, status, status_since,"
        " diet, allergies, conditions, medications, created_at, updated_at) VALUES (9999, '2026-01-01', 'intact',"
        " '12345', 'active', '2026-01-01', '', '', '', '', '2026-01-01 08:00:00', '2026-01-01 08:00:00')"
    )
    raw.commit()
    raw.close()
    check = weekly_check(file_db, today=today, force=True)
    assert check.ran and not check.sound and "foreign_key_check" in check.problems[0]
    with file_db.session() as s:
        assert s.get(Setting, FULL_CHECK_KEY) is None  # not remembered: it runs again next start
