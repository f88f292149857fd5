"""The documented shared Dagster instance (dagster_home/dagster.postgres.yaml) on PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from dagster._core.scheduler.instigation import TickStatus  # not exported by dagster
from sqlalchemy.engine import URL

from classifiers.catalog.store import CatalogStore
from pipelines.resources import WardenResource
from pipelines.scanning.assets import classification, inventory
from pipelines.scanning.sensors import new_objects
from tests.estate import SAMPLE, write_config
from tests.pipelines.webserver import LOCATION, REPO, _default_signals, _stop, dagster_webserver

CONFIG = Path(__file__).resolve().parents[2] / "dagster_home" / "dagster.postgres.yaml"


DAEMON = Path(sys.executable).with_name("dagster-daemon")
RUNS = """
{ runsOrError { ... on Runs { results { runId status tags { key value } } } } }"""
RUN_TIMEOUT = 300.0  # a stall guard: the daemon's first sensor tick, then a scan


@pytest.fixture
def dagster_home(tmp_path: Path, postgres_database: URL, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DAGSTER_HOME holding the documented file, credentials only in the environment."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(CONFIG, home / "dagster.yaml")
    env = {
        "DAGSTER_PG_HOST": postgres_database.host or "127.0.0.1",
        "DAGSTER_PG_PORT": str(postgres_database.port or 5432),
        "DAGSTER_PG_DB": postgres_database.database or "",
        "DAGSTER_PG_USER": postgres_database.username or "",
        "DAGSTER_PG_PASSWORD": postgres_database.password or "",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return home


def _small_estate(tmp_path: Path) -> Path:
    root = tmp_path / "estate"
    for name in ("finance/payments.csv", "broken/empty.csv", "public/country_stats.csv"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / name, root / name)
    return root


def test_a_scan_run_and_a_sensor_tick_on_the_shared_instance(
    dagster_home: Path, tmp_path: Path, postgres_url: str
) -> None:
    root = _small_estate(tmp_path)
    # The shared deployment: Dagster's storage and the Warden catalog both on PostgreSQL.
    warden = WardenResource(config_path=str(write_config(tmp_path, root)), catalog=postgres_url)
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        result = dg.materialize(
            [inventory, classification], resources={"warden": warden}, instance=instance
        )
        assert result.success
        context = dg.build_sensor_context(
            instance=instance, cursor=None, resources={"warden": warden}
        )
        tick = new_objects(context)
    assert len(tick.run_requests or []) == 1
    # Another process (the webserver, the daemon) opening the same file sees the same runs.
    with dg.DagsterInstance.from_config(str(dagster_home)) as again:
        (run,) = again.get_runs()
        assert run.run_id == result.run_id and run.status == dg.DagsterRunStatus.SUCCESS
        key = dg.AssetKey("classification")
        assert again.get_latest_materialization_event(key) is not None
    assert {r.path for r in warden.store().datasets("sample")} == {
        "finance/payments.csv",
        "broken/empty.csv",
    }


@contextmanager
def _daemon(home: Path, config: Path, catalog: str, log: Path) -> Iterator[None]:
    """`dagster-daemon run` on the instance in `home`: sensors tick, queued runs start."""
    env = {**os.environ, "DAGSTER_HOME": str(home), "WARDEN_CONFIG": str(config),
           "WARDEN_CATALOG": catalog}  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(DAEMON), "run", "-m", LOCATION], cwd=REPO, env=env, stdout=output,
            stderr=subprocess.STDOUT, preexec_fn=_default_signals,
        )  # fmt: skip
    try:
        yield
    finally:
        _stop(process)


def _runs(base: str) -> list[dict[str, Any]]:
    body = json.dumps({"query": RUNS}).encode()
    request = urllib.request.Request(
        f"{base}/graphql", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return list(json.load(response)["data"]["runsOrError"]["results"])


def _sensor_runs(base: str) -> list[dict[str, Any]]:
    found = _runs(base)
    return [r for r in found if {"key": "dagster/sensor_name", "value": "new_objects"} in r["tags"]]


@pytest.mark.ui
@pytest.mark.slow
def test_webserver_and_daemon_on_postgresql_run_the_sensor_requested_scan(
    dagster_home: Path, tmp_path: Path, postgres_url: str
) -> None:
    config = write_config(tmp_path, _small_estate(tmp_path))
    ui = tmp_path / "ui"
    with dagster_webserver(ui, config, postgres_url, instance=CONFIG) as base:
        home = ui / "dagster_home"
        with _daemon(home, config, postgres_url, tmp_path / "daemon.log"):
            deadline, runs = time.monotonic() + RUN_TIMEOUT, []
            while time.monotonic() < deadline:
                runs = _sensor_runs(base)
                if runs and runs[0]["status"] in {"SUCCESS", "FAILURE", "CANCELED"}:
                    break
                time.sleep(2)
        log = (tmp_path / "daemon.log").read_text(encoding="utf-8", errors="replace")
        assert runs and runs[0]["status"] == "SUCCESS", f"{runs}\n{log[-6000:]}"
    # Read back without any service: the runs and the sensor's ticks are in PostgreSQL.
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        stored = {r.run_id: r.status for r in instance.get_runs()}
        assert stored[runs[0]["runId"]] == dg.DagsterRunStatus.SUCCESS
        (sensor,) = [s for s in instance.all_instigator_state() if s.name == "new_objects"]
        ticks = instance.get_ticks(sensor.instigator_origin_id, sensor.selector_id)
        assert any(t.status == TickStatus.SUCCESS and t.run_ids for t in ticks)
    with CatalogStore.open(postgres_url) as store:
        assert {r.path for r in store.datasets("sample")} == {
            "finance/payments.csv",
            "broken/empty.csv",
        }
