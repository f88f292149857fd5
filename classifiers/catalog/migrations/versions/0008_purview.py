"""Purview publish state: what was sent per dataset and workload, and each publish run.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _long(length: int) -> sa.types.TypeEngine[str]:
    return sa.String(length).with_variant(sa.Text(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "purview_published",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint", sa.String(500), nullable=False),
        sa.Column("qualified_name", _long(2000), nullable=False),
        sa.Column("type_name", sa.String(200), nullable=False),
        sa.Column("source", sa.String(200), nullable=True),
        sa.Column("path", _long(1000), nullable=False),
        sa.Column("fingerprint", sa.String(200), nullable=True),
        sa.Column("rules_version", sa.String(100), nullable=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("classifications", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_purview_published"),
        sa.UniqueConstraint("endpoint", "qualified_name", name="uq_purview_published_entity"),
    )
    op.create_index("ix_purview_published_source", "purview_published", ["endpoint", "source"])
    op.create_table(
        "purview_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint", sa.String(500), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("typedefs_digest", sa.String(64), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_purview_runs"),
    )


def downgrade() -> None:
    op.drop_index("ix_purview_published_source", table_name="purview_published")
    op.drop_table("purview_published")
    op.drop_table("purview_runs")
