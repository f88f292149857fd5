"""From Warden's kinds to reported findings: Presidio's entity type, the finer kind as subtype.

A column's findings are decided on Warden's kinds (STREET_ADDRESS, the postcode family) and
reported in Presidio's vocabulary: one finding per entity type, the subtype that weighs most
under the policy kept (a street address over a city mentioned beside it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from classifiers.decide.groups import EntityGroup
from classifiers.entities import canonical, policy_key, standard
from classifiers.evidence import ColumnEvidence
from classifiers.model import EntityFinding
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry

DOMINANT_SHARE = 0.8  # a family is reported as one member's type when it holds this share


def reported_kind(group: EntityGroup, evidence: ColumnEvidence, registry: Registry) -> str:
    """The kind a family group is reported as: the member type (UK_POSTCODE) that holds most
    of the group's matches, else the family itself (POSTCODE: postcodes of many countries)."""
    by_kind: dict[str, int] = {}
    for name in group.recognizers:
        kind = registry.by_name(name).entity
        by_kind[kind] = by_kind.get(kind, 0) + evidence.matches[name].matched
    total = sum(by_kind.values())
    kind, count = max(by_kind.items(), key=lambda item: item[1], default=(group.entity, 0))
    return kind if total and count >= DOMINANT_SHARE * total else group.entity


def standardised(finding: EntityFinding) -> EntityFinding:
    """A finding on a kind, as Presidio's entity type with Warden's subtype."""
    if finding.subtype is not None:
        return finding
    entity, subtype = standard(finding.entity)
    if subtype is None:
        return finding
    return replace(finding, entity=entity, subtype=subtype)


def standard_findings(findings: Iterable[EntityFinding], policy: Policy) -> list[EntityFinding]:
    """One finding per entity type: the kind with the highest level (then confidence) kept,
    the others' reasons added to its reason."""
    by_entity: dict[str, list[EntityFinding]] = {}
    for finding in map(standardised, findings):
        by_entity.setdefault(finding.entity, []).append(finding)
    merged = []
    for group in by_entity.values():
        group.sort(key=lambda f: (policy.level_of(f.entity, f.subtype), f.confidence), reverse=True)
        top, rest = group[0], group[1:]
        if rest:
            reason = "; ".join([top.reason, *(f.reason for f in rest)])
            confidence = max(f.confidence for f in group)
            top = replace(top, reason=reason, confidence=confidence)
        merged.append(top)
    return merged


def finding_key(finding: EntityFinding) -> str:
    return policy_key(finding.entity, finding.subtype)


def finding_examples(
    evidence: ColumnEvidence, findings: Sequence[EntityFinding], limit: int = 3
) -> tuple[str, ...]:
    """Masked examples of the findings, looked up by the kinds that found them."""
    shown: list[str] = []
    for finding in findings:
        wanted = {finding.entity, finding.subtype} - {None}
        for kind, masked in evidence.examples.items():
            if {kind, canonical(kind)} & wanted:
                shown.extend(x for x in masked if x not in shown)
    return tuple(shown[:limit])
