"""judge normalisation per rater group, team nominations, payroll exports (#15)

Revision ID: 0011_normalisation_nominations
Revises: 0010_rubric_aspects
Create Date: 2026-11-30 22:00:00

- rater_groups.normalisation: 'none' (existing groups: marks as given) or 'z_score' (each
  judge's sheet totals rescaled to the panel's mean and spread; scoring/normalisation.py).
- title_rules.nomination_subject: who a nomination names: 'entry' (the winner, as every
  existing rule did), 'unit' (the winner's team) or 'delegation'.
- stages.judge_fee_per_session: yuan paid to a judge per judging session of the stage
  (empty: no fee), for the payroll export.
- nomination_decisions.subject: 40 → 200 characters (a team or delegation name, as long
  as a work unit may be, not only a bib).

On SQLite the tables are rebuilt (batch mode) with foreign keys off, as in 0008.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_normalisation_nominations'
down_revision = '0010_rubric_aspects'
branch_labels = None
depends_on = None

NORMALISATIONS = "normalisation IN ('none', 'z_score')"
SUBJECTS = "nomination_subject IN ('entry', 'unit', 'delegation')"
FEE = "judge_fee_per_session IS NULL OR judge_fee_per_session >= 0"


def _foreign_keys(on: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table('rater_groups') as batch:
        batch.add_column(sa.Column('normalisation', sa.String(length=20), nullable=False,
                                   server_default='none'))
    with op.batch_alter_table('rater_groups') as batch:
        batch.alter_column('normalisation', existing_type=sa.String(length=20),
                           server_default=None)
        batch.create_check_constraint(op.f('ck_rater_groups_normalisation_known'),
                                      NORMALISATIONS)
    with op.batch_alter_table('title_rules') as batch:
        batch.add_column(sa.Column('nomination_subject', sa.String(length=20), nullable=False,
                                   server_default='entry'))
    with op.batch_alter_table('title_rules') as batch:
        batch.alter_column('nomination_subject', existing_type=sa.String(length=20),
                           server_default=None)
        batch.create_check_constraint(op.f('ck_title_rules_nomination_subject_known'),
                                      SUBJECTS)
    with op.batch_alter_table('stages') as batch:
        batch.add_column(sa.Column('judge_fee_per_session',
                                   sa.Numeric(precision=12, scale=2), nullable=True))
        batch.create_check_constraint(op.f('ck_stages_judge_fee_nonneg'), FEE)
    with op.batch_alter_table('nomination_decisions') as batch:
        batch.alter_column('subject', existing_type=sa.String(length=40),
                           type_=sa.String(length=200), existing_nullable=False)
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table('nomination_decisions') as batch:
        batch.alter_column('subject', existing_type=sa.String(length=200),
                           type_=sa.String(length=40), existing_nullable=False)
    with op.batch_alter_table('stages') as batch:
        batch.drop_constraint(op.f('ck_stages_judge_fee_nonneg'), type_='check')
        batch.drop_column('judge_fee_per_session')
    with op.batch_alter_table('title_rules') as batch:
        batch.drop_constraint(op.f('ck_title_rules_nomination_subject_known'), type_='check')
        batch.drop_column('nomination_subject')
    with op.batch_alter_table('rater_groups') as batch:
        batch.drop_constraint(op.f('ck_rater_groups_normalisation_known'), type_='check')
        batch.drop_column('normalisation')
    _foreign_keys(True)
