"""Sanitized copies and their verification (sanitize issue): reserved.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # nothing yet: the revision number is reserved so parallel work keeps one linear history


def downgrade() -> None:
    pass
