"""Crash safety: kill a writer with SIGKILL many times; no acknowledged write may be lost.

    python benchmarks/crash_test.py [--db PATH] [--kills 200] [--seed 1]

A writer subprocess opens the file with Linli's own engine (``models.core.db.make_engine``:
WAL, synchronous=FULL, foreign keys, busy timeout) and commits numbered rows,
one write transaction each (``BEGIN IMMEDIATE`` … ``COMMIT``, as
``Database.write()`` does), printing ``ack N`` only after the commit returned.
The parent kills it (SIGKILL on POSIX, TerminateProcess on Windows) at a
random moment, collects every acknowledged number, and starts the next writer.
At the end — and every ``--check-every`` kills — it opens the file and checks
that every acknowledged row is there (and its payload intact) and that
``PRAGMA integrity_check`` says ok.

The writer loads ``models/core/db.py`` on its own (not the whole ``models``
package) so that it starts in well under a second; the engine recipe is the
same code the application runs. Exit status 0 when sound, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_db_module():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("linli_db_for_crash_test", ROOT / "models" / "core" / "db.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def payload(n: int) -> str:
    return f"row {n} " + "邻里𠮷" * (n % 7 + 1)


def writer(db_path: Path) -> None:
    """Commit numbered rows forever; print ``ack N`` after each commit."""
    from sqlalchemy import text

    db = _load_db_module()
    engine = db.make_engine(db_path)
    with engine.connect() as conn:
        start = conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM crash_probe")).scalar_one() + 1
        conn.rollback()
    print("ready", flush=True)
    n = start
    write = engine.execution_options(linli_write=True)
    while True:
        with write.connect() as conn, conn.begin():  # BEGIN IMMEDIATE … COMMIT
            conn.execute(text("INSERT INTO crash_probe (id, payload) VALUES (:id, :p)"), {"id": n, "p": payload(n)})
            if n % 5 == 0:  # some transactions touch several rows
                conn.execute(text("UPDATE crash_probe SET payload = payload WHERE id > :lo"), {"lo": n - 3})
        sys.stdout.write(f"ack {n}\n")
        sys.stdout.flush()
        n += 1


def create(db_path: Path) -> None:
    db = _load_db_module()
    engine = db.make_engine(db_path)
    from sqlalchemy import text

    with engine.connect() as conn, conn.begin():
        conn.execute(text("CREATE TABLE IF NOT EXISTS crash_probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)"))
    engine.dispose()


def check(db_path: Path, acked: set[int]) -> list[str]:
    """Problems found (empty when every acknowledged row is there and the file is sound)."""
    conn = sqlite3.connect(db_path)
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        rows = dict(conn.execute("SELECT id, payload FROM crash_probe"))
    finally:
        conn.close()
    problems = []
    if integrity != ["ok"]:
        problems.append("integrity_check: " + "; ".join(integrity[:3]))
    missing = sorted(n for n in acked if n not in rows)
    if missing:
        problems.append(f"{len(missing)} acknowledged rows missing, e.g. {missing[:5]}")
    damaged = [n for n in acked if n in rows and rows[n] != payload(n)]
    if damaged:
        problems.append(f"{len(damaged)} rows damaged, e.g. {damaged[:5]}")
    return problems


def run(db_path: Path, kills: int, seed: int, *, check_every: int = 10, max_delay: float = 0.4, quiet: bool = False) -> int:
    rng = random.Random(seed)
    create(db_path)
    acked: set[int] = set()
    started = time.perf_counter()
    for k in range(1, kills + 1):
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--writer", "--db", str(db_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # "ready": the engine is open; now kill at a random moment
        if first.strip() != "ready":
            proc.kill()
            proc.wait()
            print(f"writer {k} did not start", file=sys.stderr)
            return 1
        time.sleep(rng.uniform(0.0, max_delay))
        proc.kill()  # SIGKILL: no clean-up, no atexit, mid-transaction or mid-fsync
        out, _err = proc.communicate()
        acked.update(int(line.split()[1]) for line in out.splitlines() if line.startswith("ack "))
        if k % check_every == 0 or k == kills:
            problems = check(db_path, acked)
            if problems:
                print(f"after {k} kills: NOT sound: " + " | ".join(problems))
                return 1
            if not quiet:
                print(f"after {k} kills: {len(acked)} acknowledged rows, all present; integrity ok")
    elapsed = time.perf_counter() - started
    print(
        f"crash test: {kills} kills, {len(acked)} acknowledged writes, none lost, integrity_check ok "
        f"({elapsed:.1f} s) — target: no loss, sound file — verdict: PASS"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the scratch database file (default: a temporary one)")
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check-every", type=int, default=10)
    parser.add_argument("--max-delay", type=float, default=0.4, help="longest wait before a kill (seconds)")
    parser.add_argument("--writer", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        writer(args.db)
        return 0
    if args.db is None:
        with tempfile.TemporaryDirectory() as tmp:
            return run(Path(tmp) / "crash.sqlite3", args.kills, args.seed, check_every=args.check_every,
                       max_delay=args.max_delay)
    return run(args.db, args.kills, args.seed, check_every=args.check_every, max_delay=args.max_delay)


if __name__ == "__main__":
    sys.exit(main())
