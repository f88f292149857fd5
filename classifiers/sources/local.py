"""A local folder (or one file) as a source: a deterministic walk with hashes, formats, access."""

from __future__ import annotations

import grp
import hashlib
import logging
import os
import pwd
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from classifiers.model import Access, StoredObject
from classifiers.readers.sniff import detect_format
from classifiers.sources.globs import PathFilter

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
                logger.warning("skipping %s in source %s: %s", relative, self.name, exc)

    def listing(self) -> Iterator[tuple[str, int, float]]:
        """(path, size, mtime) of every matching file, without reading them: for sensors."""
        for relative, _, info in self._found():
            yield relative, info.st_size, info.st_mtime

    def _found(self) -> Iterator[Found]:
        root = Path(os.path.abspath(self.root))
        if root.is_file():  # an ad-hoc scan of one file: it is taken whatever the globs say
            yield root.name, root, root.stat()
            return
        if not root.is_dir():
            raise FileNotFoundError(f"source {self.name!r}: {root} is not a folder or a file")
        keep = PathFilter(self.include, self.exclude)
        yield from _walk(root, "", root.resolve(), keep, frozenset({root.resolve()}))

    def _stored(self, relative: str, path: Path, info: os.stat_result) -> StoredObject:
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

    def _access(self, info: os.stat_result) -> Access:
        mode = stat.S_IMODE(info.st_mode)
        return Access(
            owner=_user_name(info.st_uid),
            group=_group_name(info.st_gid),
            mode=mode,
            world_readable=bool(mode & stat.S_IROTH),
            public=self.public,
        )


def _walk(
    folder: Path, prefix: str, real_root: Path, keep: PathFilter, ancestors: frozenset[Path]
) -> Iterator[Found]:
    """Depth-first in name order; symlinks are followed only while they stay under the root."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        logger.warning("cannot list %s: %s", folder, exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relative = prefix + entry.name
        real = Path(os.path.realpath(entry.path))
        if entry.is_symlink() and not real.is_relative_to(real_root):
            continue
        try:
            if entry.is_dir():
                if real not in ancestors:  # a link back up the tree would loop forever
                    yield from _walk(
                        Path(entry.path), relative + "/", real_root, keep, ancestors | {real}
                    )
            elif entry.is_file() and keep(relative):
                yield relative, Path(entry.path), entry.stat()
        except OSError as exc:
            logger.warning("skipping %s: %s", entry.path, exc)


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
