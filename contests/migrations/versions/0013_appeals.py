"""appeals (reconsideration, arbitration) and the delegation portal (#15)

Revision ID: 0013_appeals
Revises: 0012_draws
Create Date: 2026-11-30 22:00:00

- `users.role` admits 'delegation_leader' (领队); `delegation_leaders` links such an
  account to the one delegation it leads.
- `stages.appeal_window_hours` (申诉时限): appeals within this many hours of the stage's
  results being published; existing stages get none (they take no appeals until the
  organizer sets a window).
- `appeals`: a leader's written appeal, its reconsideration (复议) and arbitration (仲裁).

On SQLite the tables are rebuilt (batch mode) with foreign keys off, as in 0002.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_appeals'
down_revision = '0012_draws'
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('organizer', 'chief_judge', 'judge', 'clerk', 'admin')"
ROLES_AFTER = ("role IN ('organizer', 'chief_judge', 'judge', 'clerk', 'delegation_leader', "
               "'admin')")
STATUSES = ("status IN ('filed', 'under_reconsideration', 'reconsidered', 'appealed', "
            "'decided')")
WINDOW = ("appeal_window_hours IS NULL OR (appeal_window_hours >= 1 AND "
          "appeal_window_hours <= 720)")


def _outcome(column: str) -> str:
    return f"{column} IS NULL OR {column} IN ('upheld', 'rejected')"


def _foreign_keys(on: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _roles(sql: str) -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch.create_check_constraint(op.f('ck_users_role_known'), sql)


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'],
                                   name=op.f(f'fk_{table}_{column}_{target}'),
                                   ondelete=ondelete)


def upgrade():
    _foreign_keys(False)
    _roles(ROLES_AFTER)
    with op.batch_alter_table('stages') as batch:
        batch.add_column(sa.Column('appeal_window_hours', sa.Integer(), nullable=True))
        batch.create_check_constraint(op.f('ck_stages_appeal_window_range'), WINDOW)
    op.create_table(
        'delegation_leaders',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        _fk('delegation_leaders', 'user_id', 'users', 'CASCADE'),
        _fk('delegation_leaders', 'delegation_id', 'delegations', 'CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_delegation_leaders')),
    )
    op.create_index(op.f('ix_delegation_leaders_delegation_id'), 'delegation_leaders',
                    ['delegation_id'])
    op.create_table(
        'appeals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('stage_id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=True),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('tracking', sa.String(length=80), nullable=False),
        sa.Column('status', sa.String(length=30), nullable=False),
        sa.Column('grounds', sa.Text(), nullable=False),
        sa.Column('filed_at', sa.DateTime(), nullable=False),
        sa.Column('filed_by', sa.Integer(), nullable=True),
        sa.Column('reconsideration_started_at', sa.DateTime(), nullable=True),
        sa.Column('reconsideration_outcome', sa.String(length=20), nullable=True),
        sa.Column('reconsideration_text', sa.Text(), nullable=True),
        sa.Column('reconsidered_at', sa.DateTime(), nullable=True),
        sa.Column('reconsidered_by', sa.Integer(), nullable=True),
        sa.Column('escalation_grounds', sa.Text(), nullable=True),
        sa.Column('escalated_at', sa.DateTime(), nullable=True),
        sa.Column('arbitration_outcome', sa.String(length=20), nullable=True),
        sa.Column('arbitration_text', sa.Text(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.CheckConstraint(STATUSES, name=op.f('ck_appeals_status_known')),
        sa.CheckConstraint(_outcome('reconsideration_outcome'),
                           name=op.f('ck_appeals_reconsideration_outcome_known')),
        sa.CheckConstraint(_outcome('arbitration_outcome'),
                           name=op.f('ck_appeals_arbitration_outcome_known')),
        sa.CheckConstraint('sequence >= 1', name=op.f('ck_appeals_sequence_positive')),
        _fk('appeals', 'contest_id', 'contests', 'CASCADE'),
        _fk('appeals', 'stage_id', 'stages', 'CASCADE'),
        _fk('appeals', 'delegation_id', 'delegations', 'CASCADE'),
        _fk('appeals', 'entry_id', 'entries', 'SET NULL'),
        _fk('appeals', 'filed_by', 'users', 'SET NULL'),
        _fk('appeals', 'reconsidered_by', 'users', 'SET NULL'),
        _fk('appeals', 'decided_by', 'users', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_appeals')),
        sa.UniqueConstraint('contest_id', 'sequence', name=op.f('uq_appeals_contest_id_sequence')),
        sa.UniqueConstraint('tracking', name=op.f('uq_appeals_tracking')),
    )
    op.create_index(op.f('ix_appeals_delegation_id'), 'appeals', ['delegation_id'])
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    op.drop_index(op.f('ix_appeals_delegation_id'), table_name='appeals')
    op.drop_table('appeals')
    op.drop_index(op.f('ix_delegation_leaders_delegation_id'), table_name='delegation_leaders')
    op.drop_table('delegation_leaders')
    with op.batch_alter_table('stages') as batch:
        batch.drop_constraint(op.f('ck_stages_appeal_window_range'), type_='check')
        batch.drop_column('appeal_window_hours')
    # A leader's account has no role to fall back to (and no delegation to lead): removed.
    op.execute("DELETE FROM users WHERE role = 'delegation_leader'")
    _roles(ROLES_BEFORE)
    _foreign_keys(True)
