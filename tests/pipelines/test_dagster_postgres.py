"""The documented shared Dagster instance (dagster_home/dagster.postgres.yaml) on PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy.engine import URL

from pipelines.resources import WardenResource
from pipelines.scanning.assets import classification, inventory
from pipelines.scanning.sensors import new_objects
from tests.estate import SAMPLE, write_config

CONFIG = Path(__file__).resolve().parents[2] / "dagster_home" / "dagster.postgres.yaml"


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


def test_a_scan_run_and_a_sensor_tick_on_the_shared_instance(
    dagster_home: Path, tmp_path: Path, postgres_url: str
) -> None:
    root = tmp_path / "estate"
    for name in ("finance/payments.csv", "broken/empty.csv", "public/country_stats.csv"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLE / name, root / name)
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
