"""Copies in the source's own format (CSV, TSV, Parquet, JSON, JSON Lines, text; gzip kept),
written atomically to a local folder or an Azure container, never over their source."""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from classifiers.model import DataFormat
from classifiers.sources.azure_location import is_storage_url, parse_container_url

STAGING, FAILED = ".staging", ".failed"  # hidden: crawls and scans never list them
TABLES = frozenset({DataFormat.CSV, DataFormat.TSV, DataFormat.PARQUET, DataFormat.JSON,
                    DataFormat.JSONL})  # fmt: skip
DOCUMENTS = DataFormat.DOCUMENT
TEXT_COLUMN = "text"  # a document is read as one free-text column, a line per row


class SanitizeError(ValueError):
    """A dataset that cannot be sanitized as asked (format, location, its own source)."""


def _utf8(encoding: str | None) -> bool:
    return encoding is None or encoding.replace("-", "_").lower() in ("utf_8", "utf8", "ascii")


def read_table(
    path: Path, fmt: str, encoding: str | None = None, headerless: bool = False
) -> pl.DataFrame:
    """Every row; delimited text as strings, so a kept cell is written back as it was. Text in
    another encoding (the scan records which) is decoded with it; a delimited file whose first
    row is data has columns named as the scan names them (column_1, column_2, ...)."""
    if fmt not in TABLES and fmt not in DOCUMENTS:
        raise SanitizeError(f"cannot sanitize {fmt} yet (CSV, TSV, Parquet, JSON, JSONL, text)")
    try:
        return _read(path, fmt, encoding, headerless)
    except (pl.exceptions.PolarsError, UnicodeDecodeError, LookupError, OSError) as exc:
        raise SanitizeError(f"cannot read {path.name} as {fmt}: {type(exc).__name__}") from None


def _read(path: Path, fmt: str, encoding: str | None, headerless: bool) -> pl.DataFrame:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if not _utf8(encoding) and fmt != DataFormat.PARQUET:
        raw = raw.decode(encoding or "utf-8").encode("utf-8")
    if fmt in (DataFormat.CSV, DataFormat.TSV):
        sep = "\t" if fmt == DataFormat.TSV else ","
        frame = pl.read_csv(raw, separator=sep, infer_schema=False, has_header=not headerless)
        if headerless:
            frame.columns = [f"column_{i}" for i in range(1, frame.width + 1)]
        return frame
    if fmt == DataFormat.PARQUET:
        return pl.read_parquet(raw)
    if fmt == DataFormat.JSONL:
        return pl.read_ndjson(raw, infer_schema_length=None)
    if fmt == DataFormat.JSON:
        return pl.read_json(raw, infer_schema_length=None)
    if fmt in DOCUMENTS:
        # Paragraphs, not lines: NER needs a sentence's context to see a name in it.
        paragraphs = [p for p in re.split(r"(?<=\n\n)", raw.decode("utf-8")) if p]
        return pl.DataFrame({TEXT_COLUMN: paragraphs}, schema={TEXT_COLUMN: pl.String})
    raise SanitizeError(f"cannot sanitize {fmt} yet (CSV, TSV, Parquet, JSON, JSONL, text)")


def table_bytes(
    frame: pl.DataFrame,
    fmt: str,
    gzipped: bool,
    encoding: str | None = None,
    headerless: bool = False,
) -> bytes:
    buffer = io.BytesIO()
    if fmt in (DataFormat.CSV, DataFormat.TSV):
        sep = "\t" if fmt == DataFormat.TSV else ","
        frame.write_csv(buffer, separator=sep, include_header=not headerless)
    elif fmt == DataFormat.PARQUET:
        frame.write_parquet(buffer)
    elif fmt == DataFormat.JSONL:
        frame.write_ndjson(buffer)
    elif fmt == DataFormat.JSON:
        frame.write_json(buffer)
    elif fmt in DOCUMENTS:
        buffer.write("".join(v or "" for v in frame[TEXT_COLUMN].to_list()).encode("utf-8"))
    else:
        raise SanitizeError(f"cannot write {fmt}")
    data = buffer.getvalue()
    if not _utf8(encoding) and fmt != DataFormat.PARQUET:
        data = data.decode("utf-8").encode(encoding or "utf-8")  # back in the source's encoding
    return gzip.compress(data, mtime=0) if gzipped and fmt != DataFormat.PARQUET else data


def atomic_write(path: Path, data: bytes) -> None:
    """A temporary name beside the target, flushed to disk, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@dataclass(frozen=True)
class Location:
    """Where copies land: a local folder, or a container (and prefix) in Azure Storage."""

    root: str

    @property
    def remote(self) -> bool:
        return is_storage_url(self.root)

    def uri(self, relative: str) -> str:
        if self.remote:
            return f"{self.root.rstrip('/')}/{relative}"
        return (Path(self.root) / relative).resolve().as_uri()

    def staging(self, relative: str, scratch: Path) -> Path:
        """Where a copy waits for its verification (same disk as a local target: the
        publishing rename is atomic)."""
        base = scratch if self.remote else Path(self.root) / STAGING
        return base / relative

    def publish(self, staged: Path, relative: str, environ: Mapping[str, str]) -> str:
        """Move a verified copy to its place; returns its URI."""
        if not self.remote:
            target = Path(self.root) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
            return target.resolve().as_uri()
        self._upload(staged, relative, environ)
        staged.unlink()
        return self.uri(relative)

    def set_aside(self, staged: Path, relative: str, environ: Mapping[str, str]) -> str:
        """A copy that failed verification: kept, under a hidden folder, never offered."""
        aside = f"{FAILED}/{relative}"
        if self.remote:
            self._upload(staged, aside, environ)
            staged.unlink()
            return self.uri(aside)
        target = Path(self.root) / aside
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged, target)
        return target.resolve().as_uri()

    def _upload(self, staged: Path, name: str, environ: Mapping[str, str]) -> None:
        """A block blob is visible only once its block list commits: the upload is atomic."""
        from classifiers.sources.azure_client import ClientSettings, client_for_endpoint

        where = parse_container_url(self.root)
        service = client_for_endpoint(where.endpoint, environ, ClientSettings())
        blob = "/".join(p for p in (where.prefix.strip("/"), name) if p)
        with staged.open("rb") as data:
            service.get_blob_client(where.container, blob).upload_blob(data, overwrite=True)


def refuse_own_source(source: Path, location: Location, relative: str) -> None:
    """Never overwrite the source: its copy may not land on it."""
    if location.remote:
        return
    target = (Path(location.root) / relative).resolve()
    if target == source.resolve():
        raise SanitizeError(f"the copy of {source} would overwrite it: choose another --output")
