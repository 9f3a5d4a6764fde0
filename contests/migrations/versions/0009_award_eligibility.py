"""guests, single-item prizes, award bases (#15)

Revision ID: 0009_award_eligibility
Revises: 0008_results_rules
Create Date: 2026-11-30 22:00:00

- entries.guest: 不参与评奖, an entrant ranked and shown but never awarded, counted in no
  prize's base and taking no advancement place. Existing entries are not guests.
- award_rules.award_basis / award_basis_key: what a rule ranks on, the total (every
  existing rule) or one component or criterion (a single-item prize, 单项奖), named as in a
  ranking order.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_award_eligibility'
down_revision = '0008_results_rules'
branch_labels = None
depends_on = None

BASIS = "award_basis IN ('total', 'component', 'criterion')"


def _foreign_keys(on: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table('entries') as batch:
        batch.add_column(sa.Column('guest', sa.Boolean(), server_default=sa.false(),
                                   nullable=False))
    with op.batch_alter_table('award_rules') as batch:
        batch.add_column(sa.Column('award_basis', sa.String(length=20),
                                   server_default='total', nullable=False))
        batch.add_column(sa.Column('award_basis_key', sa.String(length=200), nullable=True))
        batch.create_check_constraint(op.f('ck_award_rules_award_basis_known'), BASIS)
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table('award_rules') as batch:
        batch.drop_constraint(op.f('ck_award_rules_award_basis_known'), type_='check')
        batch.drop_column('award_basis_key')
        batch.drop_column('award_basis')
    with op.batch_alter_table('entries') as batch:
        batch.drop_column('guest')
    _foreign_keys(True)
