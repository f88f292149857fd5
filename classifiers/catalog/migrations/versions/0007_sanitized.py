"""Sanitized copies of datasets and their verification (sanitize issue).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sa.types.TypeEngine[str]:
    """VARCHAR on SQLite, TEXT on PostgreSQL (as the models say)."""
    return sa.String(length).with_variant(sa.Text(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sanitized_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_ref", _text(2000), nullable=False),
        sa.Column("copy_ref", _text(2000), nullable=False),
        sa.Column("uri", _text(2000), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("rows", sa.BigInteger(), nullable=False),
        sa.Column("operators", sa.JSON(), nullable=False),
        sa.Column("verification", sa.JSON(), nullable=False),
        sa.Column("docs_url", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('passed', 'failed')", name=op.f("ck_sanitized_copies_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanitized_copies")),
    )
    op.create_index("ix_sanitized_copies_source_ref", "sanitized_copies", ["source_ref"])


def downgrade() -> None:
    op.drop_index("ix_sanitized_copies_source_ref", table_name="sanitized_copies")
    op.drop_table("sanitized_copies")
