"""A nightly sample scan and a weekly full sweep."""

from __future__ import annotations

import dagster as dg

from pipelines.scanning.assets import scan_all


def _mode(mode: str) -> dg.RunConfig:
    return dg.RunConfig(ops={"classification": {"config": {"mode": mode}}})


nightly_scan = dg.ScheduleDefinition(
    name="nightly_scan",
    job=scan_all,
    cron_schedule="0 2 * * *",
    run_config=_mode("sample"),
    description="Every night: classify new and changed objects from a sample of each.",
)
full_sweep = dg.ScheduleDefinition(
    name="full_sweep",
    job=scan_all,
    cron_schedule="0 3 * * 0",
    run_config=_mode("full"),
    description="Every Sunday: read every row of every object (full mode).",
)
