"""`catalog_versions`: each new catalog version as a materialization of its dataset's asset.

What a scan finds changes with every version: the column schema with each column's
classification, the findings table, the level, the row count and coverage. Carried by the
asset definitions, it was two thirds of every snapshot the webserver fetches when the code
location loads. It lives on asset events instead, which Dagster stores once per version and
the UI shows from the latest materialization (the Columns section and the metadata table).
The sensor reads the versions newer than its cursor from the catalog, whoever wrote them
(a scan run by Dagster or `warden scan` from a shell), a bounded batch per tick, so a
first load of a large catalog is spread over ticks.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import dagster as dg

from classifiers.catalog.views import DatasetSummary
from pipelines.catalog.schema import ColumnPages
from pipelines.keys import dataset_key, level_tag
from pipelines.resources import WardenResource

BATCH = 2_000  # versions per tick: about 10 MB of events at 20 columns each
INTERVAL_S = 30
# Versions created less than this ago, and every later one, wait for the next tick: two scans
# on PostgreSQL can commit out of id order, and the cursor must not pass a version that has
# not committed yet (`CatalogStore.versions_after`). Each object is one short transaction.
SETTLE_S = 10.0


def version_metadata(
    version_id: int, summary: DatasetSummary, pages: ColumnPages
) -> dict[str, Any]:
    """One version's facts: level, scan time, coverage, schema and findings. Types, counts
    and reasons only: the catalog keeps no raw values, and none are sent here."""
    row = summary.row
    metadata: dict[str, Any] = {
        "warden/version": version_id,
        "warden/scanned_at": row.scanned_at.isoformat(),
        "warden/status": row.status,
    }
    if row.sensitivity is not None:
        metadata["warden/sensitivity"] = level_tag(row.sensitivity)
    if row.coverage is not None:
        metadata["dagster/row_count"] = row.coverage.rows_total or row.coverage.rows_read
        metadata["warden/coverage"] = dg.MetadataValue.json(row.coverage.__dict__)
    if summary.columns:
        page = pages(summary.columns)
        metadata["dagster/column_schema"] = page.schema
        metadata["warden/findings"] = page.findings
    if row.table_version is not None:
        metadata["warden/table_version"] = row.table_version
    if row.error:
        metadata["warden/error"] = row.error
    return metadata


def version_events(found: list[tuple[int, DatasetSummary]]) -> list[dg.AssetMaterialization]:
    """A materialization per (version id, summary), equal column layouts sharing one page."""
    pages = ColumnPages()
    return [
        dg.AssetMaterialization(
            asset_key=dataset_key(summary.row.source, summary.row.path),
            description=f"catalog version {version_id}",
            metadata=version_metadata(version_id, summary, pages),
        )
        for version_id, summary in found
    ]


def reported_through(cursor: str | None) -> int:
    """The highest catalog version id reported so far (0: none)."""
    return int(cursor) if cursor else 0


@dg.sensor(
    minimum_interval_seconds=INTERVAL_S,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Reports each new catalog version (schema, findings, level, coverage) as a "
    "materialization of its dataset, whichever scan wrote it.",
)
def catalog_versions(
    context: dg.SensorEvaluationContext, warden: WardenResource
) -> dg.SensorResult:
    after = reported_through(context.cursor)
    settled_before = datetime.now(UTC) - timedelta(seconds=SETTLE_S)
    with warden.store() as store:
        found = store.versions_after(after, BATCH, settled_before)
    if not found:
        return dg.SensorResult(skip_reason=f"no catalog version after {after}", cursor=str(after))
    context.log.info(f"reporting {len(found)} catalog versions, {found[0][0]} to {found[-1][0]}")
    return dg.SensorResult(asset_events=version_events(found), cursor=str(found[-1][0]))
