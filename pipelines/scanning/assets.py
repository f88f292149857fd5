"""`inventory` crawls every source; `classification` scans what changed and reports it."""

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

import dagster as dg
from pydantic import Field

from lineage.after_scan import record_all_drift
from pipelines.keys import dataset_key
from pipelines.reload import reload_code_location
from pipelines.resources import WardenResource

if TYPE_CHECKING:  # the scanner's modules load in a run, not with the code location
    from classifiers.scan import Outcome

SCAN_POOL = "storage_scans"  # run concurrency pool in dagster_home/dagster.yaml


class ScanConfig(dg.Config):
    mode: str = "sample"  # "sample" or "full"
    sources: list[str] = Field(default_factory=list)  # empty: every configured source


@dg.asset(
    group_name="warden",
    kinds={"python"},
    pool=SCAN_POOL,
    description="Every object of every configured source: location, size, format, access.",
)
def inventory(context: dg.AssetExecutionContext, warden: WardenResource) -> dg.MaterializeResult:
    counts: Counter[str] = Counter()
    total_bytes = 0
    for source in warden.sources():
        for path, size, _mtime in source.listing():
            counts[source.name] += 1
            total_bytes += size
            context.log.debug("listed %s:%s", source.name, path)
    return dg.MaterializeResult(
        metadata={
            "objects": sum(counts.values()),
            "bytes": total_bytes,
            "per_source": dg.MetadataValue.json(dict(counts)),
        }
    )


def _observation(outcome: "Outcome") -> dg.AssetObservation | None:
    findings = outcome.findings
    if findings is None:
        return None
    coverage = findings.coverage
    metadata: dict[str, Any] = {
        "sensitivity_level": int(findings.sensitivity),
        "sensitivity": findings.sensitivity.label,
        "entity_types": len(findings.entity_types),
        "sensitive_columns": sum(1 for c in findings.columns if c.entities),
        "rows_read": coverage.rows_read,
        "coverage_bytes": round(coverage.bytes_read / coverage.bytes_total, 4)
        if coverage.bytes_total
        else 1.0,
    }
    if coverage.rows_total:
        metadata["dagster/row_count"] = coverage.rows_total
    if coverage.encoding is not None:  # the read's health, plotted over time beside the level
        metadata |= {
            "records_unreadable": coverage.records_unreadable,
            "records_repaired": coverage.records_repaired,
            "encoding": coverage.encoding,
        }
    return dg.AssetObservation(
        asset_key=dataset_key(outcome.obj.source, outcome.obj.path), metadata=metadata
    )


@dg.asset(
    group_name="warden",
    deps=[inventory],
    kinds={"python", "polars"},
    pool=SCAN_POOL,
    description="Classifies new or changed objects and records findings in the catalog.",
)
def classification(
    context: dg.AssetExecutionContext, config: ScanConfig, warden: WardenResource
) -> dg.MaterializeResult:
    store = warden.store()
    before = {(r.source, r.path) for r in store.datasets()}
    scanner = warden.scanner(store, config.mode)
    report = scanner.scan(warden.sources(config.sources or None))
    for outcome in report.outcomes:
        observation = _observation(outcome)
        if observation is not None:
            context.log_event(observation)
        elif outcome.status == "error":
            context.log.warning(
                "%s:%s unreadable: %s", outcome.obj.source, outcome.obj.path, outcome.error
            )
        elif outcome.status == "busy":  # a concurrent run (sensor beside schedule) has it
            context.log.info("%s:%s %s", outcome.obj.source, outcome.obj.path, outcome.busy_reason)
    changed = [
        (o.obj.source, o.obj.path) for o in report.outcomes if o.status in ("scanned", "error")
    ]
    # the sensitivity_drift sensor alerts; models trained on changed data drift with it
    drift = record_all_drift(store, warden.config(), changed, date.today())
    after = {(r.source, r.path) for r in store.datasets()}
    if before != after:
        context.log.info(reload_code_location())
    return dg.MaterializeResult(
        metadata={
            **report.counts,
            "scan_id": report.scan_id,
            "mode": config.mode,
            "new_datasets": len(after - before),
            "new_drift_events": len(drift),
            "gone_datasets": len(before - after),
        }
    )


scan_all = dg.define_asset_job(
    "scan_all",
    selection=[inventory, classification],
    description="Crawl every source and classify what changed.",
    # The two steps run one after the other: separate processes would only add start-up time.
    executor_def=dg.in_process_executor,
)
