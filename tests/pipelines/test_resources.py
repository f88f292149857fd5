"""The Dagster resource builds the engine the config names: Polars by default, Spark when asked."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from classifiers.engines.polars_engine import PolarsEngine
from classifiers.model import Sensitivity
from pipelines.resources import WardenResource
from pipelines.scanning.assets import classification, inventory
from tests.classifiers.engines.spark_fixtures import spark
from tests.estate import SAMPLE, write_config

__all__ = ["spark"]  # the session fixture, used by name: one JVM for every module that uses it

SPARK_CONFIG = """scan: {engine: spark}
spark: {master: "local[2]", conf: {spark.sql.shuffle.partitions: "4"}}
"""


def _resource(tmp_path: Path, extra: str = "") -> WardenResource:
    estate = tmp_path / "estate"
    (estate / "finance").mkdir(parents=True)
    (estate / "public").mkdir()  # the config's second source
    shutil.copy(SAMPLE / "finance/payments.csv", estate / "finance/payments.csv")
    config = write_config(tmp_path, estate, extra)
    return WardenResource(config_path=str(config), catalog=f"sqlite:///{tmp_path / 'c.db'}")


def test_the_default_config_builds_the_polars_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipelines.resources.load_ner", lambda **_: None)  # spaCy is not the point
    warden = _resource(tmp_path)
    assert isinstance(warden.scanner(warden.store()).engine, PolarsEngine)


@pytest.mark.spark
def test_scan_engine_spark_builds_the_spark_engine_on_the_running_session(
    spark: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from classifiers.engines.spark_engine import SparkEngine

    monkeypatch.setattr("pipelines.resources.load_ner", lambda **_: None)
    warden = _resource(tmp_path, SPARK_CONFIG)
    engine = warden.scanner(warden.store()).engine
    assert isinstance(engine, SparkEngine)
    assert engine.spark is spark  # the session is joined, not a second one started
    result = dg.materialize([inventory, classification], resources={"warden": warden})
    assert result.success
    meta = result.asset_materializations_for_node("classification")[0].metadata
    assert meta["scanned"].value == 1
    (row,) = warden.store().datasets("sample")
    assert row.sensitivity is Sensitivity.HIGHLY_CONFIDENTIAL and "CREDIT_CARD" in row.entities
