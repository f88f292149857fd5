"""Every unreadable object gives a ReadError whose message names the problem."""

from __future__ import annotations

import gzip
import io
import json
import pickle
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from classifiers.model import DataFormat
from classifiers.readers import ReadError, Sampling, detect_format, json_records, open_table
from classifiers.readers.base import short_reason

BINARY = bytes(range(256)) * 40


def parquet_bytes() -> bytes:
    sink = io.BytesIO()
    pl.DataFrame({"id": list(range(1_000))}).write_parquet(sink)
    return sink.getvalue()


CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty.csv", lambda: b"", "empty file (0 bytes)"),
    ("empty.json", lambda: b"", "empty file (0 bytes)"),
    ("empty.parquet", lambda: b"", "empty file (0 bytes)"),
    ("empty.csv.gz", lambda: gzip.compress(b""), "empty file (no content after decompression)"),
    ("blob.csv", lambda: BINARY, "binary content, not CSV text"),
    ("blob.json", lambda: BINARY, "binary content, not JSON text"),
    ("blob.txt", lambda: BINARY, "binary content, not plain text"),
    ("blob", lambda: BINARY, "binary or unrecognised content"),
    ("blob.csv.gz", lambda: gzip.compress(BINARY), "binary content, not CSV text"),
    ("broken.csv.gz", lambda: b"\x1f\x8b\x08\x00" + BINARY, "corrupt or truncated gzip"),
    ("cut.csv.gz", lambda: gzip.compress(b"id,name\n" + b"1,a\n" * 1000)[:12], "truncated gzip"),
    ("bad.parquet", lambda: b"PAR1" + b"\x00" * 100, "corrupt Parquet: "),
    ("cut.parquet", lambda: parquet_bytes()[:-30], "corrupt Parquet: "),
    ("nomagic.parquet", lambda: b"\x00\x01" + BINARY, "corrupt Parquet: no PAR1 magic bytes"),
    ("bad.json", lambda: b'[{"a": 1},\n{"a": 1,}]', "invalid JSON at line 2 column 9"),
    ("bad.jsonl", lambda: b'{"a": 1,}\n' * 400, "invalid JSON at line 1 column 9"),
    ("nul.jsonl", lambda: b'{"a": 1}\x00\n' * 50, "binary content, not JSON Lines text"),
    ("model.pkl", lambda: pickle.dumps({"weights": [1, 2]}), "model artifacts are inventoried"),
    ("model.safetensors", lambda: b"{}", "model artifacts are inventoried, not read"),
]


@pytest.mark.parametrize("mode", ["sample", "full"])
@pytest.mark.parametrize(("name", "build", "phrase"), CASES, ids=[case[0] for case in CASES])
def test_read_errors(
    tmp_path: Path, name: str, build: Callable[[], bytes], phrase: str, mode: str
) -> None:
    path = tmp_path / name
    path.write_bytes(build())
    fmt, compression = detect_format(path)
    with pytest.raises(ReadError) as caught:
        list(open_table(path, fmt, compression, Sampling(mode=mode)).batches())
    assert phrase in str(caught.value)
    assert "Traceback" not in str(caught.value) and "\n" not in str(caught.value)


def test_binary_content_read_as_csv_on_request(tmp_path: Path) -> None:
    path = tmp_path / "blob.dat"
    path.write_bytes(BINARY)
    with pytest.raises(ReadError, match="binary content, not CSV text"):
        open_table(path, DataFormat.CSV, None, Sampling())


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot open"):
        open_table(tmp_path / "gone.csv", DataFormat.CSV, None, Sampling())


class _Trap:
    """Unpickling this creates a marker file: proof that something was unpickled."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("name", ["trap.pkl", "trap.joblib", "trap.pt", "trap.pkl.gz"])
def test_artifacts_are_never_unpickled(tmp_path: Path, name: str) -> None:
    marker = tmp_path / "unpickled"
    payload = pickle.dumps(_Trap(marker))
    path = tmp_path / name
    path.write_bytes(gzip.compress(payload) if name.endswith(".gz") else payload)
    fmt, compression = detect_format(path)
    assert fmt == DataFormat.MODEL
    for mode in ("sample", "full"):
        with pytest.raises(ReadError, match="model artifacts are inventoried, not read"):
            open_table(path, fmt, compression, Sampling(mode=mode))
    assert not marker.exists()


def test_oversized_json_document_is_refused_in_sample_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_records, "MAX_JSON_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"id": i} for i in range(50)]))
    with pytest.raises(ReadError, match="JSON document over 512 MiB"):
        list(open_table(path, DataFormat.JSON, None, Sampling()).batches())
    assert len(list(open_table(path, DataFormat.JSON, None, Sampling(mode="full")).batches())) == 1


def test_sampling_is_validated() -> None:
    with pytest.raises(ValueError, match="'sample' or 'full'"):
        Sampling(mode="everything")
    with pytest.raises(ValueError, match="positive"):
        Sampling(max_rows=0)


def test_batches_can_be_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id\n1\n")
    table = open_table(path, DataFormat.CSV, None, Sampling())
    assert len(list(table.batches())) == 1
    with pytest.raises(RuntimeError, match="only once"):
        list(table.batches())


SECRET = "4929123456781234"


@pytest.mark.parametrize(
    "body",
    [f'a,b\n1,"X-{SECRET}\n2,3\n', "a,b\n" + "1,1\n" * 20_000 + f'1,"X-{SECRET}\n'],
    ids=["first-row", "late-row"],
)
def test_a_library_error_never_shows_the_value_it_could_not_read(body: str) -> None:
    """Polars quotes the value it could not parse; the reason stored and shown masks it.
    (Warden's own reads repair such a file instead: an unterminated quote runs to the end.)"""
    with pytest.raises(pl.exceptions.PolarsError) as caught:
        pl.read_csv(body.encode(), infer_schema_length=10_000)
    assert SECRET in str(caught.value)
    message = short_reason(caught.value)
    assert SECRET not in message and SECRET[-8:] not in message
    assert "could not parse" in message and "##34" in message
