"""Folders that are one dataset: Delta, Iceberg and Hudi tables, Chroma stores, Lance datasets.

Crawlers list such a folder as one object and never its files one by one: a Delta table's
Parquet files include superseded versions, a Chroma store's index files hold vectors. The
folder's fingerprint is its table version where it has one (`delta:v12`), so an unchanged
table is not read again however many files it holds; a Chroma store's is its database's hash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from classifiers.model import Access, DataFormat, StoredObject

DELTA_LOG = "_delta_log"
_DELTA_ENTRY = re.compile(r"^(\d{20})\.(?:json|checkpoint\.parquet|checkpoint\.\d+\.\d+\.parquet)$")
_LANCE_MANIFEST = re.compile(r"^(\d+)\.manifest$")
_U64 = 2**64 - 1  # Lance's newer manifest names count down from here


def folder_kind(folder: Path) -> str | None:
    """The kind of table folder `folder` is (a DataFormat of DataFormat.FOLDER), or None."""
    if (folder / DELTA_LOG).is_dir():
        return DataFormat.DELTA
    if (folder / ".hoodie").is_dir():
        return DataFormat.HUDI
    if (folder / "metadata").is_dir() and any((folder / "metadata").glob("*.metadata.json")):
        return DataFormat.ICEBERG
    if (folder / "chroma.sqlite3").is_file():
        return DataFormat.CHROMA
    if (folder / "_versions").is_dir() and any((folder / "_versions").glob("*.manifest")):
        return DataFormat.LANCE
    return None


def kind_of_names(names: Iterable[str]) -> str | None:
    """The kind of table folder whose files (paths relative to it) are `names`, or None."""
    tops = {PurePosixPath(n).parts[0]: n for n in names if "/" in n}
    files = set(names)
    if DELTA_LOG in tops:
        return DataFormat.DELTA
    if ".hoodie" in tops:
        return DataFormat.HUDI
    if any(n.startswith("metadata/") and n.endswith(".metadata.json") for n in files):
        return DataFormat.ICEBERG
    if "chroma.sqlite3" in files:
        return DataFormat.CHROMA
    if any(n.startswith("_versions/") and n.endswith(".manifest") for n in files):
        return DataFormat.LANCE
    return None


def table_version(kind: str, names: Iterable[str]) -> int | None:
    """The current version from the folder's file names (relative to it), where it has one."""
    if kind == DataFormat.DELTA:
        found = [
            _DELTA_ENTRY.match(PurePosixPath(n).name) for n in names if n.startswith(DELTA_LOG)
        ]
        versions = [int(m.group(1)) for m in found if m]
        return max(versions) if versions else None
    if kind == DataFormat.LANCE:
        found = [
            _LANCE_MANIFEST.match(PurePosixPath(n).name)
            for n in names
            if n.startswith("_versions/")
        ]
        numbers = [int(m.group(1)) for m in found if m]
        return max((_U64 - n if n > 2**63 else n) for n in numbers) if numbers else None
    return None


def folder_fingerprint(kind: str, names: Iterable[str], version: int | None) -> str:
    """`delta:v12` for a versioned table; else a hash of the folder's metadata file names."""
    if version is not None:
        return f"{kind}:v{version}"
    listed = sorted(names)
    return f"{kind}:" + hashlib.sha256("\n".join(listed).encode()).hexdigest()


def local_folder_object(
    source: str, relative: str, folder: Path, kind: str, access: Access
) -> StoredObject:
    """One table folder on local disk as an object: size and time over all its files."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    names = [p.relative_to(folder).as_posix() for p in files]
    version = table_version(kind, names)
    if kind == DataFormat.CHROMA:
        fingerprint = f"{kind}:" + _sha256(folder / "chroma.sqlite3")
    else:
        fingerprint = folder_fingerprint(kind, _metadata_names(kind, names), version)
    stats = [p.stat() for p in files]
    return StoredObject(
        source=source,
        uri=folder.as_uri(),
        path=relative,
        size=sum(s.st_size for s in stats),
        mtime=max((s.st_mtime for s in stats), default=folder.stat().st_mtime),
        fingerprint=fingerprint,
        format=kind,
        access=access,
        table_version=version,
    )


def folder_stamp(folder: Path) -> tuple[int, float]:
    """(bytes, latest modification time) of the folder's files: what a listing reports."""
    stats = [p.stat() for p in folder.rglob("*") if p.is_file()]
    return sum(s.st_size for s in stats), max((s.st_mtime for s in stats), default=0.0)


def _metadata_names(kind: str, names: list[str]) -> list[str]:
    """The names that change with every commit: the log, the metadata, the timeline."""
    marker = {DataFormat.ICEBERG: "metadata/", DataFormat.HUDI: ".hoodie/"}.get(kind, "")
    return [n for n in names if n.startswith(marker)] if marker else names


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class ListedFolder:
    """A table folder found in a listing of names (a container's blobs)."""

    path: str  # the folder, relative to the listing's root
    kind: str
    size: int
    mtime: float
    fingerprint: str
    version: int | None


def listed_folders(listing: Iterable[tuple[str, int, float]]) -> list[ListedFolder]:
    """The table folders among listed files (name, size, mtime), outermost first; the files
    under them are `inside()` these folders and are not datasets of their own."""
    files = list(listing)
    roots: dict[str, str] = {}
    for name, _, _ in files:
        found = _folder_of(name)
        if found and not any(found[0].startswith(r + "/") for r in roots):
            roots.setdefault(*found)
    folders = []
    for root, kind in sorted(roots.items()):
        held = [(n[len(root) + 1 :], s, t) for n, s, t in files if n.startswith(root + "/")]
        names = [n for n, _, _ in held]
        version = table_version(kind, names)
        fingerprint = folder_fingerprint(kind, _metadata_names(kind, names), version)
        if kind == DataFormat.CHROMA:  # its database changes in place: names are not enough
            fingerprint += ":" + ",".join(f"{s}@{t}" for n, s, t in held if n == "chroma.sqlite3")
        size, mtime = sum(s for _, s, _ in held), max(t for _, _, t in held)
        folders.append(ListedFolder(root, kind, size, mtime, fingerprint, version))
    return folders


def inside(name: str, folders: Iterable[ListedFolder]) -> bool:
    return any(name.startswith(f.path + "/") for f in folders)


def _folder_of(name: str) -> tuple[str, str] | None:
    """(folder, kind) when the file `name` marks a table folder: its log, metadata, database."""
    parts = name.split("/")
    for index, part in enumerate(parts[:-1]):
        kind = _MARKERS.get(part)
        if kind and index > 0 and (kind != DataFormat.ICEBERG or name.endswith(".metadata.json")):
            if kind != DataFormat.LANCE or name.endswith(".manifest"):
                return "/".join(parts[:index]), kind
    if parts[-1] == "chroma.sqlite3" and len(parts) > 1:
        return "/".join(parts[:-1]), DataFormat.CHROMA
    return None


_MARKERS = {
    DELTA_LOG: DataFormat.DELTA, ".hoodie": DataFormat.HUDI, "metadata": DataFormat.ICEBERG,
    "_versions": DataFormat.LANCE,
}  # fmt: skip
