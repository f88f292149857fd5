"""A table folder in remote storage, copied to local disk as far as reading it needs.

A Delta table's log is copied first; deltalake then names the current version's files, and
only those the read will use are copied (in sample mode, the files `lake` samples). A
Chroma store needs its `chroma.sqlite3` only; a Lance dataset is copied whole.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, runtime_checkable

from classifiers.model import DataFormat, StoredObject
from classifiers.readers.base import ReadError, Sampling
from classifiers.sources.table_folders import DELTA_LOG


@runtime_checkable
class CopiesFolders(Protocol):
    """A source that lists a table folder's files and copies them to local disk."""

    def folder_files(self, obj: StoredObject) -> list[tuple[str, int]]: ...  # (name, size)

    def copy_file(self, obj: StoredObject, name: str, target: Path) -> None: ...

    @property
    def max_blob_bytes(self) -> int | None: ...  # sample mode reads no more of one object


@contextmanager
def copied_folder(source: CopiesFolders, obj: StoredObject, sampling: Sampling) -> Iterator[Path]:
    """A temporary local folder holding what reading `obj` needs; removed afterwards."""
    from classifiers.readers.lake import UNSUPPORTED, delta_snapshot, sampled_files  # pyarrow

    if obj.format in UNSUPPORTED:
        raise ReadError(UNSUPPORTED[obj.format])
    files = dict(source.folder_files(obj))
    with tempfile.TemporaryDirectory(prefix="warden-table-") as temporary:
        folder = Path(temporary)
        for name in _first_wanted(obj.format, files, sampling):
            _copy(source, obj, name, folder)
        if obj.format == DataFormat.DELTA:
            snapshot = delta_snapshot(folder)
            for active in sampled_files(snapshot.files, sampling):
                if active.path not in files:
                    raise ReadError(f"a data file of the current version is missing: {active.path}")
                _copy(source, obj, active.path, folder)
        yield folder


def _first_wanted(fmt: str, files: dict[str, int], sampling: Sampling) -> list[str]:
    if fmt == DataFormat.DELTA:
        return [n for n in files if n.startswith(DELTA_LOG + "/")]
    if fmt == DataFormat.CHROMA:
        wanted = ["chroma.sqlite3"]
    else:
        wanted = list(files)
    size = sum(files.get(n, 0) for n in wanted)
    cap = sampling.max_object_bytes
    if not sampling.full and cap is not None and size > cap:
        raise ReadError(
            f"a {fmt} store is read whole and this one is larger than the sample cap "
            f"({size:,} > {cap:,} bytes); raise max_blob_bytes or scan in full mode"
        )
    return wanted


def _copy(source: CopiesFolders, obj: StoredObject, name: str, folder: Path) -> None:
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    source.copy_file(obj, name, target)
