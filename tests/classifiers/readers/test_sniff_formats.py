"""detect_format: content first, extension second, gzip looked through, artifacts never opened."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import polars as pl
import pytest

from classifiers.model import DataFormat
from classifiers.readers.sniff import detect_format

CSV = b"id,name,email\n1,Ann,ann@example.com\n2,Bob,bob@example.com\n"
TSV = b"id\tname\tnote\n1\tAnn\thello, world\n2\tBob\tbye, now\n"
JSON = b'[{"id": 1, "name": "Ann"},\n {"id": 2, "name": "Bob"}]\n'
JSONL = b'{"id": 1, "name": "Ann"}\n{"id": 2, "name": "Bob"}\n'
MARKDOWN = b"# Title\n\nSome prose, with a comma.\n"
TEXT = b"Dear team,\n\nthe quarterly numbers are in. Thanks, all.\n"
SEMICOLON = b"id;name;city\n1;Ann;Oslo\n2;Bob;Rome\n"


def _parquet() -> bytes:
    sink = io.BytesIO()
    pl.DataFrame({"id": [1, 2], "name": ["Ann", "Bob"]}).write_parquet(sink)
    return sink.getvalue()


CASES = [
    ("people.csv", CSV, DataFormat.CSV),
    ("people", CSV, DataFormat.CSV),
    ("people.txt", CSV * 3, DataFormat.CSV),
    ("people.tsv", TSV, DataFormat.TSV),
    ("people.data", TSV, DataFormat.TSV),
    ("people.csv", SEMICOLON, DataFormat.CSV),
    ("people.json", JSON, DataFormat.JSON),
    ("people.txt", JSON, DataFormat.JSON),
    ("people.jsonl", JSONL, DataFormat.JSONL),
    ("people.json", JSONL, DataFormat.JSONL),
    ("one.jsonl", b'{"id": 1}\n', DataFormat.JSONL),
    ("notes.md", MARKDOWN, DataFormat.MARKDOWN),
    ("notes.txt", TEXT, DataFormat.TEXT),
    ("notes", TEXT, DataFormat.TEXT),
    ("blob.csv", b"\x00\x01\x02\x03binary\x00\xff" * 50, DataFormat.UNKNOWN),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, DataFormat.UNKNOWN),
    ("empty.csv", b"", DataFormat.CSV),
    ("latin1.csv", "id,city\n1,Médéa\n2,Zürich\n".encode("cp1252"), DataFormat.CSV),
    ("utf16.txt", "Hello there\n\nsecond".encode("utf-16"), DataFormat.TEXT),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES)
def test_plain_content(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == (expected, None)


@pytest.mark.parametrize(("name", "content", "expected"), CASES[:13])
def test_gzip_content_is_sniffed_inside(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / f"{name}.gz"
    path.write_bytes(gzip.compress(content))
    assert detect_format(path) == (expected, "gzip")


@pytest.mark.parametrize("name", ["data.parquet", "data.bin", "data"])
def test_parquet_by_magic(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_parquet())
    assert detect_format(path) == (DataFormat.PARQUET, None)


@pytest.mark.parametrize(
    "name",
    ["m.pkl", "m.pickle", "m.pt", "m.pth", "m.onnx", "m.safetensors", "m.bin", "m.gguf", "m.h5",
     "m.joblib", "m.faiss", "m.index", "M.PKL"],
)  # fmt: skip
def test_model_artifacts_by_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x80\x04\x95" + b"a,b\n1,2\n" * 10)  # pickle-like bytes, CSV-like body
    assert detect_format(path) == (DataFormat.MODEL, None)


def test_gzipped_model_is_not_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "model.pkl.gz"
    path.write_bytes(b"\x1f\x8b" + b"\x00" * 20)  # not even valid gzip past the magic
    assert detect_format(path) == (DataFormat.MODEL, "gzip")


def test_corrupt_gzip_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    assert detect_format(path) == (DataFormat.UNKNOWN, "gzip")


def test_gzip_content_in_an_artifact_name_is_not_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "weights.bin"
    path.write_bytes(gzip.compress(b"a,b\n1,2\n3,4\n"))
    assert detect_format(path) == (DataFormat.MODEL, "gzip")
