"""Frameworks as data in the store: several frameworks per year, submissions record their framework (issue 11).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Placeholder reserved so that parallel work keeps one linear chain; it changes nothing until filled.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
