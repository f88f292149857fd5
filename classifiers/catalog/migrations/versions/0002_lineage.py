"""Lineage: edges, drift events, boundary evaluations and findings, alerts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REF = 2000
KEY = 3000


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
        "lineage_edges",
        *_id("lineage_edges"),
        sa.Column("source", sa.String(REF), nullable=False),
        sa.Column("target", sa.String(REF), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("masking", sa.Boolean(), nullable=False),
        _when("first_seen"),
        _when("last_seen"),
        sa.CheckConstraint(
            "origin IN ('declared', 'observed')", name=op.f("ck_lineage_edges_origin")
        ),
        sa.UniqueConstraint("source", "target", "origin", name="uq_lineage_edges_source_target"),
    )
    op.create_index("ix_lineage_edges_target", "lineage_edges", ["target"])
    _create_drift_events()
    _create_boundary_tables()
    _create_alerts()


def _create_drift_events() -> None:
    op.create_table(
        "drift_events",
        *_id("drift_events"),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("from_version_id", sa.Integer(), nullable=True),
        sa.Column("to_version_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("before", sa.String(1000), nullable=False),
        sa.Column("after", sa.String(1000), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        _when("created_at"),
        _fk("drift_events", "asset_id", "assets"),
        _fk("drift_events", "from_version_id", "asset_versions"),
        _fk("drift_events", "to_version_id", "asset_versions"),
        sa.UniqueConstraint(
            "asset_id", "to_version_id", "type", "after", name="uq_drift_events_once"
        ),
    )
    op.create_index("ix_drift_events_created_at", "drift_events", ["created_at"])


def _create_boundary_tables() -> None:
    op.create_table(
        "boundary_evaluations",
        *_id("boundary_evaluations"),
        _when("evaluated_at"),
        sa.Column("findings", sa.Integer(), nullable=False),
    )
    op.create_table(
        "boundary_findings",
        *_id("boundary_findings"),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("workload", sa.String(200), nullable=False),
        sa.Column("dataset", sa.String(REF), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("ceiling", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("owners", sa.JSON(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("exception", sa.JSON(), nullable=True),
        sa.Column("key", sa.String(KEY), nullable=False),
        _fk("boundary_findings", "evaluation_id", "boundary_evaluations", ondelete="CASCADE"),
    )
    op.create_index("ix_boundary_findings_evaluation_id", "boundary_findings", ["evaluation_id"])
    op.create_index("ix_boundary_findings_key", "boundary_findings", ["key"])


def _create_alerts() -> None:
    op.create_table(
        "alerts",
        *_id("alerts"),
        sa.Column("event_key", sa.String(KEY), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("message", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _when("created_at"),
        _when("sent_at", nullable=True),
        sa.CheckConstraint(
            "channel IN ('email', 'teams', 'webhook')", name=op.f("ck_alerts_channel")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed')", name=op.f("ck_alerts_status")
        ),
        sa.UniqueConstraint("event_key", "recipient", "channel", name="uq_alerts_event_key"),
    )
    op.create_index("ix_alerts_status", "alerts", ["status"])


def downgrade() -> None:
    # Dependents first; dropping a table drops its indexes.
    for table in ("alerts", "boundary_findings", "boundary_evaluations", "drift_events"):
        op.drop_table(table)
    op.drop_table("lineage_edges")
