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
from classifiers.sanitize.nested import leaf_values, nested_path, replace_at
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
    missing: tuple[str, ...]  # classified columns (or paths) the table does not have

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
    nested = {p: nested_path(p.column, frame.schema) for p in plans if p not in present}
    missing = tuple(p.column for p, where in nested.items() if where is None)
    structured = [p for p in present if not p.free_text]
    out = (
        frame.with_columns([column_expr(p, frame.schema[p.column], policy.key) for p in structured])
        if structured
        else frame
    )
    spans: dict[str, int] = {}
    for plan in (p for p in present if p.free_text):
        if frame.schema[plan.column] != pl.String:
            missing += (plan.column,)  # free text in a number column: nothing to read
            continue
        column, counts = anonymize_texts(out[plan.column], text_removal(registry, policy,
                                         plan.entities, ner), ner)  # fmt: skip
        out = out.with_columns(column)
        _add(spans, counts)
    for plan, where in nested.items():
        if where is None:
            continue
        if plan.free_text and where.dtype != pl.String:
            missing += (plan.column,)
            continue
        values = leaf_values(out, where).alias(plan.column)
        pairs, counts = _sanitized_values(values, plan, policy, registry, ner)
        out = replace_at(out, where, pairs["before"], pairs["after"])
        _add(spans, counts)
    return SanitizedTable(out, tuple(p for p in plans if p.column not in missing), spans, missing)


def _sanitized_values(
    values: pl.Series,
    plan: ColumnPlan,
    policy: SanitizePolicy,
    registry: Registry,
    ner: NerEngine | None,
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Each distinct value of a nested path (`before`) and its sanitized form (`after`), as a
    flat column of the path's values would have it; free-text spans counted per occurrence."""
    if not plan.free_text:
        distinct = values.unique()
        sanitized = distinct.to_frame().select(column_expr(plan, values.dtype, policy.key))
        return pl.DataFrame({"before": distinct, "after": sanitized[plan.column]}), {}
    removal = text_removal(registry, policy, plan.entities, ner)
    texts, counts = anonymize_texts(values, removal, ner)  # distinct texts analysed once
    pairs = pl.DataFrame({"before": values, "after": texts})
    return pairs.unique("before", maintain_order=True), counts


def _add(spans: dict[str, int], counts: dict[str, int]) -> None:
    for entity, count in counts.items():
        spans[entity] = spans.get(entity, 0) + count
