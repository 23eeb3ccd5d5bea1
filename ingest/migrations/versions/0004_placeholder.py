"""Ingest safety: file warnings, load state and sample fill markers (issue 10).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Placeholder reserved so that parallel work keeps one linear chain; it changes nothing until filled.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
