"""party roster: organisation, members, status history, dues bands and payments, service

Revision ID: 0005
Revises: 0004
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The default dues bands (domain.md), seeded so that a new database computes dues at once.
DEFAULT_BANDS = (
    ("employed", 300_000, 50, None),
    ("employed", 500_000, 100, None),
    ("employed", 1_000_000, 150, None),
    ("employed", None, 200, None),
    ("retired", 500_000, 50, None),
    ("retired", None, 100, None),
    ("student", None, 0, 20),
    ("unemployed", None, 0, 20),
    ("minimum_allowance", None, 0, 20),
)


def upgrade() -> None:
    band = op.create_table(
        "party_dues_band",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("upper_fen", sa.Integer(), nullable=True),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("fixed_fen", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_dues_band")),
    )
    with op.batch_alter_table("party_dues_band", schema=None) as batch_op:
        batch_op.create_index("ix_party_dues_band_category", ["category", "effective_from"], unique=False)

    op.create_table(
        "party_org",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("leader_resident_id", sa.Integer(), nullable=True),
        sa.Column("leader_name", sa.String(length=50), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["leader_resident_id"], ["resident.id"], name=op.f("fk_party_org_leader_resident_id_resident")),
        sa.ForeignKeyConstraint(["parent_id"], ["party_org.id"], name=op.f("fk_party_org_parent_id_party_org")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_org")),
    )
    with op.batch_alter_table("party_org", schema=None) as batch_op:
        batch_op.create_index("ix_party_org_parent", ["parent_id", "position"], unique=False)

    op.create_table(
        "party_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("ethnicity", sa.String(length=12), nullable=False),
        sa.Column("native_place", sa.String(length=60), nullable=False),
        sa.Column("education", sa.String(length=20), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("full_on", sa.Date(), nullable=True),
        sa.Column("standing", sa.String(length=12), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("post", sa.String(length=40), nullable=False),
        sa.Column("work_unit", sa.String(length=100), nullable=False),
        sa.Column("member_type", sa.String(length=12), nullable=False),
        sa.Column("flow_direction", sa.String(length=8), nullable=True),
        sa.Column("other_org", sa.String(length=100), nullable=False),
        sa.Column("service_post", sa.String(length=80), nullable=False),
        sa.Column("skills", sa.String(length=200), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=True),
        sa.Column("destination", sa.String(length=100), nullable=False),
        sa.Column("dues_category", sa.String(length=20), nullable=False),
        sa.Column("dues_base_fen", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["party_org.id"], name=op.f("fk_party_member_branch_id_party_org")),
        sa.ForeignKeyConstraint(["group_id"], ["party_org.id"], name=op.f("fk_party_member_group_id_party_org")),
        sa.ForeignKeyConstraint(["resident_id"], ["resident.id"], name=op.f("fk_party_member_resident_id_resident")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_member")),
        sa.UniqueConstraint("resident_id", name=op.f("uq_party_member_resident_id")),
    )
    with op.batch_alter_table("party_member", schema=None) as batch_op:
        batch_op.create_index("ix_party_member_branch", ["branch_id", "group_id"], unique=False)
        batch_op.create_index("ix_party_member_joined", ["joined_on"], unique=False)
        batch_op.create_index("ix_party_member_status_type", ["status", "member_type"], unique=False)

    op.create_table(
        "party_dues_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("due_fen", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("paid_by", sa.String(length=50), nullable=False),
        sa.Column("deferred", sa.Boolean(), nullable=False),
        sa.Column("deferral_reason", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["party_member.id"], name=op.f("fk_party_dues_payment_member_id_party_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_dues_payment")),
        sa.UniqueConstraint("member_id", "period", name=op.f("uq_party_dues_payment_member_id_period")),
    )
    with op.batch_alter_table("party_dues_payment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_party_dues_payment_period", ["period", "member_id", "amount_fen", "due_fen", "deferred"], unique=False
        )

    op.create_table(
        "party_member_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("destination", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["party_member.id"], name=op.f("fk_party_member_status_member_id_party_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_member_status")),
    )
    with op.batch_alter_table("party_member_status", schema=None) as batch_op:
        batch_op.create_index("ix_party_member_status_member", ["member_id"], unique=False)

    op.create_table(
        "party_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("person_times", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["party_member.id"], name=op.f("fk_party_service_member_id_party_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_service")),
    )
    with op.batch_alter_table("party_service", schema=None) as batch_op:
        batch_op.create_index("ix_party_service_date", ["served_on", "member_id"], unique=False)

    op.bulk_insert(
        band,
        [
            {
                "category": category,
                "effective_from": dt.date(2008, 4, 1),
                "upper_fen": upper,
                "rate_bp": rate,
                "fixed_fen": fixed,
            }
            for category, upper, rate, fixed in DEFAULT_BANDS
        ],
    )


def downgrade() -> None:
    for table in (
        "party_service",
        "party_member_status",
        "party_dues_payment",
        "party_member",
        "party_org",
        "party_dues_band",
    ):
        op.drop_table(table)
