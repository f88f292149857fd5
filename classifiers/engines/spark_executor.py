"""What runs on Spark executors: one column of one batch, from candidates to ColumnEvidence.

Each group holds the distinct candidate values of one column in one batch (with row counts and
which recognizers flagged them) and the column's NER sample. The group goes through
`assemble.start_column`, the very function the Polars engine calls, so the exact patterns,
validators, bounds and NER run the same way. Only pickled evidence (counts, hashes, masked
examples) comes back to the driver; raw values stay on the executors.

The registry and the NER engine reach executors once, as broadcast bytes, and are unpickled
once per Python worker (workers are reused across tasks): never per row or per group.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from classifiers.engines.assemble import ColumnStats, start_column
from classifiers.engines.options import EngineOptions, recognizers_for
from classifiers.engines.polars_engine import chosen_candidates
from classifiers.engines.spark_text import ColumnInfo
from classifiers.engines.tally import HASH_SEED, Candidate, Chosen
from classifiers.evidence import ColumnEvidence
from classifiers.nlp import NerEngine
from classifiers.recognizers.registry import Registry

if TYPE_CHECKING:
    import pandas as pd

BITS = 62  # flags per mask word: a Spark long, sign bit left alone
OUTPUT_SCHEMA = "b int, c int, evidence binary"
_WORKER_STATE: dict[str, tuple[Registry, NerEngine | None]] = {}  # per Python worker process


@dataclass(frozen=True)
class Shipped:
    """The rules as broadcast bytes; `key` names them in each worker's cache."""

    key: str
    registry: Any  # pyspark Broadcast[bytes]
    ner: Any  # pyspark Broadcast[bytes] or None


def worker_rules(shipped: Shipped) -> tuple[Registry, NerEngine | None]:
    """The registry and NER engine, unpickled on this worker's first group only."""
    state = _WORKER_STATE.get(shipped.key)
    if state is None:
        ner = pickle.loads(shipped.ner.value) if shipped.ner is not None else None
        state = (pickle.loads(shipped.registry.value), ner)
        _WORKER_STATE.clear()  # one set of rules at a time: a new scan replaces the last
        _WORKER_STATE[shipped.key] = state
    return state


@dataclass(frozen=True)
class GroupJob:
    """Everything one (batch, column) group needs besides its rows; pickled with the UDF."""

    shipped: Shipped
    options: EngineOptions
    names: tuple[str, ...]  # recognizer names in mask-bit order
    words: int
    columns: tuple[ColumnInfo, ...]
    batch_rows: dict[int, int]
    stats: dict[tuple[int, int], ColumnStats]

    def evidence(self, b: int, c: int, group: pl.DataFrame) -> ColumnEvidence:
        """group: (v, rows, first, head, m0...) for one column of one batch: the flagged
        values (rows > 0) and the NER sample (head). The bounded choice of candidates is the
        Polars engine's own query (`chosen_candidates`), run here on the group."""
        registry, ner = worker_rules(self.shipped)
        masks = [f"m{j}" for j in range(self.words)]
        flagged = group.filter(pl.col("rows") > 0).select(
            pl.lit(c, pl.Int32).alias("c"),
            "v",
            pl.col("v").hash(HASH_SEED).alias("h"),
            pl.col("rows").cast(pl.Int64),
            *(pl.col(m).cast(pl.Int64).alias(f"__{m}") for m in masks),
        )
        chosen = chosen_candidates(
            flagged, list(self.names), self.options.confirm_bound, self.options.estimate_from
        )
        found = chosen.get(c, Chosen((), {}, {}))
        heads = group.filter(pl.col("head")).sort("first").get_column("v").to_list()
        column, stats = self.columns[c], self.stats[(b, c)]
        return group_evidence(registry, ner, self.options, column, self.batch_rows[b], stats,
                              found, heads)  # fmt: skip


def run_group(job: GroupJob, key: tuple[Any, ...], frame: pd.DataFrame) -> pd.DataFrame:
    """applyInPandas: one (batch, column) group in, one row of pickled evidence out."""
    import pandas as pd

    b, c = int(key[0]), int(key[1])
    masks = [f"m{j}" for j in range(job.words)]
    group = pl.from_pandas(frame[["v", "rows", "first", "head", *masks]])
    evidence = job.evidence(b, c, group)
    return pd.DataFrame({"b": [b], "c": [c], "evidence": [pickle.dumps(evidence)]})


def group_evidence(
    registry: Registry,
    ner: NerEngine | None,
    options: EngineOptions,
    column: ColumnInfo,
    batch_rows: int,
    stats: ColumnStats,
    candidates: Chosen | Sequence[Candidate],
    heads: Sequence[str],
) -> ColumnEvidence:
    """The Polars engine's per-column step, with the plan rebuilt from the same statistics."""
    plan = recognizers_for(registry, column.name, stats.max_len, stats.max_digits,
                           stats.free_text, options)  # fmt: skip
    base = ColumnEvidence(column=column.name, dtype=column.dtype, rows=batch_rows)
    return start_column(base, stats, plan, candidates, heads, column.textual, ner, options).finish()
