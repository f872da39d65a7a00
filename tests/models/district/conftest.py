"""Centres for the sub-district's tests: small database files, every row typed here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models.core.db import open_database
from models.daycare.entities import Enrolment, StatusChange, Visit
from models.residents.entities import Resident


def _centre(path: Path, elders: list[list[dt.date]], *, names: tuple[str, ...] = ()) -> Path:
    """A centre's file: one day-care elder per list of visit days (enrolled on 1 January 2026)."""
    db = open_database(path)
    try:
        with db.write() as s:
            for n, days in enumerate(elders):
                r = Resident(name=names[n] if n < len(names) else f"老人{n}")
                s.add(r)
                s.flush()
                e = Enrolment(resident_id=r.id, enrolled_on=dt.date(2026, 1, 1), care_level="intact",
                              service_days="1234567", status="active", status_since=dt.date(2026, 1, 1))
                s.add(e)
                s.flush()
                s.add(StatusChange(enrolment_id=e.id, status="active", effective_on=dt.date(2026, 1, 1), reason="t"))
                for day in days:
                    s.add(Visit(enrolment_id=e.id, visit_date=day, check_in=dt.datetime.combine(day, dt.time(9)),
                                check_out=dt.datetime.combine(day, dt.time(16))))
    finally:
        db.dispose()
    return path


@pytest.fixture
def make_centre(tmp_path):  # type: ignore[no-untyped-def]
    """``make_centre("a", [[day, …], …], names=(…))`` → the path of a centre's database file."""

    def make(stem: str, elders: list[list[dt.date]], *, names: tuple[str, ...] = ()) -> Path:
        return _centre(tmp_path / f"{stem}.sqlite3", elders, names=names)

    return make
