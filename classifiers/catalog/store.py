"""The catalog store: records each scanned object in one transaction and answers the catalog."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import sessionmaker

from classifiers.catalog import codec, queries, summaries
from classifiers.catalog.connect import create_catalog_engine
from classifiers.catalog.migrate import create_or_upgrade
from classifiers.catalog.schema import Asset, ObjectError, Scan, Source
from classifiers.catalog.upsert import upsert
from classifiers.catalog.views import (
    DatasetDetail,
    DatasetRow,
    DatasetSummary,
    ErrorRow,
    PreviousVersion,
    ScanRow,
    VersionRow,
)
from classifiers.catalog.writes import add_version, find_asset, get, utc_now
from classifiers.kill_points import kill_point
from classifiers.model import DataFormat, DatasetFindings, StoredObject

SCAN_ENDINGS = frozenset({"finished", "interrupted"})


class CatalogStore:
    """Catalog DB access; every write method is one transaction, committed or rolled back whole."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> CatalogStore:
        """Connect to `url`, creating a SQLite file's folder, and bring the schema to head (a new
        database is created at head, an older one migrated)."""
        engine = create_catalog_engine(url)
        create_or_upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> CatalogStore:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    # -- writes ------------------------------------------------------------------------------

    def ensure_source(
        self, name: str, kind: str, root: str, public: bool, owners: Sequence[str]
    ) -> None:
        """Register a source, or update its kind, root, public flag and owners."""
        row = Source(name=name, kind=kind, root=root, public=public, owners=list(owners))
        with self._sessions.begin() as session:  # two scans may register one source at once
            upsert(session, row, keys=("name",), refresh=("kind", "root", "public", "owners"))

    def start_scan(self, sources: Sequence[str], mode: str, engine: str, rules_version: str) -> int:
        scan = Scan(
            sources=list(sources),
            mode=mode,
            engine=engine,
            rules_version=rules_version,
            started_at=utc_now(),
            status="running",
            counts={},
        )
        with self._sessions.begin() as session:
            session.add(scan)
        return scan.id

    def finish_scan(self, scan_id: int, status: str, counts: Mapping[str, int]) -> None:
        if status not in SCAN_ENDINGS:
            raise ValueError(f"a scan ends as one of {sorted(SCAN_ENDINGS)}, not {status!r}")
        with self._sessions.begin() as session:
            scan = get(session, Scan, scan_id)
            scan.status, scan.finished_at, scan.counts = status, utc_now(), dict(counts)

    def record_result(
        self,
        scan_id: int,
        obj: StoredObject,
        findings: DatasetFindings,
        rules_version: str,
        evidence: Mapping[str, Mapping[str, Any]],
    ) -> int:
        """Store a classified dataset: asset, new version, columns. Returns the version id."""
        with self._sessions.begin() as session:
            version = add_version(session, scan_id, obj, "dataset", rules_version, findings)
            session.add_all(
                codec.column_record(version.id, column, evidence.get(column.column, {}))
                for column in findings.columns
            )
            session.flush()
            kill_point("mid_transaction")  # a test's kill here: rows sent, never committed
        return version.id

    def record_error(self, scan_id: int, obj: StoredObject, error: str, rules_version: str) -> int:
        """Store an object that failed: a version with status 'error' and its message."""
        kind = "artifact" if obj.format == DataFormat.MODEL else "dataset"
        with self._sessions.begin() as session:
            version = add_version(session, scan_id, obj, kind, rules_version, None, "error")
            session.add(
                ObjectError(
                    version_id=version.id,
                    scan_id=scan_id,
                    asset_id=version.asset_id,
                    error=error,
                    created_at=version.created_at,
                )
            )
        return version.id

    def record_artifact(
        self, scan_id: int, obj: StoredObject, report: Mapping[str, Any] | None = None
    ) -> None:
        """Inventory an AI artifact (a model file): a version with no findings and its
        inspection report (`ArtifactReport.to_json()`), if it was inspected."""
        with self._sessions.begin() as session:
            rules_version = get(session, Scan, scan_id).rules_version
            version = add_version(session, scan_id, obj, "artifact", rules_version, None)
            version.artifact = None if report is None else dict(report)

    def touch_unchanged(self, scan_id: int, obj: StoredObject) -> None:
        """Note that an unchanged object was seen again (`scan_id` is not stored)."""
        with self._sessions.begin() as session:
            asset = find_asset(session, obj.source, obj.path)
            if asset is None:
                raise LookupError(f"{obj.source}:{obj.path} was never recorded")
            asset.last_seen = utc_now()

    def mark_deleted(self, source: str, present_paths: Collection[str]) -> int:
        """Mark the source's assets that were not listed as deleted; their history stays."""
        present = set(present_paths)
        with self._sessions.begin() as session:
            stmt = (
                select(Asset.id, Asset.path)
                .join(Source)
                .where(Source.name == source, Asset.deleted_at.is_(None))
            )
            gone = [i for i, path in session.execute(stmt) if path not in present]
            now = utc_now()
            for start in range(0, len(gone), 500):  # stay under the bound-parameter limit
                chunk = gone[start : start + 500]
                session.execute(update(Asset).where(Asset.id.in_(chunk)).values(deleted_at=now))
        return len(gone)

    # -- reads -------------------------------------------------------------------------------

    def previous(self, source: str, path: str) -> PreviousVersion | None:
        """The latest version of a live asset, to skip objects whose content and rules match."""
        with self._sessions() as session:
            return queries.previous(session, source, path)

    def datasets(
        self, source: str | None = None, include_deleted: bool = False
    ) -> list[DatasetRow]:
        with self._sessions() as session:
            return queries.datasets(session, *queries.scope(source, include_deleted))

    def details(self, source: str | None = None) -> list[DatasetDetail]:
        """Every live asset's latest version with its columns (what exports read)."""
        with self._sessions() as session:
            return queries.details(session, *queries.scope(source, include_deleted=False))

    def datasets_at(self, source: str, paths: Collection[str]) -> list[DatasetRow]:
        """The live assets among `paths` of `source`, each with its latest state."""
        with self._sessions() as session:
            where = (*queries.scope(source, include_deleted=False), Asset.path.in_(list(paths)))
            return queries.datasets(session, *where)

    def summaries(self, source: str | None = None) -> list[DatasetSummary]:
        """Every live asset's latest state and columns, read in bulk (the code location's)."""
        with self._sessions() as session:
            return summaries.summaries(session, *queries.scope(source, include_deleted=False))

    def versions_after(
        self, after: int, limit: int, settled_before: datetime | None = None
    ) -> list[tuple[int, DatasetSummary]]:
        """The live assets whose latest version id is above `after`, oldest first, at most
        `limit`, each with that version's id (what a sensor reports, a batch per tick); with
        `settled_before`, none from the first version created after it on."""
        with self._sessions() as session:
            return summaries.versions_after(session, after, limit, settled_before)

    def dataset(self, name: str) -> DatasetDetail | None:
        """One asset by uri, `source:path` or path; LookupError when a path is ambiguous."""
        with self._sessions() as session:
            asset_id = queries.resolve(session, name)
            if asset_id is None:
                return None
            found = queries.details(session, Asset.id == asset_id)
            return found[0] if found else None

    def parts(self, source: str, path: str) -> list[tuple[str, str]]:
        """(path, latest fingerprint) of the live sheets or tables of a workbook or database."""
        with self._sessions() as session:
            return queries.parts(session, source, path)

    def history(self, source: str, path: str) -> list[VersionRow]:
        with self._sessions() as session:
            return queries.history(session, source, path)

    def errors(self, scan_id: int | None = None) -> list[ErrorRow]:
        with self._sessions() as session:
            return queries.errors(session, scan_id)

    def scans(self) -> list[ScanRow]:
        with self._sessions() as session:
            return queries.scans(session)
