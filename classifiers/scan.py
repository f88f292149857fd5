"""Scan sources: crawl, skip what is unchanged, read, gather evidence, decide, record.

Each object is one transaction in the catalog, so a scan stopped half-way leaves a consistent
catalog and the next scan picks up what is left. Each object is read under its lease
(`catalog.leases`): a second scan running at the same time skips it ("already being scanned
by scan N"), and one that gets the lease after the first recorded it finds it unchanged. A bad
object is recorded with its error and the scan goes on, and so is one that runs past its time
or memory budget (`budget`).
"""

from __future__ import annotations

import logging
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Protocol, runtime_checkable
from urllib.parse import urlparse
from urllib.request import url2pathname

from classifiers.artifacts.inspect import inspect_artifact
from classifiers.artifacts.report import unknown
from classifiers.budget import Budget, BudgetExceeded, Checkpoint, carry_on
from classifiers.catalog.leases import ScanLeases
from classifiers.catalog.store import CatalogStore
from classifiers.decide.table import decide_columns
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evidence import TableEvidence
from classifiers.kill_points import kill_point
from classifiers.model import DataFormat, DatasetFindings, StoredObject
from classifiers.nlp import BackgroundNer
from classifiers.readers import (
    ReadableObject,
    ReadError,
    RowCheck,
    TableRead,
    detect_format,
    open_table,
)
from classifiers.readers.base import short_reason
from classifiers.readers.parts import (
    PartCopies,
    named_parts,
    part_name,
    split_parts,
    whole_object,
)
from classifiers.readers.readable import LocalFile
from classifiers.recognizers import warm
from classifiers.recognizers.registry import Registry
from classifiers.rollup import dataset_findings
from classifiers.rules import ScanRules
from classifiers.sources.remote_folders import CopiesFolders, copied_folder
from classifiers.value_names import first_row_is_data, masked_names

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What happened to one object in a scan."""

    obj: StoredObject
    status: str  # "scanned", "unchanged", "artifact", "error", "busy" (another scan has it)
    findings: DatasetFindings | None = None
    error: str | None = None
    held_by: int | None = None  # busy: the scan reading it now

    @property
    def busy_reason(self) -> str:
        return f"already being scanned by scan {self.held_by}"


@dataclass
class ScanReport:
    scan_id: int
    outcomes: list[Outcome] = field(default_factory=list)
    deleted: int = 0

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(o.status for o in self.outcomes)
        return {**counts, "deleted": self.deleted}


Observer = Callable[[str, int | None, Outcome | None], None]  # (source, total, outcome)


class ObjectSource(Protocol):
    """What the scanner needs of a source: its name, its objects and whether it is public."""

    @property
    def name(self) -> str: ...

    @property
    def public(self) -> bool: ...

    def crawl(self) -> Iterable[StoredObject]: ...


@runtime_checkable
class ReadsThrough(Protocol):
    """A source whose objects are read through it (ranged reads of blobs), not as local files.

    Such a source lists objects without reading them, so their format is only guessed from
    the name; the scanner sniffs it from the first bytes of the objects it reads.
    """

    def readable(self, obj: StoredObject) -> ReadableObject: ...


class Scanner:
    """Runs one scan over some sources with one set of rules and one engine."""

    def __init__(self, store: CatalogStore, rules: ScanRules, engine: PolarsEngine) -> None:
        self.store = store
        self.rules = rules
        self.engine = engine
        self._copies = PartCopies()  # the remote workbook or database being read part by part
        # An object's lease outlasts its time budget (a scan past it has stopped the object).
        self.lease_for = timedelta(seconds=2 * rules.bounds.seconds + 60)
        self._leases: ScanLeases | None = None

    @property
    def leases(self) -> ScanLeases:
        if self._leases is None:
            self._leases = ScanLeases(self.store)
        return self._leases

    def scan(self, sources: Iterable[ObjectSource], observer: Observer | None = None) -> ScanReport:
        sources = list(sources)
        version = self.rules.version
        scan_id = self.store.start_scan(
            [s.name for s in sources], self.rules.options.mode, self.engine.name, version
        )
        report = ScanReport(scan_id)
        status = "interrupted"
        try:
            for source in sources:
                self._scan_source(source, report, observer)
            status = "finished"
        finally:
            self.store.finish_scan(scan_id, status, report.counts)
            self.leases.release_scan(scan_id)
        return report

    def _scan_source(
        self, source: ObjectSource, report: ScanReport, observer: Observer | None
    ) -> None:
        through = source if isinstance(source, ReadsThrough) else None
        objects = [part for obj in source.crawl() for part in self._parts(obj, through)]
        if observer:
            observer(source.name, len(objects), None)
        try:
            for obj in objects:
                public = source.public or obj.access.public  # a public container, say
                outcome = self.scan_object(report.scan_id, obj, public, through)
                report.outcomes.append(outcome)
                if observer:
                    observer(source.name, None, outcome)
        finally:
            self._copies.close()
        report.deleted += self.store.mark_deleted(source.name, {o.path for o in objects})

    def scan_object(
        self, scan_id: int, obj: StoredObject, public: bool, through: ReadsThrough | None = None
    ) -> Outcome:
        """Scan one object under its lease; "busy" when another scan holds the lease."""
        held_by = self.leases.take(scan_id, obj.source, obj.path, self.lease_for)
        if held_by is not None:
            logger.info("%s: already being scanned by scan %d", obj.uri, held_by)
            return Outcome(obj, "busy", held_by=held_by)
        kill_point("object_leased")
        try:
            outcome = self._scan_leased(scan_id, obj, public, through)
            if outcome.status != "unchanged":
                kill_point("object_written")  # a version recorded, the lease not yet released
        finally:
            self.leases.release(scan_id, obj.source, obj.path)
        return outcome

    def _scan_leased(
        self, scan_id: int, obj: StoredObject, public: bool, through: ReadsThrough | None
    ) -> Outcome:
        # Looked up under the lease: a scan that held it before may have recorded it just now.
        version = self.rules.version
        previous = self.store.previous(obj.source, obj.path)
        if (
            previous
            and previous.status == "ok"
            and previous.fingerprint == obj.fingerprint
            and previous.rules_version == version
            # A container made public is news even when no blob changed: record it again.
            and previous.public == obj.access.public
            and previous.inspected  # an artifact inventoried before inspection existed
        ):
            self.store.touch_unchanged(scan_id, obj)
            return Outcome(obj, "unchanged")
        if obj.format == DataFormat.MODEL:
            return self._record_artifact(scan_id, obj, through)
        budget = Budget(self.rules.bounds)
        try:
            readable = through.readable(whole_object(obj)) if through else None
            if readable is not None and part_name(obj) is not None:  # one download per object
                readable = self._copies.of(whole_object(obj), readable, self.rules.sampling)
            if readable is not None and obj.format not in DataFormat.FOLDER:  # not one blob
                obj = _sniffed(obj, readable)
            if through is not None and obj.format in DataFormat.FOLDER:
                findings, evidence = self._classify_copy(obj, public, through, budget.check)
            else:
                findings, evidence = self.classify(obj, public, readable, budget.check)
        except (ReadError, BudgetExceeded) as exc:
            if isinstance(exc, BudgetExceeded):
                logger.warning("%s: %s; the scan goes on", obj.uri, exc)
            self.store.record_error(scan_id, obj, str(exc), version)
            return Outcome(obj, "error", error=str(exc))
        except Exception as exc:  # a bug or library failure on one object must not stop the scan
            # The frames show where; the message is masked (a library may quote a value).
            logger.error(
                "unexpected failure classifying %s: %s: %s\n%s",
                obj.uri,
                type(exc).__name__,
                short_reason(exc),
                "".join(traceback.format_tb(exc.__traceback__)).rstrip(),
            )
            message = f"internal error: {type(exc).__name__}"
            self.store.record_error(scan_id, obj, message, version)
            return Outcome(obj, "error", error=message)
        columns_json = {name: ev.to_json() for name, ev in evidence.columns.items()}
        self.store.record_result(scan_id, obj, findings, version, columns_json)
        return Outcome(obj, "scanned", findings=findings)

    def _classify_copy(
        self, obj: StoredObject, public: bool, through: ReadsThrough, checkpoint: Checkpoint
    ) -> tuple[DatasetFindings, TableEvidence]:
        """A remote table folder (a Delta table, a Chroma store), read from a local copy of
        the files the read needs (`remote_folders.copied_folder`)."""
        if not isinstance(through, CopiesFolders):
            raise ReadError(f"a {obj.format} table folder cannot be read from this source")
        cap = None if self.rules.sampling.full else through.max_blob_bytes
        sampling = replace(self.rules.sampling, max_object_bytes=cap)
        with copied_folder(through, obj, sampling) as folder:
            return self.classify(obj, public, LocalFile(folder, sample_cap=cap), checkpoint)

    def _parts(self, obj: StoredObject, through: ReadsThrough | None) -> list[StoredObject]:
        """A workbook's sheets or a database's tables, each a dataset (`parts.split_parts`);
        those recorded for the same fingerprint when it is unchanged, without reading it."""
        if obj.format not in DataFormat.PARTED:
            return [obj]
        known = self.store.parts(obj.source, obj.path)
        if known and all(fingerprint == obj.fingerprint for _, fingerprint in known):
            return named_parts(obj, [path[len(obj.path) + 1 :] for path, _ in known])
        readable = through.readable(obj) if through else LocalFile(local_path(obj.uri))
        return split_parts(obj, readable)

    def _record_artifact(
        self, scan_id: int, obj: StoredObject, through: ReadsThrough | None
    ) -> Outcome:
        """Inspect a model file's opcodes or header, never loading it, and record the report."""
        try:
            readable = through.readable(obj) if through else None
            report = inspect_artifact(readable or LocalFile(local_path(obj.uri)))
        except Exception as exc:  # a bug or a failed read on one artifact must not stop the scan
            logger.error("unexpected failure inspecting %s: %s", obj.uri, type(exc).__name__)
            report = unknown("unknown", f"internal error: {type(exc).__name__}")
        self.store.record_artifact(scan_id, obj, report.to_json())
        return Outcome(obj, "artifact")

    def classify(
        self,
        obj: StoredObject,
        public: bool,
        readable: ReadableObject | None = None,
        checkpoint: Checkpoint = carry_on,
    ) -> tuple[DatasetFindings, TableEvidence]:
        """`checkpoint` is called as the object is read and evaluated (its budget's check)."""
        if obj.size >= warm.WARM_BYTES and obj.format not in DataFormat.FOLDER:
            warm.start()  # Presidio's import beside the read, not after it
            # The NER worker too: loading its model (about a second of CPU, in its own
            # process) is otherwise what the end of the table's confirmation waits for.
            ner = getattr(self.engine, "ner", None)
            if isinstance(ner, BackgroundNer):
                ner.start()
        source = readable or local_path(obj.uri)
        registry = self.rules.registry
        sampling, rows_check = self.rules.sampling, headerless_check(registry)
        table = open_table(
            source, obj.format, obj.compression, sampling, rows_check, checkpoint, part_name(obj)
        )
        evidence = read_evidence(table, self.engine, registry, checkpoint)
        if evidence.rows == 0 and not evidence.columns:
            raise ReadError("no rows to read")
        rules = self.rules
        columns = decide_columns(evidence, rules.registry, rules.policy, rules.thresholds, public)
        findings = dataset_findings(columns, table.coverage, rules.policy, public, table.document)
        return findings, evidence


def headerless_check(registry: Registry) -> RowCheck:
    """What tells a CSV file without a header row (`value_names.first_row_is_data`)."""
    return partial(first_row_is_data, registry=registry)


def read_evidence(
    table: TableRead, engine: PolarsEngine, registry: Registry, checkpoint: Checkpoint = carry_on
) -> TableEvidence:
    """Every batch of a table through the engine, the batches' evidence added up. Column
    names that are values (no header row) are masked before the engine sees them. The
    checkpoint is called between batches and inside the engine's loops."""
    evidence = TableEvidence()
    names: dict[str, str] = {}  # each column's name as recorded
    for batch in table.batches():
        checkpoint()
        fresh = [c for c in batch.columns if c not in names]
        if fresh:
            names |= dict(zip(fresh, fresh, strict=True))
            names |= _masked(fresh, registry, list(names.values()), checkpoint)
        evidence = evidence + engine.table_evidence(batch.rename(names, strict=False), checkpoint)
        checkpoint()
    return evidence


NAMES_PER_CHECK = 2_500  # column names read for values between two budget checks (each call
# runs every prefilter once: a fixed ~0.2 s, so parts of a few hundred cost more than the names)


def _masked(
    fresh: list[str], registry: Registry, taken: list[str], checkpoint: Checkpoint
) -> dict[str, str]:
    """`masked_names` of a batch's new column names, a few hundred at a time with a budget
    check between (thousands of names holding digits take seconds); the same names as in
    one call: each part avoids every name taken before it."""
    renamed: dict[str, str] = {}
    for start in range(0, len(fresh), NAMES_PER_CHECK):
        checkpoint()
        part = fresh[start : start + NAMES_PER_CHECK]
        renamed |= masked_names(part, registry, taken=[*taken, *renamed.values()])
    return renamed


def _sniffed(obj: StoredObject, readable: ReadableObject) -> StoredObject:
    """The object with the format and compression its first bytes show."""
    fmt, compression = detect_format(readable)
    return replace(obj, format=fmt, compression=compression)


def local_path(uri: str) -> Path:
    """The file behind a file:// URI (percent-escapes decoded)."""
    return Path(url2pathname(urlparse(uri).path))
