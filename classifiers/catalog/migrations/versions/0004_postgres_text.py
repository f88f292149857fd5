"""PostgreSQL: column names and types of any length (VARCHAR limits are enforced there).

A header line misread from a text file, or a nested struct's type, can run past 1000 / 100
characters. SQLite never enforced the limits, so it keeps its tables as they are (no rebuild).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDENED = {"column": 1000, "dtype": 100}  # column_findings columns and their old lengths


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, length in WIDENED.items():  # VARCHAR to TEXT is a catalog-only change there
        op.alter_column("column_findings", name, type_=sa.Text(), existing_type=sa.String(length))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, length in WIDENED.items():  # fails, rather than cut, if a longer value is stored
        op.alter_column("column_findings", name, type_=sa.String(length), existing_type=sa.Text())
