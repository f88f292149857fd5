"""Initial catalog schema: sources, assets, scans, asset versions, column findings, errors.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id(table: str) -> tuple[sa.Column[int], sa.PrimaryKeyConstraint]:
    key = sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))
    return sa.Column("id", sa.Integer(), nullable=False), key


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_{column}_{target}")
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=name, ondelete=ondelete)


def _when(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "sources",
        *_id("sources"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("root", sa.Text(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("owners", sa.JSON(), nullable=False),
        sa.UniqueConstraint("name", name="uq_sources_name"),
    )
    op.create_table(
        "scans",
        *_id("scans"),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("engine", sa.String(20), nullable=False),
        sa.Column("rules_version", sa.String(100), nullable=False),
        _when("started_at"),
        _when("finished_at", nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "status IN ('running', 'finished', 'interrupted')", name=op.f("ck_scans_status")
        ),
    )
    op.create_table(
        "assets",
        *_id("assets"),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("uri", sa.String(2000), nullable=False),
        sa.Column("format", sa.String(50), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        _when("first_seen"),
        _when("last_seen"),
        _when("deleted_at", nullable=True),
        sa.CheckConstraint("kind IN ('dataset', 'artifact')", name=op.f("ck_assets_kind")),
        _fk("assets", "source_id", "sources"),
        sa.UniqueConstraint("source_id", "path", name="uq_assets_source_path"),
    )
    op.create_index("ix_assets_path", "assets", ["path"])
    op.create_index("ix_assets_uri", "assets", ["uri"])
    _create_asset_versions()
    _create_column_findings()
    _create_object_errors()


def _create_asset_versions() -> None:
    op.create_table(
        "asset_versions",
        *_id("asset_versions"),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime", sa.Float(), nullable=False),
        sa.Column("rules_version", sa.String(100), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("sensitivity", sa.Integer(), nullable=True),
        sa.Column("sensitivity_label", sa.String(40), nullable=True),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("rows_read", sa.BigInteger(), nullable=True),
        sa.Column("rows_total", sa.BigInteger(), nullable=True),
        sa.Column("bytes_read", sa.BigInteger(), nullable=True),
        sa.Column("bytes_total", sa.BigInteger(), nullable=True),
        sa.Column("coverage_mode", sa.String(10), nullable=True),
        sa.Column("access", sa.JSON(), nullable=False),
        sa.Column("document", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.CheckConstraint("status IN ('ok', 'error')", name=op.f("ck_asset_versions_status")),
        _fk("asset_versions", "asset_id", "assets"),
        _fk("asset_versions", "scan_id", "scans"),
    )
    op.create_index("ix_asset_versions_asset_latest", "asset_versions", ["asset_id", "id"])
    op.create_index("ix_asset_versions_scan_id", "asset_versions", ["scan_id"])


def _create_column_findings() -> None:
    op.create_table(
        "column_findings",
        *_id("column_findings"),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(1000), nullable=False),
        sa.Column("dtype", sa.String(100), nullable=False),
        sa.Column("non_null", sa.BigInteger(), nullable=False),
        sa.Column("sensitivity", sa.Integer(), nullable=False),
        sa.Column("undetermined", sa.Boolean(), nullable=False),
        sa.Column("free_text", sa.Boolean(), nullable=False),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("examples", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        _fk("column_findings", "version_id", "asset_versions", ondelete="CASCADE"),
    )
    op.create_index("ix_column_findings_version_id", "column_findings", ["version_id"])


def _create_object_errors() -> None:
    op.create_table(
        "object_errors",
        *_id("object_errors"),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        _when("created_at"),
        _fk("object_errors", "version_id", "asset_versions", ondelete="CASCADE"),
        _fk("object_errors", "scan_id", "scans"),
        _fk("object_errors", "asset_id", "assets"),
    )
    op.create_index("ix_object_errors_scan_id", "object_errors", ["scan_id"])
    op.create_index("ix_object_errors_version_id", "object_errors", ["version_id"])


def downgrade() -> None:
    # Dependents first; dropping a table drops its indexes.
    for table in ("object_errors", "column_findings", "asset_versions", "assets"):
        op.drop_table(table)
    op.drop_table("scans")
    op.drop_table("sources")
