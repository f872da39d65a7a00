"""Reading the dues never writes: a centre with members and no dues bands stored, opened read-only,
reads the same dues as a writable copy whose default bands were stored, and nothing changes in it."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import sessionmaker

import models  # noqa: F401 - every table on Base.metadata
from models.core.base import Base
from models.core.db import Database, make_engine, open_database
from models.figures import parse_period
from models.figures.party import party_figures
from models.party.bands import DEFAULT_BANDS, default_schedules, ensure_default_bands, schedules
from models.party.dues import (
    arrears,
    dues_grid,
    dues_statistics,
    member_due,
    monthly_due,
    next_unpaid_month,
    quarter_months,
    schedule_on,
    schedule_starts,
)
from models.party.entities import DuesBand, DuesPayment
from models.party.members import MemberInput, create_member
from models.party.orgs import save_org
from models.residents.registry import ResidentInput, create_resident
from models.safety.startup import open_read_only

D = dt.date
TODAY = D(2026, 12, 7)


def _fill(db: Database) -> dict[str, int]:
    """Members of three dues categories and payments typed in (as an import leaves them), and no band stored."""
    ids: dict[str, int] = {}
    with db.write() as s:
        committee = save_org(s, name="幸福里社区党委")
        branch = save_org(s, name="第一党支部", parent_id=committee.id)
        for name, category, base in (("张三明", "employed", 400_000), ("𠮷大妈", "retired", 600_000),
                                     ("李四", "student", 0), ("王五", "employed", 1_200_000)):
            rid = create_resident(s, ResidentInput(name=name, birth_date=D(1960, 5, 1)), today=TODAY).id
            data = MemberInput(resident_id=rid, joined_on=D(2026, 3, 1), standing="probationary", branch_id=branch.id,
                               dues_category=category, dues_base_fen=base)
            ids[name] = create_member(s, data, confirmed=True, today=TODAY).id
        s.add_all([
            DuesPayment(member_id=ids["张三明"], period=D(2026, 10, 1), due_fen=4_000, amount_fen=4_000,
                        paid_on=D(2026, 10, 8)),
            DuesPayment(member_id=ids["王五"], period=D(2026, 11, 1), due_fen=24_000, amount_fen=10_000,
                        paid_on=D(2026, 11, 9)),  # paid short
            DuesPayment(member_id=ids["李四"], period=D(2026, 11, 1), due_fen=20, amount_fen=0, deferred=True,
                        deferral_reason="在外地实习"),
        ])
        s.execute(delete(DuesBand))  # migration 0005 stored the defaults: a centre whose table lost them
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(DuesBand)) == 0  # what the tests are about
    return ids


def _dues(db: Database, ids: dict[str, int]) -> dict[str, object]:
    """Every read of the dues: the page, the desk, the arrears, the statistics, the bands editor, the figures."""
    q4 = quarter_months(2026, 4)
    with db.session() as s:
        return {
            "arrears": arrears(s, D(2026, 1, 1), D(2026, 11, 30)),
            "grid": dues_grid(s, q4),
            "statistics": dues_statistics(s, 2026, today=TODAY),
            "month": dues_statistics(s, 2026, 11, today=TODAY),
            "due": [member_due(s, mid, D(2026, 12, 1)) for mid in ids.values()],
            "monthly": [monthly_due(s, mid, D(2026, 6, 1)) for mid in ids.values()],
            "next": [next_unpaid_month(s, mid, TODAY) for mid in ids.values()],
            "starts": [schedule_starts(s, c) for c in ("employed", "retired", "student")],
            "bands": schedule_on(s, "employed", TODAY),
            "figures": party_figures(s, parse_period("2026"), today=TODAY),
        }


def _counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {name: s.scalar(select(func.count()).select_from(table)) for name, table in Base.metadata.tables.items()}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_bands_in_force_with_none_stored_are_the_defaults_and_reading_them_stores_nothing(db) -> None:
    _fill(db)
    with db.session() as s:
        assert schedules(s) == default_schedules()
        assert sum(len(b) for b in default_schedules().values()) == len(DEFAULT_BANDS)
        assert [b.rate_bp for b in schedule_on(s, "employed", TODAY)] == [50, 100, 150, 200]
        assert schedule_on(s, "employed", D(2008, 3, 31)) == []  # before the first schedule: none
    with db.write() as s:
        assert ensure_default_bands(s) is True
        assert ensure_default_bands(s) is False  # once
    with db.session() as s:
        assert schedules(s) == default_schedules()  # stored, the same bands


@pytest.mark.sqlite_only
def test_a_read_only_file_reads_the_dues_of_a_writable_copy_whose_bands_were_stored(tmp_path) -> None:
    path = tmp_path / "centre.sqlite3"
    db = open_database(path)
    try:
        ids = _fill(db)
    finally:
        db.dispose()
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(path, copy)
    digest = _digest(path)

    ro = open_read_only(path)
    try:
        before = _counts(ro)
        read_only = _dues(ro, ids)
        assert _counts(ro) == before  # no band stored, no audit entry: nothing written
        with pytest.raises(Exception, match="readonly"), ro.write() as s:  # and it is read-only indeed
            ensure_default_bands(s)
    finally:
        ro.dispose()
    assert _digest(path) == digest

    writable = open_database(copy, create=False)
    try:
        with writable.write() as s:
            assert ensure_default_bands(s) is True
        with writable.session() as s:
            assert s.scalar(select(func.count()).select_from(DuesBand)) == len(DEFAULT_BANDS)
        seeded = _dues(writable, ids)
    finally:
        writable.dispose()

    assert read_only == seeded
    # And the figures are the bands' own: ¥4,000 at 1 % (March–November, October paid), ¥6,000 at 1 %, 0.2 yuan,
    # ¥12,000 at 2 % (November ¥100 short).
    owed = {a.name: a.owed_fen for a in read_only["arrears"]}
    assert owed == {"张三明": 8 * 4_000, "𠮷大妈": 9 * 6_000, "李四": 8 * 20, "王五": 8 * 24_000 + 14_000}
    assert [d.due_fen for d in read_only["due"]] == [4_000, 6_000, 20, 24_000]
    assert read_only["figures"].dues_outstanding_fen == sum(owed.values())
    assert read_only["figures"].dues_collected_fen == 14_000
    assert read_only["statistics"].total.arrears_fen == sum(owed.values())


def test_on_a_read_only_server_connection_the_dues_read_the_same(db) -> None:
    """PostgreSQL with ``default_transaction_read_only=on`` (the sub-district's reader's connection)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a server's read-only connection (--pg); a read-only file is the test above")
    ids = _fill(db)
    engine = make_engine(db.engine.url, read_only=True)
    sessions = sessionmaker(engine, expire_on_commit=False)
    ro = Database(engine=engine, path=None, sessions=sessions, writes=sessions)
    try:
        before = _counts(ro)
        read_only = _dues(ro, ids)
        assert _counts(ro) == before
        with pytest.raises(Exception, match="read-only transaction"), ro.sessions() as s, s.begin():
            ensure_default_bands(s)
    finally:
        ro.dispose()
    with db.write() as s:
        assert ensure_default_bands(s) is True
    assert _dues(db, ids) == read_only
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM party_dues_band")).scalar() == len(DEFAULT_BANDS)
