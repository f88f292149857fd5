"""Recognizer counts grouped by entity type, so that (say) three postcode recognizers or two
phone recognizers add up to one answer for a column."""

from __future__ import annotations

from dataclasses import dataclass, replace

from classifiers.decide.words import ENTITY_WORDS, found
from classifiers.entities import canonical
from classifiers.evidence import ColumnEvidence, MatchCounts
from classifiers.names import mentions, vocabulary_words
from classifiers.recognizers.registry import Registry

SCORE_EPSILON = 1e-6  # score sums of many 0.5s come out as 0.49999...


@dataclass(frozen=True)
class EntityGroup:
    """The evidence for one entity type in one column, over every recognizer that finds it."""

    entity: str
    counts: MatchCounts
    recognizers: tuple[str, ...]
    validates: bool  # some recognizer confirms matches with a checksum or validator
    checksum: bool  # ... and that validator is a checksum (not a phone-number parser)
    base_score: float
    context: bool  # the column name carries a context word of one of the recognizers

    @property
    def validated_share(self) -> float:
        return self.counts.validated / self.counts.matched if self.counts.matched else 0.0


def _merge(a: MatchCounts, b: MatchCounts) -> MatchCounts:
    # Recognizers of one entity look at the same rows: rows analysed do not add up. The
    # engine counts a value once per family, but counts estimated from each recognizer's own
    # sample (scaled up) can overlap: no more rows match than were analysed.
    total = a + b
    rows = max(a.analysed, b.analysed)
    kept = min(1.0, rows / total.matched) if total.matched else 1.0
    return replace(
        total,
        analysed=rows,
        score_sum=total.score_sum * kept,
        matched=min(total.matched, rows),
        validated=min(total.validated, rows),
        whole=min(total.whole, rows),
    )


def _named(column: str, context: tuple[str, ...], entity: str) -> bool:
    """The column name is context: a recognizer's own word, or the entity's in any language
    (`historia_clinica`, `telefono`)."""
    if context and mentions(column, context):
        return True
    words = ENTITY_WORDS.get(entity)
    if words is not None and found(column, words):
        return True
    # A kind's own word in the names vocabulary (`gatuadress`, `ulica`, `住所` for a street).
    return any(w.subtype == entity or w.entity == entity for w in vocabulary_words(column))


def entity_groups(evidence: ColumnEvidence, registry: Registry) -> list[EntityGroup]:
    specs = {s.name: s for s in registry.specs}
    groups: dict[str, EntityGroup] = {}
    for name, counts in evidence.matches.items():
        spec = specs.get(name)
        if spec is None or counts.matched == 0:
            continue
        entity = canonical(spec.entity)
        group = EntityGroup(
            entity=entity,
            counts=counts,
            recognizers=(name,),
            validates=spec.validates,
            checksum=spec.checksum,
            base_score=spec.base_score,
            context=_named(evidence.column, spec.context, entity),
        )
        held = groups.get(entity)
        if held is not None:
            group = EntityGroup(
                entity=entity,
                counts=_merge(held.counts, counts),
                recognizers=(*held.recognizers, name),
                validates=held.validates or group.validates,
                checksum=held.checksum or group.checksum,
                base_score=max(held.base_score, group.base_score),
                context=held.context or group.context,
            )
        groups[entity] = group
    return list(groups.values())
