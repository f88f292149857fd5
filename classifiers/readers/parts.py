"""One object, several datasets: a workbook's sheets and a database's tables.

A part is a dataset of its own, named `book.xlsx#Sheet1` (path) and `file:///.../book.xlsx
#Sheet1` (URI, the part's name percent-escaped as a fragment). Its fingerprint is the whole
object's, so a changed workbook has every sheet read again and an unchanged one none.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlparse

from classifiers.model import DataFormat, StoredObject
from classifiers.readers.base import ReadError, Sampling
from classifiers.readers.readable import COPY_BLOCK_BYTES, LocalFile, ReadableObject, local_copy
from classifiers.readers.sqlite_tables import table_names
from classifiers.readers.workbook import sheet_names, within_cap

PART_MARK = "#"


def part_name(obj: StoredObject) -> str | None:
    """The sheet or table an object stands for, from its URI's fragment; None for a whole one."""
    fragment = urlparse(obj.uri).fragment
    return unquote(fragment) if fragment else None


def whole_path(path: str, uri: str) -> str:
    """The object a part belongs to (`book.xlsx` for `book.xlsx#Sheet1`); a whole object's path."""
    if not urlparse(uri).fragment:
        return path
    return path.rpartition(PART_MARK)[0] or path


def whole_object(obj: StoredObject) -> StoredObject:
    """The workbook or database a sheet or table belongs to (the object itself if whole)."""
    if part_name(obj) is None:
        return obj
    return replace(obj, path=whole_path(obj.path, obj.uri), uri=obj.uri.partition("#")[0])


def named_parts(obj: StoredObject, names: list[str]) -> list[StoredObject]:
    """The object's parts of these names (sheet or table names)."""
    return [
        replace(obj, path=f"{obj.path}{PART_MARK}{name}", uri=f"{obj.uri}#{quote(name, safe='')}")
        for name in names
    ]


class PartCopies:
    """One local copy of the remote workbook or database whose parts are being read, so its
    sheets or tables (scanned one after another) cost one download, not one each."""

    def __init__(self) -> None:
        self._key: tuple[str, str] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._copy: LocalFile | None = None

    def of(
        self, whole: StoredObject, readable: ReadableObject, sampling: Sampling
    ) -> ReadableObject:
        """A local copy of `readable` (the blob of `whole`), made on first use; refused in
        sample mode over the blob's sample cap, as reading it would be."""
        if readable.local_path is not None:
            return readable
        key = (whole.uri, whole.fingerprint)
        if self._key != key or self._copy is None:
            self.close()
            capped = replace(sampling, max_object_bytes=readable.sample_cap)
            within_cap(readable, capped, f"a {whole.format} file")
            self._folder = tempfile.TemporaryDirectory(prefix="warden-parts-")
            path = Path(self._folder.name) / (PurePosixPath(readable.name).name or "object")
            with readable.open() as source, path.open("wb") as target:
                shutil.copyfileobj(source, target, COPY_BLOCK_BYTES)
            self._key, self._copy = key, LocalFile(path, sample_cap=readable.sample_cap)
        return self._copy

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
        self._key, self._folder, self._copy = None, None, None


def split_parts(obj: StoredObject, readable: ReadableObject) -> list[StoredObject]:
    """A workbook or database as one object per sheet or table, in their own order.

    An object that cannot be listed (damaged, over the sample cap) is returned whole, so
    reading it records why.
    """
    if obj.format not in DataFormat.PARTED or part_name(obj) is not None:
        return [obj]
    try:
        names = list_parts(readable, obj.format)
    except ReadError:
        return [obj]
    return named_parts(obj, names) or [obj]


def list_parts(readable: ReadableObject, fmt: str) -> list[str]:
    within_cap(readable, Sampling(max_object_bytes=readable.sample_cap), "a " + fmt + " file")
    with local_copy(readable) as path:
        return _names(path, fmt)


def _names(path: Path, fmt: str) -> list[str]:
    return sheet_names(path) if fmt == DataFormat.XLSX else table_names(path)
