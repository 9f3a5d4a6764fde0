"""marks from every source: clerk role, paper-sheet double entry, marks imports

Revision ID: 0007_marks_entry
Revises: 0006_judging_setup
Create Date: 2026-11-30 18:30:00

`users.role` admits 'clerk' (录入员). Paper sheets typed twice by clerks: `paper_sheets`
(one judge's paper sheet for one entry on one panel, stored once both copies agree or a
reviewer resolves them), `paper_copies` (each clerk's typing, turn 1 or 2, one clerk
per turn) and `paper_marks` (the values typed). Marks imports need no table: they write
score sheets and the audit trail.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_marks_entry'
down_revision = '0006_judging_setup'
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('organizer', 'chief_judge', 'judge', 'admin')"
ROLES_AFTER = "role IN ('organizer', 'chief_judge', 'judge', 'clerk', 'admin')"


def _foreign_keys(on: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _roles(sql: str) -> None:
    _foreign_keys(False)
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch.create_check_constraint(op.f('ck_users_role_known'), sql)
    _foreign_keys(True)


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'],
                                   name=op.f(f'fk_{table}_{column}_{target}'),
                                   ondelete=ondelete)


def upgrade():
    _roles(ROLES_AFTER)
    op.create_table(
        'paper_sheets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('panel_id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('judge_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('stored_at', sa.DateTime(), nullable=True),
        sa.Column('resolved_by', sa.Integer(), nullable=True),
        sa.Column('score_sheet_id', sa.Integer(), nullable=True),
        _fk('paper_sheets', 'panel_id', 'panels', 'RESTRICT'),
        _fk('paper_sheets', 'entry_id', 'entries', 'RESTRICT'),
        _fk('paper_sheets', 'judge_id', 'users', 'RESTRICT'),
        _fk('paper_sheets', 'resolved_by', 'users', 'RESTRICT'),
        _fk('paper_sheets', 'score_sheet_id', 'score_sheets', 'SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_sheets')),
        sa.UniqueConstraint('panel_id', 'entry_id', 'judge_id',
                            name=op.f('uq_paper_sheets_panel_id_entry_id_judge_id')),
    )
    op.create_table(
        'paper_copies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('paper_id', sa.Integer(), nullable=False),
        sa.Column('turn', sa.Integer(), nullable=False),
        sa.Column('clerk_id', sa.Integer(), nullable=False),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.Column('veto_reason', sa.String(length=500), nullable=True),
        sa.CheckConstraint('turn IN (1, 2)', name=op.f('ck_paper_copies_turn_one_or_two')),
        _fk('paper_copies', 'paper_id', 'paper_sheets', 'CASCADE'),
        _fk('paper_copies', 'clerk_id', 'users', 'RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_copies')),
        sa.UniqueConstraint('paper_id', 'turn', name=op.f('uq_paper_copies_paper_id_turn')),
        sa.UniqueConstraint('paper_id', 'clerk_id',
                            name=op.f('uq_paper_copies_paper_id_clerk_id')),
    )
    op.create_table(
        'paper_marks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('copy_id', sa.Integer(), nullable=False),
        sa.Column('criterion_id', sa.Integer(), nullable=False),
        sa.Column('value', sa.Numeric(precision=10, scale=4), nullable=False),
        sa.CheckConstraint('value >= 0', name=op.f('ck_paper_marks_value_nonneg')),
        _fk('paper_marks', 'copy_id', 'paper_copies', 'CASCADE'),
        _fk('paper_marks', 'criterion_id', 'criteria', 'RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_marks')),
        sa.UniqueConstraint('copy_id', 'criterion_id',
                            name=op.f('uq_paper_marks_copy_id_criterion_id')),
    )


def downgrade():
    op.drop_table('paper_marks')
    op.drop_table('paper_copies')
    op.drop_table('paper_sheets')
    # A clerk's account has no older equivalent: the old CHECK refuses it and the
    # downgrade stops there rather than guess another role.
    _roles(ROLES_BEFORE)
