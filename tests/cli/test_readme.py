"""Every command README.md documents ("Command line") is a command main.py knows:
its ``--help`` exits 0 and names every option the README gives it, and the usage
as written (placeholders filled in) parses."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parents[2]

# A value for each placeholder the README writes.
VALUES = {
    "PATH": "linli.sqlite3", "N": "7", "DIR": "usb", "BACKUP": "backup.sqlite3", "FILE": "people.csv",
    "REPORT.xlsx": "report.xlsx", "YYYY-MM": "2026-11", "YYYY-MM-DD": "2026-11-23", "YYYY-Www": "2026-W47",
    "FILE.pdf": "out.pdf", "FILE.xlsx": "out.xlsx", "ID": "1", "YYYYQn": "2026Q4", "T": "停水通知",
    "F": "body.txt", "X": "table.xlsx", "ten-years": "ten-years",
    "NUMBER": "2026-0042", "NAME": "维修", "TEXT": "修水龙头", "NAME,PHONE": "王秀英,13912345678", "H": "1.5",
    "HANDLER": "member:12", "S": "done", "YYYY": "2026", "KIND": "noise",
    "URL": "postgresql+psycopg://desk1@backoffice/linli",
    "PERIOD": "2026H1",
}


def _readme_usages() -> list[str]:
    """The usages in the README's command table, as written ("main.py" left off)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    usages = []
    for row in section.splitlines():
        if not row.startswith("| `"):
            continue
        cell = re.split(r"(?<!\\)\|", row)[1]  # the first column; "\|" is a "|" inside it
        for usage in re.findall(r"`([^`]*)`", cell):
            usage = usage.replace("\\|", "|").strip()
            usages.append(usage.removeprefix("main.py").strip())
    return usages


USAGES = _readme_usages()


def _words(usage: str) -> list[str]:
    """The command and action words of a usage: ``meals reconcile``."""
    words = []
    for token in usage.split():
        if not re.fullmatch(r"[a-z][a-z-]*", token):
            break
        words.append(token)
    return words


def _commands() -> list[list[str]]:
    found: list[list[str]] = [[]]
    for usage in USAGES:
        words = _words(usage)
        for end in range(1, len(words) + 1):
            if words[:end] not in found:
                found.append(words[:end])
    return found


def _filled(usage: str) -> list[list[str]]:
    """The usage as arguments: every "a|b" both ways, "[…]" included, "…" the database and the PDF."""
    usage = usage.replace("…", "--db PATH --out FILE.pdf")  # "meals delivery --date YYYY-MM-DD …"
    usage = usage.replace("[", " ").replace("]", " ")
    # "--date YYYY-MM-DD|--week YYYY-Www": one option or the other.
    usage = re.sub(r"(--[\w-]+) (\S+)\|(--[\w-]+) (\S+)", r"\1=\2|\3=\4", usage)
    choices = []
    for token in usage.split():
        alternatives = token.split("|")
        choices.append([VALUES.get(a, a) if "=" not in a else a.split("=")[0] + "=" + VALUES[a.split("=")[1]]
                        for a in alternatives])
    return [list(args) for args in itertools.product(*choices)]


def test_the_readme_documents_the_commands() -> None:
    assert len(USAGES) >= 15, USAGES
    assert {tuple(_words(u))[:1] for u in USAGES} >= {
        ("demo",), ("check",), ("backup",), ("restore",), ("import",), ("audit",), ("daycare",), ("meals",),
        ("activities",), ("party",), ("notice",)}


@pytest.mark.parametrize("words", _commands(), ids=lambda w: " ".join(w) or "main.py")
def test_every_documented_command_has_a_help_that_exits_0(words: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main.build_parser().parse_args([*words, "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("usage: main.py")
    for usage in USAGES:
        if _words(usage) == words:
            for option in re.findall(r"--[a-z][\w-]*", usage):
                assert option in shown, f"{' '.join(words)} --help does not name {option}"


@pytest.mark.parametrize("index", range(len(USAGES)), ids=lambda i: USAGES[i])
def test_every_documented_usage_parses(index: int, capsys) -> None:
    usage = USAGES[index]
    for args in _filled(usage):
        if args == ["--version"]:
            with pytest.raises(SystemExit) as done:
                main.build_parser().parse_args(args)
            assert done.value.code == 0 and capsys.readouterr().out.startswith("Linli ")
            continue
        parsed = main.build_parser().parse_args(args)
        assert _words(usage) == [] or callable(parsed.func), args


def test_the_help_and_the_console_script(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "COMMAND" in done.stdout, done.stderr
    script = Path(sys.executable).with_name("linli")
    if not script.is_file():
        pytest.skip("the console script is not installed in this environment")
    done = subprocess.run([str(script), "--version"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("Linli "), done.stderr


def test_the_parser_loads_no_job_code() -> None:
    """Each job's commands import what they run inside the runner: building the parser
    (every start of the window) loads neither Qt nor the domain, the reports or ReportLab."""
    code = ("import sys, main; main.build_parser(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'reportlab', 'openpyxl', "
            "'sqlalchemy', 'models', 'reports', 'ui'}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout
