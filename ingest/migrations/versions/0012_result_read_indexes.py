"""Indexes for the pages' first reads of the kept results (issue 20).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

- `ix_results_framework_took_part` (framework_code, took_part, agency_code): the agencies that took part in a
  framework, which every read of a year's or an agency's rows asks (`result_queries.select_stored_rows`), from
  the index alone instead of every result row of the framework.
- `ix_results_framework_year_ranks` (framework_code, year, agency_code, stage, rank_basis) in place of
  `ix_results_framework_year` (its first two columns): the ranks of a year and an agency's places
  (`result_aggregates`) read key, stage and rank basis from the index alone.
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_results_framework_took_part", "results", ["framework_code", "took_part", "agency_code"])
    op.create_index("ix_results_framework_year_ranks", "results",
                    ["framework_code", "year", "agency_code", "stage", "rank_basis"])
    op.drop_index("ix_results_framework_year", table_name="results")


def downgrade() -> None:
    op.create_index("ix_results_framework_year", "results", ["framework_code", "year"])
    op.drop_index("ix_results_framework_year_ranks", table_name="results")
    op.drop_index("ix_results_framework_took_part", table_name="results")
