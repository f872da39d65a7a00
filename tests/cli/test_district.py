"""``main.py district figures`` / ``district counts``: the list of centres, each read read-only; a centre
that does not answer is named on standard error and in the file; refusals in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import main
from models.core.db import open_database
from models.residents.entities import Resident
from tests.pg import district_servers
from tests.pg.district_servers import sqlite_centre


def _centre(path: Path, residents: int) -> Path:
    db = open_database(path)
    try:
        with db.write() as s:
            s.add_all([Resident(name=f"居民{i}") for i in range(residents)])
    finally:
        db.dispose()
    return path


@pytest.fixture
def centres(tmp_path: Path) -> Path:
    _centre(tmp_path / "a.sqlite3", 3)
    _centre(tmp_path / "b.sqlite3", 5)
    listing = tmp_path / "centres.txt"
    listing.write_text("# 街道\n幸福里社区 = a.sqlite3\n𠮷祥社区 = b.sqlite3\n东风社区 = gone.sqlite3\n", encoding="utf-8")
    return listing


def test_counts_prints_each_centres_rows_and_the_months_figures(centres, capsys) -> None:
    code = main.main(["--lang", "en", "district", "counts", "--centres", str(centres), "--month", "2026-11"])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Rows", "幸福里社区", "𠮷祥社区", "东风社区"]
    assert next(line for line in lines if line.startswith("resident ")).split() == ["resident", "3", "5", "did",
                                                                                   "not", "answer"]
    assert any(line.startswith("2026, month 11") and line.endswith("Sub-district total") for line in lines)
    assert "Warning: did not answer: 东风社区: no database at" in err


def test_figures_as_pdf_and_xlsx_name_the_centre_that_did_not_answer(centres, tmp_path, capsys) -> None:
    pdf = tmp_path / "d.pdf"
    assert main.main(["--lang", "en", "district", "figures", "--centres", str(centres), "--year", "2026",
                      "--out", str(pdf)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"{pdf}: the figures of 2 of 3 centres, the year 2026." and "东风社区" in err
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Did not answer: 东风社区" in text and "𠮷祥社区" in text and "2026" in text
    xlsx = tmp_path / "d.xlsx"
    assert main.main(["--lang", "en", "district", "figures", "--centres", str(centres), "--period", "2026H2",
                      "--out", str(xlsx), "--workers", "1"]) == 0
    ws = load_workbook(xlsx).active
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Section")
    assert header[2:] == ("幸福里社区", "𠮷祥社区", "东风社区 (did not answer)", "Sub-district total")


@pytest.mark.parametrize(("args", "message"), [
    (["figures", "--centres", "{list}", "--year", "26", "--out", "x.pdf"], "--year takes a year, e.g. 2026: 26"),
    (["figures", "--centres", "{list}", "--period", "2026Q5", "--out", "x.pdf"], "2026Q5"),
    (["figures", "--centres", "{list}", "--year", "2026", "--out", "x.txt"], "must end in .pdf or .xlsx"),
    (["figures", "--centres", "{dir}/none.txt", "--year", "2026", "--out", "x.pdf"], "No list of centres at"),
    (["counts", "--centres", "{bad}"], "bad.txt, line 2: write the centre's name, then ="),
])
def test_refusals_are_one_line(centres, tmp_path, capsys, args, message) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("幸福里社区 = a.sqlite3\n和平社区\n", encoding="utf-8")
    filled = [a.format(list=centres, dir=tmp_path, bad=bad) for a in args]
    assert main.main(["--lang", "en", "district", *filled]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_nothing_is_written_when_no_centre_answers(tmp_path, capsys) -> None:
    listing = tmp_path / "centres.txt"
    listing.write_text("东风社区 = gone.sqlite3\n", encoding="utf-8")
    out = tmp_path / "d.pdf"
    assert main.main(["--lang", "en", "district", "figures", "--centres", str(listing), "--year", "2026",
                      "--out", str(out)]) == 1
    assert "No centre answered: nothing was written." in capsys.readouterr().err and not out.exists()


# --- a server whose password is not in the password file (the throwaway cluster's password role) ---


@pytest.fixture
def password_centres(pg_server, pg_template, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Two centres on the server as its password role, no password file (tests/pg/district_servers.py)."""
    yield from district_servers.password_centres(pg_server, pg_template, tmp_path, monkeypatch)


@pytest.fixture
def server_list(password_centres, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The list: two centres on the server as ``linli_pw``, one file; the log file in tmp_path."""
    import logging

    sqlite_centre(tmp_path / "c.sqlite3")
    listing = tmp_path / "centres.txt"
    listing.write_text(f"幸福里社区 = {password_centres[0]}\n和平社区 = {password_centres[1]}\n东风社区 = c.sqlite3\n",
                       encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # main.setup_logging's file: ours to read
    before = list(logging.getLogger().handlers)
    yield listing
    for handler in [h for h in logging.getLogger().handlers if h not in before]:
        logging.getLogger().removeHandler(handler)
        handler.close()


class FakeTerminal:
    """A terminal: standard input is one, and getpass answers with the next of ``answers``."""

    def __init__(self, monkeypatch, answers: list[str]):  # type: ignore[no-untyped-def]
        import getpass

        import cli.common as common

        self.answers, self.prompts = list(answers), []
        monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
        monkeypatch.setattr(getpass, "getpass", self._getpass)

    def _getpass(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


def _log_text(tmp_path: Path) -> str:
    logs = list((tmp_path / "data").rglob("linli.log*"))
    assert logs, "main.py writes its log file"
    return "".join(p.read_text(encoding="utf-8") for p in logs)


def test_on_a_terminal_the_password_is_asked_once_for_both_centres_and_kept_out_of_every_file(
        pg_server, server_list, tmp_path, capsys, caplog, monkeypatch) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    secret = pg_server.role_password
    terminal = FakeTerminal(monkeypatch, ["wrong-password", secret])
    pdf = tmp_path / "d.pdf"
    assert main.main(["--lang", "en", "--verbose", "district", "figures", "--centres", str(server_list),
                      "--year", "2026", "--out", str(pdf)]) == 0
    out, err = capsys.readouterr()
    host = "127.0.0.1:" + str(pg_server.admin_url.port)
    assert terminal.prompts == [f"Password of linli_pw on {host}: "] * 2  # once for both centres, asked again
    assert f"linli: The server {host} refused the password of linli_pw." in err
    assert "did not answer" not in err
    assert out.strip() == f"{pdf}: the figures of 3 of 3 centres, the year 2026."

    terminal = FakeTerminal(monkeypatch, [secret])
    xlsx = tmp_path / "d.xlsx"
    assert main.main(["--lang", "en", "district", "figures", "--centres", str(server_list), "--period", "2026H2",
                      "--out", str(xlsx)]) == 0
    assert len(terminal.prompts) == 1
    terminal = FakeTerminal(monkeypatch, [secret])
    assert main.main(["--lang", "en", "district", "counts", "--centres", str(server_list), "--month", "2026-11"]) == 0
    counts_out, counts_err = capsys.readouterr()
    resident = next(line for line in counts_out.splitlines() if line.startswith("resident "))
    assert resident.split() == ["resident", "2", "0", "3"]

    pdf_text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "did not answer" not in pdf_text and "幸福里社区" in pdf_text and "和平社区" in pdf_text
    cells = " ".join(str(v) for row in load_workbook(xlsx).active.iter_rows(values_only=True) for v in row)
    assert "和平社区" in cells
    for where in (pdf_text, cells, out, err, counts_out, counts_err, caplog.text, _log_text(tmp_path),
                  server_list.read_text(encoding="utf-8")):
        assert secret not in where and "wrong-password" not in where


def test_three_wrong_passwords_list_those_centres_and_the_file_is_still_read(
        server_list, tmp_path, capsys, monkeypatch) -> None:
    terminal = FakeTerminal(monkeypatch, ["one", "two", "three"])
    out = tmp_path / "d.pdf"
    assert main.main(["--lang", "en", "district", "figures", "--centres", str(server_list), "--year", "2026",
                      "--out", str(out)]) == 0
    stdout, err = capsys.readouterr()
    assert len(terminal.prompts) == 3
    assert "Warning: did not answer: 幸福里社区: The server 127.0.0.1" in err
    assert "Warning: did not answer: 和平社区: The server 127.0.0.1" in err and "refused the password" in err
    assert stdout.strip().endswith("the figures of 1 of 3 centres, the year 2026.")
    for word in ("one", "two", "three"):
        assert f": {word}" not in err


def test_a_script_is_not_asked_and_the_reason_names_the_password_file(server_list, capsys, monkeypatch) -> None:
    import getpass

    import cli.common as common

    monkeypatch.setattr(common, "stdin_is_terminal", lambda: False)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": pytest.fail("a script is never asked"))
    assert main.main(["--lang", "en", "district", "counts", "--centres", str(server_list), "--month", "2026-11"]) == 0
    out, err = capsys.readouterr()
    failed = [line for line in err.splitlines() if line.startswith("Warning: did not answer: ")]
    assert len(failed) == 2 and all("asks for the password of linli_pw: put it in ~/.pgpass" in f for f in failed)
    resident = next(line for line in out.splitlines() if line.startswith("resident "))
    assert resident.split()[-1] == "3"  # the file's centre is read


def test_the_window_is_given_the_desks_password_dialog(centres, monkeypatch) -> None:
    import ui.district.window as window
    from cli.district import centre_passwords
    from ui.shell.server_password import ask_password

    opened = {}
    monkeypatch.setattr(window, "run_district", lambda listed, **kw: opened.update(kw, centres=listed) or 0)
    assert main.main(["--lang", "en", "district", "--centres", str(centres)]) == 0
    asker = opened["ask_passwords"]
    assert [c.name for c in opened["centres"]] == ["幸福里社区", "𠮷祥社区", "东风社区"]
    assert asker.func is centre_passwords and asker.keywords == {"ask": ask_password}
