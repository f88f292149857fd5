"""Lake tables: the table version (Delta, Lance) each asset version was read at.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: files have no table version, and nothing recorded before this revision has one.
    op.add_column("asset_versions", sa.Column("table_version", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("asset_versions") as batch:  # SQLite rebuilds the table
        batch.drop_column("table_version")
