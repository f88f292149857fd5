"""A sensor run beside a scheduled run of the same source, both through Dagster (issue 20).

The shipped instance (dagster_home/dagster.yaml) keeps the daemon from launching two scan runs
at once (pool `storage_scans`, limit 1), but an instance without that limit, or a steward's
`warden scan` beside a run, does not: the catalog's scan leases are what keeps them apart. The
two runs here execute in two processes on one Dagster instance and one catalog, the scheduled
one held (WARDEN_TEST_WAIT_AT) while it holds its first object's lease.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from classifiers.catalog.leases import ScanLeases
from classifiers.catalog.schema import Asset, AssetVersion, ColumnFindingRow, Scan
from classifiers.catalog.store import CatalogStore
from pipelines.definitions import build_definitions
from pipelines.keys import dataset_key

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FILES = 4


def _estate(tmp_path: Path) -> Path:
    """A config over one local source of four small CSV files holding emails."""
    folder = tmp_path / "lake"
    folder.mkdir()
    for i in range(FILES):
        rows = "".join(f"{j},user{j}.{i}@example.org,{j * 7}\n" for j in range(30))
        (folder / f"part-{i}.csv").write_text("id,email,amount\n" + rows)
    config = tmp_path / "warden.yaml"
    config.write_text(f"sources:\n  - kind: local\n    name: lake\n    path: {folder.as_posix()}\n")
    return config


def _run(kind: str, config: Path, catalog: str, home: Path, **env: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "DAGSTER_HOME": str(home), **env}
    return subprocess.Popen(
        [sys.executable, str(HERE / "dagster_race_run.py"), kind, str(config), catalog],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _result(process: subprocess.Popen[str]) -> dict:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]
    found = json.loads(out.strip().splitlines()[-1])
    assert found["success"], err[-3000:]
    return found


def _messages(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    return [entry.user_message for entry in instance.all_logs(run_id)]


def _observed(instance: dg.DagsterInstance, run_id: str) -> list[dg.AssetKey]:
    kind = dg.DagsterEventType.ASSET_OBSERVATION
    events = [entry.dagster_event for entry in instance.all_logs(run_id, of_type=kind)]
    return [event.asset_key for event in events if event and event.asset_key]


def _catalog_counts(url: str) -> tuple[int, list[int], int, set[str]]:
    """Assets, versions per asset, versions with column findings, scan statuses."""
    with CatalogStore.open(url) as store, Session(store._engine) as session:
        assets = session.scalar(select(func.count()).select_from(Asset)) or 0
        per_asset = session.execute(
            select(func.count()).select_from(AssetVersion).group_by(AssetVersion.asset_id)
        ).scalars()
        findings = select(func.count(func.distinct(ColumnFindingRow.version_id)))
        statuses = set(session.scalars(select(Scan.status)))
        assert ScanLeases(store).held() == []  # no lease outlives its run
        return assets, sorted(per_asset), session.scalar(findings) or 0, statuses


@pytest.mark.slow  # two Dagster runs in two processes per database: about 20 s of CPU
def test_a_sensor_run_beside_a_scheduled_run_scans_each_object_once(
    tmp_path: Path, catalog_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, home, flag = _estate(tmp_path), tmp_path / "dagster_home", tmp_path / "go"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    held = {"WARDEN_TEST_WAIT_AT": f"object_leased:1:{flag}"}
    scheduled = _run("schedule", config, catalog_url, home, **held)
    deadline = time.monotonic() + 240  # a stall guard, not a timing
    while not flag.with_name("go.reached").exists():
        assert scheduled.poll() is None, scheduled.communicate()[1][-3000:]
        assert time.monotonic() < deadline
        time.sleep(0.1)
    sensed = _result(_run("sensor", config, catalog_url, home))
    flag.touch()
    first = _result(scheduled)

    # The sensor's run skipped the object the scheduled run was reading and read the others;
    # the scheduled run then found those unchanged.
    assert first["metadata"]["scanned"] == 1 and first["metadata"]["unchanged"] == FILES - 1
    assert sensed["metadata"]["busy"] == 1 and sensed["metadata"]["scanned"] == FILES - 1
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    instance = dg.DagsterInstance.get()  # the instance both runs recorded in
    skip = f"already being scanned by scan {first['metadata']['scan_id']}"
    assert any(skip in message for message in _messages(instance, sensed["run_id"]))
    runs = {r.run_id: r.tags for r in instance.get_runs()}
    assert runs[first["run_id"]]["dagster/schedule_name"] == "nightly_scan"
    assert runs[sensed["run_id"]]["dagster/sensor_name"] == "new_objects"

    # Each object observed by exactly one of the runs, and one version of each in the catalog.
    observed = _observed(instance, first["run_id"]) + _observed(instance, sensed["run_id"])
    keys = [dataset_key("lake", f"part-{i}.csv") for i in range(FILES)]
    assert sorted(observed, key=str) == sorted(keys, key=str)
    assets, per_asset, with_findings, statuses = _catalog_counts(catalog_url)
    assert (assets, per_asset, with_findings) == (FILES, [1] * FILES, FILES)  # none lost
    assert statuses == {"finished"}
    defs = build_definitions(config, catalog_url)
    graph = defs.resolve_asset_graph()
    lake = [key for key in graph.get_all_asset_keys() if key.path[0] == "lake"]
    assert sorted(lake, key=str) == sorted(keys, key=str)  # one asset each, no twins
