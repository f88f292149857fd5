"""One `scan_all` run through Dagster in its own process, requested as the daemon would: by
the nightly_scan schedule or by the new_objects sensor (run by test_dagster_scan_race.py).

    python dagster_race_run.py schedule|sensor CONFIG CATALOG_URL  ->  {run_id, success, metadata}

DAGSTER_HOME names the Dagster instance both processes share.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
from dagster._core.storage.dagster_run import DagsterRun
from dagster._core.storage.tags import RUN_KEY_TAG

from pipelines.definitions import build_definitions


def _scheduled(defs: dg.Definitions) -> tuple[dict, dict[str, str]]:
    """The run config and tags of the nightly schedule's tick."""
    schedule = defs.get_schedule_def("nightly_scan")
    context = dg.build_schedule_context(scheduled_execution_time=datetime.now(UTC))
    (request,) = schedule.evaluate_tick(context).run_requests or ()
    return request.run_config, {**request.tags, **DagsterRun.tags_for_schedule(schedule)}


def _sensed(defs: dg.Definitions, instance: dg.DagsterInstance) -> tuple[dict, dict[str, str]]:
    """The run config and tags of a new_objects tick that saw the folder change."""
    sensor = defs.get_sensor_def("new_objects")
    warden = defs.resources["warden"]
    with dg.build_sensor_context(instance=instance, resources={"warden": warden}) as context:
        (request,) = sensor.evaluate_tick(context).run_requests or ()
    tags = {**request.tags, **DagsterRun.tags_for_sensor(sensor)}
    return request.run_config, {**tags, RUN_KEY_TAG: request.run_key or ""}


def main(kind: str, config: str, catalog: str) -> None:
    defs = build_definitions(Path(config), catalog)
    instance = dg.DagsterInstance.get()  # $DAGSTER_HOME, shared by both processes
    run_config, tags = _scheduled(defs) if kind == "schedule" else _sensed(defs, instance)
    job = defs.resolve_job_def("scan_all")
    result = job.execute_in_process(
        run_config=run_config, instance=instance, tags=tags, raise_on_error=False
    )
    (materialized,) = result.asset_materializations_for_node("classification")
    print(json.dumps({
        "run_id": result.run_id,
        "success": result.success,
        "metadata": {key: value.value for key, value in materialized.metadata.items()},
    }))  # fmt: skip


if __name__ == "__main__":
    main(*sys.argv[1:4])
