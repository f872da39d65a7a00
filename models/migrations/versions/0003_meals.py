"""meals: menus, subsidy policy versions and rules, meals, diners, recompute records

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 01:50:35.939349
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('subsidy_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('combine', sa.String(length=3), nullable=False),
    sa.Column('example', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_policy'))
    )
    with op.batch_alter_table('subsidy_policy', schema=None) as batch_op:
        batch_op.create_index('ix_subsidy_policy_effective', ['archived', 'effective_from'], unique=False)

    op.create_table('subsidy_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('max_age', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=30), nullable=True),
    sa.Column('meal_kind', sa.String(length=10), nullable=True),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['policy_id'], ['subsidy_policy.id'], name=op.f('fk_subsidy_rule_policy_id_subsidy_policy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subsidy_rule'))
    )
    with op.batch_alter_table('subsidy_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subsidy_rule_policy_id'), ['policy_id'], unique=False)

    op.create_table('meal_menu',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('dishes', sa.Text(), nullable=False),
    sa.Column('price_fen', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meal_menu')),
    sa.UniqueConstraint('day', 'kind', name=op.f('uq_meal_menu_day_kind'))
    )

    op.create_table('meal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_fen', sa.Integer(), nullable=False),
    sa.Column('price_fen', sa.Integer(), nullable=False),
    sa.Column('subsidy_fen', sa.Integer(), nullable=False),
    sa.Column('paid_fen', sa.Integer(), nullable=False),
    sa.Column('payment', sa.String(length=10), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=True),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('age_band', sa.String(length=20), nullable=False),
    sa.Column('categories', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['policy_id'], ['subsidy_policy.id'], name=op.f('fk_meal_policy_id_subsidy_policy')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_meal_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meal'))
    )
    with op.batch_alter_table('meal', schema=None) as batch_op:
        batch_op.create_index('ix_meal_day_kind', ['day', 'kind'], unique=False)
        batch_op.create_index('ix_meal_resident_day', ['resident_id', 'day'], unique=False)

    op.create_table('meal_diner',
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.Column('diet_notes', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_meal_diner_resident_id_resident')),
    sa.PrimaryKeyConstraint('resident_id', name=op.f('pk_meal_diner'))
    )

    op.create_table('meal_recompute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.Column('done_by', sa.String(length=60), nullable=False),
    sa.Column('meals_checked', sa.Integer(), nullable=False),
    sa.Column('meals_changed', sa.Integer(), nullable=False),
    sa.Column('subsidy_before_fen', sa.Integer(), nullable=False),
    sa.Column('subsidy_after_fen', sa.Integer(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meal_recompute'))
    )


def downgrade() -> None:
    op.drop_table('meal_recompute')
    op.drop_table('meal_diner')
    with op.batch_alter_table('meal', schema=None) as batch_op:
        batch_op.drop_index('ix_meal_day_kind')
        batch_op.drop_index('ix_meal_resident_day')
    op.drop_table('meal')
    op.drop_table('meal_menu')
    with op.batch_alter_table('subsidy_rule', schema=None) as batch_op:
        batch_op.drop_index('ix_subsidy_rule_policy_id')
    op.drop_table('subsidy_rule')
    with op.batch_alter_table('subsidy_policy', schema=None) as batch_op:
        batch_op.drop_index('ix_subsidy_policy_effective')
    op.drop_table('subsidy_policy')
