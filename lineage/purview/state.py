"""What the catalog remembers of earlier publishes: per entity what was sent, per run a summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from classifiers.catalog.schema import PurviewPublished, PurviewRun
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.upsert import upsert
from lineage.purview.entities import PublishItem

CHUNK = 500  # values per IN (...) clause


@dataclass(frozen=True)
class Published:
    """One dataset, artifact or workload as it was last sent to an account."""

    qualified_name: str
    type_name: str
    source: str | None
    path: str
    digest: str
    entities: Mapping[str, str]  # qualifiedName -> type name
    classifications: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class RunRecord:
    endpoint: str
    started_at: datetime
    finished_at: datetime
    typedefs_digest: str | None
    counts: Mapping[str, int]
    errors: tuple[str, ...]


class PublishState:
    """The purview_published and purview_runs tables of a catalog."""

    def __init__(self, store: CatalogStore) -> None:
        self._sessions = store._sessions  # the catalog's own engine and session settings

    def published(self, endpoint: str) -> dict[str, Published]:
        stmt = select(PurviewPublished).where(PurviewPublished.endpoint == endpoint)
        with self._sessions() as session:
            return {row.qualified_name: _published(row) for row in session.scalars(stmt)}

    def typedefs_digest(self, endpoint: str) -> str | None:
        """The typedefs last written to this account, to update them only when they change."""
        stmt = (
            select(PurviewRun.typedefs_digest)
            .where(PurviewRun.endpoint == endpoint, PurviewRun.typedefs_digest.is_not(None))
            .order_by(PurviewRun.id.desc())
            .limit(1)
        )
        with self._sessions() as session:
            return session.scalar(stmt)

    def record(
        self,
        run: RunRecord,
        sent: Iterable[PublishItem],
        deleted: Iterable[str],
        owned: Mapping[str, tuple[str, ...]],
    ) -> int:
        """Store the items the account accepted, forget deleted ones, add the run; one
        transaction. `owned` overrides what an item says its entities carry, where Warden
        found some of it already there. Returns the run's id."""
        gone = sorted(deleted)
        with self._sessions.begin() as session:
            for item in sent:
                row = PurviewPublished(endpoint=run.endpoint, published_at=run.finished_at)
                row.qualified_name, row.type_name = item.name.qualified_name, item.name.type_name
                row.source, row.path, row.digest = item.source, item.path, item.digest
                row.fingerprint, row.rules_version = item.fingerprint, item.rules_version
                row.entities = dict(item.types)
                row.classifications = {
                    q: list(owned.get(q, c)) for q, c in item.classifications.items()
                }
                refresh = (
                    "type_name",
                    "source",
                    "path",
                    "digest",
                    "fingerprint",
                    "rules_version",
                    "entities",
                    "classifications",
                    "published_at",
                )
                upsert(session, row, keys=("endpoint", "qualified_name"), refresh=refresh)
            for start in range(0, len(gone), CHUNK):
                session.execute(
                    delete(PurviewPublished).where(
                        PurviewPublished.endpoint == run.endpoint,
                        PurviewPublished.qualified_name.in_(gone[start : start + CHUNK]),
                    )
                )
            summary = PurviewRun(endpoint=run.endpoint, started_at=run.started_at)
            summary.finished_at, summary.typedefs_digest = run.finished_at, run.typedefs_digest
            summary.counts, summary.errors = dict(run.counts), list(run.errors)
            session.add(summary)
            session.flush()
            return summary.id

    def runs(self) -> list[RunRecord]:
        with self._sessions() as session:
            rows = session.scalars(select(PurviewRun).order_by(PurviewRun.id))
            return [
                RunRecord(
                    r.endpoint,
                    r.started_at,
                    r.finished_at,
                    r.typedefs_digest,
                    dict(r.counts),
                    tuple(r.errors),
                )
                for r in rows
            ]


def _published(row: PurviewPublished) -> Published:
    classifications = {q: tuple(c) for q, c in row.classifications.items()}
    return Published(
        row.qualified_name,
        row.type_name,
        row.source,
        row.path,
        row.digest,
        dict(row.entities),
        classifications,
    )
