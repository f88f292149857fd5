"""The Spark engine: the Polars engine's evidence, computed by Spark. It counts; it never decides.

Rows are cut into batches (a Polars batch handed in is one; a Spark frame is cut every
`batch_rows` rows in read order) and every batch gets exactly the evidence the Polars engine
gives the same rows, so results agree by construction:

1. the text of every text-like column is stacked into (b, c, r, v) and cleaned (`spark_text`);
2. per batch and column, the same statistics in Spark SQL; plans on the driver with
   `recognizers_for`, the Polars engine's function (`spark_flags`);
3. prefilters run as `rlike` with the Rust regexes translated to Java (`spark_regex`); flagged
   rows and each column's NER sample are grouped into distinct values with row counts;
4. each (batch, column) group goes to a Python worker that calls `assemble.start_column`,
   the Polars engine's own confirmation, tally and NER (`spark_executor`). Only evidence comes
   back to the driver, where batches add up as Polars batches do.
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Mapping

import polars as pl
from pyspark import cloudpickle
from pyspark.sql import Column, DataFrame, SparkSession

from classifiers.budget import Checkpoint, carry_on
from classifiers.engines.assemble import ColumnStats
from classifiers.engines.options import EngineOptions, Plan, recognizers_for
from classifiers.engines.spark_batches import Batches, assemble, polars_batch, spark_batches
from classifiers.engines.spark_executor import (
    OUTPUT_SCHEMA,
    GroupJob,
    Shipped,
    group_evidence,
    run_group,
)
from classifiers.engines.spark_flags import (
    Key,
    candidate_groups,
    column_stats,
    cutoffs,
    mask_words,
    prefilter_masks,
)
from classifiers.engines.spark_text import (
    ColumnInfo,
    polars_info,
    stack,
    wide_from_polars,
    wide_from_spark,
)
from classifiers.evidence import ColumnEvidence, TableEvidence
from classifiers.nlp import NerEngine
from classifiers.readers import Sampling
from classifiers.recognizers.registry import Registry

NEVER = -1  # a cut-off no row reaches
ALWAYS = 2**62  # a cut-off every row is under


class SparkEngine:
    """Computes evidence for Polars batches or Spark frames with one registry and NER engine."""

    name = "spark"

    def __init__(
        self, registry: Registry, ner: NerEngine | None, options: EngineOptions,
        spark: SparkSession, batch_rows: int | None = None,
    ) -> None:  # fmt: skip
        self.registry = registry
        self.ner = ner
        self.options = options
        self.spark = spark
        self.batch_rows = batch_rows or Sampling().batch_rows
        self.names = tuple(spec.name for spec in registry.specs)
        self._shipped: Shipped | None = None
        self._flags: list[Column] | None = None

    def table_evidence(
        self, frame: pl.DataFrame, checkpoint: Checkpoint = carry_on
    ) -> TableEvidence:
        """One Polars batch, as the Scanner hands it to any engine. A Spark job is not
        interrupted: the budget `checkpoint` is checked before it, and by the Scanner after."""
        checkpoint()
        infos = [polars_info(s) for s in frame.get_columns()]
        batches = polars_batch(frame)
        if frame.height == 0 or not any(info.text for info in infos):
            return self._assemble(infos, batches, {}, {})[0]
        wide = wide_from_polars(self.spark, frame)
        return self._evidence(wide, infos, batches, cache=True)[0]

    def frame_evidence(self, frame: DataFrame) -> TableEvidence:
        """A Spark frame, batch by batch of `batch_rows` rows; the batches' evidence added up."""
        total = TableEvidence()
        for part in self.batch_evidence(frame).values():
            total = total + part
        return total

    def batch_evidence(self, frame: DataFrame) -> dict[int, TableEvidence]:
        """Each batch of `batch_rows` rows in read order: what the Polars engine gives it."""
        wide, infos, total = wide_from_spark(frame, self.batch_rows)
        batches = spark_batches(wide, infos, total, self.batch_rows)
        return self._evidence(wide, infos, batches, cache=False)

    def close(self) -> None:
        """Drop the rules shipped to executors (the session is the caller's to stop)."""
        if self._shipped is not None:
            for shipped in (self._shipped.registry, self._shipped.ner):
                if shipped is not None:
                    shipped.destroy()
            self._shipped = None

    def _evidence(
        self, wide: DataFrame, infos: list[ColumnInfo], batches: Batches, cache: bool
    ) -> dict[int, TableEvidence]:
        stacked = stack(wide, [i for i, info in enumerate(infos) if info.text])
        if cache:
            stacked = stacked.persist()
        try:
            stats = column_stats(stacked)
            found = self._confirmed(stacked, infos, batches, stats) if stats else {}
        finally:
            if cache:
                stacked.unpersist()
        return self._assemble(infos, batches, stats, found)

    def _confirmed(
        self, stacked: DataFrame, infos: list[ColumnInfo], batches: Batches,
        stats: dict[Key, ColumnStats],
    ) -> dict[Key, ColumnEvidence]:  # fmt: skip
        """Flags, candidates and NER samples per (batch, column), confirmed on executors."""
        context, words = self._context(stacked, infos, batches, stats)
        job = GroupJob(self._ship(), self.options, self.names, words, tuple(infos),
                       batches.rows, stats)  # fmt: skip

        def run(key, frame):  # no type hints: pyspark would read them as a UDF kind
            return run_group(job, key, frame)

        cores = self.spark.sparkContext.defaultParallelism
        values = candidate_groups(stacked, context, self._masks(), 4 * cores)
        # One task per group where possible: an explicit count is never coalesced by AQE.
        groups = values.repartition(min(len(stats), 2 * cores), "b", "c")
        evidence = groups.groupBy("b", "c").applyInPandas(run, OUTPUT_SCHEMA)
        return {(row["b"], row["c"]): pickle.loads(row["evidence"]) for row in evidence.collect()}

    def _context(
        self, stacked: DataFrame, infos: list[ColumnInfo], batches: Batches,
        stats: dict[Key, ColumnStats],
    ) -> tuple[DataFrame, int]:  # fmt: skip
        """Per (batch, column): the rows weak recognizers and NER read (cut-offs by row index)
        and which recognizers read every row (mask words), from the Polars engine's plans."""
        plans = {
            (b, c): recognizers_for(self.registry, infos[c].name, s.max_len, s.max_digits,
                                    s.free_text, self.options)
            for (b, c), s in stats.items()
        }  # fmt: skip
        nulls = {(b, c): batches.rows[b] - s.values for (b, c), s in stats.items()}
        weak = {k: self.options.weak_rows for k, p in plans.items() if self._cut(p)}
        ner = {
            k: self.options.ner_sample * 20 for k in stats if self._wants_ner(infos[k[1]], stats[k])
        }
        cut_weak = cutoffs(stacked, {k: n for k, n in weak.items() if stats[k].values > n},
                           nulls, batches.starts)  # fmt: skip
        cut_ner = cutoffs(stacked, {k: n for k, n in ner.items() if stats[k].values > n},
                          nulls, batches.starts)  # fmt: skip
        masks = mask_words(self.names, {k: p.everywhere for k, p in plans.items()})
        rows = [
            (*key, cut_weak.get(key, ALWAYS), cut_ner.get(key, ALWAYS if key in ner else NEVER),
             *masks[key])
            for key in stats
        ]  # fmt: skip
        words = len(next(iter(masks.values())))
        schema = ", ".join(["b int, c int, cut_weak long, cut_ner long",
                            *(f"e{j} long" for j in range(words))])  # fmt: skip
        return self.spark.createDataFrame(rows, schema), words

    def _cut(self, plan: Plan) -> bool:
        """Some recognizer with a prefilter reads only the column's first weak_rows values."""
        return any(s.prefilters and s.name not in plan.everywhere for s in self.registry.specs)

    def _wants_ner(self, info: ColumnInfo, stats: ColumnStats) -> bool:
        """Could NER or the gazetteers read this column? (start_column decides; this only
        spares work.)"""
        return info.textual and stats.digits_only * 2 < stats.values

    def _masks(self) -> list[Column]:
        if self._flags is None:
            self._flags = prefilter_masks(self.registry, self.names)
        return self._flags

    def _ship(self) -> Shipped:
        if self._shipped is None:
            context = self.spark.sparkContext
            ner = context.broadcast(cloudpickle.dumps(self.ner)) if self.ner else None
            registry = context.broadcast(cloudpickle.dumps(self.registry))
            self._shipped = Shipped(uuid.uuid4().hex, registry, ner)
        return self._shipped

    def _assemble(
        self, infos: list[ColumnInfo], batches: Batches, stats: Mapping[Key, ColumnStats],
        found: Mapping[Key, ColumnEvidence],
    ) -> dict[int, TableEvidence]:  # fmt: skip
        """A group without candidates or NER sample was not shipped: its evidence (counts of
        values read, no matches) is made here, with the same function."""
        missing = {
            (b, c): group_evidence(self.registry, self.ner, self.options, infos[c],
                                   batches.rows[b], s, [], [])
            for (b, c), s in stats.items()
            if (b, c) not in found
        }  # fmt: skip
        return assemble(infos, batches, {**found, **missing})
