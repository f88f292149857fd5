"""Decisions over evidence: which entity types a column holds, how sure we are, and why."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from classifiers.decide.documents import (
    high_risk_findings,
    machine_text,
    strong_in_machine_text,
)
from classifiers.decide.groups import SCORE_EPSILON, EntityGroup, entity_groups
from classifiers.decide.ids import IDENTITY_TYPES, mixed_identifiers
from classifiers.decide.kinds import finding_examples, finding_key, reported_kind, standard_findings
from classifiers.decide.people import PEOPLE_AND_PLACES, people_and_places
from classifiers.decide.rules import (
    DATE_ENTITY,
    checksum_guard,
    date_finding,
    date_guard,
    dated_values,
    identifier_guard,
    url_guard,
)
from classifiers.decide.text import ner_entities, readable_reason
from classifiers.evidence import ColumnEvidence
from classifiers.model import ColumnFinding, EntityFinding
from classifiers.names import hinted_entities
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry

WEAK_PATTERN = 0.3  # below this base score a pattern needs context, checksum or not
# ... unless nearly every value passes its checksum: far beyond the 1 in 10 of chance.
SURE_CHECKSUM = 0.9


@dataclass(frozen=True)
class Thresholds:
    min_values: int = 10
    min_ratio: float = 0.6
    min_free_text_ratio: float = 0.02
    min_free_text_rows: int = 2
    min_score: float = 0.5


def is_free_text(evidence: ColumnEvidence) -> bool:
    return evidence.non_null > 0 and evidence.prose * 2 >= evidence.non_null


def _sparse(group: EntityGroup) -> bool:
    """A checksum-confirmed value among few candidates: one card number in a million rows."""
    counts = group.counts
    return group.checksum and counts.validated >= 1 and counts.validated * 2 >= counts.candidates


def _sparse_alone(group: EntityGroup) -> bool:
    trusted = group.base_score >= WEAK_PATTERN or group.context
    return trusted and _sparse(group) and group.counts.whole >= group.counts.validated


def _accepts(group: EntityGroup, free_text: bool, t: Thresholds) -> bool:
    counts = group.counts
    trusted = group.base_score >= WEAK_PATTERN or group.context
    scored = counts.mean_score >= t.min_score - SCORE_EPSILON
    if free_text:
        min_rows = min(t.min_free_text_rows, max(1, counts.analysed // 2))  # short texts
        enough = counts.matched >= min_rows and counts.ratio >= t.min_free_text_ratio
        return enough and trusted and (scored or group.validated_share >= 0.5)
    if counts.whole_ratio < t.min_ratio:
        return False
    if group.validates and group.validated_share >= t.min_ratio:
        sure = group.checksum and group.validated_share >= SURE_CHECKSUM
        return trusted or (sure and counts.validated >= t.min_values)
    # A weak pattern (a bare 5-digit number) holds when the column name is its context word.
    return (scored and group.base_score >= t.min_score) or group.context


def _guard(group: EntityGroup, evidence: ColumnEvidence, free_text: bool) -> str | None:
    entity = group.entity
    hinted = entity in hinted_entities(evidence.column) or group.context
    if entity == DATE_ENTITY:
        return date_guard(evidence.column, free_text)
    if entity == "URL":
        return url_guard(evidence.column, group.counts.mean_score, hinted)
    trusted = free_text or group.base_score >= WEAK_PATTERN or group.context
    return identifier_guard(entity, evidence.column, evidence, hinted) or checksum_guard(
        entity, evidence.column, trusted
    )


def _confidence(group: EntityGroup, free_text: bool) -> float:
    counts = group.counts
    share = min(1.0, (counts.ratio * 10) if free_text else counts.whole_ratio)
    value = (
        0.45 * share + 0.35 * counts.mean_score + 0.1 * group.validated_share + 0.1 * group.context
    )
    if _sparse(group) and share < 0.5:
        value = max(value, 0.8)
    return round(min(1.0, value), 3)


def _pattern_entities(
    evidence: ColumnEvidence, registry: Registry, free_text: bool, t: Thresholds
) -> list[tuple[EntityFinding, EntityGroup]]:
    groups = [g for g in entity_groups(evidence, registry) if not _guard(g, evidence, free_text)]
    accepted = [g for g in groups if _accepts(g, free_text, t)]
    if not accepted and not free_text:
        # Nothing explains the column: a rare checksum-confirmed value still counts.
        accepted = [g for g in groups if _sparse_alone(g)]
    found = []
    for group in accepted:
        counts = group.counts
        finding = EntityFinding(
            entity=reported_kind(group, evidence, registry),
            confidence=_confidence(group, free_text),
            ratio=round(counts.ratio if free_text else counts.whole_ratio, 4),
            matches=counts.matched,
            validated=counts.validated,
            reason=readable_reason(group, evidence, free_text),
        )
        found.append((finding, group))
    return found


def _single_entity(found: list[tuple[EntityFinding, EntityGroup]]) -> list[EntityFinding]:
    """A structured column holds one kind of value: keep the best entity, plus others only
    when checksums confirm them too (a column mixing cards and IBANs)."""
    if not found:
        return []
    ranked = sorted(found, key=lambda f: f[0].confidence, reverse=True)
    top = ranked[0][0]
    extra = [f for f, g in ranked[1:] if g.checksum and f.validated >= 0.2 * top.matches]
    return [top, *extra]


def _mixed_identifiers(
    evidence: ColumnEvidence, registry: Registry, t: Thresholds
) -> list[EntityFinding]:
    """Identity-document types that pass the column test together (`decide_ids`)."""
    groups = [g for g in entity_groups(evidence, registry) if not _guard(g, evidence, False)]
    return mixed_identifiers(groups, evidence, t.min_ratio)


def _person_dates(evidence: ColumnEvidence, t: Thresholds) -> list[EntityFinding]:
    """DATE_TIME for a column of dates (typed, or text in a common format) whose name ties
    them to a person; dates of life events wait for the table (`decide.table`)."""
    if not evidence.non_null or dated_values(evidence) < t.min_ratio * evidence.non_null:
        return []
    if date_guard(evidence.column, False):
        return []
    return [date_finding(evidence, "a column about a person")]


def _vetoes(
    evidence: ColumnEvidence, registry: Registry, free_text: bool, t: Thresholds
) -> tuple[str, ...]:
    """Why evidence that passes the column test is not reported: the guard that vetoed it."""
    vetoes = []
    for group in entity_groups(evidence, registry):
        why = _guard(group, evidence, free_text)
        if why and _accepts(group, free_text, t):
            vetoes.append(f"not {group.entity}: {why}")
    dates = dated_values(evidence)
    if not free_text and evidence.non_null and dates >= t.min_ratio * evidence.non_null:
        why = date_guard(evidence.column, False)
        if why and not any(v.startswith(f"not {DATE_ENTITY}") for v in vetoes):
            vetoes.append(f"not {DATE_ENTITY}: {why}")
    return tuple(vetoes)


def decide_column(
    evidence: ColumnEvidence,
    registry: Registry,
    policy: Policy,
    thresholds: Thresholds,
    public: bool = False,
) -> ColumnFinding:
    prose = is_free_text(evidence)
    free_text = prose or machine_text(evidence, registry)
    found = _pattern_entities(evidence, registry, free_text, thresholds)
    if free_text and not prose:  # log lines
        found = [(f, g) for f, g in found if strong_in_machine_text(g)]
    if free_text:
        veto = partial(_guard, evidence=evidence, free_text=True)
        found += high_risk_findings(evidence, registry, policy, {g.entity for _, g in found}, veto)
    entities = [f for f, _ in found] if free_text else _single_entity(found)
    # Identity documents of many kinds, when nothing else explains the column (account
    # numbers, some of which read as tax numbers, are bank numbers).
    explained = any(e.entity not in IDENTITY_TYPES for e in entities)
    mixed = [] if free_text or explained else _mixed_identifiers(evidence, registry, thresholds)
    entities = mixed or entities
    people, not_people = ([], []) if free_text else people_and_places(evidence)
    skip = {e.entity for e in entities} | ({*PEOPLE_AND_PLACES} if people else set())
    # Names in log lines are user agents and hosts: NER reads text mentions in prose only.
    entities += people + ner_entities(evidence, prose, thresholds, skip)
    dates = [] if free_text else _person_dates(evidence, thresholds)
    if dates:  # the reason that says why the dates are about a person
        entities = [*(e for e in entities if e.entity != DATE_ENTITY), *dates]
    undetermined = not entities and evidence.non_null < thresholds.min_values and not free_text
    entities = standard_findings(entities, policy)
    entities.sort(key=lambda e: -e.confidence)
    level = policy.entities_level((finding_key(e) for e in entities), public)
    reasons = tuple(e.reason for e in entities) or (
        (f"only {evidence.non_null} non-null values (fewer than {thresholds.min_values})",)
        if undetermined
        else (*_vetoes(evidence, registry, free_text, thresholds), *not_people)
    )
    examples = finding_examples(evidence, entities)
    return ColumnFinding(
        column=evidence.column,
        dtype=evidence.dtype,
        non_null=evidence.non_null,
        entities=tuple(entities),
        sensitivity=level,
        undetermined=undetermined,
        free_text=free_text,
        reasons=reasons,
        examples=examples,
    )
