"""Choosing an engine and configuring Spark: no JVM needed for any of these."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from classifiers.config import ConfigError, SparkConfig, WardenConfig, config_from_text
from classifiers.engines.factory import make_engine
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.engines.spark_session import local_cores, session_conf
from classifiers.rules import scan_rules


@pytest.mark.parametrize(
    ("master", "cores"),
    [("local", 1), ("local[1]", 1), ("local[2]", 2), ("local[3,2]", 3), ("spark://h:7077", None),
     ("yarn", None)],
)  # fmt: skip
def test_local_cores(master: str, cores: int | None) -> None:
    assert local_cores(master) == cores


def test_a_local_session_runs_this_python_on_127_0_0_1_without_ui() -> None:
    conf = session_conf("local[2]", "warden", {"spark.sql.shuffle.partitions": "16"})
    assert conf["spark.pyspark.python"] == sys.executable
    assert conf["spark.driver.bindAddress"] == "127.0.0.1"
    assert conf["spark.ui.enabled"] == "false"
    assert conf["spark.sql.execution.arrow.pyspark.enabled"] == "true"
    assert conf["spark.sql.shuffle.partitions"] == "16"  # the config's conf comes last


def test_a_cluster_session_keeps_the_clusters_own_settings() -> None:
    conf = session_conf("yarn", "warden", {})
    assert "spark.pyspark.python" not in conf and "spark.driver.host" not in conf


def test_the_spark_block_of_the_config(tmp_path: Path) -> None:
    text = "scan:\n  engine: spark\nspark:\n  master: local[1]\n  conf:\n    spark.x: '1'\n"
    config = config_from_text(text, tmp_path / "warden.yaml")
    assert config.scan.engine == "spark"
    assert config.spark == SparkConfig(master="local[1]", conf={"spark.x": "1"})
    assert WardenConfig.default().spark.master == "local[2]"
    with pytest.raises(ConfigError):
        config_from_text("spark:\n  mastr: local[1]\n", tmp_path / "warden.yaml")


def test_make_engine_picks_polars_unless_asked() -> None:
    config = WardenConfig.default()
    rules = scan_rules(config)
    assert isinstance(make_engine(config, rules, None), PolarsEngine)
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine(config, rules, None, "duckdb")
