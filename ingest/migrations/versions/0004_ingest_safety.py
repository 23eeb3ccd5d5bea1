"""Ingest safety: indicators a revision dropped, index-only submissions, and the store's state rows.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

- `submissions.dropped`: the indicator codes the current revision answered that this one does not
  (shown on the data-quality page); NULL when nothing disappeared.
- `submissions.index_only`: a recap row that gave only the published index and rating.
- `store_state`: small key → value rows written last by multi-step jobs (the sample fill marker).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("dropped", sa.JSON, nullable=True))
        batch.add_column(sa.Column("index_only", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "store_state",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_state")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("index_only")
        batch.drop_column("dropped")
