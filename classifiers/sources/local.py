"""A local folder (or one file) as a source: a deterministic walk with hashes, formats, access.

Symbolic links are followed only to targets inside the source's folder, and each real folder
is walked once: a link that points outside, loops back to a folder above it or leads to a
folder already walked is not followed (a warning says so), so every crawl ends. A file link
that loops (a.csv -> b.csv -> a.csv) is listed, so its error is recorded in the catalog.
"""

from __future__ import annotations

import errno
import grp
import hashlib
import logging
import os
import pwd
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from classifiers.model import Access, DataFormat, StoredObject
from classifiers.readers.sniff import detect_format
from classifiers.sources.errors import SourceUnavailable
from classifiers.sources.globs import PathFilter
from classifiers.sources.table_folders import folder_kind, folder_stamp, local_folder_object

HASH_BLOCK_BYTES = 1024 * 1024
logger = logging.getLogger(__name__)

Found = tuple[str, Path, os.stat_result]  # (path relative to the root, absolute path, stat)


@dataclass(frozen=True)
class LocalSource:
    """Files under `root` matching `include` and no `exclude`; hidden names are skipped."""

    name: str
    root: Path
    include: Sequence[str] = ("**/*",)
    exclude: Sequence[str] = ()
    public: bool = False  # declared readable without credentials (e.g. an open data share)

    def crawl(self) -> Iterator[StoredObject]:
        """Every matching file, sorted by path, hashed and sniffed."""
        for relative, path, info in self._found():
            try:
                yield self._stored(relative, path, info)
            except OSError as exc:  # vanished or unreadable since it was listed
                if exc.errno == errno.ELOOP:  # a link loop: listed, reading it says why not
                    yield self._looped(relative, path, info)
                else:
                    logger.warning("skipping %s in source %s: %s", relative, self.name, exc)

    def listing(self) -> Iterator[tuple[str, int, float]]:
        """(path, size, mtime) of every matching file, without reading them: for sensors."""
        for relative, path, info in self._found():
            if path.is_dir():  # a table folder: a new commit changes its files, not the folder
                yield relative, *folder_stamp(path)
            else:
                yield relative, info.st_size, info.st_mtime

    def _found(self) -> Iterator[Found]:
        root = Path(os.path.abspath(self.root))
        if root.is_file() or folder_kind(root):  # an ad-hoc scan of one file or table folder
            yield root.name, root, root.stat()
            return
        if not root.is_dir():
            raise SourceUnavailable(f"source {self.name!r}: {root} is not a folder or a file")
        real = root.resolve()
        walk = _Walk(self.name, real, PathFilter(self.include, self.exclude), {real})
        yield from walk.folder(root, real, "", frozenset({real}))

    def _stored(self, relative: str, path: Path, info: os.stat_result) -> StoredObject:
        if (kind := folder_kind(path)) is not None:
            return local_folder_object(self.name, relative, path, kind, self._access(info))
        fmt, compression = detect_format(path)
        return StoredObject(
            source=self.name,
            uri=path.as_uri(),
            path=relative,
            size=info.st_size,
            mtime=info.st_mtime,
            fingerprint=sha256_of(path),
            format=fmt,
            compression=compression,
            access=self._access(info),
        )

    def _looped(self, relative: str, path: Path, info: os.stat_result) -> StoredObject:
        """A symbolic link that leads back to itself, as an object whose read fails."""
        return StoredObject(
            source=self.name,
            uri=path.as_uri(),
            path=relative,
            size=0,
            mtime=info.st_mtime,
            fingerprint="symlink-loop",
            format=DataFormat.UNKNOWN,
            access=self._access(info),
        )

    def _access(self, info: os.stat_result) -> Access:
        mode = stat.S_IMODE(info.st_mode)
        return Access(
            owner=_user_name(info.st_uid),
            group=_group_name(info.st_gid),
            mode=mode,
            world_readable=bool(mode & stat.S_IROTH),
            public=self.public,
        )


@dataclass
class _Walk:
    """One depth-first walk in name order, remembering the real folders it has walked."""

    source: str
    real_root: Path
    keep: PathFilter
    walked: set[Path] = field(default_factory=set)

    def folder(
        self, folder: Path, real: Path, prefix: str, ancestors: frozenset[Path]
    ) -> Iterator[Found]:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            logger.warning("cannot list %s: %s", folder, exc)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                yield from self._entry(entry, real, prefix, ancestors)
            except OSError as exc:
                if exc.errno != errno.ELOOP or not self.keep(prefix + entry.name):
                    logger.warning("skipping %s: %s", entry.path, exc)
                else:  # a file link that loops: listed, so its error is recorded
                    yield prefix + entry.name, Path(entry.path), entry.stat(follow_symlinks=False)

    def _entry(
        self, entry: os.DirEntry[str], real_folder: Path, prefix: str, ancestors: frozenset[Path]
    ) -> Iterator[Found]:
        relative = prefix + entry.name
        link = entry.is_symlink()
        real = Path(os.path.realpath(entry.path)) if link else real_folder / entry.name
        if link and not real.is_relative_to(self.real_root):
            self._not_followed(relative, "it points outside the source's folder")
        elif entry.is_dir() and folder_kind(Path(entry.path)) is not None:
            if self.keep(relative):  # one dataset: its files are not listed one by one
                yield relative, Path(entry.path), entry.stat()
        elif entry.is_dir():
            if real in ancestors:
                self._not_followed(relative, "it loops back to a folder above it")
            elif real in self.walked:
                self._not_followed(relative, "its folder is already walked under another name")
            else:
                self.walked.add(real)
                yield from self.folder(Path(entry.path), real, relative + "/", ancestors | {real})
        elif entry.is_file() and self.keep(relative):
            yield relative, Path(entry.path), entry.stat()

    def _not_followed(self, relative: str, why: str) -> None:
        logger.warning("source %s: not following the link %s: %s", self.source, relative, why)


def sha256_of(path: Path) -> str:
    """SHA-256 hex digest, streamed in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(HASH_BLOCK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)
