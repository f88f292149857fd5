"""Table folders: a Delta Lake table read at its current version; Iceberg and Hudi recognised.

A Delta table's current version lists its active Parquet files (deltalake replays the log,
checkpoints included); those files are read with the Parquet reader, so sampling works as
for one Parquet file: sample mode reads files spread over the table until it holds
`max_rows` rows, each thinned to its share; full mode reads every active file. Files of
older versions are never read. Partition values (kept in the log, not in the files) are
read from the log and added as columns.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import polars as pl
import pyarrow as pa

from classifiers.budget import Checkpoint, carry_on
from classifiers.model import DataFormat
from classifiers.readers.base import ReadError, Sampling, TableRead, Tally, short_reason
from classifiers.readers.parquet import parquet_reader
from classifiers.readers.readable import LocalFile, ReadableObject
from classifiers.readers.spread import even_indices

UNSUPPORTED = {
    DataFormat.ICEBERG: "an Apache Iceberg table: recognised, not read yet (its data files "
    "are not scanned one by one either, as they may hold deleted or superseded rows)",
    DataFormat.HUDI: "an Apache Hudi table: recognised, not read yet (its data files "
    "are not scanned one by one either, as they may hold deleted or superseded rows)",
}


@dataclass(frozen=True)
class ActiveFile:
    """One Parquet file of a table's current version."""

    path: str  # relative to the table's folder
    size: int
    rows: int | None
    partition: tuple[tuple[str, Any], ...] = ()  # its partition columns' values, from the log


@dataclass(frozen=True)
class DeltaSnapshot:
    version: int
    files: tuple[ActiveFile, ...]

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def delta_snapshot(folder: Path) -> DeltaSnapshot:
    """The table's current version and its active files; ReadError if the log is unreadable."""
    from deltalake import DeltaTable  # its native library loads on first use only

    try:
        table = DeltaTable(str(folder))
        actions = pa.table(table.get_add_actions(flatten=True))
        version = table.version()
    except Exception as exc:  # deltalake raises its own errors and plain ones for a bad log
        raise ReadError(f"unreadable Delta table: {short_reason(exc)}") from exc
    listed = actions.to_pylist()
    partitions = [n for n in actions.column_names if n.startswith("partition.")]
    files = tuple(
        ActiveFile(
            unquote(row["path"]),  # the log holds URI-encoded relative paths
            row["size_bytes"],
            row.get("num_records"),
            tuple((n.removeprefix("partition."), row[n]) for n in partitions),
        )
        for row in listed
    )
    return DeltaSnapshot(version, tuple(sorted(files, key=lambda f: f.path)))


def open_folder(
    obj: ReadableObject, fmt: str, sampling: Sampling, checkpoint: Checkpoint = carry_on
) -> TableRead:
    """A table folder on local disk (a LocalFile of the folder: a remote one is copied first,
    `sources.remote_folders`), under the object's sample cap."""
    if obj.local_path is None:
        raise ReadError(f"a {fmt} table folder is read from local disk or a local copy")
    if obj.sample_cap is not None and not sampling.full:
        sampling = replace(sampling, max_object_bytes=obj.sample_cap)
    return open_lake_table(obj.local_path, fmt, sampling, checkpoint)


def open_lake_table(
    folder: Path, fmt: str, sampling: Sampling, checkpoint: Checkpoint = carry_on
) -> TableRead:
    """A table folder (`DataFormat.FOLDER`) opened for reading, as `open_table` opens a file."""
    if fmt in UNSUPPORTED:
        raise ReadError(UNSUPPORTED[fmt])
    if fmt in DataFormat.VECTOR_STORE:
        from classifiers.readers.vector_stores import open_vector_store

        return open_vector_store(folder, fmt, sampling, checkpoint)
    if fmt != DataFormat.DELTA:
        raise ReadError(f"unsupported table folder {fmt!r}")
    snapshot = delta_snapshot(folder)
    if not snapshot.files:
        raise ReadError(f"the Delta table holds no data files at version {snapshot.version}")
    return TableRead(
        lambda tally: _read_files(folder, snapshot.files, sampling, tally),
        bytes_total=snapshot.size,
        mode=sampling.mode,
        tally=Tally(checkpoint=checkpoint, inflate=sampling.inflate),
    )


def _read_files(
    folder: Path, files: tuple[ActiveFile, ...], sampling: Sampling, tally: Tally
) -> Iterator[pl.DataFrame]:
    counts = [f.rows for f in files]
    tally.rows_total = None if None in counts else sum(c or 0 for c in counts)
    chosen = _chosen(files, sampling)
    share = math.ceil(sampling.max_rows / max(len(chosen), 1))
    each = sampling if sampling.full else replace(sampling, max_rows=share, max_object_bytes=None)
    frames = []
    for index in chosen:
        tally.checkpoint()
        part = tally.fresh()
        path = folder / files[index].path
        if not path.is_file():
            raise ReadError(f"a data file of the current version is missing: {files[index].path}")
        for read in parquet_reader(LocalFile(path), None, each)(part):
            frame = _with_partition(read, files[index].partition)
            if sampling.full:
                yield frame
            else:
                frames.append(frame)
        tally.bytes_read += part.bytes_read
    if not sampling.full:
        frame = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
        if frame.height > sampling.max_rows:
            frame = frame[even_indices(frame.height, sampling.max_rows)]
        yield frame


def _with_partition(frame: pl.DataFrame, partition: tuple[tuple[str, Any], ...]) -> pl.DataFrame:
    """The file's rows with its partition values as columns (they are not in the file)."""
    values = [
        pl.lit(None if v is None else str(v), pl.String).alias(n)
        for n, v in partition
        if n not in frame.columns
    ]
    return frame.with_columns(values) if values else frame


def sampled_files(files: tuple[ActiveFile, ...], sampling: Sampling) -> list[ActiveFile]:
    """The active files a read with `sampling` opens (all of them in full mode)."""
    return [files[i] for i in _chosen(files, sampling)]


def _chosen(files: tuple[ActiveFile, ...], sampling: Sampling) -> list[int]:
    return list(range(len(files))) if sampling.full else _spread(files, sampling)


def _spread(files: tuple[ActiveFile, ...], sampling: Sampling) -> list[int]:
    """The fewest evenly spread files holding max_rows rows, within the object's byte cap."""
    cap = sampling.max_object_bytes or sys.maxsize
    for wanted in range(1, len(files) + 1):
        chosen = even_indices(len(files), wanted)
        if sum(files[i].size for i in chosen) > cap and wanted > 1:
            return even_indices(len(files), wanted - 1)
        if sum(files[i].rows or 0 for i in chosen) >= sampling.max_rows:
            return chosen
    return list(range(len(files)))
