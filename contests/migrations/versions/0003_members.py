"""contest members and the administrator role

Revision ID: 0003_members
Revises: 0002
Create Date: 2027-01-10 09:00:00

Organizers run only the contests they are members of (`contest_members`); accounts are
managed by a site administrator, a role of its own (`users.role` may now be 'admin').

So that nobody loses access on upgrade, every existing organizer becomes a member of every
existing contest (what they could reach before); the administrator then trims the lists.
Create the administrator with `flask accounts create NAME --role admin`.

On SQLite the users table is rebuilt (batch mode) with foreign keys off, as in 0002.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003_members'
down_revision = '0002'
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('organizer', 'chief_judge', 'judge')"
ROLES_AFTER = "role IN ('organizer', 'chief_judge', 'judge', 'admin')"


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


def upgrade():
    _roles(ROLES_AFTER)
    op.create_table(
        'contest_members',
        sa.Column('contest_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['contest_id'], ['contests.id'],
                                name=op.f('fk_contest_members_contest_id_contests'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_contest_members_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('contest_id', 'user_id', name=op.f('pk_contest_members')),
    )
    with op.batch_alter_table('contest_members') as batch:
        batch.create_index(batch.f('ix_contest_members_user_id'), ['user_id'], unique=False)
    op.execute(
        "INSERT INTO contest_members (contest_id, user_id, added_at) "
        "SELECT contests.id, users.id, CURRENT_TIMESTAMP FROM contests, users "
        "WHERE users.role = 'organizer'")


def downgrade():
    # An administrator account has no older equivalent: the old CHECK refuses it and the
    # downgrade stops there rather than guess another role.
    with op.batch_alter_table('contest_members') as batch:
        batch.drop_index(batch.f('ix_contest_members_user_id'))
    op.drop_table('contest_members')
    _roles(ROLES_BEFORE)
