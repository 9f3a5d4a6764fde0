"""results rules: publicity ends at a time, team standings on their own, award ranking scope

Revision ID: 0008_results_rules
Revises: 0007_marks_entry
Create Date: 2026-11-30 18:30:00

- result_versions.publicity_ends_on (a day; objections until the end of it, final from the
  next day) becomes publicity_ends_at, a moment stored in UTC like every other moment:
  objections are accepted before it, finalizing is allowed from it. An existing day D
  becomes D+1 00:00 on the app's clock (BABEL_DEFAULT_TIMEZONE, Asia/Shanghai), which
  keeps the old meaning. Downgrading keeps the day the period was running on (the local
  moment minus one second).
- team_standings: delegation standings configured on their own (no award tiers).
- award_rules.ranked_together: who is ranked together for an award ('stage': as the stage
  ranks, a new rule's default). Existing rules get 'overall', how they ranked before, so
  nothing published changes by upgrading.

On SQLite the tables are rebuilt (batch mode) with foreign keys off, as in 0002.
"""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_results_rules'
down_revision = '0007_marks_entry'
branch_labels = None
depends_on = None

TOGETHER = "ranked_together IN ('stage', 'event', 'heat', 'overall')"
VERSIONS = sa.table("result_versions", sa.column("id", sa.Integer),
                    sa.column("publicity_ends_on", sa.Date),
                    sa.column("publicity_ends_at", sa.DateTime))


def _foreign_keys(on: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _as_moment(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _zone() -> ZoneInfo:
    from flask import current_app, has_app_context

    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or "Asia/Shanghai")


def upgrade():
    _foreign_keys(False)
    op.create_table('team_standings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('team_aggregation', sa.String(length=20), nullable=True),
    sa.Column('best_n', sa.Integer(), nullable=True),
    sa.Column('min_members', sa.Integer(), nullable=False),
    sa.Column('per_event', sa.Boolean(), nullable=False),
    sa.CheckConstraint("team_aggregation IS NULL OR team_aggregation IN ('sum', 'mean', 'best_n')",
                       name=op.f('ck_team_standings_team_aggregation_known')),
    sa.CheckConstraint('best_n IS NULL OR best_n > 0', name=op.f('ck_team_standings_best_n_positive')),
    sa.CheckConstraint('min_members >= 1', name=op.f('ck_team_standings_min_members_positive')),
    sa.ForeignKeyConstraint(['contest_id'], ['contests.id'],
                            name=op.f('fk_team_standings_contest_id_contests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stage_id'], ['stages.id'],
                            name=op.f('fk_team_standings_stage_id_stages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_standings')),
    sa.UniqueConstraint('contest_id', 'name', name=op.f('uq_team_standings_contest_id_name'))
    )
    with op.batch_alter_table('award_rules') as batch:
        batch.add_column(sa.Column('ranked_together', sa.String(length=20), nullable=True))
    op.execute("UPDATE award_rules SET ranked_together = 'overall'")
    with op.batch_alter_table('award_rules') as batch:
        batch.alter_column('ranked_together', existing_type=sa.String(length=20),
                           nullable=False)
        batch.create_check_constraint(op.f('ck_award_rules_ranked_together_known'), TOGETHER)
    with op.batch_alter_table('result_versions') as batch:
        batch.add_column(sa.Column('publicity_ends_at', sa.DateTime(), nullable=True))
    bind = op.get_bind()
    for row in bind.execute(sa.select(VERSIONS.c.id, VERSIONS.c.publicity_ends_on)
                            .where(VERSIONS.c.publicity_ends_on.is_not(None))).all():
        local = datetime.combine(_as_date(row.publicity_ends_on) + timedelta(days=1),
                                 datetime.min.time(), tzinfo=_zone())
        moment = local.astimezone(UTC).replace(tzinfo=None)
        bind.execute(VERSIONS.update().where(VERSIONS.c.id == row.id)
                     .values(publicity_ends_at=moment))
    with op.batch_alter_table('result_versions') as batch:
        batch.drop_column('publicity_ends_on')
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table('result_versions') as batch:
        batch.add_column(sa.Column('publicity_ends_on', sa.Date(), nullable=True))
    bind = op.get_bind()
    for row in bind.execute(sa.select(VERSIONS.c.id, VERSIONS.c.publicity_ends_at)
                            .where(VERSIONS.c.publicity_ends_at.is_not(None))).all():
        local = _as_moment(row.publicity_ends_at).replace(tzinfo=UTC).astimezone(_zone())
        day = (local - timedelta(seconds=1)).date()
        bind.execute(VERSIONS.update().where(VERSIONS.c.id == row.id)
                     .values(publicity_ends_on=day))
    with op.batch_alter_table('result_versions') as batch:
        batch.drop_column('publicity_ends_at')
    with op.batch_alter_table('award_rules') as batch:
        batch.drop_constraint(op.f('ck_award_rules_ranked_together_known'), type_='check')
        batch.drop_column('ranked_together')
    op.drop_table('team_standings')
    _foreign_keys(True)
