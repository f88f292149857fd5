"""Publish the catalog to Microsoft Purview after each scan, when the config has `purview:`."""

from typing import Any

import dagster as dg

from classifiers.config import WardenConfig
from lineage.purview.run import publish
from pipelines.resources import WardenResource
from pipelines.scanning.assets import classification, scan_all


class PurviewResource(dg.ConfigurableResource):
    """Makes the Data Map client; credentials come from the environment (DefaultAzureCredential:
    AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, a managed identity, or `az login`)."""

    def client(self, endpoint: str) -> Any:
        from lineage.purview.client import datamap_client  # azure-identity: only when it runs

        return datamap_client(endpoint)


@dg.asset(
    group_name="warden",
    deps=[classification],
    kinds={"azure"},
    description="Datasets, columns, classifications, levels and AI workload lineage in "
    "Microsoft Purview: what changed since the last publish.",
)
def purview_catalog(
    context: dg.AssetExecutionContext, warden: WardenResource, purview: PurviewResource
) -> dg.MaterializeResult:
    config = warden.config()
    settings = config.purview
    if settings is None or not settings.enabled:
        raise dg.Failure("purview publishing is off: the config has no enabled `purview:` block")
    store = warden.store()
    try:
        result = publish(
            store,
            config,
            settings.endpoint,
            purview.client(settings.endpoint),
            None,
            settings.batch_size,
            settings.collection_id,
        )
    finally:
        store.close()
    summary = result.summary
    metadata: dict[str, Any] = {**summary.counts(), "publish_run": result.run_id}
    for message in summary.errors:
        context.log.warning(message)
    if summary.failed:  # recorded in the catalog all the same; the next run retries what failed
        raise dg.Failure(summary.line(), metadata=metadata)
    return dg.MaterializeResult(metadata=metadata)


publish_purview = dg.define_asset_job(
    "publish_purview",
    selection=[purview_catalog],
    description="Publish what changed in the catalog to Microsoft Purview.",
)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[scan_all],
    request_job=publish_purview,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def publish_after_scan(context: dg.RunStatusSensorContext) -> dg.RunRequest:
    """Each successful scan is followed by a publish."""
    return dg.RunRequest(run_key=f"purview-after-{context.dagster_run.run_id}")


def purview_definitions(config: WardenConfig) -> dg.Definitions:
    """The publish asset, its job and the after-scan sensor; nothing when publishing is off."""
    if config.purview is None or not config.purview.enabled:
        return dg.Definitions()
    return dg.Definitions(
        assets=[purview_catalog],
        jobs=[publish_purview],
        sensors=[publish_after_scan],
        resources={"purview": PurviewResource()},
    )
