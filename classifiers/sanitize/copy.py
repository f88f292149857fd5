"""One dataset's sanitized table: structured columns by Polars operators, free text by spans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import polars as pl

from classifiers.model import EntityFinding
from classifiers.nlp import NerEngine
from classifiers.recognizers.registry import Registry
from classifiers.sanitize.columns import column_expr
from classifiers.sanitize.policy import ColumnPlan, SanitizePolicy, column_plan
from classifiers.sanitize.text import anonymize_texts, text_removal
from classifiers.sanitize.write import TEXT_COLUMN


class ColumnFindings(Protocol):
    """A column's classification, as the scan records it (ColumnFinding or ColumnRow)."""

    @property
    def column(self) -> str: ...

    @property
    def entities(self) -> tuple[EntityFinding, ...]: ...

    @property
    def free_text(self) -> bool: ...


@dataclass(frozen=True)
class SanitizedTable:
    """The copy's rows, what was done to which column, and what could not be done."""

    frame: pl.DataFrame
    plans: tuple[ColumnPlan, ...]
    spans: dict[str, int]  # free-text spans replaced, per entity type
    missing: tuple[str, ...]  # classified columns the table does not have at its top level

    @property
    def keyed_columns(self) -> tuple[str, ...]:
        return tuple(p.column for p in self.plans if p.keyed)


Findings = list[tuple[str, tuple[EntityFinding, ...], bool]]  # (column, entities, free text)


def document_findings(columns: Sequence[ColumnFindings]) -> Findings:
    """A document is one free-text column holding every type found in it."""
    entities = tuple(e for c in columns for e in c.entities)
    return [(TEXT_COLUMN, entities, True)]


def table_findings(columns: Sequence[ColumnFindings]) -> Findings:
    return [(c.column, tuple(c.entities), c.free_text) for c in columns]


def plan_table(findings: Findings, policy: SanitizePolicy) -> list[ColumnPlan]:
    plans = [column_plan(name, entities, free, policy) for name, entities, free in findings]
    return [p for p in plans if p is not None]


def sanitize_table(
    frame: pl.DataFrame,
    plans: Sequence[ColumnPlan],
    policy: SanitizePolicy,
    registry: Registry,
    ner: NerEngine | None,
) -> SanitizedTable:
    present = [p for p in plans if p.column in frame.columns]
    missing = tuple(p.column for p in plans if p.column not in frame.columns)
    structured = [p for p in present if not p.free_text]
    out = (
        frame.with_columns([column_expr(p, frame.schema[p.column], policy.key) for p in structured])
        if structured
        else frame
    )
    spans: dict[str, int] = {}
    for plan in (p for p in present if p.free_text):
        if frame.schema[plan.column] != pl.String:
            missing += (plan.column,)  # nested free text: not reached at the top level
            continue
        removal = text_removal(registry, policy, plan.entities, ner)
        column, counts = anonymize_texts(out[plan.column], removal, ner)
        out = out.with_columns(column)
        for entity, count in counts.items():
            spans[entity] = spans.get(entity, 0) + count
    return SanitizedTable(out, tuple(present), spans, missing)
