"""The sub-district reads a centre's Party dues though the centre stores no dues bands: the defaults in
force, read without a write — the figures a writable copy gives once its bands are stored, and the centre's
file unchanged."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from sqlalchemy import delete, func, select

import models  # noqa: F401 - every table on Base.metadata
from models.core.base import Base
from models.core.db import open_database
from models.district import DISTRICT_ACTOR, Centre, district_figures
from models.figures import parse_period
from models.figures.party import party_figures
from models.party.bands import DEFAULT_BANDS, ensure_default_bands
from models.party.entities import DuesBand, DuesPayment
from models.party.members import MemberInput, create_member
from models.party.orgs import save_org
from models.residents.registry import ResidentInput, create_resident
from models.safety.security import acting_as

D = dt.date
YEAR = parse_period("2026")
NOW = dt.datetime(2026, 12, 7, 10, 0)


def _centre_with_members(path: Path) -> Path:
    """Two members (¥4,000 employed: 1 %; ¥600 retired: 0.5 %), one month paid, no band stored."""
    db = open_database(path)
    try:
        with db.write() as s:
            committee = save_org(s, name="和平社区党委")
            branch = save_org(s, name="第一党支部", parent_id=committee.id)
            ids = []
            for name, category, base in (("𠮷大妈", "retired", 60_000), ("张三明", "employed", 400_000)):
                rid = create_resident(s, ResidentInput(name=name, birth_date=D(1958, 1, 9)), today=NOW.date()).id
                ids.append(create_member(s, MemberInput(
                    resident_id=rid, joined_on=D(2026, 7, 1), standing="probationary", branch_id=branch.id,
                    dues_category=category, dues_base_fen=base), confirmed=True, today=NOW.date()).id)
            s.add(DuesPayment(member_id=ids[1], period=D(2026, 7, 1), due_fen=4_000, amount_fen=4_000,
                              paid_on=D(2026, 7, 3)))
            s.execute(delete(DuesBand))  # the defaults migration 0005 stored, gone
    finally:
        db.dispose()
    return path


def _counts(path: Path) -> dict[str, int]:
    db = open_database(path, create=False)
    try:
        with db.session() as s:
            return {n: s.scalar(select(func.count()).select_from(t)) for n, t in Base.metadata.tables.items()}
    finally:
        db.dispose()


def _party(path: Path, name: str):  # type: ignore[no-untyped-def]
    figures = district_figures([Centre(name, str(path), 1)], YEAR, now=NOW)
    column = figures.columns[0]
    assert column.answered, column.error
    return column.section("party"), {r.key: r.values[0] for r in figures.rows() if r.key.startswith("party.")}


def test_the_district_reads_a_centres_dues_without_bands_stored_and_writes_nothing(tmp_path) -> None:
    centre = _centre_with_members(tmp_path / "heping.sqlite3")
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(centre, copy)
    before = _counts(centre)
    assert before["party_dues_band"] == 0 and before["party_member"] == 2
    digest = hashlib.sha256(centre.read_bytes()).hexdigest()

    party, rows = _party(centre, "和平社区")

    assert _counts(centre) == before  # no band, no audit entry
    assert hashlib.sha256(centre.read_bytes()).hexdigest() == digest
    # July to November ended: the retired member owes 5 × ¥3.00, the employed one 4 × ¥40.00 (July paid).
    assert party.dues_outstanding_fen == 5 * 300 + 4 * 4_000
    assert party.dues_collected_fen == 4_000
    assert rows["party.dues"] == 4_000 and rows["party.members"] == 2

    # A writable copy, its default bands stored: the same figures, read as a desk reads them or as the district.
    db = open_database(copy, create=False)
    try:
        with db.write() as s:
            assert ensure_default_bands(s) is True
        with db.session() as s, acting_as(DISTRICT_ACTOR):
            assert s.scalar(select(func.count()).select_from(DuesBand)) == len(DEFAULT_BANDS)
            assert party_figures(s, YEAR, today=NOW.date()) == party
    finally:
        db.dispose()
    assert _party(copy, "和平社区") == (party, rows)
