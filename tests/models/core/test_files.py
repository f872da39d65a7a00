"""A full disk (issue 13): nothing half-written left behind by the atomic writer or the lock file.

The commands on a full disk are in tests/cli/test_full_disk.py. The
monkeypatched tests make the disk "full" deterministically (a write, fsync or
rename raising ENOSPC) and always run. The end-to-end ones mount a tiny tmpfs and
are skipped where mounting is not possible (not root, no tmpfs).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import models.core.files as files
from models.core.db import open_database

ROOT = Path(__file__).resolve().parents[3]


def _enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- the atomic writer -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_a_full_disk_leaves_neither_a_partial_file_nor_a_temporary_one(tmp_path, monkeypatch, where):
    target = tmp_path / "notice.pdf"
    if where == "write":
        class Full:
            def __init__(self, fh):
                self.fh = fh

            def __getattr__(self, name):
                return getattr(self.fh, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])  # half of it reaches the disk, then it is full
                _enospc()

        real_open = open
        monkeypatch.setattr(files, "open", lambda *a, **k: Full(real_open(*a, **k)), raising=False)
    elif where == "fsync":
        monkeypatch.setattr(files.os, "fsync", _enospc)
    else:
        monkeypatch.setattr(files.os, "replace", _enospc)
    with pytest.raises(OSError) as raised:
        files.write_bytes(target, b"%PDF-1.4 " + b"x" * 10_000)
    assert files.disk_full(raised.value)
    assert _leftovers(tmp_path) == []


def test_the_old_file_is_kept_whole_when_the_new_one_cannot_be_written(tmp_path, monkeypatch):
    target = tmp_path / "roster.xlsx"
    target.write_bytes(b"the old roster")
    monkeypatch.setattr(files.os, "replace", _enospc)
    with pytest.raises(OSError):
        files.write_bytes(target, b"the new roster")
    assert target.read_bytes() == b"the old roster"
    assert _leftovers(tmp_path) == ["roster.xlsx"]


def test_an_error_in_the_callers_writer_removes_the_temporary_file(tmp_path):
    with pytest.raises(RuntimeError), files.atomic_path(tmp_path / "x.xlsx") as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("the writer failed")
    assert _leftovers(tmp_path) == []


def test_openpyxl_and_csv_exports_are_written_whole_or_not_at_all(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from reports.export import write_csv, write_xlsx

    assert write_xlsx(tmp_path / "list.xlsx", ["姓名"], [["张三"]]) == 1
    assert load_workbook(tmp_path / "list.xlsx").active["A2"].value == "张三"
    write_csv(tmp_path / "list.csv", ["姓名"], [["张三"]])
    assert "张三" in (tmp_path / "list.csv").read_text(encoding="utf-8-sig")
    monkeypatch.setattr(files.os, "replace", _enospc)
    with pytest.raises(OSError):
        write_xlsx(tmp_path / "other.xlsx", ["姓名"], [["李四"]])
    with pytest.raises(OSError):
        write_csv(tmp_path / "other.csv", ["姓名"], [["李四"]])
    assert _leftovers(tmp_path) == ["list.csv", "list.xlsx"]


def test_the_new_file_has_the_usual_permissions(tmp_path):
    files.write_bytes(tmp_path / "a.pdf", b"x")
    (tmp_path / "b.pdf").write_bytes(b"x")
    assert (tmp_path / "a.pdf").stat().st_mode == (tmp_path / "b.pdf").stat().st_mode


# --- the lock file ---------------------------------------------------------------------------------


def test_a_lock_file_that_cannot_be_written_is_not_left_empty(tmp_path, monkeypatch):
    import models.core.lockfile as lockfile
    from models.core.errors import LinliError

    db = tmp_path / "linli.sqlite3"
    monkeypatch.setattr(lockfile, "_write_all", _enospc)
    with pytest.raises(LinliError, match="disk is full|磁盘已满|磁碟已滿"):
        lockfile.acquire(db)
    assert _leftovers(tmp_path) == []
    monkeypatch.undo()
    with lockfile.acquire(db) as lock:  # and the next start is not blocked
        assert lockfile.read_holder(db) == lock.info


@pytest.mark.parametrize("content", [b"", b'{"pid": 12', b"\x00\x00\x00"])
@pytest.mark.parametrize("os_locks", [True, False])
def test_an_empty_or_garbled_lock_left_by_a_crash_is_stale(tmp_path, monkeypatch, content, os_locks):
    import models.core.lockfile as lockfile

    if not os_locks:
        monkeypatch.setattr(lockfile, "_os_lock", lambda fd: None)
    db = tmp_path / "linli.sqlite3"
    lockfile.lock_path_for(db).write_bytes(content)
    with lockfile.acquire(db) as lock:
        assert lockfile.read_holder(db) == lock.info
    assert not lockfile.lock_path_for(db).exists()


def test_the_lock_file_is_replaced_whole_and_still_excludes_a_second_copy(tmp_path):
    import models.core.lockfile as lockfile

    db = tmp_path / "linli.sqlite3"
    with lockfile.acquire(db):
        assert [p.name for p in tmp_path.iterdir()] == ["linli.sqlite3.lock"]
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]);"
            "from models.core.lockfile import acquire, DatabaseInUse\n"
            "try:\n    acquire(sys.argv[2])\nexcept DatabaseInUse:\n    print('refused')\n"
        )
        other = subprocess.run([sys.executable, "-c", code, str(ROOT), str(db)], capture_output=True, text=True)
        assert other.stdout.strip() == "refused", other.stderr


# --- end to end on a really full file system --------------------------------------------------------


@pytest.fixture
def tiny_fs(tmp_path):
    """A 1 MB tmpfs (root only); skipped where it cannot be mounted."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


@pytest.fixture
def empty_db(tmp_path):
    path = tmp_path / "db" / "linli.sqlite3"
    path.parent.mkdir()
    open_database(path).dispose()
    return path


def test_the_lock_of_a_database_on_a_full_tmpfs(tiny_fs, empty_db):
    import models.core.lockfile as lockfile
    from models.core.errors import LinliError

    shutil.copy(empty_db, tiny_fs / "linli.sqlite3")
    _fill(tiny_fs)
    with pytest.raises(LinliError, match="disk is full|磁盘已满|磁碟已滿"):
        lockfile.acquire(tiny_fs / "linli.sqlite3")
    assert _leftovers(tiny_fs) == ["filler", "linli.sqlite3"]  # no 0-byte lock file
    (tiny_fs / "filler").unlink()
    with lockfile.acquire(tiny_fs / "linli.sqlite3") as lock:  # space again: start-up is not blocked
        assert lockfile.read_holder(tiny_fs / "linli.sqlite3") == lock.info
