"""Steps inside the store's write transactions: find or create assets, add versions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from classifiers.catalog import codec
from classifiers.catalog.schema import Asset, AssetVersion, Source
from classifiers.catalog.upsert import upsert
from classifiers.model import DatasetFindings, StoredObject

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


def get(session: Session, model: type[T], key: int) -> T:
    found = session.get(model, key)
    if found is None:
        raise LookupError(f"no {model.__name__} with id {key}")
    return found


def source_id(session: Session, name: str) -> int:
    found = session.scalar(select(Source.id).where(Source.name == name))
    if found is None:
        raise LookupError(f"unknown source {name!r}: call ensure_source first")
    return found


def find_asset(session: Session, source: str, path: str) -> Asset | None:
    stmt = select(Asset).join(Source).where(Source.name == source, Asset.path == path)
    return session.scalar(stmt)


def upsert_asset(session: Session, obj: StoredObject, kind: str) -> int:
    """The object's asset id: created on first sight, else refreshed and no longer deleted."""
    now = utc_now()
    asset = Asset(source_id=source_id(session, obj.source), path=obj.path, first_seen=now)
    asset.uri, asset.format, asset.kind = obj.uri, obj.format, kind
    asset.last_seen, asset.deleted_at = now, None
    refresh = ("uri", "format", "kind", "last_seen", "deleted_at")
    return upsert(session, asset, keys=("source_id", "path"), refresh=refresh)


def add_version(
    session: Session,
    scan_id: int,
    obj: StoredObject,
    kind: str,
    rules_version: str,
    findings: DatasetFindings | None,
    status: str = "ok",
) -> AssetVersion:
    """Upsert the asset and add a version of it; flushed, so its id is known."""
    version = AssetVersion(
        asset_id=upsert_asset(session, obj, kind),
        scan_id=scan_id,
        fingerprint=obj.fingerprint,
        size=obj.size,
        mtime=obj.mtime,
        rules_version=rules_version,
        status=status,
        access=codec.access_json(obj.access),
        table_version=obj.table_version,
        created_at=utc_now(),
        **_findings_fields(findings),
    )
    session.add(version)
    session.flush()
    return version


def _findings_fields(findings: DatasetFindings | None) -> dict[str, Any]:
    if findings is None:
        fields: dict[str, Any] = {"sensitivity": None, "sensitivity_label": None}
        fields |= {"entities": [], "reasons": [], "document": False}
        return fields | codec.coverage_fields(None)
    return {
        "sensitivity": int(findings.sensitivity),
        "sensitivity_label": findings.sensitivity.label,
        "entities": list(findings.entity_types),
        "reasons": list(findings.reasons),
        "document": findings.document,
    } | codec.coverage_fields(findings.coverage)
