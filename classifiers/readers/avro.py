"""Avro object container files: records read block by block, so sample mode stops early.

An Avro file is a header (schema, codec, a sync marker) then blocks of records, each with
its record count and byte size up front. Sample mode reads blocks from the start until it
holds `max_rows` records or has read the object's byte cap; full mode reads every block, in
batches of `batch_rows` rows. Nothing in the file is executed: fastavro decodes data only.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import fastavro
import polars as pl

from classifiers.readers.base import Produce, ReadError, Sampling, Tally, short_reason
from classifiers.readers.nested import flatten_frame
from classifiers.readers.readable import ReadableObject

AVRO_MAGIC = b"Obj\x01"


def avro_reader(obj: ReadableObject, compression: str | None, sampling: Sampling) -> Produce:
    """Records of an Avro file as flat frames (nested records become dotted column paths)."""
    if compression is not None:
        raise ReadError(f"{compression}-compressed Avro cannot be read; Avro compresses blocks")
    return lambda tally: _read(obj, sampling, tally)


def _read(obj: ReadableObject, sampling: Sampling, tally: Tally) -> Iterator[pl.DataFrame]:
    wanted = sampling.batch_rows if sampling.full else sampling.max_rows  # rows per frame
    pending: list[dict[str, Any]] = []
    rows = 0
    yielded = False
    with obj.open() as raw:
        blocks = _blocks(io.BufferedReader(raw))
        tally.bytes_read = blocks.header_bytes
        ended = True
        for block in blocks:
            tally.checkpoint()  # a block at a time: an object over budget stops here
            tally.bytes_read += block.size
            pending.extend(block)
            rows += block.num_records
            if sampling.full and len(pending) >= wanted:
                yield _frame(pending[:wanted])
                pending, yielded = pending[wanted:], True
            elif not sampling.full and (len(pending) >= wanted or sampling.capped(tally)):
                ended = False
                break
    if ended:
        tally.rows_total = rows
    if pending or not yielded:
        yield _frame(pending[:wanted])


class _Blocks:
    """fastavro's block reader, with bad files turned into ReadErrors."""

    def __init__(self, stream: io.BufferedReader) -> None:
        self._stream = stream
        try:
            self._reader = fastavro.block_reader(stream)
        except (ValueError, TypeError, EOFError, StopIteration) as exc:
            raise ReadError(f"corrupt Avro: {short_reason(exc)}") from exc
        self.header_bytes = stream.tell()

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._reader
        except (ValueError, TypeError, EOFError, KeyError) as exc:
            raise ReadError(f"corrupt or truncated Avro: {short_reason(exc)}") from exc


def _blocks(stream: io.BufferedReader) -> _Blocks:
    return _Blocks(stream)


def _frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    frame = pl.from_dicts(records, infer_schema_length=None) if records else pl.DataFrame()
    return flatten_frame(frame)
