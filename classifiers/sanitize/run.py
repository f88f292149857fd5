"""Sanitize one catalogued dataset end to end: plan, copy, verify, publish or set aside, record."""

from __future__ import annotations

import glob
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from classifiers.catalog.lineage_store import LineageStore
from classifiers.catalog.sanitized_store import SanitizedStore
from classifiers.catalog.store import CatalogStore
from classifiers.catalog.views import DatasetDetail
from classifiers.config import WardenConfig
from classifiers.model import DatasetFindings, Sensitivity, StoredObject
from classifiers.nlp import NerEngine
from classifiers.sanitize.copy import (
    SanitizedTable,
    document_findings,
    plan_table,
    sanitize_table,
    table_findings,
)
from classifiers.sanitize.policy import ColumnPlan, SanitizePolicy, sanitize_policy
from classifiers.sanitize.verify import SuiteResult, docs_site, run_suite
from classifiers.sanitize.write import (
    Location,
    SanitizeError,
    atomic_write,
    read_table,
    refuse_own_source,
    table_bytes,
)
from classifiers.scan import Scanner, local_path
from classifiers.sources.local import LocalSource
from lineage.model import Edge


@dataclass(frozen=True)
class SanitizeResult:
    """What happened to one dataset's copy; a copy that did not pass is never offered."""

    source_ref: str
    copy_ref: str
    uri: str
    passed: bool
    rows: int
    plans: tuple[ColumnPlan, ...]
    spans: Mapping[str, int]  # free-text spans replaced per entity type
    copy_level: Sensitivity | None
    copy_entities: tuple[str, ...]
    suite: SuiteResult
    reasons: tuple[str, ...] = field(default=())  # why it failed

    def verification_json(self) -> dict[str, Any]:
        return {
            "copy_level": self.copy_level.label if self.copy_level is not None else None,
            "copy_entities": list(self.copy_entities),
            "spans": dict(self.spans),
            "reasons": list(self.reasons),
            **self.suite.to_json(),
        }


@dataclass(frozen=True)
class Sanitizer:
    """Everything one run needs: the catalog, the config, a full-mode scanner, NER, where to."""

    store: CatalogStore
    config: WardenConfig
    scanner: Scanner  # full-mode rules: the copy is read whole
    ner: NerEngine | None
    location: Location
    environ: Mapping[str, str]
    docs_dir: Path | None = None

    def sanitize(self, source_ref: str) -> SanitizeResult:
        detail = self._detail(source_ref)
        path, relative = local_path(detail.row.uri), detail.row.path
        refuse_own_source(path, self.location, relative)
        rules = self.scanner.rules
        policy = sanitize_policy(self.config.sanitize, rules.policy, self.environ)
        plans = self._plans(detail, policy)
        encoding, headerless = _encoding(detail), _headerless(detail)
        source = read_table(path, detail.row.format, encoding, headerless)
        table = sanitize_table(source, plans, policy, rules.registry, self.ner)
        gzipped = path.name.endswith(".gz")
        data = table_bytes(table.frame, detail.row.format, gzipped, encoding, headerless)
        with tempfile.TemporaryDirectory(prefix="warden-sanitize-") as scratch:
            staged = self.location.staging(relative, Path(scratch))
            atomic_write(staged, data)
            return self._verify_and_place(detail, source_ref, staged, source, table)

    def _plans(self, detail: DatasetDetail, policy: SanitizePolicy) -> list[ColumnPlan]:
        found = document_findings(detail.columns) if detail.document else None
        return plan_table(found or table_findings(detail.columns), policy)

    def check(self, source_ref: str) -> tuple[bool, SuiteResult | None, list[str]]:
        """The GX suite again on the offered copy (Dagster's asset check), with its last rescan;
        the outcome is recorded with the copy in the catalog (`SanitizedCopy.checks`)."""
        latest = SanitizedStore(self.store).latest(source_ref)
        if latest is None:
            return False, None, ["no sanitized copy yet"]
        if not latest.passed:
            kept = f"the latest copy failed verification; kept aside at {latest.uri}"
            return False, None, [kept, *latest.verification.get("reasons", [])]
        detail = self._detail(source_ref)
        policy = sanitize_policy(self.config.sanitize, self.scanner.rules.policy, self.environ)
        plans = self._plans(detail, policy)
        fmt, encoding, headerless = detail.row.format, _encoding(detail), _headerless(detail)
        source = read_table(local_path(detail.row.uri), fmt, encoding, headerless)
        copy = read_table(local_path(latest.uri), fmt, encoding, headerless)
        name = "sanitized_" + "".join(c if c.isalnum() else "_" for c in source_ref)
        registry = self.scanner.rules.registry
        suite = run_suite(name, plans, source, copy, registry, self._docs(latest.copy_ref))
        reasons = [f"{o.expectation} on {o.column}" for o in suite.outcomes if not o.success]
        scanned = self.store.dataset(latest.copy_ref)
        level = scanned.row.sensitivity if scanned is not None else None
        if level is None or level > self.config.sanitize.target:
            reasons.append(f"the copy's last scan says {level.label if level else 'unknown'}")
        SanitizedStore(self.store).record_check(latest.id, not reasons, suite.to_json(), reasons)
        return not reasons, suite, reasons

    def _docs(self, copy_ref: str) -> Path | None:
        """The copy's own Data Docs site under `docs_dir`."""
        return docs_site(self.docs_dir, copy_ref) if self.docs_dir is not None else None

    def _detail(self, source_ref: str) -> DatasetDetail:
        detail = self.store.dataset(source_ref)
        if detail is None or detail.row.kind != "dataset":
            raise SanitizeError(f"no dataset {source_ref!r} in the catalog: scan it first")
        if detail.row.status != "ok":
            raise SanitizeError(f"{source_ref} could not be read by its last scan")
        if not detail.row.uri.startswith("file:"):
            raise SanitizeError(f"{source_ref}: only local sources can be sanitized yet")
        return detail

    def _verify_and_place(
        self,
        detail: DatasetDetail,
        source_ref: str,
        staged: Path,
        source: Any,
        table: SanitizedTable,
    ) -> SanitizeResult:
        relative, target = detail.row.path, self.config.sanitize.target
        copy_ref = f"{self.config.sanitize.source}:{relative}"
        staged_root = staged.parents[len(Path(relative).parts) - 1]
        obj = _stored(self.config.sanitize.source, staged_root, relative)
        findings, evidence = self.scanner.classify(obj, public=False)
        copy = read_table(staged, detail.row.format, _encoding(detail), _headerless(detail))
        name = "sanitized_" + "".join(c if c.isalnum() else "_" for c in source_ref)
        suite = run_suite(
            name, table.plans, source, copy, self.scanner.rules.registry, self._docs(copy_ref)
        )
        reasons = _reasons(findings, target, suite, table)
        passed = not reasons
        if passed:
            uri = self.location.publish(staged, relative, self.environ)
            self._record_copy(detail, relative, findings, evidence)
            LineageStore(self.store).record_edges([Edge(source_ref, copy_ref, "observed", True)])
        else:
            uri = self.location.set_aside(staged, relative, self.environ)
        result = SanitizeResult(
            source_ref,
            copy_ref,
            uri,
            passed,
            copy.height,
            table.plans,
            table.spans,
            findings.sensitivity,
            findings.entity_types,
            suite,
            tuple(reasons),
        )
        operators = {p.column: "free text" if p.free_text else p.operator.name for p in table.plans}
        SanitizedStore(self.store).record(
            source_ref,
            copy_ref,
            uri,
            passed,
            copy.height,
            operators,
            result.verification_json(),
            suite.page_url or suite.docs_url,
        )
        return result

    def _record_copy(
        self, detail: DatasetDetail, relative: str, findings: DatasetFindings, evidence: Any
    ) -> None:
        """The verified copy in the catalog under the copies' source, with its rescan."""
        name, store = self.config.sanitize.source, self.store
        root = self.location.root
        kind = "azure_blob" if self.location.remote else "local"
        store.ensure_source(name, kind, root, public=False, owners=list(detail.row.owners))
        if self.location.remote:
            return  # listed and recorded by the next scan of the container
        obj = _stored(name, Path(root), relative)
        rules = self.scanner.rules
        scan_id = store.start_scan([name], "full", self.scanner.engine.name, rules.version)
        columns = {c: ev.to_json() for c, ev in evidence.columns.items()}
        store.record_result(scan_id, obj, findings, rules.version, columns)
        store.finish_scan(scan_id, "finished", {"scanned": 1})


def _encoding(detail: DatasetDetail) -> str | None:
    coverage = detail.row.coverage
    return coverage.encoding if coverage is not None else None


def dataset_frame(detail: DatasetDetail, uri: str) -> Any:
    """A dataset (or its copy at `uri`) read as the sanitizer reads it."""
    return read_table(local_path(uri), detail.row.format, _encoding(detail), _headerless(detail))


def _headerless(detail: DatasetDetail) -> bool:
    """The scan named the columns column_1, column_2, ...: the file has no header row."""
    names = [c.column for c in detail.columns]
    return bool(names) and names == [f"column_{i}" for i in range(1, len(names) + 1)]


def _stored(source: str, root: Path, relative: str) -> StoredObject:
    crawler = LocalSource(source, root, include=(glob.escape(relative),))
    found = next(iter(crawler.crawl()), None)
    if found is None:
        raise SanitizeError(f"the copy {relative} vanished before it was verified")
    return found


def _reasons(
    findings: DatasetFindings, target: Sensitivity, suite: SuiteResult, table: SanitizedTable
) -> list[str]:
    reasons = []
    if findings.sensitivity > target:
        types = ", ".join(findings.entity_types) or "a combination"
        reasons.append(
            f"the full rescan finds the copy {findings.sensitivity.label} ({types}), "
            f"above the target {target.label}"
        )
    failed = [o for o in suite.outcomes if not o.success]
    reasons += [
        f"{o.expectation}"
        + (f" on {o.column}" if o.column else "")
        + (f": {o.unexpected} unexpected" if o.unexpected else "")
        for o in failed
    ]
    reasons += [
        f"column {c} was not found in the table: it was not sanitized" for c in table.missing
    ]
    return reasons
