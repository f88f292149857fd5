"""Tables of the lineage side of the catalog: edges, drift events, boundary findings, alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from classifiers.catalog.schema import Base

REF = 2000  # a dataset reference: source:path, a URI or workload:NAME


class LineageEdgeRow(Base):
    __tablename__ = "lineage_edges"
    __table_args__ = (
        UniqueConstraint("source", "target", "origin", name="uq_lineage_edges_source_target"),
        CheckConstraint("origin IN ('declared', 'observed')", name="origin"),
        Index("ix_lineage_edges_target", "target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(REF))
    target: Mapped[str] = mapped_column(String(REF))
    origin: Mapped[str] = mapped_column(String(20))
    masking: Mapped[bool] = mapped_column(Boolean)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class DriftEventRow(Base):
    __tablename__ = "drift_events"
    __table_args__ = (
        # Recomputing drift between the same versions finds the same events: store them once.
        UniqueConstraint("asset_id", "to_version_id", "type", "after", name="uq_drift_events_once"),
        Index("ix_drift_events_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"))
    from_version_id: Mapped[int | None] = mapped_column(ForeignKey("asset_versions.id"))
    to_version_id: Mapped[int] = mapped_column(ForeignKey("asset_versions.id"))
    type: Mapped[str] = mapped_column(String(40))
    before: Mapped[str] = mapped_column(String(1000))
    after: Mapped[str] = mapped_column(String(1000))
    reasons: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime]


class BoundaryEvaluationRow(Base):
    """One evaluation of every workload's boundaries; its findings may be none at all."""

    __tablename__ = "boundary_evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluated_at: Mapped[datetime]
    findings: Mapped[int] = mapped_column(Integer)


class BoundaryFindingRow(Base):
    __tablename__ = "boundary_findings"
    __table_args__ = (
        Index("ix_boundary_findings_evaluation_id", "evaluation_id"),
        Index("ix_boundary_findings_key", "key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("boundary_evaluations.id", ondelete="CASCADE")
    )
    workload: Mapped[str] = mapped_column(String(200))
    dataset: Mapped[str] = mapped_column(String(REF))
    level: Mapped[int | None] = mapped_column(Integer)
    ceiling: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    owners: Mapped[list[str]] = mapped_column(JSON)
    accepted: Mapped[bool] = mapped_column(Boolean)
    exception: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    key: Mapped[str] = mapped_column(String(3000))


class AlertRecord(Base):
    """One event for one recipient on one channel: sent once, retried while it fails."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("event_key", "recipient", "channel", name="uq_alerts_event_key"),
        CheckConstraint("channel IN ('email', 'teams', 'webhook')", name="channel"),
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        Index("ix_alerts_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(3000))
    recipient: Mapped[str] = mapped_column(String(320))  # an email, team:NAME or "default"
    channel: Mapped[str] = mapped_column(String(20))
    # The rendered notice (subject, lines, facts), so a retry needs no event from the caller.
    message: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # A sender's claim (revision 0009): only its holder delivers the alert until it expires,
    # so two senders never both send it, and a killed sender's alert is sent by the next one.
    claimed_by: Mapped[str | None] = mapped_column(String(300))
    claim_expires: Mapped[datetime | None]
