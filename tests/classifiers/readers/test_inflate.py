"""Decompression bombs are refused in every mode without being inflated, and archives named as
tables are told by their magic bytes."""

from __future__ import annotations

import base64
import bz2
import gzip
import io
import lzma
import random
import shutil
import tarfile
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from classifiers.budget import MIB
from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.model import DataFormat
from classifiers.readers import ReadError, Sampling, detect_format, open_table
from classifiers.readers.base import InflateLimit, Tally
from classifiers.readers.byte_stream import open_stream
from classifiers.readers.readable import LocalFile
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource

BOMB_MEMBERS = 2048  # gzip members of 1 MiB each: 2 GiB decompressed


def _bomb(path: Path, header: bytes, block: bytes) -> Path:
    """A gzip file that decompresses to `header` and 2 GiB of `block` repeated, written as
    one small gzip member repeated (a valid multi-member stream): never held in memory."""
    member = gzip.compress(block * (MIB // len(block)), compresslevel=9)
    with path.open("wb") as target:
        target.write(gzip.compress(header))
        for _ in range(BOMB_MEMBERS):
            target.write(member)
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "rows": _bomb(folder / "rows.csv.gz", b"id,code\n", b"0,0\n"),
        "one line": _bomb(folder / "line.csv.gz", b"id,code\n1,", b"a"),
        "json lines": _bomb(folder / "lines.jsonl.gz", b"", b'{"a": 0}\n'),
        "text": _bomb(folder / "notes.txt.gz", b"", b"the same words "),
    }


@pytest.mark.parametrize(
    ("kind", "mode"),
    [
        ("rows", "sample"),
        ("rows", "full"),  # Polars would decompress it on its own
        ("one line", "sample"),  # a line never ends: read whole, it would fill the memory
        ("one line", "full"),
        ("json lines", "sample"),
        ("text", "full"),
    ],
)
def test_a_gzip_bomb_is_refused_without_being_inflated(
    bombs: dict[str, Path], kind: str, mode: str
) -> None:
    path = bombs[kind]
    assert path.stat().st_size < 12 * MIB
    started = time.monotonic()
    fmt, compression = detect_format(path)
    assert compression == "gzip"
    table = open_table(path, fmt, compression, Sampling(mode=mode))
    with pytest.raises(ReadError, match="refused as a decompression bomb") as refused:
        for _ in table.batches():
            pass
    assert str(refused.value).startswith(f"gzip expands beyond {1024 * MIB:,} bytes")
    assert time.monotonic() - started < 60  # a stall guard: it stops after about 9 MiB


def _random_text(size: int) -> bytes:
    return base64.b64encode(random.Random(5).randbytes(size * 3 // 4))


def test_the_bound_is_the_larger_of_the_floor_and_the_ratio(tmp_path: Path) -> None:
    path = tmp_path / "text.gz"
    path.write_bytes(gzip.compress(_random_text(3 * MIB)))  # expands about 1.3-fold
    stored = path.stat().st_size
    limit = InflateLimit(ratio=1, floor=MIB)  # bound: the stored size, over 2 MiB
    with open_stream(LocalFile(path), "gzip", Tally(inflate=limit)) as stream:
        with pytest.raises(ReadError, match=f"^gzip expands beyond {stored:,} bytes"):
            stream.read()
    roomy = InflateLimit(ratio=2, floor=MIB)
    with open_stream(LocalFile(path), "gzip", Tally(inflate=roomy)) as stream:
        assert len(stream.read()) == 3 * MIB


def test_an_ordinary_gzip_file_reads_whole(tmp_path: Path) -> None:
    rows = "".join(f"{i},user{i}@example.com,{i * 7 % 1000}\n" for i in range(200_000))
    path = tmp_path / "people.csv.gz"
    path.write_bytes(gzip.compress(("id,email,score\n" + rows).encode()))
    table = open_table(path, DataFormat.CSV, "gzip", Sampling(mode="full"))
    assert sum(batch.height for batch in table.batches()) == 200_000


def _zip(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(name, text)  # stored: the CSV text sits in the file as it is
    return buffer.getvalue()


def _tar(text: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        info = tarfile.TarInfo("customers.csv")
        info.size = len(text)
        archive.addfile(info, io.BytesIO(text))
    return buffer.getvalue()


CSV = b"name,email\nAnn,ann@example.com\nBo,bo@example.org\n"
ARCHIVES = [
    ("data.csv", _zip("customers.csv", CSV.decode()), "a ZIP archive named .csv: archives"),
    ("data.jsonl", b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(40), "a 7-Zip archive named .jsonl"),
    ("data.tsv", b"Rar!\x1a\x07\x01\x00" + bytes(40), "a RAR archive named .tsv"),
    ("data.csv", _tar(CSV), "a tar archive named .csv: archives are not read"),
    ("data.csv.gz", gzip.compress(_tar(CSV)), "a tar archive named .csv: archives"),
    ("data.csv", bz2.compress(CSV), "bzip2-compressed data named .csv: only gzip"),
    ("data.csv", lzma.compress(CSV), "xz-compressed data named .csv: only gzip"),
    ("data.csv", b"\x28\xb5\x2f\xfd" + zlib.compress(CSV), "zstd-compressed data named .csv"),
    ("bundle.zip", _zip("a.csv", CSV.decode()), "a ZIP archive: archives are not read"),
]


@pytest.mark.parametrize(("name", "content", "reason"), ARCHIVES)
def test_archives_named_as_tables_are_told_by_their_magic_bytes(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    fmt, compression = detect_format(path)
    assert fmt == DataFormat.UNKNOWN
    with pytest.raises(ReadError) as refused:
        list(open_table(path, fmt, compression).batches())
    assert str(refused.value).startswith(reason)


def test_text_that_starts_like_a_magic_number_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    padding = "x" * 231
    path.write_bytes(f"BZh,PK\nBZh9 {padding},PK 1\nBZh1AY mustard,PK 2\n".encode())
    assert path.read_bytes()[257:262] == b"ustar"  # where a tar archive has its magic
    assert detect_format(path) == (DataFormat.CSV, None)


def test_a_scan_records_the_bomb_and_the_archive_and_goes_on(
    bombs: dict[str, Path], tmp_path: Path
) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    shutil.copy(bombs["one line"], root / "bomb.csv.gz")
    (root / "customers.csv").write_bytes(_zip("customers.csv", CSV.decode()))
    (root / "people.csv").write_bytes(CSV * 5)
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    store.ensure_source("s", "local", str(root), False, [])
    rules = scan_rules(WardenConfig.default())
    scanner = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
    report = scanner.scan([LocalSource("s", root)])
    assert {o.obj.path: o.status for o in report.outcomes} == {
        "bomb.csv.gz": "error",
        "customers.csv": "error",
        "people.csv": "scanned",
    }
    errors = {e.path: e.error for e in store.errors()}
    assert "refused as a decompression bomb" in errors["bomb.csv.gz"]
    assert errors["customers.csv"].startswith("a ZIP archive named .csv: archives are not read")
