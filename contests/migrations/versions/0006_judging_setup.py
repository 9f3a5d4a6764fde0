"""judging set-up: non-marking chiefs, judging opened per stage (organizer set-up helper)

Revision ID: 0006_judging_setup
Revises: 0005_sessions
Create Date: 2026-11-30 18:30:00

`panel_judges.marks`: false for a chief judge who chairs without marking (no sheets are
expected of them); every existing member marks. `stages.judging_opened_at`: when the
organizer opened judging of the stage; judges cannot mark before. Stages that exist already
are opened now, so contests under way keep working.
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006_judging_setup'
down_revision = '0005_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('panel_judges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('marks', sa.Boolean(), nullable=True))
    panel_judges = sa.table('panel_judges', sa.column('marks', sa.Boolean))
    op.execute(panel_judges.update().values(marks=True))
    with op.batch_alter_table('panel_judges', schema=None) as batch_op:
        batch_op.alter_column('marks', existing_type=sa.Boolean(), nullable=False)

    with op.batch_alter_table('stages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('judging_opened_at', sa.DateTime(), nullable=True))
    stages = sa.table('stages', sa.column('judging_opened_at', sa.DateTime))
    op.execute(stages.update().values(
        judging_opened_at=datetime.now(UTC).replace(tzinfo=None)))


def downgrade():
    with op.batch_alter_table('stages', schema=None) as batch_op:
        batch_op.drop_column('judging_opened_at')
    with op.batch_alter_table('panel_judges', schema=None) as batch_op:
        batch_op.drop_column('marks')
