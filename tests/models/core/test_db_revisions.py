"""The start-up reads the migration graph from the files' text (no Alembic import): it must agree with Alembic."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

import models.core.db as mdb


def _alembic_view() -> tuple[str, set[str]]:
    script = ScriptDirectory.from_config(mdb._alembic_config(create_engine("sqlite://")))
    return "+".join(sorted(script.get_heads())), {rev.revision for rev in script.walk_revisions()}


def test_the_cheap_reading_agrees_with_alembic() -> None:
    head, known = _alembic_view()
    assert mdb.head_revision() == head
    assert mdb._known_revisions() == known


def test_branches_and_a_merge_are_read_like_alembic(tmp_path, monkeypatch) -> None:
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (tmp_path / "migrations" / "script.py.mako").write_text("", encoding="utf-8")
    (tmp_path / "migrations" / "env.py").write_text("", encoding="utf-8")

    def write(rev: str, down: object) -> None:
        (versions / f"{rev}_x.py").write_text(textwrap.dedent(f'''\
            """x

            Revision ID: {rev}
            """
            revision: str = {rev!r}
            down_revision = {down!r}
            branch_labels = None
            depends_on = None
            '''), encoding="utf-8")

    write("a1", None)
    write("b1", "a1")
    write("c1", "a1")
    monkeypatch.setattr(mdb, "MIGRATIONS_DIR", tmp_path / "migrations")
    assert mdb.head_revision() == "+".join(sorted(_alembic_view_heads(tmp_path)))
    assert mdb.head_revision() == "b1+c1"
    write("m1", ("b1", "c1"))
    assert mdb.head_revision() == "m1" == "+".join(_alembic_view_heads(tmp_path))
    assert mdb._known_revisions() == {"a1", "b1", "c1", "m1"}


def _alembic_view_heads(root: Path) -> list[str]:
    sys.modules.pop("env", None)
    return sorted(ScriptDirectory(str(root / "migrations")).get_heads())


def test_opening_a_database_at_head_does_not_import_alembic(tmp_path) -> None:
    import subprocess

    path = tmp_path / "l.sqlite3"
    mdb.open_database(path).dispose()
    code = (
        "import sys; from models.core.db import open_database; "
        f"open_database({str(path)!r}, create=False).dispose(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(mdb.__file__).resolve().parents[1])
    assert done.stdout.strip() == "[]"
