"""The sub-district's list of centres: NAME = ADDRESS per line, and a clear message for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.district import CentresFileError, parse_centres, read_centres


def test_names_addresses_comments_a_bom_and_the_full_width_equals_sign(tmp_path: Path) -> None:
    text = ("\ufeff# 街道的中心（一行一个）\n\n"
            "幸福里社区 = postgresql+psycopg://district@192.168.1.20/xingfuli?sslmode=require\n"
            "  和平社区＝ heping.sqlite3  \n"
            "𠮷祥社区 = sub/吉祥.sqlite3\n")
    centres = parse_centres(text, base=tmp_path, source="centres.txt")
    assert [c.name for c in centres] == ["幸福里社区", "和平社区", "𠮷祥社区"]
    assert centres[0].address == "postgresql+psycopg://district@192.168.1.20/xingfuli?sslmode=require"
    assert centres[0].is_server and not centres[1].is_server
    assert centres[1].address == str(tmp_path / "heping.sqlite3")  # relative to the list's folder
    assert centres[2].address == str(tmp_path / "sub" / "吉祥.sqlite3")
    assert [c.line for c in centres] == [3, 4, 5]


@pytest.mark.parametrize(("text", "message"), [
    ("幸福里社区 = a.sqlite3\n和平社区 b.sqlite3\n", "centres.txt, line 2: write the centre's name, then = and"),
    ("= a.sqlite3\n", "centres.txt, line 1: the centre's name is missing"),
    ("幸福里社区 =   \n", "centres.txt, line 1: the address of 幸福里社区 is missing"),
    ("幸福里社区 = a.sqlite3\n# x\n幸福里社区 = b.sqlite3\n", "centres.txt, line 3: 幸福里社区 is already listed on line 1"),
    ("幸福里社区 = a.sqlite3\n和平社区 = ./a.sqlite3\n",
     "centres.txt, line 2: the database of 和平社区 is already listed on line 1"),
    ("幸福里社区 = postgresql+psycopg://district:secret@host/x\n", "line 1: leave the password out of the address"),
    ("幸福里社区 = mysql://district@host/x\n", "line 1: mysql://district@host/x is neither a PostgreSQL server"),
    ("# only a comment\n\n", "centres.txt lists no centre"),
])
def test_a_bad_line_is_told_with_its_number(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CentresFileError) as caught:
        parse_centres(text, base=tmp_path, source="centres.txt")
    assert message in str(caught.value)
    assert "secret" not in str(caught.value)


def test_the_file_missing_or_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(CentresFileError, match="No list of centres at"):
        read_centres(tmp_path / "nowhere.txt")
    gbk = tmp_path / "centres.txt"
    gbk.write_bytes("幸福里社区 = a.sqlite3\n".encode() + "和平社区 = b.sqlite3\n".encode("gbk"))
    with pytest.raises(CentresFileError, match=r"centres.txt, line 2: not UTF-8 text"):
        read_centres(gbk)
    good = tmp_path / "ok.txt"
    good.write_text("幸福里社区 = a.sqlite3\n", encoding="utf-8")
    assert read_centres(good)[0].address == str(tmp_path / "a.sqlite3")
