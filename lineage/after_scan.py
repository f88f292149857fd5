"""What follows a scan: drift between versions, a boundary evaluation, and the alerts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from lineage.alerts import AlertRunReport, notices_for_boundaries, notices_for_drift, send_alerts
from lineage.drift import drift_events
from lineage.evaluate import BoundaryReport, evaluate
from lineage.model import DriftEvent
from lineage.model_lineage import current_levels, model_drift, training_of


@dataclass(frozen=True)
class FollowUp:
    drift: tuple[DriftEvent, ...]  # new drift events this time
    boundaries: BoundaryReport
    alerts: AlertRunReport


def record_drift(lineage: LineageStore, objects: Iterable[tuple[str, str]]) -> list[DriftEvent]:
    """Compare the two latest versions of each object; keep only events not seen before."""
    events: list[DriftEvent] = []
    for source, path in objects:
        snapshots = lineage.version_snapshots(source, path)
        if len(snapshots) >= 2:
            events += drift_events(source, path, snapshots[-2], snapshots[-1])
    return lineage.record_drift(events)


def boundary_evaluation(store: CatalogStore, config: WardenConfig, today: date) -> BoundaryReport:
    """Declared and observed lineage (OpenLineage edges recorded in the catalog)."""
    observed = [e for e in LineageStore(store).edges() if e.origin == "observed"]
    return evaluate(config, store.datasets(), today, observed)


def models_drift(events: Sequence[DriftEvent], report: BoundaryReport) -> list[DriftEvent]:
    """The drift of models whose training data's level changed (a model holds its data)."""
    training = training_of(report.workloads, report.datasets)
    return model_drift(events, training, current_levels(report.datasets, report.inherited))


def record_all_drift(
    store: CatalogStore, config: WardenConfig, changed: Iterable[tuple[str, str]], today: date
) -> list[DriftEvent]:
    """Drift of the changed objects, and of the models trained on them."""
    lineage = LineageStore(store)
    events = record_drift(lineage, changed)
    if not any(e.type in ("level_up", "level_down") for e in events):
        return events
    report = boundary_evaluation(store, config, today)
    return events + lineage.record_drift(models_drift(events, report))


def follow_up(store: CatalogStore, config: WardenConfig, changed: Iterable[tuple[str, str]],
              now: datetime) -> FollowUp:  # fmt: skip
    """Record drift and the boundary evaluation, then send what owners should hear about."""
    lineage = LineageStore(store)
    new_drift = record_all_drift(store, config, changed, now.date())
    report = boundary_evaluation(store, config, now.date())
    lineage.record_boundary_evaluation(report.findings, now)
    notices = [
        *notices_for_drift(new_drift, report.workloads, report.datasets),
        *notices_for_boundaries(report.findings),
    ]
    alerts = send_alerts(lineage, notices, config.alerts, now)
    return FollowUp(tuple(new_drift), report, alerts)
