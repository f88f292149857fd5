"""Scan the corpus with Warden's real Scanner (a temporary catalog, the default rules)."""

from __future__ import annotations

import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from bench.ours import Setup
from classifiers.catalog.store import CatalogStore
from classifiers.model import Sensitivity
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource

Key = tuple[str, str]


@dataclass(frozen=True)
class CorpusScan:
    """What Warden reported for every table and column of the corpus."""

    found: dict[Key, tuple[str, ...]]  # (table, column) -> entity types
    reasons: dict[Key, tuple[str, ...]]
    levels: dict[str, Sensitivity | None]  # None: errored or never classified
    errors: dict[str, str]


def scan_corpus(data: Path, ours: Setup, only: Collection[str] = ()) -> CorpusScan:
    """Every table, or `only` these (one half: scoring dev need not read test)."""
    include = tuple(sorted(only)) or ("**/*",)
    with tempfile.TemporaryDirectory(prefix="warden-evalcorpus-") as folder:
        store = CatalogStore.open(f"sqlite:///{Path(folder) / 'catalog.db'}")
        store.ensure_source("evalcorpus", "local", str(data), False, [])
        source = LocalSource("evalcorpus", data, include=include)
        with store:
            Scanner(store, ours.rules, ours.engine).scan([source])
            details = store.details()
    found = {(d.row.path, c.column): c.entity_types for d in details for c in d.columns}
    reasons = {(d.row.path, c.column): c.reasons for d in details for c in d.columns}
    levels = {d.row.path: d.row.sensitivity for d in details}
    errors = {d.row.path: d.row.error for d in details if d.row.error}
    return CorpusScan(found, reasons, levels, errors)


def setup_mode(mode: str) -> Setup:
    """Warden's rules for a mode with NER in its worker process, as the bench runs it."""
    from bench.ours import setup
    from classifiers.nlp import load_ner

    return setup(mode, load_ner(background=True))
