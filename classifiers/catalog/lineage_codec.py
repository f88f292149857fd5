"""Turn lineage values into lineage table rows and back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from classifiers.catalog.codec import sensitivity_of
from classifiers.catalog.lineage_schema import (
    AlertRecord,
    BoundaryFindingRow,
    DriftEventRow,
    LineageEdgeRow,
)
from classifiers.catalog.lineage_views import AlertMessage, AlertRow, EdgeRow, QueuedAlert
from classifiers.model import Sensitivity
from lineage.model import BoundaryException, BoundaryFinding, DriftEvent, Edge


def edge_row(stored: LineageEdgeRow) -> EdgeRow:
    edge = Edge(stored.source, stored.target, stored.origin, stored.masking)
    return EdgeRow(edge, stored.first_seen, stored.last_seen)


def exception_json(exception: BoundaryException | None) -> dict[str, Any] | None:
    if exception is None:
        return None
    return {
        "dataset": exception.dataset,
        "reason": exception.reason,
        "approver": exception.approver,
        "expires": exception.expires.isoformat(),
    }


def exception_of(stored: Mapping[str, Any] | None) -> BoundaryException | None:
    if stored is None:
        return None
    expires = date.fromisoformat(stored["expires"])
    return BoundaryException(stored["dataset"], stored["reason"], stored["approver"], expires)


def boundary_record(evaluation_id: int, finding: BoundaryFinding) -> BoundaryFindingRow:
    return BoundaryFindingRow(
        evaluation_id=evaluation_id,
        workload=finding.workload,
        dataset=finding.dataset,
        level=None if finding.level is None else int(finding.level),
        ceiling=int(finding.ceiling),
        kind=finding.kind,
        reason=finding.reason,
        owners=list(finding.owners),
        accepted=finding.accepted,
        exception=exception_json(finding.exception),
        key=finding.key,
    )


def boundary_of(stored: BoundaryFindingRow) -> BoundaryFinding:
    return BoundaryFinding(
        workload=stored.workload,
        dataset=stored.dataset,
        level=sensitivity_of(stored.level),
        ceiling=Sensitivity(stored.ceiling),
        reason=stored.reason,
        kind=stored.kind,
        owners=tuple(stored.owners),
        accepted=stored.accepted,
        exception=exception_of(stored.exception),
    )


def message_json(message: AlertMessage) -> dict[str, Any]:
    return {
        "subject": message.subject,
        "lines": list(message.lines),
        "facts": [list(pair) for pair in message.facts],
    }


def message_of(stored: Mapping[str, Any]) -> AlertMessage:
    facts = tuple((str(label), str(value)) for label, value in stored.get("facts", ()))
    return AlertMessage(stored["subject"], tuple(stored.get("lines", ())), facts)


def alert_row(stored: AlertRecord) -> AlertRow:
    return AlertRow(
        id=stored.id,
        event_key=stored.event_key,
        recipient=stored.recipient,
        channel=stored.channel,
        message=message_of(stored.message),
        status=stored.status,
        attempts=stored.attempts,
        last_error=stored.last_error,
        created_at=stored.created_at,
        sent_at=stored.sent_at,
    )


def drift_record(asset_id: int, event: DriftEvent, created_at: datetime) -> DriftEventRow:
    return DriftEventRow(
        asset_id=asset_id,
        from_version_id=event.from_version or None,  # 0: no earlier version
        to_version_id=event.to_version,
        type=event.type,
        before=event.before,
        after=event.after,
        reasons=list(event.reasons),
        created_at=created_at,
    )


def drift_event(stored: DriftEventRow, source: str, path: str) -> DriftEvent:
    return DriftEvent(
        source=source,
        path=path,
        type=stored.type,
        before=stored.before,
        after=stored.after,
        reasons=tuple(stored.reasons),
        from_version=stored.from_version_id or 0,
        to_version=stored.to_version_id,
    )


def alert_record(alert: QueuedAlert, created_at: datetime) -> AlertRecord:
    return AlertRecord(
        event_key=alert.event_key,
        recipient=alert.recipient,
        channel=alert.channel,
        message=message_json(alert.message),
        status="pending",
        attempts=0,
        created_at=created_at,
    )
