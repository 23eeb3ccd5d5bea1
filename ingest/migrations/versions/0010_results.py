"""Results kept in the store: one row per agency × year × framework, computed at load, filled here for existing stores.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

- `results`: index, rating, rank basis, every node above the indicators (JSON), completeness and
  status, with the framework version used; written in the transaction that makes a submission current.
- `result_levels`: the final value of every node each agency-year answered (what pages read per year).
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "results",
        sa.Column("agency_code", sa.String(40), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("framework_code", sa.String(40), primary_key=True),
        sa.Column("framework_version", sa.Integer, nullable=True),
        sa.Column("stage", sa.String(16), nullable=True),
        sa.Column("index", sa.Float, nullable=True),
        sa.Column("rating", sa.String(40), nullable=True),
        sa.Column("rank_basis", sa.Float, nullable=True),
        sa.Column("nodes", sa.JSON, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=True),
        sa.Column("missing", sa.JSON, nullable=True),
        sa.Column("index_kind", sa.String(16), nullable=True),
        sa.Column("took_part", sa.Boolean, nullable=False),
        sa.Column("index_status", sa.String(16), nullable=False),
        sa.Column("empty_codes", sa.JSON, nullable=False),
        sa.Column("invalid_codes", sa.JSON, nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_results_framework_year", "results", ["framework_code", "year"])
    op.create_table(
        "result_levels",
        sa.Column("agency_code", sa.String(40), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("framework_code", sa.String(40), primary_key=True),
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("invalid", sa.Boolean, nullable=False),
        sa.Column("raw_value", sa.Float, nullable=True),
    )
    op.create_index("ix_result_levels_framework_year", "result_levels", ["framework_code", "year"])
    # Existing stores: every current agency-year gets its result now, scored as the pages scored it.
    from ingest.frameworks.results import fill_results

    fill_results(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_result_levels_framework_year", table_name="result_levels")
    op.drop_table("result_levels")
    op.drop_index("ix_results_framework_year", table_name="results")
    op.drop_table("results")
