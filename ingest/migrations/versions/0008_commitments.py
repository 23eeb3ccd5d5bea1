"""Commitments made in meetings (issue 21): agency, indicator, target level and round, who, a note.

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-05

A commitment is never deleted: triggers refuse DELETE on both backends; withdrawing one (with a
reason) and carrying it to a successor framework are audited updates.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_KEPT = "commitments are never deleted; withdraw one with a reason"


def upgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("agency_code", sa.String(40), nullable=False),
        sa.Column("framework_code", sa.String(40), nullable=False),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("target_level", sa.Float, nullable=False),
        sa.Column("target_year", sa.Integer, nullable=False),
        sa.Column("base_year", sa.Integer, nullable=True),
        sa.Column("base_level", sa.Float, nullable=True),
        sa.Column("responsible", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("meeting", sa.Text, nullable=False),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.Text, nullable=True),
        sa.Column("withdrawn_reason", sa.Text, nullable=True),
        sa.Column("carried_from", sa.Integer, nullable=True),
    )
    op.create_index("ix_commitments_agency", "commitments", ["agency_code"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION commitments_kept() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN RAISE EXCEPTION '{_KEPT}'; END $$")
        op.execute("CREATE TRIGGER commitments_no_delete BEFORE DELETE ON commitments "
                   "FOR EACH ROW EXECUTE FUNCTION commitments_kept()")
        op.execute("CREATE TRIGGER commitments_no_truncate BEFORE TRUNCATE ON commitments "
                   "FOR EACH STATEMENT EXECUTE FUNCTION commitments_kept()")
    else:
        op.execute(f"CREATE TRIGGER commitments_no_delete BEFORE DELETE ON commitments "
                   f"BEGIN SELECT RAISE(ABORT, '{_KEPT}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS commitments_no_delete ON commitments")
        op.execute("DROP TRIGGER IF EXISTS commitments_no_truncate ON commitments")
        op.execute("DROP FUNCTION IF EXISTS commitments_kept()")
    op.drop_index("ix_commitments_agency", table_name="commitments")
    op.drop_table("commitments")
