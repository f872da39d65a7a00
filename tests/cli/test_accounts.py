"""The command line acts as a Linli account: --user NAME, the password on standard
input (not a terminal) or from a hidden prompt (a terminal); never as an argument.

Personal-data outputs need ``export.personal`` and leave an audit entry naming
what, how many people, the file's base name, the account and the computer's
login; masked outputs are recorded as publications and need no account.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models.demo import DEMO_PASSWORD
from models.safety.security import os_login

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], tmp_path: Path, stdin: str | None = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg-data"),
               PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, input=stdin)


def one_line_refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("linli: "), result.stderr
    return lines[0]


def entries(db: Path, *actions: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    marks = ",".join("?" * len(actions))
    rows = conn.execute(f"SELECT action, actor, summary, os_user FROM audit_entry WHERE action IN ({marks}) "
                        "ORDER BY id", actions).fetchall()
    conn.close()
    return rows


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-demo")
    path = folder / "template.sqlite3"
    result = run(["demo", "--db", str(path), "--residents", "60"], folder)
    assert result.returncode == 0, result.stderr
    assert "demo-admin" in result.stdout and "demo-clerk" in result.stdout and DEMO_PASSWORD in result.stdout
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "linli.sqlite3"
    shutil.copy(demo_template, path)
    return path


def test_demo_creates_an_administrator_and_a_clerk(demo: Path) -> None:
    conn = sqlite3.connect(demo)
    accounts = conn.execute("SELECT username, role, active FROM user_account ORDER BY username").fetchall()
    conn.close()
    assert accounts == [("demo-admin", "admin", 1), ("demo-clerk", "clerk", 1)]


def test_the_roster_as_the_administrator_is_written_and_recorded(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "private folder" / "roster.xlsx"
    out.parent.mkdir()
    result = run(["party", "roster", "--db", str(demo), "--out", str(out), "--user", "demo-admin"], tmp_path,
                 stdin=DEMO_PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    login, export = entries(demo, "login", "export")[-2:]
    assert login[:2] == ("login", "demo-admin")
    action, actor, summary, who = export
    assert (action, actor, who) == ("export", "demo-admin", os_login())
    assert summary.startswith("party roster: ") and summary.endswith(" people, roster.xlsx")
    assert "private folder" not in summary


def test_a_wrong_password_is_refused_in_one_line_recorded_and_nothing_is_written(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "roster.pdf"
    result = run(["party", "roster", "--db", str(demo), "--out", str(out), "--user", "demo-admin"], tmp_path,
                 stdin="wrong-password\n")
    assert "Wrong user name or password" in one_line_refusal(result)
    assert not out.exists()
    assert entries(demo, "login_failed")[-1][1] == "demo-admin"  # the failed login is counted and recorded
    assert entries(demo, "export") == []


def test_a_clerk_is_refused_the_roster_in_one_line_and_nothing_is_written(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    result = run(["party", "roster", "--db", str(demo), "--out", str(out), "--user", "demo-clerk"], tmp_path,
                 stdin=DEMO_PASSWORD + "\n")
    assert "Your role (Clerk) may not do this" in one_line_refusal(result)
    assert not out.exists()
    assert entries(demo, "export") == []
    assert entries(demo, "login")[-1][1] == "demo-clerk"


def test_a_personal_output_without_user_and_without_a_terminal_is_refused(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "delivery.pdf"
    result = run(["meals", "delivery", "--date", "2026-11-23", "--db", str(demo), "--out", str(out)], tmp_path,
                 stdin=DEMO_PASSWORD + "\n")
    assert "needs a Linli account: add --user NAME" in one_line_refusal(result)
    assert not out.exists()


def test_a_password_is_never_an_argument(demo: Path, tmp_path: Path) -> None:
    result = run(["party", "roster", "--db", str(demo), "--out", str(tmp_path / "r.pdf"), "--user", "demo-admin",
                  "--password", DEMO_PASSWORD], tmp_path)
    assert result.returncode == 2 and "--password" in result.stderr


def test_masked_outputs_need_no_account_and_are_recorded_as_publications(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "rec.pdf"
    result = run(["meals", "reconcile", "--month", "2026-11", "--mask", "--db", str(demo), "--out", str(out)],
                 tmp_path, stdin=None)
    assert result.returncode == 0, result.stderr
    action, actor, summary, who = entries(demo, "publish")[-1]
    assert (action, actor, who) == ("publish", "system", os_login())
    assert summary.startswith("meals reconciliation (masked): ") and summary.endswith(", rec.pdf")


def test_unmasked_reconciliation_and_the_desk_copy_run_as_the_account(demo: Path, tmp_path: Path) -> None:
    unmasked = run(["meals", "reconcile", "--month", "2026-11", "--db", str(demo), "--out", str(tmp_path / "r.xlsx"),
                    "--user", "demo-clerk"], tmp_path, stdin=DEMO_PASSWORD + "\n")
    one_line_refusal(unmasked)
    assert not (tmp_path / "r.xlsx").exists()
    desk = run(["activities", "signup-sheet", "--activity", "1", "--desk-copy", "--db", str(demo),
                "--out", str(tmp_path / "desk.pdf"), "--user", "demo-admin"], tmp_path, stdin=DEMO_PASSWORD + "\n")
    assert desk.returncode == 0, desk.stderr
    assert entries(demo, "export")[-1][:2] == ("export", "demo-admin")
    assert entries(demo, "export")[-1][2].startswith("activity sign-up sheet (desk copy): ")


def test_restore_as_a_clerk_is_refused_and_as_the_administrator_runs(demo: Path, tmp_path: Path) -> None:
    backup = run(["backup", "--db", str(demo)], tmp_path, stdin=None)  # to the usual folder: no account
    assert backup.returncode == 0, backup.stderr
    made = sorted((demo.parent / "backups").glob("*.sqlite3"))[-1]
    clerk = run(["restore", str(made), "--db", str(demo), "--yes", "--user", "demo-clerk"], tmp_path,
                stdin=DEMO_PASSWORD + "\n")
    assert "Your role (Clerk) may not do this" in one_line_refusal(clerk)
    assert entries(demo, "restore") == []
    admin = run(["restore", str(made), "--db", str(demo), "--yes", "--user", "demo-admin"], tmp_path,
                stdin=DEMO_PASSWORD + "\n")
    assert admin.returncode == 0, admin.stderr
    assert entries(demo, "restore")[-1][:2] == ("restore", "demo-admin")


def test_restore_onto_a_missing_database_checks_the_account_in_the_backup(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "new-pc" / "linli.sqlite3"
    target.parent.mkdir()
    wrong = run(["restore", str(demo), "--db", str(target), "--yes", "--user", "demo-admin"], tmp_path,
                stdin="not-it\n")
    one_line_refusal(wrong)
    assert not target.exists()
    right = run(["restore", str(demo), "--db", str(target), "--yes", "--user", "demo-admin"], tmp_path,
                stdin=DEMO_PASSWORD + "\n")
    assert right.returncode == 0, right.stderr
    assert target.is_file()


def test_a_backup_to_another_folder_asks_for_an_account(demo: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    refused = run(["backup", "--db", str(demo), "--to", str(usb)], tmp_path)
    one_line_refusal(refused)
    assert not usb.exists() or not any(usb.iterdir())
    clerk = run(["backup", "--db", str(demo), "--to", str(usb), "--user", "demo-clerk"], tmp_path,
                stdin=DEMO_PASSWORD + "\n")
    assert clerk.returncode == 0, clerk.stderr  # clerks may make backups
    assert entries(demo, "backup")[-1][1] == "demo-clerk"


# --- in-process: which commands ask, and the terminal prompts -----------------------------------


PERSONAL = [
    ["daycare", "attendance", "--month", "2026-11", "--out", "a.xlsx"],
    ["daycare", "sheet", "--date", "2026-11-23", "--out", "s.pdf"],
    ["meals", "reconcile", "--month", "2026-11", "--out", "r.pdf"],
    ["meals", "delivery", "--date", "2026-11-23", "--out", "d.pdf"],
    ["activities", "signup-sheet", "--activity", "1", "--desk-copy", "--out", "s.pdf"],
    ["party", "roster", "--out", "r.xlsx"],
    ["party", "import", "members.xlsx"],
    ["import", "residents", "people.csv"],
    ["restore", "backup.sqlite3", "--yes"],
    ["backup", "--to", "usb"],
]


class _Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize("args", PERSONAL, ids=lambda a: " ".join(a[:2]))
def test_every_personal_or_replacing_command_asks_for_an_account(args, demo: Path, tmp_path: Path, capsys,
                                                                 monkeypatch) -> None:
    import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", _Pipe(""))
    before = demo.read_bytes()
    assert main.main(["--lang", "en", *args, "--db", str(demo)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs a Linli account" in err, err
    assert demo.read_bytes() == before  # the database was not even opened
    assert sorted(p.name for p in tmp_path.iterdir()) == ["linli.sqlite3"]  # no file written


def test_on_a_terminal_the_name_and_a_hidden_password_are_asked(demo: Path, tmp_path: Path, capsys,
                                                                monkeypatch) -> None:
    import getpass

    import cli.common
    import main

    asked: list[str] = []
    monkeypatch.setattr(cli.common, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": asked.append(prompt) or "demo-admin")
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or DEMO_PASSWORD)
    out = tmp_path / "roster.pdf"
    assert main.main(["--lang", "en", "party", "roster", "--db", str(demo), "--out", str(out)]) == 0, \
        capsys.readouterr().err
    assert asked == ["Linli user name: ", "Password for demo-admin: "]
    assert out.is_file()
    assert entries(demo, "export")[-1][1] == "demo-admin"
    # The account ends with the command: the process goes on as the system.
    from models.safety.security import SYSTEM, current_actor

    assert current_actor() == SYSTEM
