"""deductions, measurement and judgement aspects, tolerances, per-panel consistency threshold (#15)

Revision ID: 0010_rubric_aspects
Revises: 0009_award_eligibility
Create Date: 2026-11-30 22:00:00

- criteria.kind may be 'deduction' (扣分项: points taken off, the total floored at 0).
- criteria.aspect: 'judgement' (existing items) or 'measurement' (WorldSkills).
- criteria.tolerance: the most the judges' marks on one item of one entry may spread
  before the chief judge must have them re-marked or record a resolution.
- spread_resolutions: such a resolution (who, when, why, on which lowest/highest marks).
- panels.flag_percent: the consistency check's share of full marks (10, as before).

On SQLite the tables are rebuilt (batch mode) with foreign keys off, as in 0008.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_rubric_aspects'
down_revision = '0009_award_eligibility'
branch_labels = None
depends_on = None

KINDS_BEFORE = "kind IN ('normal', 'bonus', 'veto')"
KINDS_AFTER = "kind IN ('normal', 'bonus', 'deduction', 'veto')"
ASPECTS = "aspect IN ('judgement', 'measurement')"


def _foreign_keys(on: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table('criteria') as batch:
        batch.add_column(sa.Column('aspect', sa.String(length=20), nullable=False,
                                   server_default='judgement'))
        batch.add_column(sa.Column('tolerance', sa.Numeric(precision=10, scale=4),
                                   nullable=True))
    with op.batch_alter_table('criteria') as batch:
        batch.alter_column('aspect', existing_type=sa.String(length=20), server_default=None)
        batch.drop_constraint(op.f('ck_criteria_kind_known'), type_='check')
        batch.create_check_constraint(op.f('ck_criteria_kind_known'), KINDS_AFTER)
        batch.create_check_constraint(op.f('ck_criteria_aspect_known'), ASPECTS)
        batch.create_check_constraint(op.f('ck_criteria_tolerance_nonneg'),
                                      'tolerance IS NULL OR tolerance >= 0')
    with op.batch_alter_table('panels') as batch:
        batch.add_column(sa.Column('flag_percent', sa.Numeric(precision=6, scale=3),
                                   nullable=False, server_default='10'))
    with op.batch_alter_table('panels') as batch:
        batch.alter_column('flag_percent', existing_type=sa.Numeric(precision=6, scale=3),
                           server_default=None)
        batch.create_check_constraint(op.f('ck_panels_flag_percent_range'),
                                      'flag_percent >= 0 AND flag_percent <= 100')
    op.create_table('spread_resolutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('lowest', sa.Numeric(precision=10, scale=4), nullable=False),
    sa.Column('highest', sa.Numeric(precision=10, scale=4), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'],
                            name=op.f('fk_spread_resolutions_criterion_id_criteria'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'],
                            name=op.f('fk_spread_resolutions_entry_id_entries'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['panel_id'], ['panels.id'],
                            name=op.f('fk_spread_resolutions_panel_id_panels'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_spread_resolutions_user_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spread_resolutions')),
    sa.UniqueConstraint('panel_id', 'entry_id', 'criterion_id',
                        name=op.f('uq_spread_resolutions_panel_id_entry_id_criterion_id'))
    )
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    op.drop_table('spread_resolutions')
    with op.batch_alter_table('panels') as batch:
        batch.drop_constraint(op.f('ck_panels_flag_percent_range'), type_='check')
        batch.drop_column('flag_percent')
    # Deduction items have no meaning before this revision (as ordinary items they would
    # add points), so they are removed with their marks.
    for table in ("marks", "paper_marks"):
        op.execute(f"DELETE FROM {table} WHERE criterion_id IN "
                   "(SELECT id FROM criteria WHERE kind = 'deduction')")
    op.execute("DELETE FROM criteria WHERE kind = 'deduction'")
    with op.batch_alter_table('criteria') as batch:
        batch.drop_constraint(op.f('ck_criteria_tolerance_nonneg'), type_='check')
        batch.drop_constraint(op.f('ck_criteria_aspect_known'), type_='check')
        batch.drop_constraint(op.f('ck_criteria_kind_known'), type_='check')
        batch.create_check_constraint(op.f('ck_criteria_kind_known'), KINDS_BEFORE)
        batch.drop_column('tolerance')
        batch.drop_column('aspect')
    _foreign_keys(True)
