"""Warden's own engine on one generated file: read, gather evidence, decide, score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from classifiers.config import WardenConfig
from classifiers.decide.table import decide_columns
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evaluation import Score, score
from classifiers.model import Coverage
from classifiers.nlp import NerEngine
from classifiers.readers import detect_format, open_table
from classifiers.rules import ScanRules, scan_rules
from classifiers.scan import headerless_check, read_evidence


@dataclass(frozen=True)
class Setup:
    """The rules and engine of one mode."""

    rules: ScanRules
    engine: PolarsEngine


@dataclass(frozen=True)
class FileRun:
    """What classifying one file found and how much of it was read."""

    found: dict[str, tuple[str, ...]]  # column -> entity types
    coverage: Coverage
    columns: int

    @property
    def cells_read(self) -> int:
        return self.coverage.rows_read * self.columns


def setup(mode: str, ner: NerEngine | None) -> Setup:
    rules = scan_rules(WardenConfig.default(), mode)
    return Setup(rules, PolarsEngine(rules.registry, ner, rules.options))


def classify_file(path: Path, ours: Setup) -> FileRun:
    """The Scanner.classify path without the catalog: every batch through the engine."""
    rules = ours.rules
    fmt, compression = detect_format(path)
    table = open_table(path, fmt, compression, rules.sampling, headerless_check(rules.registry))
    evidence = read_evidence(table, ours.engine, rules.registry)
    findings = decide_columns(evidence, rules.registry, rules.policy, rules.thresholds)
    found = {f.column: f.entity_types for f in findings}
    return FileRun(found, table.coverage, len(evidence.columns))


def score_columns(
    labels: Mapping[str, frozenset[str]], found: Mapping[str, tuple[str, ...]]
) -> Score:
    """Column findings of one table against its labels (every labelled column counts)."""
    return score(
        {("table", c): e for c, e in labels.items()}, {("table", c): e for c, e in found.items()}
    )
