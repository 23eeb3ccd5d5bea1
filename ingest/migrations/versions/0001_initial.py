"""Initial schema: agencies, aliases, frameworks, files, submissions, scores.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=True),
        sa.Column("evaluated", sa.Boolean, nullable=False),
        sa.Column("valid_from", sa.Integer, nullable=True),
        sa.Column("valid_to", sa.Integer, nullable=True),
        sa.Column("successor_code", sa.String(40), nullable=True),
    )
    op.create_table(
        "agency_aliases",
        sa.Column("alias_key", sa.Text, primary_key=True),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("agency_code", sa.String(40), sa.ForeignKey("agencies.code"), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "frameworks",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("first_used_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "files",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("original_name", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("uploaded_by", sa.Text, nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("is_sample", sa.Boolean, nullable=False),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("agency_code", sa.String(40), sa.ForeignKey("agencies.code"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("framework_code", sa.String(40), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("file_id", sa.Integer, sa.ForeignKey("files.id"), nullable=False),
        sa.Column("sheet", sa.Text, nullable=True),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("missing", sa.JSON, nullable=False),
        sa.Column("published_index", sa.Float, nullable=True),
        sa.Column("published_rating", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_sample", sa.Boolean, nullable=False),
    )
    op.create_index("ix_submissions_agency_year_stage", "submissions", ["agency_code", "year", "stage"])
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("sheet", sa.Text, nullable=True),
        sa.Column("cell", sa.String(16), nullable=True),
        sa.Column("explanation", sa.Text, nullable=True),
        sa.Column("evidence", sa.Text, nullable=True),
        sa.Column("justification", sa.Text, nullable=True),
        sa.Column("review", sa.String(16), nullable=True),
    )
    op.create_index("ix_scores_submission_id", "scores", ["submission_id"])
    op.create_index("ix_scores_code", "scores", ["code"])


def downgrade() -> None:
    op.drop_table("scores")
    op.drop_table("submissions")
    op.drop_table("files")
    op.drop_table("frameworks")
    op.drop_table("agency_aliases")
    op.drop_table("agencies")
