"""Publication snapshots: what the public and agencies see of a published year × framework.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

- `publication_snapshots`: one row each time a year × framework is published or republished: the ids of
  the submissions current at that moment. Readers outside an agency's detail see those revisions until
  an evaluator republishes; rows are only ever added.
- Every pair already published gets a first snapshot of its current submissions (taken at its last change).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    snapshots = op.create_table(
        "publication_snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("framework_code", sa.String(40), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.Text, nullable=False),
        sa.Column("submission_ids", sa.JSON, nullable=False),
        sa.Index("ix_publication_snapshots_year_framework", "year", "framework_code"),
    )
    conn = op.get_bind()
    published = conn.execute(sa.text("SELECT year, framework_code, changed_by, changed_at FROM publications "
                                     "WHERE published")).all()
    for year, code, by, at in published:
        ids = [int(i) for i in conn.execute(sa.text(
            "SELECT id FROM submissions WHERE is_current AND year = :y AND framework_code = :f ORDER BY id"),
            {"y": year, "f": code}).scalars()]
        conn.execute(snapshots.insert().values(year=year, framework_code=code, taken_at=at, taken_by=by,
                                               submission_ids=ids))


def downgrade() -> None:
    op.drop_table("publication_snapshots")
