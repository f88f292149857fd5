"""Read health: the encoding a text object was read with, and its unreadable and repaired records.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("encoding", "records_unreadable", "records_repaired")


def upgrade() -> None:
    # Nullable, no default: versions recorded before this revision did not count them.
    op.add_column("asset_versions", sa.Column("encoding", sa.String(40), nullable=True))
    for name in COLUMNS[1:]:
        op.add_column("asset_versions", sa.Column(name, sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("asset_versions") as batch:  # SQLite rebuilds the table
        for name in reversed(COLUMNS):
            batch.drop_column(name)
