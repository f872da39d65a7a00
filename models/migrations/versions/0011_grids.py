"""grids: places (compound → building → unit → room), households, grids, building heads, central households, visits

Revision ID: 0011
Revises: 0010

Additive: new tables only; the residents' address text is read into rooms and
households where it parses (:func:`models.grids.addresses.link_addresses`),
the rest is left for the clerk to place with its text untouched. Dialect-neutral
(no SQLite-only SQL): it runs on PostgreSQL as well.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('care_interval',
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('category', name=op.f('pk_care_interval'))
    )
    op.create_table('grid_worker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('work_phone', sa.String(length=20), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_worker'))
    )
    op.create_table('place_compound',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_compound')),
    sa.UniqueConstraint('name', name=op.f('uq_place_compound_name'))
    )
    op.create_table('grid',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['worker_id'], ['grid_worker.id'], name=op.f('fk_grid_worker_id_grid_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid')),
    sa.UniqueConstraint('name', name=op.f('uq_grid_name'))
    )
    op.create_table('place_building',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('compound_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('sort_key', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['compound_id'], ['place_compound.id'], name=op.f('fk_place_building_compound_id_place_compound')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_building')),
    sa.UniqueConstraint('compound_id', 'number', name=op.f('uq_place_building_compound_id_number'))
    )
    op.create_table('building_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('building_id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['building_id'], ['place_building.id'], name=op.f('fk_building_head_building_id_place_building')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_building_head_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_building_head')),
    sa.UniqueConstraint('building_id', 'resident_id', name=op.f('uq_building_head_building_id_resident_id'))
    )
    op.create_table('grid_building',
    sa.Column('building_id', sa.Integer(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['building_id'], ['place_building.id'], name=op.f('fk_grid_building_building_id_place_building')),
    sa.ForeignKeyConstraint(['grid_id'], ['grid.id'], name=op.f('fk_grid_building_grid_id_grid')),
    sa.PrimaryKeyConstraint('building_id', name=op.f('pk_grid_building'))
    )
    with op.batch_alter_table('grid_building', schema=None) as batch_op:
        batch_op.create_index('ix_grid_building_grid', ['grid_id'], unique=False)

    op.create_table('place_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('building_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('sort_key', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['building_id'], ['place_building.id'], name=op.f('fk_place_unit_building_id_place_building')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_unit')),
    sa.UniqueConstraint('building_id', 'number', name=op.f('uq_place_unit_building_id_number'))
    )
    op.create_table('place_room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=True),
    sa.Column('sort_key', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['place_unit.id'], name=op.f('fk_place_room_unit_id_place_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_room')),
    sa.UniqueConstraint('unit_id', 'number', name=op.f('uq_place_room_unit_id_number'))
    )
    op.create_table('household',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('head_id', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['head_id'], ['resident.id'], name=op.f('fk_household_head_id_resident')),
    sa.ForeignKeyConstraint(['room_id'], ['place_room.id'], name=op.f('fk_household_room_id_place_room')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household'))
    )
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.create_index('ix_household_room', ['room_id'], unique=False)

    op.create_table('central_household',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_central_household_household_id_household')),
    sa.ForeignKeyConstraint(['member_id'], ['party_member.id'], name=op.f('fk_central_household_member_id_party_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_central_household')),
    sa.UniqueConstraint('household_id', name=op.f('uq_central_household_household_id'))
    )
    op.create_table('grid_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('visitor_kind', sa.String(length=10), nullable=False),
    sa.Column('visitor_worker_id', sa.Integer(), nullable=True),
    sa.Column('visitor_resident_id', sa.Integer(), nullable=True),
    sa.Column('visitor_member_id', sa.Integer(), nullable=True),
    sa.Column('visitor_name', sa.String(length=50), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('resident_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('needs_help', sa.Boolean(), nullable=False),
    sa.Column('health_worse', sa.Boolean(), nullable=False),
    sa.Column('not_home', sa.Boolean(), nullable=False),
    sa.Column('follow_up', sa.String(length=200), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_grid_visit_household_id_household')),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], name=op.f('fk_grid_visit_request_id_service_request')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_grid_visit_resident_id_resident')),
    sa.ForeignKeyConstraint(['visitor_member_id'], ['party_member.id'], name=op.f('fk_grid_visit_visitor_member_id_party_member')),
    sa.ForeignKeyConstraint(['visitor_resident_id'], ['resident.id'], name=op.f('fk_grid_visit_visitor_resident_id_resident')),
    sa.ForeignKeyConstraint(['visitor_worker_id'], ['grid_worker.id'], name=op.f('fk_grid_visit_visitor_worker_id_grid_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_visit'))
    )
    with op.batch_alter_table('grid_visit', schema=None) as batch_op:
        batch_op.create_index('ix_grid_visit_household_on', ['household_id', 'visited_on'], unique=False)
        batch_op.create_index('ix_grid_visit_on', ['visited_on'], unique=False)
        batch_op.create_index('ix_grid_visit_resident_on', ['resident_id', 'visited_on'], unique=False)

    op.create_table('household_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('resident_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_household_member_household_id_household')),
    sa.ForeignKeyConstraint(['resident_id'], ['resident.id'], name=op.f('fk_household_member_resident_id_resident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_member')),
    sa.UniqueConstraint('resident_id', name=op.f('uq_household_member_resident_id'))
    )
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.create_index('ix_household_member_household', ['household_id'], unique=False)

    op.create_table('central_ward',
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('central_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['central_id'], ['central_household.id'], name=op.f('fk_central_ward_central_id_central_household')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_central_ward_household_id_household')),
    sa.PrimaryKeyConstraint('household_id', name=op.f('pk_central_ward'))
    )
    with op.batch_alter_table('central_ward', schema=None) as batch_op:
        batch_op.create_index('ix_central_ward_central', ['central_id'], unique=False)
    from models.grids.addresses import link_addresses

    link_addresses(op.get_bind())


def downgrade() -> None:
    op.drop_table('central_ward')
    op.drop_table('household_member')
    op.drop_table('grid_visit')
    op.drop_table('central_household')
    op.drop_table('household')
    op.drop_table('place_room')
    op.drop_table('place_unit')
    op.drop_table('grid_building')
    op.drop_table('building_head')
    op.drop_table('place_building')
    op.drop_table('grid')
    op.drop_table('place_compound')
    op.drop_table('grid_worker')
    op.drop_table('care_interval')
