"""Values passed between the parts of the core: levels, stored objects, findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Sensitivity(IntEnum):
    """Sensitivity levels, ordered so that max() gives the roll-up."""

    PUBLIC = 0
    GENERAL = 1
    CONFIDENTIAL = 2
    HIGHLY_CONFIDENTIAL = 3

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").title()

    @classmethod
    def parse(cls, text: str) -> Sensitivity:
        """Accept 'Highly Confidential', 'highly_confidential' or 'HIGHLY-CONFIDENTIAL'."""
        key = text.strip().upper().replace(" ", "_").replace("-", "_")
        try:
            return cls[key]
        except KeyError:
            names = ", ".join(level.label for level in cls)
            raise ValueError(f"unknown sensitivity {text!r}; expected one of {names}") from None


class DataFormat:
    """Formats the readers understand (plain strings so they store and print as they are)."""

    CSV = "csv"
    TSV = "tsv"
    PARQUET = "parquet"
    JSON = "json"
    JSONL = "jsonl"
    TEXT = "text"
    MARKDOWN = "markdown"
    MODEL = "model"  # an AI artifact: inventoried, never read or unpickled
    UNKNOWN = "unknown"

    TABULAR = frozenset({CSV, TSV, PARQUET, JSON, JSONL})
    # Tables, workbooks, databases, lake tables and vector stores (formats issue, tables part).
    AVRO = "avro"
    ORC = "orc"
    XLSX = "xlsx"  # .xlsx, .xlsm, .xls: each sheet is a dataset
    SQLITE = "sqlite"  # each table is a dataset
    DELTA = "delta"  # a folder: one dataset at its current version
    ICEBERG = "iceberg"  # a folder: recognised, recorded as unsupported
    HUDI = "hudi"  # a folder: recognised, recorded as unsupported
    CHROMA = "chroma"  # a Chroma persistence folder: its documents' text
    LANCE = "lance"  # a Lance dataset folder
    PARTED = frozenset({XLSX, SQLITE})  # one object, several datasets (`book.xlsx#Sheet1`)
    FOLDER = frozenset({DELTA, ICEBERG, HUDI, CHROMA, LANCE})  # one dataset, many files
    VECTOR_STORE = frozenset({CHROMA, LANCE})
    DOCUMENT = frozenset({TEXT, MARKDOWN})
    # Documents a parser turns into paragraphs (formats issue, documents part).
    PDF = "pdf"
    DOCX = "docx"
    PPTX = "pptx"
    HTML = "html"
    EMAIL = "email"  # one RFC 5322 message (.eml)
    MBOX = "mbox"
    MSG = "msg"  # an Outlook message (OLE)
    PARSED_DOCUMENT = frozenset({PDF, DOCX, PPTX, HTML, EMAIL, MBOX, MSG})


@dataclass(frozen=True)
class Access:
    """Who can reach an object: local owner and mode bits, or a container's access level."""

    owner: str | None = None
    group: str | None = None
    mode: int | None = None  # POSIX permission bits, e.g. 0o644
    world_readable: bool = False
    public: bool = False  # readable without credentials (public container, world-readable file)
    details: tuple[tuple[str, str], ...] = ()  # other facts, e.g. (("encryption_scope", "x"),)


@dataclass(frozen=True)
class StoredObject:
    """One object found by a crawler: where it lives and how to tell whether it changed."""

    source: str  # source name from the config
    uri: str  # absolute, e.g. file:///data/x.csv or abfss://c@acct.dfs.core.windows.net/x.csv
    path: str  # relative to the source root, with forward slashes; the dataset's name
    size: int
    mtime: float  # seconds since the epoch
    fingerprint: str  # sha256 hex for local files, etag for blobs
    format: str  # a DataFormat value
    compression: str | None = None  # "gzip" or None
    access: Access = field(default_factory=Access)
    table_version: int | None = None  # a lake table's or Lance dataset's current version


@dataclass(frozen=True)
class Coverage:
    """How much of an object a scan read."""

    rows_read: int
    rows_total: int | None  # None when unknown without reading everything
    bytes_read: int
    bytes_total: int
    mode: str  # "sample" or "full"
    encoding: str | None = None  # text objects: the Python codec they were read with
    records_unreadable: int = 0  # records skipped: malformed JSON lines, broken CSV records
    records_repaired: int = 0  # records read with a fix: ragged rows padded or cut, bad bytes

    @property
    def row_ratio(self) -> float | None:
        if not self.rows_total:
            return None
        return min(1.0, self.rows_read / self.rows_total)


@dataclass(frozen=True)
class EntityFinding:
    """One entity type found in a column, with how sure we are and why."""

    entity: str
    confidence: float  # 0..1
    ratio: float  # share of non-null values (rows, for free text) that hold the entity
    matches: int  # values (rows) that hold it
    validated: int  # of which confirmed by a checksum or validator
    reason: str  # one sentence a steward can read
    subtype: str | None = None  # Warden's finer kind (STREET_ADDRESS of LOCATION), if any


@dataclass(frozen=True)
class ColumnFinding:
    """What a column holds: entity types with confidence, its level, or 'undetermined'."""

    column: str
    dtype: str
    non_null: int
    entities: tuple[EntityFinding, ...]
    sensitivity: Sensitivity
    undetermined: bool = False
    free_text: bool = False
    reasons: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()  # masked only, e.g. j***@e***.com

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(e.entity for e in self.entities)


@dataclass(frozen=True)
class DatasetFindings:
    """The decision for one dataset: its columns, its level and the reasons for it."""

    columns: tuple[ColumnFinding, ...]
    sensitivity: Sensitivity
    reasons: tuple[str, ...]
    coverage: Coverage
    document: bool = False  # a text document: one pseudo-column "content"

    @property
    def entity_types(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for column in self.columns:
            for entity in column.entity_types:
                seen.setdefault(entity)
        return tuple(seen)
