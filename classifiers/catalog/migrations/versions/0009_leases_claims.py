"""Scan leases and alert claims: one scan reads an object at a time, one sender sends an alert.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIM_COLUMNS = ("claimed_by", "claim_expires")


def upgrade() -> None:
    op.create_table(
        "scan_leases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(300), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"], name="fk_scan_leases_scan_id_scans"),
        sa.PrimaryKeyConstraint("id", name="pk_scan_leases"),
        sa.UniqueConstraint("source", "path", name="uq_scan_leases_source_path"),
    )
    op.create_index("ix_scan_leases_scan_id", "scan_leases", ["scan_id"])
    # Nullable: an alert nobody is sending has no claim (every alert before this revision).
    op.add_column("alerts", sa.Column("claimed_by", sa.String(300), nullable=True))
    op.add_column("alerts", sa.Column("claim_expires", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:  # SQLite rebuilds the table
        for name in reversed(CLAIM_COLUMNS):
            batch.drop_column(name)
    op.drop_index("ix_scan_leases_scan_id", table_name="scan_leases")
    op.drop_table("scan_leases")
