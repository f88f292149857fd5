"""Which engine a scan runs: Polars in-process, or Spark (the optional `spark` extra)."""

from __future__ import annotations

import importlib.util
from typing import Protocol

import polars as pl

from classifiers.budget import Checkpoint, carry_on
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evidence import TableEvidence
from classifiers.nlp import NerEngine
from classifiers.rules import ScanRules

ENGINES = ("polars", "spark")


class Engine(Protocol):
    """What the Scanner needs of an engine."""

    name: str

    def table_evidence(
        self, frame: pl.DataFrame, checkpoint: Checkpoint = carry_on
    ) -> TableEvidence: ...


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (pyspark not installed)."""


def make_engine(
    config: WardenConfig, rules: ScanRules, ner: NerEngine | None, engine: str | None = None
) -> Engine:
    """The engine `engine` names (default: the config's scan.engine). A Spark engine starts or
    joins a session with the config's `spark:` block."""
    name = engine or config.scan.engine
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
    if name == "polars":
        return PolarsEngine(rules.registry, ner, rules.options)
    if importlib.util.find_spec("pyspark") is None:
        raise EngineUnavailable(
            "the Spark engine needs pyspark: pip install '.[spark]' (and Java 17 on the PATH)"
        )
    from classifiers.engines.spark_engine import SparkEngine
    from classifiers.engines.spark_session import spark_session

    spark = config.spark
    session = spark_session(spark.master, spark.conf, spark.app_name)
    return SparkEngine(rules.registry, ner, rules.options, session, rules.sampling.batch_rows)
