"""Scan leases and alert claims (shared deployment issue): reserved.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from collections.abc import Sequence

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # nothing yet: the revision number is reserved so parallel work keeps one linear history


def downgrade() -> None:
    pass
