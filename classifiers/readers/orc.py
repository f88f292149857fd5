"""ORC: row counts from the footer, whole stripes spread over the file when sampling."""

from __future__ import annotations

import io
from collections.abc import Iterator

import polars as pl
import pyarrow as pa
import pyarrow.orc as orc

from classifiers.readers.base import Produce, ReadError, Sampling, Tally, short_reason
from classifiers.readers.parquet import arrow_frame, take_evenly
from classifiers.readers.readable import ReadableObject
from classifiers.readers.spread import even_indices

ORC_MAGIC = b"ORC"


def orc_reader(obj: ReadableObject, compression: str | None, sampling: Sampling) -> Produce:
    """Stripes, spread over the file in sample mode; a remote object is read through its file
    object, so only the footer and the stripes read are fetched (pyarrow asks for those)."""
    if compression is not None:
        raise ReadError(f"{compression}-compressed ORC cannot be read; ORC compresses stripes")
    return lambda tally: _read(obj, sampling, tally)


def _read(obj: ReadableObject, sampling: Sampling, tally: Tally) -> Iterator[pl.DataFrame]:
    handle: io.RawIOBase | None = None if obj.local_path else obj.open()
    try:
        file = orc.ORCFile(handle or str(obj.local_path))
        tally.rows_total = file.nrows
        tally.bytes_read = file.file_postscript_length + file.file_footer_length
        per_stripe = int(obj.size / max(file.nstripes, 1))  # pyarrow gives no stripe sizes
        if sampling.full:
            for index in range(file.nstripes):
                tally.checkpoint()  # a stripe at a time: an object over budget stops here
                yield from _batches(file.read_stripe(index), sampling.batch_rows)
                tally.bytes_read += per_stripe
            return
        tables: list[pa.Table] = []
        for index in _sample_order(file.nstripes):
            if sum(t.num_rows for t in tables) >= sampling.max_rows or sampling.capped(tally):
                break
            tally.checkpoint()
            tables.append(pa.Table.from_batches([file.read_stripe(index)]))
            tally.bytes_read += per_stripe
        table = pa.concat_tables(tables) if tables else file.schema.empty_table()
        yield arrow_frame(take_evenly(table, sampling.max_rows))
    except (pa.ArrowException, OSError) as exc:
        raise ReadError(f"corrupt ORC: {short_reason(exc)}") from exc
    finally:
        if handle:
            handle.close()


def _sample_order(count: int) -> list[int]:
    """Stripes in an order that spreads over the file at every length read: first, last,
    middle, then the quarters..., so the stripes read until max_rows are spread."""
    order: list[int] = []
    for wanted in (2**k + 1 for k in range(count.bit_length() + 1)):
        order += [i for i in even_indices(count, wanted) if i not in order]
    return order + [i for i in range(count) if i not in order]


def _batches(table: pa.Table, rows: int) -> Iterator[pl.DataFrame]:
    for start in range(0, max(table.num_rows, 1), rows):
        yield arrow_frame(table.slice(start, rows))
