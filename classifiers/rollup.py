"""The dataset roll-up: the highest column level, combination rules, and the reasons."""

from __future__ import annotations

from collections.abc import Sequence

from classifiers.entities import entity_label, policy_key
from classifiers.model import ColumnFinding, Coverage, DatasetFindings, Sensitivity
from classifiers.policy import Policy


def dataset_findings(
    columns: Sequence[ColumnFinding],
    coverage: Coverage,
    policy: Policy,
    public: bool = False,
    document: bool = False,
) -> DatasetFindings:
    """Max over columns, raised by any combination rule that holds, with reasons."""
    entities = [policy_key(e.entity, e.subtype) for c in columns for e in c.entities]
    level = policy.entities_level(entities, public)
    reasons: list[str] = []
    for column in sorted(columns, key=lambda c: -c.sensitivity):
        if column.entities and column.sensitivity == level:
            kinds = ", ".join(entity_label(e.entity, e.subtype) for e in column.entities)
            where = "the text" if document else f"column '{column.column}'"
            reasons.append(f"{where} holds {kinds} ({column.sensitivity.label})")
    for rule in policy.combination_findings(entities):
        if rule.level > level:
            level = rule.level
            reasons.insert(0, f"combination '{rule.name}': {rule.reason} ({rule.level.label})")
    if not entities:
        clean = "public source, " if public else ""
        reasons.append(f"no sensitive data found ({clean}{level.label})")
    return DatasetFindings(tuple(columns), Sensitivity(level), tuple(reasons), coverage, document)
