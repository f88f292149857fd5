"""Sensors that send alerts: `sensitivity_drift` (new drift events) and `boundary_violations`."""

import hashlib
from datetime import UTC, datetime

import dagster as dg

from classifiers.catalog.lineage_store import LineageStore
from lineage.after_scan import boundary_evaluation
from lineage.alerts import notices_for_boundaries, notices_for_drift, send_alerts
from pipelines.resources import WardenResource


@dg.sensor(
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alerts owners of a dataset and of the workloads that read it when "
    "its sensitivity drifts.",
)
def sensitivity_drift(context: dg.SensorEvaluationContext, warden: WardenResource) -> dg.SkipReason:
    now = datetime.now(UTC)
    since = datetime.fromisoformat(context.cursor) if context.cursor else None
    store = warden.store()
    config = warden.config()
    lineage = LineageStore(store)
    events = lineage.drift_events(since)
    report = boundary_evaluation(store, config, now.date())
    sent = send_alerts(
        lineage, notices_for_drift(events, report.workloads, report.datasets), config.alerts, now
    )
    context.update_cursor(now.isoformat())
    return dg.SkipReason(
        f"{len(events)} new drift events; {sent.sent} alerts sent, {sent.failed} failed"
    )


def _digest(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


@dg.sensor(
    minimum_interval_seconds=300,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Evaluates every workload's boundary and alerts its owners of new violations.",
)
def boundary_violations(
    context: dg.SensorEvaluationContext, warden: WardenResource
) -> dg.SkipReason:
    now = datetime.now(UTC)
    store = warden.store()
    config = warden.config()
    report = boundary_evaluation(store, config, now.date())
    digest = _digest([f.key for f in report.violations])
    if digest == context.cursor:
        return dg.SkipReason(f"{len(report.violations)} violations, unchanged")
    lineage = LineageStore(store)
    lineage.record_boundary_evaluation(report.findings, now)
    sent = send_alerts(lineage, notices_for_boundaries(report.findings), config.alerts, now)
    context.update_cursor(digest)
    return dg.SkipReason(
        f"{len(report.violations)} violations; {sent.sent} alerts sent, {sent.failed} failed"
    )
