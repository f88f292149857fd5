"""Free text and documents: validated high-risk identifiers count by matches, not row share.

One paragraph pasted into a six-paragraph FAQ is one row in six, below the share free text
needs; but one checksummed card number, national ID, IBAN or key in it is already a leak.
Weak evidence (NER, unvalidated patterns) keeps the row-share rule of `decide`.
"""

from __future__ import annotations

from collections.abc import Callable

from classifiers.decide_groups import EntityGroup, entity_groups
from classifiers.decide_kinds import reported_kind
from classifiers.evidence import ColumnEvidence
from classifiers.model import EntityFinding, Sensitivity
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry

# A match this sure needs no checksum: a private-key header, an AWS key id, an SSN beside
# the word "SSN" (0.5 plus Presidio's context boost).
SURE_SCORE = 0.8
DOCUMENT_COLUMN = "content"  # documents are read as one column of paragraphs


def _by_matches(group: EntityGroup, policy: Policy) -> bool:
    """A Highly Confidential kind with checksum-confirmed or near-certain matches."""
    counts = group.counts
    if counts.matched == 0 or policy.level_of(group.entity) < Sensitivity.HIGHLY_CONFIDENTIAL:
        return False
    # Most flagged rows must validate: random digit runs pass Luhn one time in ten.
    checksummed = group.checksum and counts.validated * 2 >= max(counts.candidates, 1)
    return checksummed or counts.mean_score >= SURE_SCORE


def _reason(group: EntityGroup, evidence: ColumnEvidence) -> str:
    """'3 validated CREDIT_CARD matches in 1 of 6 paragraphs (CreditCardRecognizer; ...)'."""
    counts = group.counts
    unit = "paragraphs" if evidence.column == DOCUMENT_COLUMN else "rows of free text"
    spans = max(counts.spans, counts.matched)
    validated = "validated " if group.checksum and counts.validated else ""
    plural = "es" if spans != 1 else ""
    return (
        f"{spans:,} {validated}{group.entity} match{plural} in {counts.matched:,} of "
        f"{counts.analysed:,} {unit} ({', '.join(group.recognizers)}; "
        f"mean score {counts.mean_score:.2f}); one is enough for a high-risk identifier"
    )


def high_risk_findings(
    evidence: ColumnEvidence,
    registry: Registry,
    policy: Policy,
    accepted: set[str],
    vetoed: Callable[[EntityGroup], object],
) -> list[tuple[EntityFinding, EntityGroup]]:
    """Findings for high-risk kinds in free text that the row-share rule left out (and no
    guard of `decide` vetoes)."""
    found = []
    for group in entity_groups(evidence, registry):
        if group.entity in accepted or not _by_matches(group, policy) or vetoed(group):
            continue
        counts = group.counts
        confidence = min(0.95, 0.5 + 0.4 * counts.mean_score + 0.1 * group.validated_share)
        finding = EntityFinding(
            entity=reported_kind(group, evidence, registry),
            confidence=round(confidence, 3),
            ratio=round(counts.ratio, 4),
            matches=counts.matched,
            validated=counts.validated,
            reason=_reason(group, evidence),
        )
        found.append((finding, group))
    return found
