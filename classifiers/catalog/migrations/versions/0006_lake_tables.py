"""Lake tables (formats issue): reserved for the Delta/Iceberg work.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from collections.abc import Sequence

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # nothing yet: the revision number is reserved so parallel work keeps one linear history


def downgrade() -> None:
    pass
