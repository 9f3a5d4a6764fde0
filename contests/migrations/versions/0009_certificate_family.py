"""certificates: one family of designs by kind

Revision ID: 0009_certificate_family
Revises: 0008_results_rules
Create Date: 2026-11-30 18:30:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0009_certificate_family'
down_revision = '0008_results_rules'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
