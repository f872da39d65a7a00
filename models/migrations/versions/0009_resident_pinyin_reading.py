"""residents: the reading a clerk typed; the keys of rare characters read anew

Revision ID: 0009
Revises: 0008

Additive: ``resident.pinyin_reading`` (empty = the reading is computed), with
a server default so existing rows get "".

Data: pypinyin has no reading for a few rare name characters (𠮷) and reads
no compatibility ideograph; rows written before this revision hold keys that
skip them (𠮷明华 → ``minghua`` / ``mh``). Their keys are computed again with
today's reading (``models.residents.readings.name_keys``), only for names
holding such a character, so a large registry migrates in a second. Done
here rather than at every start: the fix is one-off, it runs inside the
migration's transaction after the automatic backup, and opening the
database stays cheap. A later extension of the table ships its own data
step the same way.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("resident", sa.Column("pinyin_reading", sa.String(length=400), nullable=False, server_default=""))
    from models.residents.readings import rereadable

    resident = sa.table("resident", sa.column("id", sa.Integer), sa.column("name", sa.String),
                        sa.column("name_pinyin", sa.String), sa.column("name_initials", sa.String))
    conn = op.get_bind()
    changes = []
    for row in conn.execute(sa.select(resident.c.id, resident.c.name, resident.c.name_pinyin, resident.c.name_initials)):
        keys = rereadable(row.name)
        if keys is not None and (keys.pinyin, keys.initials) != (row.name_pinyin, row.name_initials):
            changes.append({"rid": row.id, "p": keys.pinyin, "i": keys.initials})
    if changes:
        conn.execute(
            resident.update().where(resident.c.id == sa.bindparam("rid"))
            .values(name_pinyin=sa.bindparam("p"), name_initials=sa.bindparam("i")),
            changes,
        )


def downgrade() -> None:
    op.drop_column("resident", "pinyin_reading")  # the recomputed keys stay: they are right
