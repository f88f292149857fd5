"""Free text and documents: high-risk identifiers count by matches, log lines are text.

One paragraph pasted into a six-paragraph FAQ is one row in six, below the share free text
needs; but one checksummed card number, national ID, IBAN or key in it is already a leak.
Weak evidence (NER, unvalidated patterns) keeps the row-share rule of `decide`.
"""

from __future__ import annotations

from collections.abc import Callable

from classifiers.decide.groups import EntityGroup, entity_groups
from classifiers.decide.kinds import reported_kind
from classifiers.evidence import ColumnEvidence
from classifiers.model import EntityFinding, Sensitivity
from classifiers.policy import Policy
from classifiers.recognizers.registry import Registry

# A match this sure needs no checksum: a private-key header, an AWS key id, an SSN beside
# the word "SSN" (0.5 plus Presidio's context boost).
SURE_SCORE = 0.8
DOCUMENT_COLUMN = "content"  # documents are read as one column of paragraphs
MACHINE_TEXT_LENGTH = 40  # mean characters of a value: a log line, not an identifier
# Log lines differ from each other: a handful of user-agent strings repeated over thousands
# of rows, one of them holding a bot's URL, is a column of labels, not a log.
MACHINE_TEXT_DISTINCT = 10
# Below this base score a pattern needs a context word even with a checksum (`decide`'s
# WEAK_PATTERN): a 10-digit tax number in a chat is as likely a phone number.
TRUSTED_SCORE = 0.3
# Log lines are full of digit runs (versions, sizes, times): there a type counts by row
# share only when its pattern is strong on its own.
MACHINE_TEXT_SCORE = 0.5


def machine_text(evidence: ColumnEvidence, registry: Registry) -> bool:
    """Log lines and other text of machine shape: long values that strong recognizers (IP
    addresses, URLs, e-mail addresses) find inside, never as the whole value. They are not
    prose (few plain words), but are judged as free text: by the rows that hold each type."""
    if evidence.non_null == 0 or evidence.mean_length < MACHINE_TEXT_LENGTH:
        return False
    groups = entity_groups(evidence, registry)
    if any(g.counts.whole >= 0.5 * evidence.non_null for g in groups):
        return False  # a column of identifiers with something appended
    return any(
        (g.validates or g.base_score >= 0.5)
        and len(g.counts.distinct) >= MACHINE_TEXT_DISTINCT
        and g.counts.whole * 2 < g.counts.matched
        for g in groups
    )


def strong_in_machine_text(group: EntityGroup) -> bool:
    """In log lines, a pattern strong on its own (IP, URL, e-mail), not a phone number read
    in a browser version (Chrome/41.0.2272.118)."""
    return group.base_score >= MACHINE_TEXT_SCORE


def _by_matches(group: EntityGroup, policy: Policy) -> bool:
    """A Highly Confidential kind with checksum-confirmed or near-certain matches."""
    counts = group.counts
    if counts.matched == 0 or policy.level_of(group.entity) < Sensitivity.HIGHLY_CONFIDENTIAL:
        return False
    if group.base_score < TRUSTED_SCORE and not group.context:
        return False
    if group.checksum:
        # Most flagged rows must validate: random digit runs pass Luhn one time in ten.
        return counts.validated * 2 >= max(counts.candidates, 1)
    return counts.mean_score >= SURE_SCORE


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
