"""The lineage side of the catalog store: edges, version snapshots, drift, boundaries, alerts."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update

from classifiers.catalog import lineage_codec as codec
from classifiers.catalog import lineage_queries as queries
from classifiers.catalog.lineage_schema import (
    AlertRecord,
    BoundaryEvaluationRow,
    LineageEdgeRow,
)
from classifiers.catalog.lineage_views import (
    ALERT_CHANNELS,
    AlertRow,
    BoundaryEvaluation,
    EdgeRow,
    QueuedAlert,
)
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.upsert import insert_new, upsert
from classifiers.catalog.writes import utc_now
from lineage.drift import VersionSnapshot
from lineage.model import BoundaryFinding, DriftEvent, Edge

PENDING = ("pending", "failed")  # an alert still to deliver: never tried, or failed
DRIFT_KEY = ("asset_id", "to_version_id", "type", "after")  # uq_drift_events_once
ALERT_KEY = ("event_key", "recipient", "channel")  # uq_alerts_event_key
EDGE_KEY = ("source", "target", "origin")  # uq_lineage_edges_source_target
EDGE_KEY_COLUMNS = (LineageEdgeRow.source, LineageEdgeRow.target, LineageEdgeRow.origin)


class LineageStore:
    """Lineage tables of a catalog; every write method is one transaction."""

    def __init__(self, store: CatalogStore) -> None:
        # The catalog's own session factory: the same engine and the same session settings.
        self._sessions = store._sessions

    # -- edges -------------------------------------------------------------------------------

    def record_edges(self, edges: Iterable[Edge], now: datetime | None = None) -> int:
        """Add new edges, refresh last_seen and masking of known ones; returns how many are new."""
        when = now or utc_now()
        given = {(e.source, e.target, e.origin): e for e in edges}
        with self._sessions.begin() as session:
            stored = session.execute(select(*EDGE_KEY_COLUMNS))
            known = {(source, target, origin) for source, target, origin in stored}
            for edge in given.values():
                row = LineageEdgeRow(source=edge.source, target=edge.target, origin=edge.origin)
                row.masking, row.first_seen, row.last_seen = edge.masking, when, when
                upsert(session, row, EDGE_KEY, refresh=("masking", "last_seen"))
        return len(given.keys() - known)

    def edges(self) -> list[Edge]:
        return [row.edge for row in self.edge_rows()]

    def edge_rows(self) -> list[EdgeRow]:
        """Edges with when they were first and last seen (stale observed edges show here)."""
        with self._sessions() as session:
            stmt = select(LineageEdgeRow).order_by(LineageEdgeRow.id)
            return [codec.edge_row(row) for row in session.scalars(stmt)]

    # -- drift -------------------------------------------------------------------------------

    def version_snapshots(self, source: str, path: str) -> list[VersionSnapshot]:
        """Every stored version of a dataset, oldest first, as drift compares them."""
        with self._sessions() as session:
            return queries.version_snapshots(session, source, path)

    def record_drift(
        self, events: Iterable[DriftEvent], now: datetime | None = None
    ) -> list[DriftEvent]:
        """Store drift events once each; returns only those not stored before."""
        when, fresh = now or utc_now(), []
        seen: set[tuple[int, int, str, str]] = set()
        assets: dict[tuple[str, str], int] = {}
        with self._sessions.begin() as session:
            for event in events:
                where = (event.source, event.path)
                if where not in assets:
                    assets[where] = queries.asset_id(session, *where)
                ident = (assets[where], event.to_version, event.type, event.after)
                if ident in seen:
                    continue
                seen.add(ident)
                row = codec.drift_record(assets[where], event, when)
                if insert_new(session, row, DRIFT_KEY) is not None:  # another writer's stays
                    fresh.append(event)
        return fresh

    def drift_events(self, since: datetime | None = None) -> list[DriftEvent]:
        """Stored drift events in the order they were found, or only those found since then."""
        with self._sessions() as session:
            return queries.drift_events(session, since)

    # -- boundaries --------------------------------------------------------------------------

    def record_boundary_evaluation(
        self, findings: Sequence[BoundaryFinding], evaluated_at: datetime | None = None
    ) -> int:
        """Store one evaluation run with all its findings (maybe none); returns the run's id."""
        with self._sessions.begin() as session:
            run = BoundaryEvaluationRow(evaluated_at=evaluated_at or utc_now())
            run.findings = len(findings)
            session.add(run)
            session.flush()
            session.add_all(codec.boundary_record(run.id, finding) for finding in findings)
        return run.id

    def latest_boundary_findings(self) -> list[BoundaryFinding]:
        """The findings of the latest evaluation: [] when it found nothing or none ran yet."""
        with self._sessions() as session:
            latest = session.scalar(select(func.max(BoundaryEvaluationRow.id)))
            return [] if latest is None else queries.boundary_findings(session, latest)

    def boundary_findings(self, evaluation_id: int) -> list[BoundaryFinding]:
        with self._sessions() as session:
            return queries.boundary_findings(session, evaluation_id)

    def boundary_evaluations(self) -> list[BoundaryEvaluation]:
        with self._sessions() as session:
            stmt = select(BoundaryEvaluationRow).order_by(BoundaryEvaluationRow.id)
            runs = session.scalars(stmt)
            return [BoundaryEvaluation(r.id, r.evaluated_at, r.findings) for r in runs]

    # -- alerts ------------------------------------------------------------------------------

    def queue_alerts(self, alerts: Iterable[QueuedAlert], now: datetime | None = None) -> int:
        """Record, as pending, the alerts not recorded before; returns how many were new."""
        given = {(a.event_key, a.recipient, a.channel): a for a in alerts}
        unknown = {channel for _, _, channel in given} - set(ALERT_CHANNELS)
        if unknown:
            raise ValueError(f"unknown alert channels {sorted(unknown)}")
        when = now or utc_now()
        with self._sessions.begin() as session:
            known = queries.alert_idents(session, {key for key, _, _ in given})
            # Still ON CONFLICT: a sender racing this one may record the same alert meanwhile.
            added = [
                insert_new(session, codec.alert_record(alert, when), ALERT_KEY)
                for ident, alert in given.items()
                if ident not in known
            ]
        return sum(found is not None for found in added)

    def pending_alerts(self, max_attempts: int | None = None) -> list[AlertRow]:
        """Alerts still to deliver: never tried, or failed fewer than `max_attempts` times."""
        stmt = select(AlertRecord).where(AlertRecord.status.in_(PENDING))
        if max_attempts is not None:
            stmt = stmt.where(AlertRecord.attempts < max_attempts)
        with self._sessions() as session:
            return [codec.alert_row(r) for r in session.scalars(stmt.order_by(AlertRecord.id))]

    def claim_alerts(
        self, holder: str, claim_for: timedelta, max_attempts: int | None = None, limit: int = 1000
    ) -> list[AlertRow]:
        """Claim alerts to deliver for `holder` until `claim_for` from now: pending or failed
        ones nobody claims, or whose claim expired (its sender was killed mid-send).

        One UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING: on
        PostgreSQL a second sender skips the rows the first is claiming instead of waiting
        for them; SQLite has no row locks and ignores FOR UPDATE, but runs one writing
        statement at a time, so the condition is checked and the claim set as one step.
        """
        now = utc_now()
        free = or_(AlertRecord.claimed_by.is_(None), AlertRecord.claim_expires < now)
        wanted = select(AlertRecord.id).where(AlertRecord.status.in_(PENDING), free)
        if max_attempts is not None:
            wanted = wanted.where(AlertRecord.attempts < max_attempts)
        wanted = wanted.order_by(AlertRecord.id).limit(limit).with_for_update(skip_locked=True)
        stmt = (
            update(AlertRecord)
            .where(AlertRecord.id.in_(wanted.scalar_subquery()), free)  # checked again on PG
            .values(claimed_by=holder, claim_expires=now + claim_for)
            .returning(AlertRecord)
        )
        with self._sessions.begin() as session:
            claimed = session.scalars(stmt, execution_options={"synchronize_session": False})
            return sorted((codec.alert_row(row) for row in claimed), key=lambda row: row.id)

    def alert_sent(self, ids: Collection[int], now: datetime | None = None) -> None:
        self._attempted(ids, status="sent", last_error=None, sent_at=now or utc_now())

    def alert_failed(self, ids: Collection[int], error: str) -> None:
        self._attempted(ids, status="failed", last_error=error)

    def alerts(self) -> list[AlertRow]:
        with self._sessions() as session:
            stmt = select(AlertRecord).order_by(AlertRecord.id)
            return [codec.alert_row(r) for r in session.scalars(stmt)]

    def _attempted(self, ids: Collection[int], **values: object) -> None:
        """Count one more attempt of each alert and set its outcome, in one transaction."""
        ordered = sorted(ids)
        with self._sessions.begin() as session:
            for start in range(0, len(ordered), queries.CHUNK):
                chunk = ordered[start : start + queries.CHUNK]
                stmt = update(AlertRecord).where(AlertRecord.id.in_(chunk))
                # The claim ends with the attempt: a failed alert is claimable by the next run.
                ended = {"claimed_by": None, "claim_expires": None}
                session.execute(stmt.values(attempts=AlertRecord.attempts + 1, **values, **ended))
