"""safety: the computer's login on every audit entry

Revision ID: 0008
Revises: 0007

Additive: a nullable column. Entries written before it have NULL and keep
their hash (models.safety.audit.entry_content covers ``os_user`` only when set).
Adding a column is not an UPDATE, so the append-only triggers allow it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_entry", sa.Column("os_user", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_entry", "os_user")  # SQLite >= 3.35: in place, the triggers stay
