"""`repoint_workload`: the last step of fixing a violation from the UI. Launched from the
Launchpad with a workload's name, it re-points that workload's inputs in the config file to
their newest sanitized copies, when those passed verification (the change `warden/repoint`
shows on a copy), and records the diff on the workload's asset; then Reload definitions.

No `from __future__ import annotations` here: Dagster reads the op's config class from its
annotation."""

import dagster as dg

from classifiers.catalog.sanitized_store import SanitizedStore
from classifiers.sanitize.repoint import apply_repoint, verified_copies
from pipelines.lineage.workload_assets import workload_key
from pipelines.resources import WardenResource


class RepointConfig(dg.Config):
    """Which workload to re-point."""

    workload: str


@dg.op(description="Re-point a workload's inputs to their newest verified sanitized copies.")
def repoint_inputs(
    context: dg.OpExecutionContext, config: RepointConfig, warden: WardenResource
) -> None:
    settings = warden.config()
    workload = next((w for w in settings.workloads if w.name == config.workload), None)
    if workload is None:
        raise dg.Failure(f"no workload named {config.workload!r} in the config")
    if settings.config_path is None:
        raise dg.Failure("the config has no file to write (embedded defaults)")
    store = warden.store()
    try:
        copies = SanitizedStore(store)

        def latest(ref: str) -> tuple[str, bool] | None:
            copy = copies.latest(ref)
            return None if copy is None else (copy.copy_ref, copy.offered)

        chosen = verified_copies(workload.inputs, latest)
    finally:
        store.close()
    if not chosen:
        raise dg.Failure(
            f"{config.workload} reads no dataset with a verified copy: materialize the copies "
            "first (their `sanitized_verified` check must pass)"
        )
    diff = apply_repoint(settings.config_path, config.workload, chosen)
    if diff is None:
        raise dg.Failure(
            f"{config.workload}'s inputs could not be replaced in {settings.config_path}"
        )
    context.log.info("re-pointed %s in %s:\n%s", config.workload, settings.config_path, diff)
    context.log_event(
        dg.AssetObservation(
            asset_key=workload_key(config.workload),
            metadata={
                "warden/repointed": dg.MetadataValue.md(f"```diff\n{diff}```"),
                "warden/copies": dg.MetadataValue.json(chosen),
            },
        )
    )


@dg.job(
    description="Re-point a workload to the verified sanitized copies of its inputs (writes the "
    "config file, keeping NAME.bak), then Reload definitions and run its boundary check.",
    executor_def=dg.in_process_executor,
)
def repoint_workload() -> None:
    repoint_inputs()
