"""Read-side queries of the lineage tables, and the look-ups inside their write transactions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from classifiers.catalog import lineage_codec as codec
from classifiers.catalog.codec import sensitivity_of
from classifiers.catalog.lineage_schema import AlertRecord, BoundaryFindingRow, DriftEventRow
from classifiers.catalog.queries import Where
from classifiers.catalog.schema import Asset, AssetVersion, ColumnFindingRow, ObjectError, Source
from classifiers.catalog.writes import find_asset
from lineage.drift import ReadHealth, VersionSnapshot
from lineage.model import BoundaryFinding, DriftEvent

CHUNK = 500  # values per IN (...) clause: stays under every backend's bound-parameter limit


def version_snapshots(session: Session, source: str, path: str) -> list[VersionSnapshot]:
    """Every version of one asset, oldest first, with column -> entity -> ratio; two queries."""
    where = (Source.name == source, Asset.path == path)
    versions = session.execute(
        select(AssetVersion, ObjectError.error)
        .join(Asset, AssetVersion.asset_id == Asset.id)
        .join(Source, Asset.source_id == Source.id)
        .outerjoin(ObjectError, ObjectError.version_id == AssetVersion.id)
        .where(*where)
        .order_by(AssetVersion.id)
    ).all()
    columns = _column_ratios(session, *where)
    return [
        VersionSnapshot(
            v.id,
            v.status,
            sensitivity_of(v.sensitivity),
            error,
            columns[v.id],
            _health(v),
            v.table_version,
        )
        for v, error in versions
    ]


def _health(version: AssetVersion) -> ReadHealth:
    """Records unreadable among records seen (read, or counted by the reader, plus skipped)."""
    unreadable = version.records_unreadable or 0
    seen = (version.rows_total or version.rows_read or 0) + unreadable
    return ReadHealth(unreadable, seen)


def _column_ratios(session: Session, *where: Where) -> dict[int, dict[str, dict[str, float]]]:
    stmt = (
        select(ColumnFindingRow.version_id, ColumnFindingRow.column, ColumnFindingRow.entities)
        .join(AssetVersion, ColumnFindingRow.version_id == AssetVersion.id)
        .join(Asset, AssetVersion.asset_id == Asset.id)
        .join(Source, Asset.source_id == Source.id)
        .where(*where)
        .order_by(ColumnFindingRow.id)
    )
    found: dict[int, dict[str, dict[str, float]]] = defaultdict(dict)
    for version_id, column, entities in session.execute(stmt):
        # Every column, even one with no entities: drift must know it existed before.
        found[version_id][column] = {e["entity"]: float(e["ratio"]) for e in entities}
    return found


def asset_id(session: Session, source: str, path: str) -> int:
    asset = find_asset(session, source, path)
    if asset is None:
        raise LookupError(f"{source}:{path} is not in the catalog")
    return asset.id


def drift_events(session: Session, since: datetime | None) -> list[DriftEvent]:
    stmt = (
        select(DriftEventRow, Source.name, Asset.path)
        .join(Asset, DriftEventRow.asset_id == Asset.id)
        .join(Source, Asset.source_id == Source.id)
        .order_by(DriftEventRow.id)
    )
    if since is not None:
        stmt = stmt.where(DriftEventRow.created_at >= since)
    return [codec.drift_event(row, source, path) for row, source, path in session.execute(stmt)]


def boundary_findings(session: Session, evaluation_id: int) -> list[BoundaryFinding]:
    stmt = (
        select(BoundaryFindingRow)
        .where(BoundaryFindingRow.evaluation_id == evaluation_id)
        .order_by(BoundaryFindingRow.id)
    )
    return [codec.boundary_of(row) for row in session.scalars(stmt)]


def alert_idents(session: Session, keys: Collection[str]) -> set[tuple[str, str, str]]:
    """(event_key, recipient, channel) of the alerts already recorded for these events."""
    ordered, found = sorted(keys), set()
    for start in range(0, len(ordered), CHUNK):
        stmt = select(AlertRecord.event_key, AlertRecord.recipient, AlertRecord.channel).where(
            AlertRecord.event_key.in_(ordered[start : start + CHUNK])
        )
        found |= {(key, recipient, channel) for key, recipient, channel in session.execute(stmt)}
    return found
