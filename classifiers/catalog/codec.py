"""Turn the core's values into catalog rows and JSON, and stored rows back into views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from classifiers.artifacts.report import ArtifactReport
from classifiers.catalog.schema import Asset, AssetVersion, ColumnFindingRow, Scan, Source
from classifiers.catalog.views import ColumnRow, DatasetRow, ScanRow, VersionRow
from classifiers.entities import standard
from classifiers.model import Access, ColumnFinding, Coverage, EntityFinding, Sensitivity

COVERAGE_COLUMNS = (
    "rows_read", "rows_total", "bytes_read", "bytes_total", "coverage_mode",
    "encoding", "records_unreadable", "records_repaired",
)  # fmt: skip


def access_json(access: Access) -> dict[str, Any]:
    return {
        "owner": access.owner,
        "group": access.group,
        "mode": access.mode,
        "world_readable": access.world_readable,
        "public": access.public,
        "details": [list(pair) for pair in access.details],
    }


def access_of(stored: Mapping[str, Any]) -> Access:
    return Access(
        owner=stored.get("owner"),
        group=stored.get("group"),
        mode=stored.get("mode"),
        world_readable=bool(stored.get("world_readable")),
        public=bool(stored.get("public")),
        details=tuple((str(k), str(v)) for k, v in stored.get("details", ())),
    )


def entity_json(entity: EntityFinding) -> dict[str, Any]:
    return {
        "entity": entity.entity,
        "subtype": entity.subtype,
        "confidence": entity.confidence,
        "ratio": entity.ratio,
        "matches": entity.matches,
        "validated": entity.validated,
        "reason": entity.reason,
    }


def entity_of(stored: Mapping[str, Any]) -> EntityFinding:
    """A stored finding; one stored before subtypes existed reads its legacy kind
    (STREET_ADDRESS) as Presidio's type with that subtype."""
    entity, subtype = standard(stored["entity"])
    return EntityFinding(
        entity=entity,
        subtype=stored.get("subtype") or subtype,
        confidence=float(stored["confidence"]),
        ratio=float(stored["ratio"]),
        matches=int(stored["matches"]),
        validated=int(stored["validated"]),
        reason=stored["reason"],
    )


def coverage_fields(coverage: Coverage | None) -> dict[str, Any]:
    """The coverage columns of an asset version (all None when nothing was read)."""
    if coverage is None:
        return dict.fromkeys(COVERAGE_COLUMNS)
    return {
        "rows_read": coverage.rows_read,
        "rows_total": coverage.rows_total,
        "bytes_read": coverage.bytes_read,
        "bytes_total": coverage.bytes_total,
        "coverage_mode": coverage.mode,
        "encoding": coverage.encoding,
        "records_unreadable": coverage.records_unreadable,
        "records_repaired": coverage.records_repaired,
    }


def coverage_of(version: AssetVersion) -> Coverage | None:
    if version.coverage_mode is None:
        return None
    return Coverage(
        rows_read=version.rows_read or 0,
        rows_total=version.rows_total,
        bytes_read=version.bytes_read or 0,
        bytes_total=version.bytes_total or 0,
        mode=version.coverage_mode,
        encoding=version.encoding,
        records_unreadable=version.records_unreadable or 0,
        records_repaired=version.records_repaired or 0,
    )


def sensitivity_of(level: int | None) -> Sensitivity | None:
    return None if level is None else Sensitivity(level)


def column_record(
    version_id: int, finding: ColumnFinding, evidence: Mapping[str, Any]
) -> ColumnFindingRow:
    return ColumnFindingRow(
        version_id=version_id,
        column=finding.column,
        dtype=finding.dtype,
        non_null=finding.non_null,
        sensitivity=int(finding.sensitivity),
        undetermined=finding.undetermined,
        free_text=finding.free_text,
        entities=[entity_json(e) for e in finding.entities],
        reasons=list(finding.reasons),
        examples=list(finding.examples),
        evidence=dict(evidence),
    )


def column_row(stored: ColumnFindingRow) -> ColumnRow:
    return ColumnRow(
        column=stored.column,
        dtype=stored.dtype,
        non_null=stored.non_null,
        sensitivity=Sensitivity(stored.sensitivity),
        undetermined=stored.undetermined,
        free_text=stored.free_text,
        entities=tuple(entity_of(e) for e in stored.entities),
        reasons=tuple(stored.reasons),
        examples=tuple(stored.examples),
        evidence=stored.evidence,
    )


def dataset_row(
    asset: Asset, source: Source, version: AssetVersion, error: str | None
) -> DatasetRow:
    return DatasetRow(
        source=source.name,
        path=asset.path,
        uri=asset.uri,
        format=asset.format,
        kind=asset.kind,
        status=version.status,
        sensitivity=sensitivity_of(version.sensitivity),
        entities=tuple(version.entities),
        coverage=coverage_of(version),
        error=error,
        scanned_at=version.created_at,
        access=access_of(version.access),
        owners=tuple(source.owners),
        public=source.public,
        deleted_at=asset.deleted_at,
        artifact=None if version.artifact is None else ArtifactReport.from_json(version.artifact),
        table_version=version.table_version,
    )


def version_row(version: AssetVersion, error: str | None) -> VersionRow:
    return VersionRow(
        version_id=version.id,
        scan_id=version.scan_id,
        created_at=version.created_at,
        fingerprint=version.fingerprint,
        size=version.size,
        mtime=version.mtime,
        rules_version=version.rules_version,
        status=version.status,
        sensitivity=sensitivity_of(version.sensitivity),
        entities=tuple(version.entities),
        coverage=coverage_of(version),
        error=error,
    )


def scan_row(scan: Scan) -> ScanRow:
    return ScanRow(
        id=scan.id,
        sources=tuple(scan.sources),
        mode=scan.mode,
        engine=scan.engine,
        rules_version=scan.rules_version,
        started_at=scan.started_at,
        finished_at=scan.finished_at,
        status=scan.status,
        counts=dict(scan.counts),
    )
