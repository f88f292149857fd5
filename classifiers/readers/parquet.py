"""Parquet: row counts from the footer, whole row groups spread over the file when sampling."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from classifiers.readers.base import Produce, ReadError, Sampling, Tally, short_reason
from classifiers.readers.records import flatten_frame
from classifiers.readers.spread import even_indices


def parquet_reader(path: Path, compression: str | None, sampling: Sampling) -> Produce:
    """Pick how to read a Parquet file for the sampling asked."""
    if compression is not None:
        raise ReadError(
            f"{compression}-compressed Parquet cannot be read in place; "
            "store it uncompressed (Parquet compresses internally)"
        )
    try:
        file = pq.ParquetFile(path)  # reads the footer only
    except (pa.ArrowException, OSError) as exc:
        raise ReadError(f"corrupt Parquet: {_parquet_reason(exc)}") from exc
    read = _read_full if sampling.full else _sample_groups
    return lambda tally: _guarded(read, file, sampling, tally)


_Read = Callable[[pq.ParquetFile, Sampling, Tally], Iterator[pl.DataFrame]]


def _guarded(
    read: _Read, file: pq.ParquetFile, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """Any failure inside pyarrow is a corrupt file, however it shows."""
    tally.rows_total = file.metadata.num_rows
    tally.bytes_read = file.metadata.serialized_size + 8  # footer, its length and magic
    try:
        yield from read(file, sampling, tally)
    except (pa.ArrowException, OSError) as exc:
        raise ReadError(f"corrupt Parquet: {_parquet_reason(exc)}") from exc
    finally:
        file.close()


def _parquet_reason(exc: BaseException) -> str:
    reason = short_reason(exc)
    if "magic bytes not found" in reason.lower():
        return "not a Parquet file or truncated (footer magic bytes missing)"
    return reason


def _sample_groups(
    file: pq.ParquetFile, sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    """The fewest evenly spread row groups holding max_rows, each thinned to its share."""
    groups = _spread_groups(file.metadata, sampling.max_rows)
    share = math.ceil(sampling.max_rows / max(len(groups), 1))
    tables = []
    for index in groups:
        table = file.read_row_group(index)
        tally.bytes_read += _group_bytes(file.metadata, index)
        tables.append(_take_evenly(table, share))
    if not tables:
        yield _frame(file.schema_arrow.empty_table())
        return
    table = pa.concat_tables(tables)
    yield _frame(_take_evenly(table, sampling.max_rows))


def _spread_groups(metadata: pq.FileMetaData, max_rows: int) -> list[int]:
    count = metadata.num_row_groups
    sizes = [metadata.row_group(i).num_rows for i in range(count)]
    for wanted in range(1, count + 1):
        chosen = even_indices(count, wanted)
        if sum(sizes[i] for i in chosen) >= max_rows:
            return chosen
    return list(range(count))


def _group_bytes(metadata: pq.FileMetaData, index: int) -> int:
    group = metadata.row_group(index)
    return sum(group.column(c).total_compressed_size for c in range(group.num_columns))


def _read_full(file: pq.ParquetFile, sampling: Sampling, tally: Tally) -> Iterator[pl.DataFrame]:
    yielded = False
    for index in range(file.metadata.num_row_groups):
        for batch in file.iter_batches(batch_size=sampling.batch_rows, row_groups=[index]):
            yielded = True
            yield _frame(pa.Table.from_batches([batch]))
        tally.bytes_read += _group_bytes(file.metadata, index)
    if not yielded:
        yield _frame(file.schema_arrow.empty_table())


def _frame(table: pa.Table) -> pl.DataFrame:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)  # a Table always converts to a DataFrame
    return flatten_frame(frame)


def _take_evenly(table: pa.Table, count: int) -> pa.Table:
    if table.num_rows <= count:
        return table
    return table.take(pa.array(even_indices(table.num_rows, count), pa.int64()))
