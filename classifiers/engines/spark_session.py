"""SparkSession for the Spark engine: built lazily, on the first call, never at import.

A local master (`local`, `local[2]`, `local[*]`) runs executors' Python workers with this very
interpreter and binds 127.0.0.1; a cluster master (spark://, yarn, k8s://) keeps the cluster's
own settings. `conf` from the config comes last, so it can override any default here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from classifiers.engines.options import EngineOptions
    from classifiers.engines.spark_engine import SparkEngine
    from classifiers.nlp import NerEngine
    from classifiers.recognizers.registry import Registry

DEFAULT_MASTER = "local[2]"


def local_cores(master: str) -> int | None:
    """Cores of a local master ("local" is one, "local[*]" all), None for a cluster."""
    if master == "local":
        return 1
    if not (master.startswith("local[") and master.endswith("]")):
        return None
    inner = master[6:-1].split(",")[0]
    return (os.cpu_count() or 1) if inner == "*" else int(inner)


def session_conf(master: str, app_name: str, conf: Mapping[str, str]) -> dict[str, str]:
    """The settings a session is built with: our defaults, then the config's `conf`."""
    settings = {
        "spark.master": master,
        "spark.app.name": app_name,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    }
    cores = local_cores(master)
    if cores is not None:
        settings.update({
            "spark.sql.shuffle.partitions": str(max(4, 2 * cores)),
            "spark.pyspark.python": sys.executable,
            "spark.pyspark.driver.python": sys.executable,
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
        })  # fmt: skip
    settings.update(conf)
    return settings


def spark_session(
    master: str = DEFAULT_MASTER, conf: Mapping[str, str] | None = None, app_name: str = "warden"
) -> SparkSession:
    """The active session if there is one, else a new one with our settings."""
    from pyspark.sql import SparkSession  # the optional extra: imported only when asked

    local = local_cores(master) is not None
    if local:  # read by the launcher scripts, not by the session: for a local master only
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    builder = SparkSession.builder
    for key, value in session_conf(master, app_name, conf or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    if local:
        session.sparkContext.setLogLevel("WARN")
    return session


class SparkEngineFactory:
    """A lazy Spark engine for a long-lived process (a Dagster resource wraps one): the session
    starts on the first `engine(...)` call and is shared by later ones; `close()` stops it."""

    def __init__(
        self, master: str = DEFAULT_MASTER, conf: Mapping[str, str] | None = None,
        app_name: str = "warden",
    ) -> None:  # fmt: skip
        self.master = master
        self.conf = dict(conf or {})
        self.app_name = app_name
        self._session: SparkSession | None = None

    @property
    def session(self) -> SparkSession:
        if self._session is None:
            self._session = spark_session(self.master, self.conf, self.app_name)
        return self._session

    def engine(
        self, registry: Registry, ner: NerEngine | None, options: EngineOptions,
        batch_rows: int | None = None,
    ) -> SparkEngine:  # fmt: skip
        from classifiers.engines.spark_engine import SparkEngine

        return SparkEngine(registry, ner, options, self.session, batch_rows)

    def close(self) -> None:
        if self._session is not None:
            self._session.stop()
            self._session = None
