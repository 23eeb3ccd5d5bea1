"""Agencies evaluators add or change by command: where a row comes from, and which agency it continues.

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-05

- `agencies.source`: 'registry' for rows copied from the registry files, 'user' for rows added or
  changed with `python -m ingest agencies add` / `agencies years`; user rows beat the files on start.
- `agencies.predecessor_code`: the agency a user-added one continues (`--successor-of`).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("source", sa.String(16), nullable=False, server_default="registry"))
        batch.add_column(sa.Column("predecessor_code", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agencies") as batch:
        batch.drop_column("predecessor_code")
        batch.drop_column("source")
