"""Accuracy on the labelled sample estate: an in-process scan scored against its answer keys."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.ours import Setup
from classifiers.catalog.store import CatalogStore
from classifiers.evaluation import Key, Score, read_labels, score
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource
from tests.estate import SAMPLE, copy_estate, label_key


@dataclass(frozen=True)
class EstateScan:
    """Findings of one scan of a fresh copy of the estate."""

    found: dict[Key, tuple[str, ...]]  # (label path, column) -> entity types
    levels: dict[str, str]  # label path -> sensitivity label
    counts: dict[str, int]  # objects by outcome: scanned, error, artifact, ...

    @property
    def objects(self) -> int:
        return sum(n for status, n in self.counts.items() if status != "deleted")


@dataclass(frozen=True)
class EstateAccuracy:
    columns: Score
    levels_right: int
    levels_total: int
    wrong_levels: tuple[str, ...]

    @property
    def level_accuracy(self) -> float:
        return self.levels_right / self.levels_total if self.levels_total else 1.0


def prepare_scan(ours: Setup) -> Callable[[], EstateScan]:
    """A scan of a fresh estate copy and catalog for each call; the copy is made untimed."""

    def scan() -> EstateScan:
        return _scan(*_fresh_copy(), ours)

    return scan


def _fresh_copy() -> tuple[Path, CatalogStore]:
    folder = Path(tempfile.mkdtemp(prefix="warden-bench-"))
    root = copy_estate(folder / "estate")
    store = CatalogStore.open(f"sqlite:///{folder / 'c.db'}")
    store.ensure_source("sample", "local", str(root), False, [])
    store.ensure_source("public", "local", str(root / "public"), True, [])
    return root, store


def _scan(root: Path, store: CatalogStore, ours: Setup) -> EstateScan:
    with store:
        scanner = Scanner(store, ours.rules, ours.engine)
        report = scanner.scan(
            [
                LocalSource("sample", root, exclude=("public/**",)),
                LocalSource("public", root / "public", public=True),
            ]
        )
        details = store.details()
    found = {
        (label_key(d.row.source, d.row.path), c.column): c.entity_types
        for d in details
        for c in d.columns
    }
    levels = {
        label_key(d.row.source, d.row.path): d.row.sensitivity.label
        for d in details
        if d.row.sensitivity is not None
    }
    return EstateScan(found, levels, report.counts)


def expected_levels() -> dict[str, str]:
    with (SAMPLE / "labels_datasets.csv").open(encoding="utf-8") as handle:
        return {r["dataset"]: r["expected_level"] for r in csv.DictReader(handle)}


def accuracy(scan: EstateScan, only: set[str] | None = None) -> EstateAccuracy:
    """Column P/R/F1 and dataset-level accuracy (optionally over some datasets only)."""
    labels = read_labels(SAMPLE / "labels.csv")
    if only is not None:
        labels = {k: v for k, v in labels.items() if k[0] in only}
    wanted = {k: v for k, v in expected_levels().items() if v and (only is None or k in only)}
    wrong = tuple(
        f"{k}: expected {v}, got {scan.levels.get(k)}"
        for k, v in sorted(wanted.items())
        if scan.levels.get(k) != v
    )
    return EstateAccuracy(score(labels, scan.found), len(wanted) - len(wrong), len(wanted), wrong)
