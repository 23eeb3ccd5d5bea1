"""Scores keep the raw value of a converted indicator, and a cell holds a CSV location ("row 123, column Indeks").

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-05

- `scores.raw_value`: the value as written on the indicator's own scale (a 0–100 survey) where the
  framework converts it to its scale (`conversion` in the framework file); `value` holds the converted one.
- `scores.cell` was 16 characters: PostgreSQL refused every CSV recap row from row 10 on ("row 10,
  column D1" is 17), while SQLite, which ignores lengths, loaded them. Widened to 80.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        batch.alter_column("cell", existing_type=sa.String(16), type_=sa.String(80), existing_nullable=True)
        batch.add_column(sa.Column("raw_value", sa.Float, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        batch.drop_column("raw_value")
        batch.alter_column("cell", existing_type=sa.String(80), type_=sa.String(16), existing_nullable=True)
