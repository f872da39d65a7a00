"""activities: rooms, series, activities, bookings, overrides

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The rooms a new database starts with (models.activities.DEFAULT_ROOMS).
DEFAULT_ROOMS = (("议事厅", 40), ("活动室", 30), ("调解室", 8), ("多功能厅", 80), ("户外广场", 200))


def upgrade() -> None:
    room = op.create_table(
        "activity_room",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_room")),
        sa.UniqueConstraint("name", name=op.f("uq_activity_room_name")),
    )
    op.create_table(
        "activity_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_series")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("signup_opens_at", sa.DateTime(), nullable=True),
        sa.Column("signup_deadline", sa.DateTime(), nullable=True),
        sa.Column("target_group", sa.String(length=12), nullable=False),
        sa.Column("organiser", sa.String(length=100), nullable=False),
        sa.Column("contact", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["room_id"], ["activity_room.id"], name=op.f("fk_activity_room_id_activity_room")),
        sa.ForeignKeyConstraint(
            ["series_id"], ["activity_series.id"], name=op.f("fk_activity_series_id_activity_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index("ix_activity_starts_at", ["starts_at"], unique=False)
        batch_op.create_index("ix_activity_room_starts", ["room_id", "starts_at"], unique=False)
        batch_op.create_index("ix_activity_status_starts", ["status", "starts_at"], unique=False)
        batch_op.create_index("ix_activity_series_id", ["series_id"], unique=False)

    op.create_table(
        "activity_booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("walkin_name", sa.String(length=50), nullable=True),
        sa.Column("walkin_phone", sa.String(length=20), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("booked_at", sa.DateTime(), nullable=False),
        sa.Column("promoted_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("attended_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_activity_booking_activity_id_activity")
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"], ["resident.id"], name=op.f("fk_activity_booking_resident_id_resident")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_booking")),
    )
    with op.batch_alter_table("activity_booking", schema=None) as batch_op:
        batch_op.create_index("ix_activity_booking_activity_status", ["activity_id", "status"], unique=False)
        batch_op.create_index("ix_activity_booking_activity_resident", ["activity_id", "resident_id"], unique=False)
        batch_op.create_index("ix_activity_booking_resident", ["resident_id", "booked_at"], unique=False)

    op.create_table(
        "activity_booking_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["activity_booking.id"],
            name=op.f("fk_activity_booking_override_booking_id_activity_booking"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_booking_override")),
    )
    with op.batch_alter_table("activity_booking_override", schema=None) as batch_op:
        batch_op.create_index("ix_activity_booking_override_booking_id", ["booking_id"], unique=False)

    op.bulk_insert(room, [{"name": n, "capacity": c, "archived": False} for n, c in DEFAULT_ROOMS])


def downgrade() -> None:
    op.drop_table("activity_booking_override")
    op.drop_table("activity_booking")
    op.drop_table("activity")
    op.drop_table("activity_series")
    op.drop_table("activity_room")
