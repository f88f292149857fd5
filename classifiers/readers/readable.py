"""What readers read: a local file or any object that opens as a seekable binary file."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol, runtime_checkable

COPY_BLOCK_BYTES = 4 * 1024 * 1024


@runtime_checkable
class ReadableObject(Protocol):
    """An object's bytes: opened as many times as a reader needs, each time at offset 0.

    `name` is the object's file name (messages and extension hints); `sample_cap`, when set,
    bounds the bytes sample mode may read from it.
    """

    @property
    def name(self) -> str: ...

    @property
    def size(self) -> int: ...

    @property
    def local_path(self) -> Path | None: ...  # set when the bytes are a file on this machine

    @property
    def sample_cap(self) -> int | None: ...

    def open(self) -> io.RawIOBase: ...


@dataclass(frozen=True)
class LocalFile:
    """A file on local disk (or a mounted share)."""

    path: Path
    sample_cap: int | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    @property
    def local_path(self) -> Path:
        return self.path

    def open(self) -> io.RawIOBase:
        return io.FileIO(self.path, "r")


def as_readable(source: Path | ReadableObject) -> ReadableObject:
    """Readers accept a Path (a local file) or anything that follows ReadableObject."""
    return LocalFile(source) if isinstance(source, Path) else source


def suffixes(obj: ReadableObject) -> list[str]:
    """The object's name suffixes, lower-cased: ['.csv', '.gz']."""
    return [suffix.lower() for suffix in PurePosixPath(obj.name).suffixes]


@contextmanager
def local_copy(obj: ReadableObject) -> Iterator[Path]:
    """A local file with the object's bytes: the file itself, or a streamed temporary copy.

    Full-mode readers that pass over an object twice, or hand it to a library that wants a
    path, read a remote object through one copy instead of downloading it twice.
    """
    if obj.local_path is not None:
        yield obj.local_path
        return
    with tempfile.TemporaryDirectory(prefix="warden-") as folder:
        copy = Path(folder) / (PurePosixPath(obj.name).name or "object")
        with obj.open() as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target, COPY_BLOCK_BYTES)
        yield copy
