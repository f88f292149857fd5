"""Decisions over evidence: which entity types a column holds, how sure we are, and why."""

from __future__ import annotations

from dataclasses import dataclass

from classifiers.decide_rules import DATE_ENTITY, date_guard, identifier_guard, url_guard
from classifiers.decide_text import ner_entities, readable_reason
from classifiers.evidence import ColumnEvidence, MatchCounts
from classifiers.model import ColumnFinding, EntityFinding
from classifiers.names import hinted_entities, mentions
from classifiers.policy import Policy
from classifiers.recognizers.registry import RecognizerSpec, Registry


@dataclass(frozen=True)
class Thresholds:
    min_values: int = 10
    min_ratio: float = 0.6
    min_free_text_ratio: float = 0.02
    min_free_text_rows: int = 2
    min_score: float = 0.5


def is_free_text(evidence: ColumnEvidence) -> bool:
    return evidence.non_null > 0 and (
        evidence.prose * 2 >= evidence.non_null or evidence.mean_length > 80
    )


def _sparse(spec: RecognizerSpec, counts: MatchCounts) -> bool:
    """A checksum-confirmed value among few candidates: one card number in a million rows."""
    checksum = spec.validates and spec.name != "PhoneRecognizer"
    return checksum and counts.validated >= 1 and counts.validated * 2 >= counts.candidates


def _accepts(spec: RecognizerSpec, counts: MatchCounts, column: str, free_text: bool,
             t: Thresholds) -> bool:  # fmt: skip
    context = bool(spec.context) and mentions(column, spec.context)
    if free_text:
        enough = counts.matched >= t.min_free_text_rows and counts.ratio >= t.min_free_text_ratio
        return enough and counts.mean_score >= t.min_score
    if counts.whole_ratio < t.min_ratio:
        return _sparse(spec, counts) and counts.whole >= counts.validated
    validated_share = counts.validated / counts.matched if counts.matched else 0.0
    if spec.validates and validated_share >= t.min_ratio:
        return True
    return counts.mean_score >= t.min_score and (spec.base_score >= t.min_score or context)


def _guard(entity: str, evidence: ColumnEvidence, counts: MatchCounts, free_text: bool) -> str | None:
    hinted = entity in hinted_entities(evidence.column) or bool(
        mentions(evidence.column, ("phone", "tel", "mobile", "licence", "license"))
    )
    if entity == DATE_ENTITY:
        return date_guard(evidence.column, free_text)
    if entity == "URL":
        return url_guard(evidence.column, counts.mean_score, hinted)
    return identifier_guard(entity, evidence.column, evidence, hinted)


def _pattern_entities(evidence: ColumnEvidence, registry: Registry, free_text: bool,
                      t: Thresholds) -> list[tuple[EntityFinding, RecognizerSpec]]:  # fmt: skip
    specs = {s.name: s for s in registry.specs}
    best: dict[str, tuple[EntityFinding, RecognizerSpec]] = {}
    for name, counts in evidence.matches.items():
        spec = specs.get(name)
        if spec is None or counts.matched == 0:
            continue
        if not _accepts(spec, counts, evidence.column, free_text, t):
            continue
        if _guard(spec.entity, evidence, counts, free_text):
            continue
        finding = EntityFinding(
            entity=spec.entity,
            confidence=_confidence(spec, counts, evidence.column, free_text),
            ratio=round(counts.ratio, 4),
            matches=counts.matched,
            validated=counts.validated,
            reason=readable_reason(spec, counts, evidence, free_text),
        )
        held = best.get(spec.entity)
        if held is None or finding.confidence > held[0].confidence:
            best[spec.entity] = (finding, spec)
    return list(best.values())


def _confidence(spec: RecognizerSpec, counts: MatchCounts, column: str, free_text: bool) -> float:
    validated = counts.validated / counts.matched if counts.matched else 0.0
    hint = 1.0 if spec.context and mentions(column, spec.context) else 0.0
    share = min(1.0, counts.ratio * (10 if free_text else 1))
    value = 0.45 * share + 0.35 * counts.mean_score + 0.1 * validated + 0.1 * hint
    if _sparse(spec, counts) and counts.ratio < 0.5:
        value = max(value, 0.8)
    return round(min(1.0, value), 3)


def _single_entity(found: list[tuple[EntityFinding, RecognizerSpec]]) -> list[EntityFinding]:
    """A structured column holds one kind of value: keep the best entity, plus others only
    when checksums confirm them too (a column mixing cards and IBANs)."""
    if not found:
        return []
    ranked = sorted(found, key=lambda f: (f[0].validated, f[0].confidence), reverse=True)
    top = ranked[0][0]
    extra = [f for f, s in ranked[1:] if s.validates and f.validated >= 0.5 * top.matches]
    return [top, *extra]


def decide_column(evidence: ColumnEvidence, registry: Registry, policy: Policy,
                  thresholds: Thresholds, public: bool = False) -> ColumnFinding:  # fmt: skip
    free_text = is_free_text(evidence)
    found = _pattern_entities(evidence, registry, free_text, thresholds)
    entities = [f for f, _ in found] if free_text else _single_entity(found)
    entities += ner_entities(evidence, free_text, thresholds, {e.entity for e in entities})
    if evidence.temporal and not date_guard(evidence.column, False):
        entities.append(EntityFinding(DATE_ENTITY, 0.8, 1.0, evidence.non_null, 0,
                                      f"dates in '{evidence.column}', a column about a person"))
    undetermined = not entities and evidence.non_null < thresholds.min_values and not free_text
    entities.sort(key=lambda e: -e.confidence)
    level = policy.entities_level((e.entity for e in entities), public)
    reasons = tuple(e.reason for e in entities) or (
        (f"only {evidence.non_null} non-null values (fewer than {thresholds.min_values})",)
        if undetermined else ()
    )  # fmt: skip
    examples = tuple(x for e in entities for x in evidence.examples.get(e.entity, ()))[:3]
    return ColumnFinding(
        column=evidence.column, dtype=evidence.dtype, non_null=evidence.non_null,
        entities=tuple(entities), sensitivity=level, undetermined=undetermined,
        free_text=free_text, reasons=reasons, examples=examples,
    )  # fmt: skip
