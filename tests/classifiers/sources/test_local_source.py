"""LocalSource: sorted walk, globs, hidden names, symlinks, hashes, formats and access bits."""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import pytest

from classifiers.model import DataFormat
from classifiers.sources import LocalSource
from classifiers.sources.errors import SourceUnavailable


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    files = {
        "people.csv": b"id,name\n1,Ann\n",
        "b/events.jsonl": b'{"id": 1}\n{"id": 2}\n',
        "b/c/deep.csv.gz": gzip.compress(b"id,email\n1,a@example.com\n"),
        "a/notes.md": b"# Notes\n\nHello.\n",
        "a/model.pkl": b"\x80\x04\x95not really",
        "archive/old.csv": b"id\n1\n",
        ".git/config": b"[core]\n",
        "a/.secret.csv": b"id\n1\n",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def test_crawl_is_sorted_and_skips_hidden(tree: Path) -> None:
    paths = [obj.path for obj in LocalSource("landing", tree).crawl()]
    assert paths == [
        "a/model.pkl", "a/notes.md", "archive/old.csv", "b/c/deep.csv.gz", "b/events.jsonl",
        "people.csv",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (["**/*.csv"], [], ["archive/old.csv", "people.csv"]),
        (["**/*.csv", "**/*.csv.gz"], ["archive/**"], ["b/c/deep.csv.gz", "people.csv"]),
        (["*"], [], ["people.csv"]),
        (["b/**"], ["**/*.gz"], ["b/events.jsonl"]),
        (["**/*"], ["**/*.pkl", "**/*.md", "b/**"], ["archive/old.csv", "people.csv"]),
    ],
)
def test_include_and_exclude(
    tree: Path, include: list[str], exclude: list[str], expected: list[str]
) -> None:
    source = LocalSource("landing", tree, include=include, exclude=exclude)
    assert [obj.path for obj in source.crawl()] == expected
    assert [path for path, _, _ in source.listing()] == expected


def test_objects_carry_hash_format_and_uri(tree: Path) -> None:
    objects = {obj.path: obj for obj in LocalSource("landing", tree).crawl()}
    people = objects["people.csv"]
    assert people.source == "landing"
    assert people.uri == (tree / "people.csv").absolute().as_uri()
    assert people.uri.startswith("file:///")
    assert people.fingerprint == hashlib.sha256(b"id,name\n1,Ann\n").hexdigest()
    assert people.size == 14 and people.mtime == (tree / "people.csv").stat().st_mtime
    assert (people.format, people.compression) == (DataFormat.CSV, None)
    assert (objects["b/c/deep.csv.gz"].format, objects["b/c/deep.csv.gz"].compression) == (
        DataFormat.CSV,
        "gzip",
    )
    assert objects["b/events.jsonl"].format == DataFormat.JSONL
    assert objects["a/notes.md"].format == DataFormat.MARKDOWN
    assert objects["a/model.pkl"].format == DataFormat.MODEL


def test_hash_streams_large_files(tmp_path: Path) -> None:
    content = os.urandom(3 * 1024 * 1024 + 17)
    (tmp_path / "big.bin").write_bytes(content)
    (obj,) = LocalSource("s", tmp_path).crawl()
    assert obj.fingerprint == hashlib.sha256(content).hexdigest()
    assert obj.format == DataFormat.MODEL  # .bin is inventoried as an artifact


def test_listing_does_not_hash(tree: Path) -> None:
    listing = dict((p, (size, mtime)) for p, size, mtime in LocalSource("l", tree).listing())
    stat = (tree / "people.csv").stat()
    assert listing["people.csv"] == (stat.st_size, stat.st_mtime)


@pytest.mark.parametrize(("mode", "world_readable"), [(0o600, False), (0o644, True)])
@pytest.mark.parametrize("public", [False, True])
def test_access_bits(tmp_path: Path, mode: int, world_readable: bool, public: bool) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id\n1\n")
    path.chmod(mode)
    (obj,) = LocalSource("s", tmp_path, public=public).crawl()
    assert obj.access.mode == mode
    assert obj.access.world_readable is world_readable
    assert obj.access.public is public
    assert obj.access.owner and obj.access.group


def test_single_file_root(tree: Path) -> None:
    source = LocalSource("adhoc", tree / "b" / "events.jsonl", include=["**/*.csv"])
    (obj,) = source.crawl()
    assert obj.path == "events.jsonl" and obj.format == DataFormat.JSONL
    assert [path for path, _, _ in source.listing()] == ["events.jsonl"]


def test_symlinks_inside_are_followed_outside_are_not(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.csv").write_text("id\n1\n")
    root = tmp_path / "root"
    (root / "real").mkdir(parents=True)
    (root / "real" / "in.csv").write_text("id\n2\n")
    (root / "to_outside").symlink_to(outside)
    (root / "leak.csv").symlink_to(outside / "leak.csv")
    (root / "alias.csv").symlink_to(root / "real" / "in.csv")
    (root / "real" / "loop").symlink_to(root)
    paths = [obj.path for obj in LocalSource("s", root).crawl()]
    assert paths == ["alias.csv", "real/in.csv"]  # the loop back to the root is not walked


def test_missing_root(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable, match="not a folder or a file"):
        list(LocalSource("s", tmp_path / "nope").crawl())
