"""Results as published: a copy of each year × framework's results taken with its publication snapshot.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

- `published_results`, `published_result_levels`: exactly the columns and keys of `results` and
  `result_levels`, holding the rows of the latest publication snapshot of each year × framework (written
  in the transaction that takes it, `ingest.frameworks.published_results`); the public and agency users
  read them for published pairs instead of recomputing the snapshot per read.
- Existing stores: filled from each pair's latest snapshot (copied from `results` when the snapshot is
  still the current submissions, computed from its submissions otherwise); a pair published without a
  snapshot gets its current results.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _columns_of(table: str) -> list[sa.Column]:
    # The columns of `results` / `result_levels` as 0010 created them, one fresh copy per table.
    keys = [sa.Column("agency_code", sa.String(40), primary_key=True), sa.Column("year", sa.Integer, primary_key=True),
            sa.Column("framework_code", sa.String(40), primary_key=True)]
    if table == "result_levels":
        return [*keys, sa.Column("code", sa.String(40), primary_key=True),
                sa.Column("kind", sa.String(16), nullable=False), sa.Column("stage", sa.String(16), nullable=False),
                sa.Column("value", sa.Float, nullable=True), sa.Column("invalid", sa.Boolean, nullable=False),
                sa.Column("raw_value", sa.Float, nullable=True)]
    return [*keys, sa.Column("framework_version", sa.Integer, nullable=True),
            sa.Column("stage", sa.String(16), nullable=True), sa.Column("index", sa.Float, nullable=True),
            sa.Column("rating", sa.String(40), nullable=True), sa.Column("rank_basis", sa.Float, nullable=True),
            sa.Column("nodes", sa.JSON, nullable=False), sa.Column("complete", sa.Boolean, nullable=True),
            sa.Column("missing", sa.JSON, nullable=True), sa.Column("index_kind", sa.String(16), nullable=True),
            sa.Column("took_part", sa.Boolean, nullable=False), sa.Column("index_status", sa.String(16), nullable=False),
            sa.Column("empty_codes", sa.JSON, nullable=False), sa.Column("invalid_codes", sa.JSON, nullable=False),
            sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table("published_results", *_columns_of("results"))
    op.create_index("ix_published_results_framework_year", "published_results", ["framework_code", "year"])
    op.create_table("published_result_levels", *_columns_of("result_levels"))
    op.create_index("ix_published_result_levels_framework_year", "published_result_levels", ["framework_code", "year"])
    from ingest.frameworks.published_results import fill_published_results

    fill_published_results(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_published_result_levels_framework_year", table_name="published_result_levels")
    op.drop_table("published_result_levels")
    op.drop_index("ix_published_results_framework_year", table_name="published_results")
    op.drop_table("published_results")
