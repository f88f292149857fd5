"""What the lineage store hands back beyond the lineage values: edge sightings, alert rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lineage.model import Edge

ALERT_CHANNELS = ("email", "teams", "webhook")


@dataclass(frozen=True)
class EdgeRow:
    """A stored lineage edge and when it was first and last declared or observed."""

    edge: Edge
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class BoundaryEvaluation:
    """One run of the boundary checks over every workload."""

    id: int
    evaluated_at: datetime
    findings: int


@dataclass(frozen=True)
class AlertMessage:
    """What an alert says: built from event fields only (levels, entity types, paths)."""

    subject: str
    lines: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) pairs for cards and webhooks


@dataclass(frozen=True)
class QueuedAlert:
    """An alert to record before it is sent: one event for one recipient on one channel."""

    event_key: str
    recipient: str  # an email, team:NAME, or "default" for the catch-all destinations
    channel: str  # one of ALERT_CHANNELS
    message: AlertMessage


@dataclass(frozen=True)
class AlertRow:
    """A recorded alert with its delivery status."""

    id: int
    event_key: str
    recipient: str
    channel: str
    message: AlertMessage
    status: str  # "pending", "sent" or "failed"
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
