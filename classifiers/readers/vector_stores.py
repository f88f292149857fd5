"""Vector and RAG stores: a Chroma persistence folder and a Lance dataset, read as tables.

Chroma keeps each record's document text and metadata in `chroma.sqlite3`
(`embedding_metadata`, the text under the key `chroma:document`); it is read read-only
through sqlite3 (`sqlite_tables`), never through chromadb, and never its vector index. A
record becomes one row: its collection, its id, `document` and one column per metadata key.
A Lance dataset is read at its latest version through `lance`; vector columns (lists of
numbers) are left out. Sample mode reads `max_rows` records spread over the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from classifiers.budget import Checkpoint, carry_on
from classifiers.model import DataFormat
from classifiers.readers.base import ReadError, Sampling, TableRead, Tally, short_reason
from classifiers.readers.nested import flatten_frame
from classifiers.readers.spread import even_indices
from classifiers.readers.sqlite_tables import connected, rows_frame

CHROMA_FILE = "chroma.sqlite3"
DOCUMENT_KEY = "chroma:document"
_IDS_PER_QUERY = 500  # bound parameters per query stay well under SQLite's limit
_RECORDS = """
SELECT e.id, c.name, e.embedding_id FROM embeddings e
JOIN segments s ON s.id = e.segment_id JOIN collections c ON c.id = s.collection
WHERE e.id IN ({marks}) ORDER BY e.id
"""
_METADATA = """
SELECT id, key, string_value, int_value, float_value, bool_value FROM embedding_metadata
WHERE id IN ({marks})
"""


def open_vector_store(
    folder: Path, fmt: str, sampling: Sampling, checkpoint: Checkpoint = carry_on
) -> TableRead:
    tally = Tally(checkpoint=checkpoint, inflate=sampling.inflate)
    if fmt == DataFormat.CHROMA:
        database = folder / CHROMA_FILE
        size = database.stat().st_size
        return TableRead(
            lambda t: _chroma(database, sampling, t), bytes_total=size, mode=sampling.mode,
            tally=tally,
        )  # fmt: skip
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return TableRead(
        lambda t: _lance(folder, size, sampling, t), bytes_total=size, mode=sampling.mode,
        tally=tally,
    )  # fmt: skip


def _chroma(database: Path, sampling: Sampling, tally: Tally) -> Iterator[pl.DataFrame]:
    with connected(database) as db:
        tally.bytes_read = database.stat().st_size  # pages read as the queries need them
        try:
            ids = [row[0] for row in db.execute("SELECT id FROM embeddings ORDER BY id")]
        except Exception as exc:  # an older or newer schema than the one read here
            raise ReadError(f"not a Chroma store this version reads: {short_reason(exc)}") from exc
        tally.rows_total = len(ids)
        if not sampling.full:
            ids = [ids[i] for i in even_indices(len(ids), sampling.max_rows)]
        step = sampling.batch_rows if sampling.full else len(ids)
        for start in range(0, max(len(ids), 1), step):
            tally.checkpoint()
            yield _chroma_frame(db, ids[start : start + step])


def _chroma_frame(db: Any, ids: list[int]) -> pl.DataFrame:
    records: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[start : start + _IDS_PER_QUERY]
        marks = ",".join("?" * len(chunk))
        for rowid, collection, record in db.execute(_RECORDS.format(marks=marks), chunk):
            records[rowid] = {"collection": collection, "id": record, "document": None}
        for rowid, key, *values in db.execute(_METADATA.format(marks=marks), chunk):
            value = next((v for v in values if v is not None), None)
            name = "document" if key == DOCUMENT_KEY else key
            records.setdefault(rowid, {})[name] = value
    names = list(dict.fromkeys(k for r in records.values() for k in r))
    return rows_frame(names, [[r.get(n) for n in names] for r in records.values()])


def _lance(folder: Path, size: int, sampling: Sampling, tally: Tally) -> Iterator[pl.DataFrame]:
    import lance  # its native library loads on first use only

    try:
        dataset = lance.dataset(str(folder))
        total = dataset.count_rows()
    except Exception as exc:  # lance raises plain errors for a damaged dataset
        raise ReadError(f"unreadable Lance dataset: {short_reason(exc)}") from exc
    tally.rows_total = total
    columns = [f.name for f in dataset.schema if not _is_vector(f.type)]
    if not sampling.full:
        table = dataset.take(even_indices(total, sampling.max_rows), columns=columns)
        tally.bytes_read = size * table.num_rows // max(total, 1)  # stored bytes, estimated
        yield _frame(table)
        return
    for batch in dataset.to_batches(columns=columns, batch_size=sampling.batch_rows):
        tally.checkpoint()
        tally.bytes_read += size * batch.num_rows // max(total, 1)
        yield _frame(pa.Table.from_batches([batch]))


def _is_vector(kind: pa.DataType) -> bool:
    """A list of numbers: an embedding, not text."""
    if pa.types.is_fixed_size_list(kind) or pa.types.is_list(kind):
        value = kind.value_type
        return pa.types.is_floating(value) or pa.types.is_integer(value)
    return False


def _frame(table: pa.Table) -> pl.DataFrame:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return flatten_frame(frame)
