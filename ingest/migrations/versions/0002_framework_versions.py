"""Frameworks as data in the store: stored framework versions, and submissions keyed by their framework (issue 11).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Several frameworks may cover one year, so a submission's revision chain is agency × year × stage ×
framework (a file for one framework never retires another framework's submission). Frameworks
added by evaluators are kept with their original bytes, one row per version.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "framework_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("original_name", sa.Text, nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("added_by", sa.Text, nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_sample", sa.Boolean, nullable=False),
        sa.UniqueConstraint("code", "version", name="uq_framework_versions_code_version"),
        sa.UniqueConstraint("code", "sha256", name="uq_framework_versions_code_sha256"),
    )
    op.add_column("submissions", sa.Column("framework_version", sa.Integer, nullable=True))
    op.drop_index("ix_submissions_agency_year_stage", table_name="submissions")
    op.create_index("ix_submissions_agency_year_stage_framework", "submissions",
                    ["agency_code", "year", "stage", "framework_code"])
    op.create_index("ix_submissions_year_framework", "submissions", ["year", "framework_code"])


def downgrade() -> None:
    op.drop_index("ix_submissions_year_framework", table_name="submissions")
    op.drop_index("ix_submissions_agency_year_stage_framework", table_name="submissions")
    op.create_index("ix_submissions_agency_year_stage", "submissions", ["agency_code", "year", "stage"])
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("framework_version")
    op.drop_table("framework_versions")
