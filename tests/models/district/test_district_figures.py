"""The centres side by side: each read read-only as the sub-district's reader; totals that mean something;
a centre that does not answer listed as such."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from models.core.db import open_database
from models.district import (
    DISTRICT_ACTOR,
    RATE_PARTS,
    Centre,
    CentreUnavailable,
    district_figures,
    open_centre,
)
from models.figures import SECTIONS, parse_period
from models.residents.entities import Resident
from models.safety.security import PermissionDenied, acting_as

D = dt.date
YEAR = parse_period("2026")
NOW = dt.datetime(2026, 12, 7, 10, 0)


def _centres(*pairs: tuple[str, Path | str]) -> list[Centre]:
    return [Centre(name, str(address), n) for n, (name, address) in enumerate(pairs, start=1)]


@pytest.fixture
def two(make_centre):  # type: ignore[no-untyped-def]
    # A: one elder on three days (average 1.0); B: two elders on the same two days (average 2.0).
    a = make_centre("a", [[D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4)]], names=("𠮷大妈",))
    b = make_centre("b", [[D(2026, 5, 6), D(2026, 5, 7)], [D(2026, 5, 6), D(2026, 5, 7)]])
    return a, b


@pytest.mark.parametrize("workers", [1, 4])
def test_each_centre_a_column_and_the_total(two, tmp_path, workers) -> None:
    a, b = two
    seen = []
    figures = district_figures(_centres(("幸福里社区", a), ("和平社区", b), ("东风社区", tmp_path / "gone.sqlite3")),
                               YEAR, now=NOW, workers=workers, progress=lambda d, t: seen.append((d, t)))
    assert [c.centre.name for c in figures.columns] == ["幸福里社区", "和平社区", "东风社区"]  # the list's order
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    rows = {r.key: r for r in figures.rows()}
    assert rows["daycare.person_times"].values == (3, 4, None)
    assert rows["daycare.person_times"].total == 7
    assert rows["daycare.end"].values[:2] == (1, 2) and rows["daycare.end"].total == 3
    # An average is recomputed from the summed parts: 7 person-times over 5 open days, not (1 + 2) / 2.
    assert rows["daycare.average"].values[:2] == (1.0, 2.0)
    assert rows["daycare.average"].total == pytest.approx(7 / 5)
    # Nothing recorded anywhere: no made-up zero in the total either.
    assert rows["mediation.cases"].values == (None, None, None) and rows["mediation.cases"].total is None
    # The centre that did not answer keeps its column, says why, and is in no total.
    gone = figures.columns[2]
    assert not gone.answered and gone.error.startswith("东风社区: no database at ")
    assert [c.centre.name for c in figures.failed] == ["东风社区"]
    assert figures.made_at == NOW and figures.period == YEAR


def test_every_rate_and_average_has_its_parts_and_they_give_the_centres_own_value(two) -> None:
    a, b = two
    figures = district_figures(_centres(("A", a), ("B", b)), YEAR, now=NOW)
    for column in figures.columns:
        for sec in column.sections:
            for fig in sec.headlines():
                if fig.unit in ("rate", "average"):
                    assert fig.key in RATE_PARTS, f"{fig.key}: a rate without parts would have no total"
                    if fig.value is not None:
                        num, den = RATE_PARTS[fig.key](sec)
                        assert num / den == pytest.approx(fig.value), fig.key
    assert {s.key for s in SECTIONS} == {s.key for s in figures.columns[0].sections}


def _rows(path: Path, table: str) -> int:
    db = open_database(path, create=False)
    try:
        with db.session() as s:
            return s.scalar(text(f"SELECT count(*) FROM {table}"))
    finally:
        db.dispose()


def test_a_centre_is_read_only_and_its_reader_sees_counts_only(two) -> None:
    a, _b = two
    trail = _rows(a, "audit_entry")
    district_figures(_centres(("幸福里社区", a)), YEAR, now=NOW, counts=True)
    assert _rows(a, "audit_entry") == trail  # nothing written in the centre, not even an audit entry
    with acting_as(DISTRICT_ACTOR):
        db = open_centre(Centre("幸福里社区", str(a)))
        try:
            with pytest.raises(OperationalError, match="readonly"), db.session() as s, s.begin():
                s.add(Resident(name="闯入者"))
                s.flush()
            from models.daycare.enrolment import get_enrolment
            from models.grids.care import care_list
            from models.mediation.cases import view_case

            with db.session() as s:
                for read_records in (lambda: get_enrolment(s, 1), lambda: care_list(s, D(2026, 12, 7)),
                                     lambda: view_case(s, 1)):
                    with pytest.raises(PermissionDenied):  # names, health and visit notes stay in the centre
                        read_records()
        finally:
            db.dispose()
    assert _rows(a, "resident") == 1


def test_another_schema_a_non_linli_file_and_a_refused_server_are_one_line_naming_the_centre(two, tmp_path) -> None:
    a, _b = two
    db = open_database(a, create=False)
    with db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0011'"))
    db.dispose()
    with pytest.raises(CentreUnavailable, match=r"^老城社区: the database is at schema 0011, this program reads 0012"):
        open_centre(Centre("老城社区", str(a)))
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all, just text")
    with pytest.raises(CentreUnavailable, match="^东风社区: .* is not a Linli database"):
        open_centre(Centre("东风社区", str(junk)))
    figures = district_figures(_centres(("和平社区", "postgresql+psycopg://district@127.0.0.1:1/heping")), YEAR, now=NOW)
    error = figures.columns[0].error
    assert error.startswith("和平社区: The server 127.0.0.1:1 refused the connection"), error
    assert figures.rows() == []


def test_the_reader_has_no_account_and_holds_two_permissions_only() -> None:
    from models.safety.security import ROLE_PERMISSIONS, ROLES, allowed

    assert DISTRICT_ACTOR.user_id is None and DISTRICT_ACTOR.role not in ROLES  # no account can be given it
    assert ROLE_PERMISSIONS[DISTRICT_ACTOR.role] == {"figures.read", "mediation.count"}
    for permission in ("residents.read", "residents.search", "daycare.read", "grids.read", "mediation.read",
                       "export.personal", "audit.read", "daycare.write"):
        assert not allowed(DISTRICT_ACTOR.role, permission), permission
