"""Blobs as files without a server: ranged reads, read-ahead, cache, URLs, caps, breaker."""

from __future__ import annotations

import gzip
import io

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from classifiers.model import DataFormat
from classifiers.readers import ReadError, Sampling, detect_format, open_table
from classifiers.readers.sniff import format_by_name
from classifiers.sources.azure_client import redacted
from classifiers.sources.azure_files import FIRST_BYTES, BlobObject, BlobRangeFile
from classifiers.sources.azure_location import (
    LocationError,
    is_storage_url,
    parse_container_url,
    parse_endpoint,
)
from classifiers.sources.azure_reads import StorageBreaker


class Blob:
    """Bytes served by ranges, remembering every (offset, length) asked for."""

    def __init__(self, data: bytes):
        self.data = data
        self.calls: list[tuple[int, int]] = []

    def __call__(self, offset: int, length: int) -> bytes:
        self.calls.append((offset, length))
        return self.data[offset : offset + length]

    @property
    def fetched(self) -> int:
        return sum(length for _, length in self.calls)


def test_reads_seeks_and_returns_whole_reads() -> None:
    blob = Blob(bytes(range(256)) * 1000)
    file = BlobRangeFile(blob, len(blob.data), block=4096, first=1024)
    assert file.read(10) == blob.data[:10]
    assert file.read(3000) == blob.data[10:3010]  # crosses fetched ranges, still whole
    file.seek(-5, io.SEEK_END)
    assert file.read() == blob.data[-5:]
    assert file.read(10) == b""
    file.seek(100)
    assert file.tell() == 100 and file.read(4) == blob.data[100:104]


def test_readahead_grows_while_sequential_and_resets_after_a_seek() -> None:
    blob = Blob(b"x" * 100_000)
    file = BlobRangeFile(blob, len(blob.data), block=8192, first=1024)
    while file.read(512):
        pass
    lengths = [length for _, length in blob.calls]
    assert lengths[:5] == [1024, 2048, 4096, 8192, 8192]
    blob.calls.clear()
    file.seek(50_000)
    file.read(10)
    assert blob.calls == [] or blob.calls[0][1] <= 8192
    file.seek(10)  # far from what the cache holds now
    file.read(10)
    assert blob.calls[-1] == (10, 1024)


def test_sniffing_costs_one_small_read() -> None:
    csv = b"id,email\n" + b"".join(b"%d,u%d@example.com\n" % (i, i) for i in range(100_000))
    blob = Blob(csv)
    assert detect_format(BlobObject("people.csv", len(csv), blob)) == (DataFormat.CSV, None)
    assert blob.calls == [(0, FIRST_BYTES)]


def _parquet(rows: int, group: int) -> bytes:
    table = pa.table({"id": range(rows), "email": [f"u{i}@example.com" for i in range(rows)]})
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=group)
    return sink.getvalue()


def test_parquet_sample_reads_the_footer_and_sampled_groups_only() -> None:
    blob = Blob(_parquet(200_000, 10_000))
    table = open_table(BlobObject("t.parquet", len(blob.data), blob), "parquet", None, Sampling())
    frame = pl.concat(list(table.batches()))
    assert frame.height == 10_000 and table.coverage.rows_total == 200_000
    assert blob.fetched < 0.1 * len(blob.data)
    assert len(blob.calls) <= 3


def test_parquet_groups_are_dropped_to_stay_under_the_cap() -> None:
    data = _parquet(200_000, 10_000)  # 20 groups
    obj = BlobObject("t.parquet", len(data), Blob(data), sample_cap=len(data) // 8)
    table = open_table(obj, "parquet", None, Sampling(max_rows=50_000))
    ids = pl.concat(list(table.batches()))["id"]
    assert ids.len() == 20_000 and max(ids.to_list()) > 150_000  # still spread
    assert table.coverage.bytes_read <= len(data) // 8 + 10_000  # + the footer
    tiny = BlobObject("t.parquet", len(data), Blob(data), sample_cap=1_000)
    with pytest.raises(ReadError, match="every row group is larger than the sample cap"):
        list(open_table(tiny, "parquet", None, Sampling()).batches())


def test_text_windows_stay_under_the_cap_and_rows_total_is_unknown() -> None:
    csv = b"id,email\n" + b"".join(b"%d,u%d@example.com\n" % (i, i) for i in range(400_000))
    blob = Blob(csv)
    obj = BlobObject("people.csv", len(csv), blob, sample_cap=256 * 1024)
    table = open_table(obj, "csv", None, Sampling())
    frame = pl.concat(list(table.batches()))
    assert frame.height > 1_000 and max(frame["id"].to_list()) > 390_000  # to the end
    assert table.coverage.rows_total is None
    assert table.coverage.bytes_read <= 256 * 1024 + 9 * 64 * 1024  # + a buffer per window
    assert blob.fetched < 4 * 256 * 1024


def test_gzip_streams_stop_at_the_cap() -> None:
    text = b"id,note\n" + b"".join(b"%d,%s\n" % (i, b"%x" % (i * 7919)) for i in range(300_000))
    data = gzip.compress(text, compresslevel=1)
    obj = BlobObject("notes.csv.gz", len(data), Blob(data), sample_cap=64 * 1024)
    table = open_table(obj, "csv", "gzip", Sampling())
    assert sum(b.height for b in table.batches()) > 0
    assert table.coverage.rows_total is None
    assert table.coverage.bytes_read < len(data)


def test_a_json_document_over_the_cap_is_refused_in_sample_mode() -> None:
    data = b"[" + b",".join(b'{"id": %d}' % i for i in range(10_000)) + b"]"
    obj = BlobObject("doc.json", len(data), Blob(data), sample_cap=1024)
    with pytest.raises(ReadError, match="over the sample cap"):
        list(open_table(obj, "json", None, Sampling()).batches())
    assert len(list(open_table(obj, "json", None, Sampling(mode="full")).batches())) == 1


def test_full_mode_csv_downloads_once() -> None:
    csv = b"id,email\n" + b"".join(b"%d,u%d@example.com\n" % (i, i) for i in range(50_000))
    blob = Blob(csv)
    table = open_table(BlobObject("p.csv", len(csv), blob), "csv", None, Sampling(mode="full"))
    assert sum(b.height for b in table.batches()) == 50_000
    assert blob.fetched == len(csv)


def test_storage_failures_surface_as_read_errors() -> None:
    def down(offset: int, length: int) -> bytes:
        raise ReadError("storage unreachable: connection refused")

    obj = BlobObject("t.parquet", 1_000, down)
    with pytest.raises(ReadError, match="storage unreachable"):
        open_table(obj, "parquet", None, Sampling())


@pytest.mark.parametrize(
    ("url", "account", "blob_url", "container", "prefix", "uri"),
    [
        ("https://acct.blob.core.windows.net/raw/crm/", "acct", "https://acct.blob.core.windows.net",
         "raw", "crm/", "https://acct.blob.core.windows.net/raw/a%20b.csv"),
        ("abfss://raw@acct.dfs.core.windows.net/crm", "acct", "https://acct.blob.core.windows.net",
         "raw", "crm", "abfss://raw@acct.dfs.core.windows.net/a%20b.csv"),
        ("http://127.0.0.1:10000/devstoreaccount1/raw", "devstoreaccount1",
         "http://127.0.0.1:10000/devstoreaccount1", "raw", "", 
         "http://127.0.0.1:10000/devstoreaccount1/raw/a%20b.csv"),
    ],
)  # fmt: skip
def test_container_urls(
    url: str, account: str, blob_url: str, container: str, prefix: str, uri: str
) -> None:
    assert is_storage_url(url)
    found = parse_container_url(url)
    assert (found.endpoint.account, found.endpoint.blob_url) == (account, blob_url)
    assert (found.container, found.prefix) == (container, prefix)
    assert found.endpoint.uri(container, "a b.csv") == uri
    assert parse_endpoint(found.endpoint.display) == found.endpoint


@pytest.mark.parametrize(
    "url",
    ["https://acct.blob.core.windows.net/raw?sv=2024&sig=abc", "https://acct.blob.core.windows.net",
     "abfss://acct.dfs.core.windows.net/x", "ftp://acct/raw"],
)  # fmt: skip
def test_bad_container_urls(url: str) -> None:
    with pytest.raises(LocationError):
        parse_container_url(url)


def test_local_paths_are_not_urls() -> None:
    assert not is_storage_url("sample_data/crm") and not is_storage_url("C:/data")


def test_secrets_are_redacted() -> None:
    text = "GET /c/x?sv=1&sig=abc%2Fdef failed; AccountKey=Zm9v==;SharedAccessSignature=sv=1"
    assert "abc" not in redacted(text) and "Zm9v" not in redacted(text)
    assert redacted(text).count("REDACTED") == 3


def test_breaker_fails_fast_after_repeated_failures_then_tries_again() -> None:
    now = [0.0]
    breaker = StorageBreaker(threshold=2, cooldown=10, clock=lambda: now[0])
    breaker.failed()
    breaker.check()
    breaker.failed()
    with pytest.raises(ReadError, match="storage unreachable"):
        breaker.check()
    now[0] = 11
    breaker.check()  # half open: one more try is allowed
    breaker.succeeded()
    breaker.failed()
    breaker.check()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a/b.csv", (DataFormat.CSV, None)), ("b.jsonl.gz", (DataFormat.JSONL, "gzip")),
     ("m/model.pkl", (DataFormat.MODEL, None)), ("w.safetensors.gz", (DataFormat.MODEL, "gzip")),
     ("noext", (DataFormat.UNKNOWN, None))],
)  # fmt: skip
def test_format_by_name(name: str, expected: tuple[str, str | None]) -> None:
    assert format_by_name(name) == expected
