"""AI artifacts: each artifact version's inspection report (format, verdict, globals, header).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: datasets have none, and artifacts recorded before this revision were not read.
    op.add_column("asset_versions", sa.Column("artifact", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("asset_versions") as batch:  # SQLite rebuilds the table
        batch.drop_column("artifact")
