"""Readable reasons and NER decisions for `decide`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from classifiers.decide_rules import person_guard
from classifiers.evidence import ColumnEvidence, MatchCounts
from classifiers.model import EntityFinding
from classifiers.names import hinted_entities, mentions
from classifiers.recognizers.registry import RecognizerSpec

if TYPE_CHECKING:
    from classifiers.decide import Thresholds

_NER_MIN_WHOLE = {"PERSON": 0.5, "LOCATION": 0.6, "NRP": 0.6}


def readable_reason(spec: RecognizerSpec, counts: MatchCounts, evidence: ColumnEvidence,
                    free_text: bool) -> str:  # fmt: skip
    """'412 of 500 non-null values are EMAIL_ADDRESS, 412 validated; column name 'contact''."""
    if free_text:
        text = (f"{spec.entity} in {counts.matched:,} of {counts.analysed:,} rows "
                f"({counts.ratio:.0%}) of free text")  # fmt: skip
    else:
        text = f"{counts.matched:,} of {counts.analysed:,} non-null values are {spec.entity}"
    if counts.validated:
        text += f", {counts.validated:,} validated"
    text += f" ({spec.name}, mean score {counts.mean_score:.2f})"
    if spec.context and mentions(evidence.column, spec.context):
        text += f"; column name '{evidence.column}'"
    return text


def ner_entities(evidence: ColumnEvidence, free_text: bool, t: Thresholds,
                 already: set[str]) -> list[EntityFinding]:  # fmt: skip
    """PERSON, LOCATION and NRP from spaCy NER on the sampled distinct values."""
    found = []
    hinted = hinted_entities(evidence.column)
    for entity, counts in evidence.ner.items():
        if entity in already or not counts.sampled:
            continue
        if free_text:
            share = counts.hits / counts.sampled
            if counts.hits < t.min_free_text_rows or share < t.min_free_text_ratio:
                continue
            reason = (f"{entity} named in {counts.hits} of {counts.sampled} sampled rows "
                      f"({share:.0%}) of free text (spaCy NER)")  # fmt: skip
        else:
            share = counts.whole / counts.sampled
            if share < _NER_MIN_WHOLE.get(entity, 0.6):
                continue
            if entity == "PERSON" and person_guard(evidence.column, evidence, share,
                                                   entity in hinted):  # fmt: skip
                continue
            reason = (f"{counts.whole} of {counts.sampled} sampled values are {entity} "
                      f"(spaCy NER)")  # fmt: skip
            if entity in hinted:
                reason += f"; column name '{evidence.column}'"
        confidence = min(1.0, 0.5 * min(1.0, share * (5 if free_text else 1)) + 0.4 *
                         (counts.score_sum / max(counts.hits, 1)) + (0.1 if entity in hinted else 0))
        found.append(EntityFinding(entity, round(confidence, 3), round(share, 4),
                                   counts.hits, 0, reason))  # fmt: skip
    return found
