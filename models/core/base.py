"""The declarative base and small column helpers shared by every entity."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Constraint names are spelled out so that Alembic batch migrations on SQLite
# (which rebuild tables) and PostgreSQL produce the same schema.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of all Linli entities."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def now_local() -> dt.datetime:
    """The current local time as a naive datetime, to the second.

    Linli stores times as naive local datetimes (SQLite drops offsets anyway).
    """
    return dt.datetime.now().replace(microsecond=0)
