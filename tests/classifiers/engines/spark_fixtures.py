"""Fixtures for the Spark engine's tests: one local[2] session for the whole run, rules, tables.

Import the fixtures into a test module (`from tests.classifiers.engines.spark_fixtures import
spark`); the session is session-scoped, so every module that imports it shares one JVM.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from classifiers.config import WardenConfig, load_config
from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.nlp import NerEngine
from classifiers.rules import ScanRules, scan_rules

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_CONFIG = ROOT / "warden.yaml"
SAMPLE_DATA = ROOT / "sample_data"


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """A local[2] SparkSession (workers run this interpreter, 127.0.0.1, no UI). Whole-stage
    code generation is off: compiling each tiny test query's generated Java took longer than
    running it (~15% of the Spark tests' time); results are Spark's either way."""
    pytest.importorskip("pyspark")
    from classifiers.engines.spark_session import spark_session

    conf = {"spark.sql.shuffle.partitions": "4", "spark.sql.codegen.wholeStage": "false"}
    session = spark_session("local[2]", conf, "warden-tests")
    yield session
    session.stop()


def sample_config() -> WardenConfig:
    return load_config(SAMPLE_CONFIG)


def rules_for(mode: str) -> ScanRules:
    return scan_rules(sample_config(), mode)


def engines(
    spark: object, rules: ScanRules, ner: NerEngine | None, options: EngineOptions | None = None
) -> tuple[PolarsEngine, object]:
    """The Polars engine and the Spark engine with the same registry, NER and options."""
    from classifiers.engines.spark_engine import SparkEngine

    options = options or rules.options
    return (
        PolarsEngine(rules.registry, ner, options),
        SparkEngine(rules.registry, ner, options, spark),  # type: ignore[arg-type]
    )


def to_spark(spark: object, frame: pl.DataFrame) -> object:
    """A Polars frame as a Spark frame with the same rows in the same order."""
    table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
    return spark.createDataFrame(table)  # type: ignore[attr-defined]


def sparse_card_table(rows: int = 100_000, at: int = 73_421) -> pl.DataFrame:
    """Notes without digits, a tenth of them null, and one card number in row `at`."""
    phrases = ["customer called about the delivery", "asked for a refund by post",
               "left a voicemail, will call back", "happy with the service today",
               "wants to change the billing address", "no answer on the second attempt",
               "n/a"]  # fmt: skip
    notes: list[str | None] = [
        None if i % 10 == 3 else phrases[(i * 7919) % len(phrases)] for i in range(rows)
    ]
    notes[at] = "paid with card 4111 1111 1111 1111 yesterday"
    status = ["open" if i % 3 else "closed" for i in range(rows)]
    return pl.DataFrame({"note": notes, "status": status})
