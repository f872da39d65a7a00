"""requests: residents' requests (点单 → 派单 → 接单 → 评单), their categories and history; service linked to a request

Revision ID: 0010
Revises: 0008

Additive: three new tables, the default categories with their time limits,
and a nullable ``request_id`` on ``party_service`` (one service record per
request). (Another revision, 0009, may be written in parallel: the merger
chains them.)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The list a new database starts with (models.requests.categories.DEFAULT_CATEGORIES, copied: a
#: migration does not import the code that may change after it).
DEFAULTS = (
    ("维修", 3, 1, "维修 电器 水电 家电 修理"),
    ("代办", 5, 1, "代办 帮办 助老"),
    ("助医", 5, 1, "助医 医疗 保健 陪诊 护理"),
    ("陪伴", 5, 1, "陪伴 心理 疏导 助老 助餐"),
    ("法律咨询", 5, 1, "法律 调解 矛盾"),
    ("政策咨询", 5, 1, "政策 理财 社保"),
    ("环境", 5, 1, "环境 垃圾分类 清洁 文明"),
    ("其他", 5, 1, ""),
)


def upgrade() -> None:
    category = op.create_table(
        "request_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("urgent_days", sa.Integer(), nullable=False),
        sa.Column("keywords", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_category")),
        sa.UniqueConstraint("name", name=op.f("uq_request_category_name")),
    )
    op.create_table(
        "service_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=True),
        sa.Column("caller_name", sa.String(length=50), nullable=False),
        sa.Column("caller_phone", sa.String(length=20), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("handler_kind", sa.String(length=12), nullable=True),
        sa.Column("handler_member_id", sa.Integer(), nullable=True),
        sa.Column("handler_resident_id", sa.Integer(), nullable=True),
        sa.Column("handler_name", sa.String(length=60), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("dispatched_on", sa.Date(), nullable=True),
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_note", sa.String(length=200), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=12), nullable=True),
        sa.Column("rating_comment", sa.String(length=200), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=True),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["request_category.id"],
                                name=op.f("fk_service_request_category_id_request_category")),
        sa.ForeignKeyConstraint(["handler_member_id"], ["party_member.id"],
                                name=op.f("fk_service_request_handler_member_id_party_member")),
        sa.ForeignKeyConstraint(["handler_resident_id"], ["resident.id"],
                                name=op.f("fk_service_request_handler_resident_id_resident")),
        sa.ForeignKeyConstraint(["resident_id"], ["resident.id"], name=op.f("fk_service_request_resident_id_resident")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_request")),
        sa.UniqueConstraint("year", "seq", name=op.f("uq_service_request_year_seq")),
    )
    with op.batch_alter_table("service_request", schema=None) as batch_op:
        batch_op.create_index("ix_service_request_state_deadline", ["state", "deadline"], unique=False)
        batch_op.create_index("ix_service_request_received", ["received_on"], unique=False)
        batch_op.create_index("ix_service_request_done", ["done_on"], unique=False)
        batch_op.create_index("ix_service_request_member_state", ["handler_member_id", "state"], unique=False)
        batch_op.create_index("ix_service_request_resident", ["resident_id"], unique=False)
    op.create_table(
        "request_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("from_state", sa.String(length=12), nullable=True),
        sa.Column("to_state", sa.String(length=12), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("handler", sa.String(length=80), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["service_request.id"],
                                name=op.f("fk_request_event_request_id_service_request")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_event")),
    )
    with op.batch_alter_table("request_event", schema=None) as batch_op:
        batch_op.create_index("ix_request_event_request", ["request_id"], unique=False)
    with op.batch_alter_table("party_service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_party_service_request_id"), ["request_id"])
        batch_op.create_foreign_key(batch_op.f("fk_party_service_request_id_service_request"), "service_request",
                                    ["request_id"], ["id"])
    op.bulk_insert(category, [
        {"name": n, "days": d, "urgent_days": u, "keywords": k, "position": i, "archived": False}
        for i, (n, d, u, k) in enumerate(DEFAULTS)
    ])


def downgrade() -> None:
    with op.batch_alter_table("party_service", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_party_service_request_id_service_request"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_party_service_request_id"), type_="unique")
        batch_op.drop_column("request_id")
    with op.batch_alter_table("request_event", schema=None) as batch_op:
        batch_op.drop_index("ix_request_event_request")
    op.drop_table("request_event")
    with op.batch_alter_table("service_request", schema=None) as batch_op:
        for name in ("ix_service_request_resident", "ix_service_request_member_state", "ix_service_request_done",
                     "ix_service_request_received", "ix_service_request_state_deadline"):
            batch_op.drop_index(name)
    op.drop_table("service_request")
    op.drop_table("request_category")
