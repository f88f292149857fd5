"""What the catalog store hands back: frozen rows for datasets, columns, versions, scans, errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from classifiers.artifacts.report import ArtifactReport
from classifiers.model import Access, Coverage, EntityFinding, Sensitivity


@dataclass(frozen=True)
class PreviousVersion:
    """The latest stored version of an object, to decide whether it needs reading again."""

    fingerprint: str
    rules_version: str
    status: str  # "ok" or "error"
    public: bool = False  # readable by anyone when it was recorded (a container's access level)
    inspected: bool = True  # False for an AI artifact recorded before artifacts were inspected


@dataclass(frozen=True)
class DatasetRow:
    """The latest state of one asset (dataset or AI artifact) with its source's ownership."""

    source: str
    path: str
    uri: str
    format: str
    kind: str  # "dataset" or "artifact"
    status: str  # "ok" or "error"
    sensitivity: Sensitivity | None  # None when errored or never classified (artifacts)
    entities: tuple[str, ...]
    coverage: Coverage | None
    error: str | None
    scanned_at: datetime
    access: Access
    owners: tuple[str, ...]
    public: bool  # the source is declared public
    deleted_at: datetime | None = None
    artifact: ArtifactReport | None = None  # an inspected AI artifact's verdict and header
    table_version: int | None = None  # a lake table's version (Delta, Lance) when read


@dataclass(frozen=True)
class ColumnRow:
    """A stored column finding, with the engine's evidence for it."""

    column: str
    dtype: str
    non_null: int
    sensitivity: Sensitivity
    undetermined: bool
    free_text: bool
    entities: tuple[EntityFinding, ...]
    reasons: tuple[str, ...]
    examples: tuple[str, ...]  # masked
    evidence: Mapping[str, Any]

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(e.entity for e in self.entities)


@dataclass(frozen=True)
class DatasetDetail:
    """One asset's latest version in full: its row, the roll-up reasons and every column."""

    row: DatasetRow
    reasons: tuple[str, ...]
    document: bool
    fingerprint: str
    rules_version: str
    columns: tuple[ColumnRow, ...]


@dataclass(frozen=True)
class ColumnSummary:
    """A stored column finding as an asset page shows it: without examples and evidence."""

    column: str
    dtype: str
    sensitivity: Sensitivity
    undetermined: bool
    entities: tuple[EntityFinding, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DatasetSummary:
    """One asset's latest state with its columns, read in bulk for every asset at once; equal
    column layouts are one shared tuple (`summaries.summaries`)."""

    row: DatasetRow
    reasons: tuple[str, ...]
    columns: tuple[ColumnSummary, ...]


@dataclass(frozen=True)
class VersionRow:
    """One stored version of an asset, oldest first in a history."""

    version_id: int
    scan_id: int
    created_at: datetime
    fingerprint: str
    size: int
    mtime: float
    rules_version: str
    status: str
    sensitivity: Sensitivity | None
    entities: tuple[str, ...]
    coverage: Coverage | None
    error: str | None


@dataclass(frozen=True)
class ErrorRow:
    """An object that could not be read or classified, and why."""

    scan_id: int
    version_id: int
    source: str
    path: str
    uri: str
    error: str
    created_at: datetime


@dataclass(frozen=True)
class ScanRow:
    """One scan run: what it covered, how it ended and its counts."""

    id: int
    sources: tuple[str, ...]
    mode: str
    engine: str
    rules_version: str
    started_at: datetime
    finished_at: datetime | None
    status: str  # "running", "finished" or "interrupted"
    counts: Mapping[str, int]
