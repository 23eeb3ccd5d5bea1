"""Drop `ix_scores_code`: no read filters score rows by code alone, and every load paid for it (issue 20).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05

Score rows are read by submission (`ix_scores_submission_id`); the index on `code` (47 values in SPBE) served
no query and cost a quarter of inserting a round's ~60,000 score rows.
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_scores_code", table_name="scores")


def downgrade() -> None:
    op.create_index("ix_scores_code", "scores", ["code"])
