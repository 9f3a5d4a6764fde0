"""jobs for exports, imports and publishing (#14)

One table for every queued piece of long work of a contest but certificate renders
(certificate_jobs stays as it is).

Revision ID: 0014_jobs
Revises: 0013_appeals
Create Date: 2026-11-30 22:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_jobs'
down_revision = '0013_appeals'
branch_labels = None
depends_on = None

KINDS = "kind IN ('export', 'import', 'marks_import', 'preview', 'publish')"
STATUSES = "status IN ('queued', 'running', 'done', 'failed')"


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('params', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('phase', sa.String(length=20), nullable=True),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('result_path', sa.String(length=500), nullable=True),
        sa.Column('result_name', sa.String(length=200), nullable=True),
        sa.Column('outcome', sa.Text(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.CheckConstraint(KINDS, name=op.f('ck_jobs_kind_known')),
        sa.CheckConstraint(STATUSES, name=op.f('ck_jobs_status_known')),
        sa.CheckConstraint('done >= 0 AND total >= 0', name=op.f('ck_jobs_counts_nonneg')),
        sa.ForeignKeyConstraint(['contest_id'], ['contests.id'],
                                name=op.f('fk_jobs_contest_id_contests'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_jobs_created_by_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    op.create_index(op.f('ix_jobs_contest_id'), 'jobs', ['contest_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_jobs_contest_id'), table_name='jobs')
    op.drop_table('jobs')
