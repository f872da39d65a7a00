"""The lock file: one writer per database on one PC; a crashed holder's lock is recovered."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from models.core.lockfile import (
    DatabaseInUse,
    LockInfo,
    acquire,
    lock_path_for,
    pid_alive,
    read_holder,
)


def test_lock_file_says_who_holds_it_and_a_second_holder_is_refused(tmp_db_path):
    lock = acquire(tmp_db_path)
    try:
        holder = read_holder(tmp_db_path)
        assert holder.pid == os.getpid() and holder.host == socket.gethostname() and holder.user
        with pytest.raises(DatabaseInUse) as refused:
            acquire(tmp_db_path)
        assert f"process {os.getpid()}" in str(refused.value)
        assert socket.gethostname() in str(refused.value)
    finally:
        lock.release()
    assert not lock_path_for(tmp_db_path).exists()
    acquire(tmp_db_path).release()  # free again


def test_another_process_holding_it_is_named(tmp_db_path):
    code = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(Path.cwd())!r})
        from models.core.lockfile import acquire
        lock = acquire({str(tmp_db_path)!r})
        print("held", flush=True)
        time.sleep(30)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseInUse, match=f"process {proc.pid}"):
            acquire(tmp_db_path)
        # killed like a crash: the lock file stays behind…
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert lock_path_for(tmp_db_path).exists()
        # …and the next start recovers it without anyone deleting it by hand
        lock = acquire(tmp_db_path)
        assert lock.recovered is not None and lock.recovered.pid == proc.pid
        assert read_holder(tmp_db_path).pid == os.getpid()
        lock.release()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def test_stale_lock_of_a_dead_process_is_recovered(tmp_db_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    assert not pid_alive(pid)
    lock_path_for(tmp_db_path).write_text(
        json.dumps({"pid": pid, "host": socket.gethostname(), "user": "clerk", "started": "2026-11-21T08:30:00"})
    )
    with acquire(tmp_db_path) as lock:
        assert lock.recovered == LockInfo(pid, socket.gethostname(), "clerk", "2026-11-21T08:30:00")


def test_a_damaged_lock_file_is_taken_over(tmp_db_path):
    lock_path_for(tmp_db_path).write_text("{garbage")
    with acquire(tmp_db_path) as lock:
        assert lock.held
        assert read_holder(tmp_db_path) == lock.info


def test_without_os_locks_a_live_holder_still_refuses(tmp_db_path, monkeypatch):
    import models.core.lockfile as lockfile

    monkeypatch.setattr(lockfile, "_os_lock", lambda fd: None)  # a file system without locks
    lock_path_for(tmp_db_path).write_text(
        json.dumps({"pid": os.getppid(), "host": socket.gethostname(), "user": "clerk", "started": "2026-11-21T08:30:00"})
    )
    with pytest.raises(DatabaseInUse, match="clerk"):
        acquire(tmp_db_path)
