"""Alembic environment: runs on the connection models.core.db.migrate hands over.

Batch mode is on (SQLite rebuilds tables for most ALTERs). Outside Linli,
``alembic -c alembic.ini revision --autogenerate -m "..."`` works too.
"""

from alembic import context
from sqlalchemy import create_engine

import models  # noqa: F401 - registers every entity on Base.metadata
from models.core.base import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )


connection = config.attributes.get("connection")
if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      render_as_batch=True, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif connection is not None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
