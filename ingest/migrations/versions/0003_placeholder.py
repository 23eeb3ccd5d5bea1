"""Access: users, publication settings and the audit log (issue 12).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Placeholder reserved so that parallel work keeps one linear chain; it changes nothing until filled.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
