"""draws by lot, sealed codes for blind marking (#15)

Revision ID: 0012_draws
Revises: 0011_normalisation_nominations
Create Date: 2026-11-30 22:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012_draws'
down_revision = '0011_normalisation_nominations'
branch_labels = None
depends_on = None


KINDS = "kind IN ('order', 'panels', 'seal')"


def upgrade():
    op.create_table('draws',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('heat_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('seed', sa.String(length=200), nullable=False),
    sa.Column('seed_sha256', sa.String(length=64), nullable=False),
    sa.Column('algorithm', sa.String(length=40), nullable=False),
    sa.Column('inputs', sa.Text(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=True),
    sa.Column('drawn_at', sa.DateTime(), nullable=False),
    sa.Column('replaced_at', sa.DateTime(), nullable=True),
    sa.Column('unsealed_at', sa.DateTime(), nullable=True),
    sa.Column('unsealed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint(KINDS, name=op.f('ck_draws_kind_known')),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'],
                            name=op.f('fk_draws_contest_id_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stage_id'], ['stages.id'],
                            name=op.f('fk_draws_stage_id_stages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['heat_id'], ['heats.id'],
                            name=op.f('fk_draws_heat_id_heats'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'],
                            name=op.f('fk_draws_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['drawn_by_id'], ['users.id'],
                            name=op.f('fk_draws_drawn_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unsealed_by_id'], ['users.id'],
                            name=op.f('fk_draws_unsealed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draws'))
    )
    op.create_table('sealed_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draw_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['draw_id'], ['draws.id'],
                            name=op.f('fk_sealed_codes_draw_id_draws'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'],
                            name=op.f('fk_sealed_codes_entry_id_entries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sealed_codes')),
    sa.UniqueConstraint('draw_id', 'code', name=op.f('uq_sealed_codes_draw_id_code')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_sealed_codes_entry_id'))
    )


def downgrade():
    op.drop_table('sealed_codes')
    op.drop_table('draws')
