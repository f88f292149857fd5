"""Avro object container files: records read block by block, so sample mode stops early.

An Avro file is a header (schema, codec, a sync marker) then blocks of records, each with
its record count and byte size up front. Sample mode reads blocks from the start until it
holds `max_rows` records or has read the object's byte cap; full mode reads every block, in
batches of `batch_rows` rows. Nothing in the file is executed: fastavro decodes data only.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any, cast

import fastavro
import polars as pl

from classifiers.readers.base import Produce, ReadError, Sampling, Tally, short_reason
from classifiers.readers.nested import flatten_frame
from classifiers.readers.readable import ReadableObject

AVRO_MAGIC = b"Obj\x01"
SYNC_BYTES = 16  # the marker between blocks, chosen at random per file
SEARCH_BYTES = 8 * 1024 * 1024  # how far a sample window looks for the next block
NATIVE_MAX_BYTES = 256 * 1024 * 1024  # full mode reads files up to this size in one go


def avro_reader(obj: ReadableObject, compression: str | None, sampling: Sampling) -> Produce:
    """Records of an Avro file as flat frames (nested records become dotted column paths)."""
    if compression is not None:
        raise ReadError(f"{compression}-compressed Avro cannot be read; Avro compresses blocks")
    if not sampling.full and obj.size > sampling.whole_read_bytes:
        return lambda tally: _read_spread(obj, sampling, tally)
    if sampling.full and obj.size <= NATIVE_MAX_BYTES:
        return lambda tally: _read_native(obj, sampling, tally)
    return lambda tally: _read(obj, sampling, tally)


def _read_native(obj: ReadableObject, sampling: Sampling, tally: Tally) -> Iterator[pl.DataFrame]:
    """Full mode: polars' own Avro reader, about 20 times faster than decoding records one by
    one, on the whole file at once (hence only below NATIVE_MAX_BYTES); a file it refuses
    (a schema it does not map, a damaged block) is read block by block instead."""
    try:
        with obj.open() as raw:
            if not _native_schema(_Blocks(io.BufferedReader(raw)).schema):
                raise ValueError("a type polars does not read")
        with obj.open() as raw:  # afresh: polars reads a file's descriptor from where it is
            frame = pl.read_avro(obj.local_path or io.BufferedReader(raw))
    except (pl.exceptions.PolarsError, OSError, ValueError, ReadError):
        yield from _read(obj, sampling, tally)
        return
    tally.bytes_read, tally.rows_total = obj.size, frame.height
    frame = flatten_frame(frame)
    for start in range(0, max(frame.height, 1), sampling.batch_rows):
        tally.checkpoint()
        yield frame.slice(start, sampling.batch_rows)


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


_PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})


def _native_schema(schema: Any) -> bool:
    """Whether polars' Avro reader maps every type of the schema (it stops the process with
    a panic on a map, for one): primitives, records, arrays, enums and nullable unions."""
    if isinstance(schema, str):
        return schema in _PRIMITIVES
    if isinstance(schema, list):
        kinds = [k for k in schema if k != "null"]
        return len(kinds) == 1 and _native_schema(kinds[0])
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    if kind == "record":
        return all(_native_schema(f.get("type")) for f in schema.get("fields", []))
    if kind == "array":
        return _native_schema(schema.get("items"))
    return kind == "enum" or (kind in _PRIMITIVES and "logicalType" not in schema)


class _Blocks:
    """fastavro's block reader, with bad files turned into ReadErrors."""

    def __init__(self, stream: IO[Any]) -> None:
        self._stream = stream
        try:
            self._reader = fastavro.block_reader(stream)
        except (ValueError, TypeError, EOFError, StopIteration) as exc:
            raise ReadError(f"corrupt Avro: {short_reason(exc)}") from exc
        self.header_bytes = stream.tell()
        self.schema: Any = self._reader.writer_schema

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._reader
        except (ValueError, TypeError, EOFError, KeyError) as exc:
            raise ReadError(f"corrupt or truncated Avro: {short_reason(exc)}") from exc


def _blocks(stream: IO[Any]) -> _Blocks:
    return _Blocks(stream)


def _read_spread(obj: ReadableObject, sampling: Sampling, tally: Tally) -> Iterator[pl.DataFrame]:
    """Sample mode on a large file: `windows` places spread over it, each read from the
    first block that starts after it (found by the file's sync marker, as Hadoop splits
    Avro files) until it holds its share of `max_rows` or its share of the byte cap."""
    with obj.open() as raw:
        stream = io.BufferedReader(raw)
        header_size = _Blocks(stream).header_bytes
        stream.seek(0)
        header = stream.read(header_size)
    sync, body = header[-SYNC_BYTES:], obj.size - header_size
    share = max(sampling.max_rows // sampling.windows, 1)
    budget = sampling.window_budget(obj.size)
    records: list[dict[str, Any]] = []
    tally.bytes_read = header_size
    reached = header_size  # blocks before this offset were read already
    for window in range(sampling.windows):
        tally.checkpoint()
        start = header_size + window * body // sampling.windows
        with obj.open() as raw:
            found = _next_block(raw, max(start, reached), sync, header_size, tally)
            if found is None:
                continue
            taken, reached = _window_records(raw, header, found, share, budget, tally)
            records += taken
    yield _frame(records[: sampling.max_rows])


def _next_block(
    raw: io.RawIOBase, start: int, sync: bytes, header_size: int, tally: Tally
) -> int | None:
    """Where the first block at or after `start` begins (just after a sync marker)."""
    if start <= header_size:
        return header_size
    raw.seek(start - SYNC_BYTES)
    data = b""
    while len(data) < SEARCH_BYTES and (chunk := raw.read(16 * 1024)):
        data += chunk
        tally.bytes_read += len(chunk)
        if (at := data.find(sync)) >= 0:
            return start - SYNC_BYTES + at + SYNC_BYTES
    return None


def _window_records(
    raw: io.RawIOBase, header: bytes, offset: int, share: int, budget: int, tally: Tally
) -> tuple[list[dict[str, Any]], int]:
    """Records of the blocks from `offset` (read as if right after the header) up to `share`
    rows or `budget` bytes, and the offset where they end."""
    joined = io.BufferedReader(_After(header, raw, offset))
    records: list[dict[str, Any]] = []
    used = 0
    try:
        for block in cast(Iterator[Any], fastavro.block_reader(joined)):
            records.extend(block)
            used += block.size + SYNC_BYTES + 16  # data, sync marker, two counts at most
            if len(records) >= share or used >= budget:
                break
    except (ValueError, TypeError, EOFError, KeyError):
        pass  # a block cut by the end of the file: the blocks before it are kept
    tally.bytes_read += used
    return records[:share], offset + used


class _After(io.RawIOBase):
    """The header's bytes, then the file from `offset`: blocks read as if they came first."""

    def __init__(self, header: bytes, raw: io.RawIOBase, offset: int) -> None:
        self._header, self._raw, self._offset, self._at = header, raw, offset, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._at = offset + (self._at if whence == io.SEEK_CUR else 0)
        return self._at

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._at < len(self._header):
            piece = self._header[self._at : self._at + len(view)]
        else:
            self._raw.seek(self._offset + self._at - len(self._header))
            piece = self._raw.read(len(view)) or b""
        view[: len(piece)] = piece
        self._at += len(piece)
        return len(piece)


def _frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    frame = pl.from_dicts(records, infer_schema_length=None) if records else pl.DataFrame()
    return flatten_frame(frame)
