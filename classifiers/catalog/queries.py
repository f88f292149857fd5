"""Read-side queries of the catalog: latest versions, details, history, errors and scans."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from classifiers.catalog import codec, summaries
from classifiers.catalog.schema import (
    Asset,
    AssetVersion,
    ColumnFindingRow,
    ObjectError,
    Scan,
    Source,
)
from classifiers.catalog.views import (
    ColumnRow,
    DatasetDetail,
    DatasetRow,
    ErrorRow,
    PreviousVersion,
    ScanRow,
    VersionRow,
)

Where = ColumnElement[bool]


def scope(source: str | None, include_deleted: bool) -> list[Where]:
    """Filters over assets: one source or all, with or without deleted assets."""
    where: list[Where] = []
    if source is not None:
        where.append(Source.name == source)
    if not include_deleted:
        where.append(Asset.deleted_at.is_(None))
    return where


def _latest_ids() -> Select[int, int]:
    return select(AssetVersion.asset_id, func.max(AssetVersion.id)).group_by(AssetVersion.asset_id)


def _latest(*where: Where) -> Select[Asset, Source, AssetVersion, str]:
    """Each asset with its latest version; the error is NULL unless that version failed."""
    latest = _latest_ids().subquery()
    asset_id, version_id = latest.c
    return (
        select(Asset, Source, AssetVersion, ObjectError.error)
        .join(Source, Asset.source_id == Source.id)
        .join(latest, asset_id == Asset.id)
        .join(AssetVersion, AssetVersion.id == version_id)
        .outerjoin(ObjectError, ObjectError.version_id == AssetVersion.id)
        .where(*where)
        .order_by(Source.name, Asset.path)
    )


def datasets(session: Session, *where: Where) -> list[DatasetRow]:
    """Each asset's latest state, in one Core select (no ORM object per row)."""
    return summaries.dataset_rows(session, *where)


def details(session: Session, *where: Where) -> list[DatasetDetail]:
    """Latest versions with their columns, in two queries whatever the number of assets."""
    columns = _columns_by_version(session, *where)
    found = []
    for asset, source, version, error in session.execute(_latest(*where)):
        found.append(
            DatasetDetail(
                row=codec.dataset_row(asset, source, version, error),
                reasons=tuple(version.reasons),
                document=version.document,
                fingerprint=version.fingerprint,
                rules_version=version.rules_version,
                columns=tuple(columns.get(version.id, ())),
            )
        )
    return found


def _columns_by_version(session: Session, *where: Where) -> dict[int, list[ColumnRow]]:
    latest = _latest_ids().subquery()
    asset_id, version_id = latest.c
    stmt = (
        select(ColumnFindingRow)
        .join(latest, version_id == ColumnFindingRow.version_id)
        .join(Asset, Asset.id == asset_id)
        .join(Source, Asset.source_id == Source.id)
        .where(*where)
        .order_by(ColumnFindingRow.id)
    )
    grouped: dict[int, list[ColumnRow]] = defaultdict(list)
    for stored in session.scalars(stmt):
        grouped[stored.version_id].append(codec.column_row(stored))
    return grouped


def resolve(session: Session, name: str) -> int | None:
    """The asset id that `name` (a uri, `source:path` or a path) names; live assets win."""
    for clause in _name_clauses(name):
        stmt = select(Asset.id, Asset.deleted_at).join(Source).where(clause)
        found = session.execute(stmt).all()
        live = [i for i, deleted in found if deleted is None] or [i for i, _ in found]
        if len(live) > 1:
            raise LookupError(f"{name!r} names {len(live)} assets; say which as source:path")
        if live:
            return live[0]
    return None


def _name_clauses(name: str) -> Iterator[Where]:
    yield Asset.uri == name
    source, colon, path = name.partition(":")
    if colon:
        yield and_(Source.name == source, Asset.path == path)
    yield Asset.path == name


def previous(session: Session, source: str, path: str) -> PreviousVersion | None:
    stmt = (
        select(
            AssetVersion.fingerprint,
            AssetVersion.rules_version,
            AssetVersion.status,
            AssetVersion.access,
            Asset.kind,
            AssetVersion.artifact,
        )
        .join(Asset, AssetVersion.asset_id == Asset.id)
        .join(Source, Asset.source_id == Source.id)
        .where(Source.name == source, Asset.path == path, Asset.deleted_at.is_(None))
        .order_by(AssetVersion.id.desc())
        .limit(1)
    )
    found = session.execute(stmt).first()
    if found is None:
        return None
    fingerprint, rules_version, status, access, kind, artifact = found
    public = bool((access or {}).get("public"))
    inspected = kind != "artifact" or artifact is not None
    return PreviousVersion(fingerprint, rules_version, status, public, inspected)


def parts(session: Session, source: str, path: str) -> list[tuple[str, str]]:
    """(path, latest fingerprint) of the live sheets or tables recorded for `path`."""
    stmt = (
        select(Asset.path)
        .join(Source, Asset.source_id == Source.id)
        .where(
            Source.name == source,
            Asset.path.startswith(path + "#", autoescape=True),
            Asset.deleted_at.is_(None),
        )
        .order_by(Asset.id)
    )
    found = []
    for (part,) in session.execute(stmt):
        latest = previous(session, source, part)
        found.append((part, latest.fingerprint if latest else ""))
    return found


def history(session: Session, source: str, path: str) -> list[VersionRow]:
    stmt = (
        select(AssetVersion, ObjectError.error)
        .join(Asset, AssetVersion.asset_id == Asset.id)
        .join(Source, Asset.source_id == Source.id)
        .outerjoin(ObjectError, ObjectError.version_id == AssetVersion.id)
        .where(Source.name == source, Asset.path == path)
        .order_by(AssetVersion.id)
    )
    return [codec.version_row(v, error) for v, error in session.execute(stmt)]


def errors(session: Session, scan_id: int | None) -> list[ErrorRow]:
    stmt = (
        select(ObjectError, Source.name, Asset.path, Asset.uri)
        .join(Asset, ObjectError.asset_id == Asset.id)
        .join(Source, Asset.source_id == Source.id)
        .order_by(ObjectError.id)
    )
    if scan_id is not None:
        stmt = stmt.where(ObjectError.scan_id == scan_id)
    return [
        ErrorRow(e.scan_id, e.version_id, source, path, uri, e.error, e.created_at)
        for e, source, path, uri in session.execute(stmt)
    ]


def scans(session: Session) -> list[ScanRow]:
    return [codec.scan_row(scan) for scan in session.scalars(select(Scan).order_by(Scan.id))]
