"""How the Spark engine cuts a table into batches, and lays batches out as TableEvidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from classifiers.engines.spark_text import ColumnInfo
from classifiers.evidence import ColumnEvidence, TableEvidence


@dataclass(frozen=True)
class Batches:
    """Rows and first row index of each batch, and each batch's evidence for every column
    before any value is read (the counts the Polars engine takes from the frame itself)."""

    rows: dict[int, int]
    starts: dict[int, int]
    bases: dict[int, list[ColumnEvidence]]


def polars_batch(frame: pl.DataFrame) -> Batches:
    """A Polars frame is one batch, its rows numbered from 0."""
    bases = [
        ColumnEvidence(s.name, str(s.dtype), s.len(), s.len() - s.null_count(),
                       temporal=s.dtype.is_temporal())
        for s in frame.get_columns()
    ]  # fmt: skip
    return Batches({0: frame.height}, {0: 0}, {0: bases})


def spark_batches(wide: DataFrame, infos: list[ColumnInfo], total: int, size: int) -> Batches:
    """A Spark frame of `total` rows cut every `size` rows (`o{i}` marks non-null cells)."""
    rows = {b: min(size, total - b * size) for b in range(-(-total // size))} or {0: 0}
    present = [F.sum(F.col(f"o{i}").cast("long")).alias(f"o{i}") for i in range(len(infos))]
    counts = {row["b"]: row for row in wide.groupBy("b").agg(*present).collect()}
    bases = {
        b: [ColumnEvidence(info.name, info.dtype, rows[b],
                           int(counts[b][f"o{i}"]) if b in counts else 0, temporal=info.temporal)
            for i, info in enumerate(infos)]
        for b in rows
    }  # fmt: skip
    return Batches(rows, {b: b * size for b in rows}, bases)


def assemble(
    infos: list[ColumnInfo], batches: Batches, found: Mapping[tuple[int, int], ColumnEvidence]
) -> dict[int, TableEvidence]:
    """Per batch, the columns in the table's order, as the Polars engine lays them out: a
    text-like column without values has evidence of none, other columns their base counts."""
    out = {}
    for b, rows in sorted(batches.rows.items()):
        columns = {}
        for c, info in enumerate(infos):
            evidence = found.get((b, c), batches.bases[b][c])
            if (b, c) not in found and info.text:
                evidence = ColumnEvidence(info.name, evidence.dtype, rows=rows, non_null=0)
            columns[info.name] = evidence
        out[b] = TableEvidence(columns, rows)
    return out
