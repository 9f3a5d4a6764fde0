"""vocabulary checks: every column holding a vocabulary name refuses other names

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00

Columns that had no CHECK get one (rounding point, missing-group policy, advancement rule,
tie policies, ranking scope, aggregation, aggregation level, trim fallback, award method,
proportion rounding, team aggregation, title basis); benefit periods gain 'quarter'.

The SQL is written out here, not generated from the vocabularies, so this revision keeps
building the same schema whatever the vocabularies become later; a later change to a
vocabulary needs its own revision (tests/test_vocabularies.py compares the migrated
schema with the vocabularies).

On SQLite each table is rebuilt (batch mode). Foreign keys are switched off meanwhile:
dropping the old `contests` table with them on would first delete every row that
cascades from it.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# table -> [(constraint name, SQL)] of the CHECKs this revision adds
ADDED = {
    "contests": [
        ("rounding_point_known", "rounding_point IN ('final', 'component', 'each_step')"),
        ("missing_group_policy_known", "missing_group_policy IN ('refuse', 'renormalize')"),
    ],
    "stages": [
        ("advancement_rule_known",
         "advancement_rule IN ('top_n', 'top_n_per_heat', 'top_n_per_delegation', "
         "'min_score', 'share_of_mean', 'none')"),
        ("cut_tie_policy_known", "cut_tie_policy IN ('all_tied', 'tie_break')"),
        ("ranking_scope_known", "ranking_scope IN ('event', 'heat', 'overall')"),
    ],
    "rater_groups": [
        ("aggregation_known", "aggregation IN ('mean', 'trimmed_mean', 'median')"),
        ("aggregation_level_known", "aggregation_level IN ('criterion', 'sheet')"),
        ("trim_fallback_known", "trim_fallback IN ('mean', 'refuse')"),
    ],
    "award_rules": [
        ("method_known", "method IN ('quota', 'proportion', 'score_band')"),
        ("proportion_rounding_known", "proportion_rounding IN ('floor', 'ceil', 'half_up')"),
        ("tie_policy_known", "tie_policy IN ('all_tied', 'tie_break')"),
        ("team_aggregation_known",
         "team_aggregation IS NULL OR team_aggregation IN ('sum', 'mean', 'best_n')"),
    ],
    "title_rules": [
        ("basis_known", "basis IN ('stage_finalist', 'top_n', 'tier_holder')"),
    ],
}

# table -> (constraint name, SQL before, SQL after) of the CHECKs this revision changes
CHANGED = {
    "award_tiers": ("benefit_period_known",
                    "benefit_period IS NULL OR benefit_period IN ('month', 'year', 'once')",
                    "benefit_period IS NULL OR benefit_period IN "
                    "('month', 'quarter', 'year', 'once')"),
}


def _name(table: str, constraint: str) -> str:
    return op.f(f"ck_{table}_{constraint}")  # the models' naming convention, spelled out


def _foreign_keys(on: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade():
    _foreign_keys(False)
    for table, checks in ADDED.items():
        with op.batch_alter_table(table) as batch:
            for name, sql in checks:
                batch.create_check_constraint(_name(table, name), sql)
    for table, (name, _before, after) in CHANGED.items():
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(_name(table, name), type_="check")
            batch.create_check_constraint(_name(table, name), after)
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    for table, (name, before, _after) in CHANGED.items():
        # A tier paid per quarter has no older equivalent: the old CHECK refuses it and the
        # downgrade stops there rather than guess another period.
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(_name(table, name), type_="check")
            batch.create_check_constraint(_name(table, name), before)
    for table, checks in ADDED.items():
        with op.batch_alter_table(table) as batch:
            for name, _sql in checks:
                batch.drop_constraint(_name(table, name), type_="check")
    _foreign_keys(True)
