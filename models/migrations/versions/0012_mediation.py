"""mediation: cases of disputes (矛盾调解), their parties, mediators and sessions

Revision ID: 0012
Revises: 0011

Written beside 0011 (grids, built in parallel) and chained after it when both
landed. It touches no table of 0011.

Additive and dialect-neutral (``op.create_table``, SQLAlchemy types; no raw SQL):
four new tables. The Mediator role needs no change of schema (a role is a
string in ``user_account.role``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mediation_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("matter", sa.String(length=300), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("referred_to", sa.String(length=100), nullable=False),
        sa.Column("agreement", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_case")),
        sa.UniqueConstraint("year", "seq", name=op.f("uq_mediation_case_year_seq")),
    )
    op.create_index("ix_mediation_case_opened", "mediation_case", ["opened_on"], unique=False)
    op.create_index("ix_mediation_case_closed", "mediation_case", ["closed_on"], unique=False)
    op.create_table(
        "mediation_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["mediation_case.id"],
                                name=op.f("fk_mediation_party_case_id_mediation_case")),
        sa.ForeignKeyConstraint(["resident_id"], ["resident.id"], name=op.f("fk_mediation_party_resident_id_resident")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_party")),
    )
    op.create_index("ix_mediation_party_case", "mediation_party", ["case_id"], unique=False)
    op.create_index("ix_mediation_party_resident", "mediation_party", ["resident_id"], unique=False)
    op.create_table(
        "mediation_mediator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["mediation_case.id"],
                                name=op.f("fk_mediation_mediator_case_id_mediation_case")),
        sa.ForeignKeyConstraint(["account_id"], ["user_account.id"],
                                name=op.f("fk_mediation_mediator_account_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_mediator")),
    )
    op.create_index("ix_mediation_mediator_case", "mediation_mediator", ["case_id"], unique=False)
    op.create_table(
        "mediation_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["mediation_case.id"],
                                name=op.f("fk_mediation_session_case_id_mediation_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_session")),
    )
    op.create_index("ix_mediation_session_case", "mediation_session", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_mediation_session_case", table_name="mediation_session")
    op.drop_table("mediation_session")
    op.drop_index("ix_mediation_mediator_case", table_name="mediation_mediator")
    op.drop_table("mediation_mediator")
    op.drop_index("ix_mediation_party_resident", table_name="mediation_party")
    op.drop_index("ix_mediation_party_case", table_name="mediation_party")
    op.drop_table("mediation_party")
    op.drop_index("ix_mediation_case_closed", table_name="mediation_case")
    op.drop_index("ix_mediation_case_opened", table_name="mediation_case")
    op.drop_table("mediation_case")
