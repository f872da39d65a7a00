"""Shared fixtures of the domain tests: databases, the language, a fixed today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import i18n
from models.core.db import Database, open_database

#: GB 11643-1999 weights and check characters, spelled out here so that the
#: tests build valid ID numbers without trusting the code under test.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Messages in English (the source strings), whatever the default language."""
    previous = i18n.current_language()
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language(previous)


@pytest.fixture
def today() -> dt.date:
    """The fixed "today" of every rule that depends on the date."""
    return dt.date(2026, 11, 22)


@pytest.fixture
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh in-memory Linli database at the head revision; with ``--pg`` a fresh
    PostgreSQL database at head (tests/conftest.py)."""
    target = request.getfixturevalue("pg_url") if request.config.getoption("--pg") else ":memory:"
    database = open_database(target)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def tmp_db_path(tmp_path: Path) -> Path:
    """Where a file database goes in a test (not created yet)."""
    return tmp_path / "linli.sqlite3"


def _make_id(birth: str, seq: int, area: str = "110105") -> str:
    first17 = f"{area}{birth}{seq:03d}"
    assert len(first17) == 17 and first17.isdigit()
    return first17 + _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


@pytest.fixture
def make_id() -> Callable[..., str]:
    """``make_id("19500101", 11, area="110105")`` → a valid 18-character ID number.

    The sequence's last digit decides the gender (odd: male, even: female).
    """
    return _make_id


@pytest.fixture
def make_x_id() -> Callable[..., str]:
    """A valid ID number whose check character is ``X`` for a birth date."""

    def build(birth: str, area: str = "110105", male: bool = True) -> str:
        for seq in range(1 if male else 0, 1000, 2):
            number = _make_id(birth, seq, area)
            if number.endswith("X"):
                return number
        raise AssertionError("no sequence gives an X check character")  # pragma: no cover

    return build
