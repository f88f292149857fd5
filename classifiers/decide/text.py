"""Readable reasons and NER decisions for `decide`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from classifiers.decide.rules import person_guard
from classifiers.evidence import ColumnEvidence
from classifiers.model import EntityFinding
from classifiers.names import hinted_entities

if TYPE_CHECKING:
    from classifiers.decide.column import Thresholds
    from classifiers.decide.groups import EntityGroup

# Share of sampled values that must be one name (structured), with and without a name-like
# column name; and share of rows that must mention one (free text).
_NER_MIN_WHOLE = {"PERSON": (0.3, 0.7), "LOCATION": (0.2, 0.6), "NRP": (0.5, 0.8)}
# spaCy's small model often reads a lone given name in a chat as a place: LOCATION in free
# text needs a larger share than PERSON does.
_NER_MIN_TEXT = {"PERSON": 0.05, "LOCATION": 0.25, "NRP": 0.1}
# Share of sampled rows of free text that must name a place from the gazetteer: its matches
# are capitalised, filtered words, so a smaller share than spaCy's LOCATION needs.
GAZETTEER_MIN_TEXT = 0.05
_MIN_DISTINCT_NAMES = 10  # fewer distinct values than this is a category, not names


def readable_reason(group: EntityGroup, evidence: ColumnEvidence, free_text: bool) -> str:
    """'412 of 500 non-null values are EMAIL_ADDRESS, 412 validated; column name 'contact''."""
    counts = group.counts
    if free_text:
        text = (
            f"{group.entity} in {counts.matched:,} of {counts.analysed:,} rows "
            f"({counts.ratio:.0%}) of free text"
        )
    else:
        text = f"{counts.whole:,} of {counts.analysed:,} non-null values are {group.entity}"
    if counts.validated:
        text += f", {counts.validated:,} validated"
    text += f" ({', '.join(group.recognizers)}; mean score {counts.mean_score:.2f})"
    if group.context:
        text += f"; column name '{evidence.column}'"
    return text


def ner_entities(
    evidence: ColumnEvidence, free_text: bool, t: Thresholds, already: set[str]
) -> list[EntityFinding]:
    """PERSON, LOCATION and NRP from spaCy NER on the sampled distinct values; places in free
    text from the places gazetteer first (spaCy's small model misses most of them)."""
    places = text_places(evidence, t) if free_text and "LOCATION" not in already else None
    found = [places] if places else []
    already = already | ({"LOCATION"} if places else set())
    hinted = hinted_entities(evidence.column)
    for entity, counts in evidence.ner.items():
        if entity in already or not counts.sampled:
            continue
        if free_text:
            share = counts.hits / counts.sampled
            minimum = max(t.min_free_text_ratio, _NER_MIN_TEXT.get(entity, 0.1))
            # In a short text (a note of two paragraphs) one mention is already a large share.
            min_rows = min(t.min_free_text_rows, max(1, counts.sampled // 2))
            if counts.hits < min_rows or share < minimum:
                continue
            reason = (
                f"{entity} named in {counts.hits} of {counts.sampled} sampled rows "
                f"({share:.0%}) of free text (spaCy NER)"
            )
        else:
            share = counts.whole / counts.sampled
            with_hint, without = _NER_MIN_WHOLE.get(entity, (0.6, 0.8))
            if share < (with_hint if entity in hinted else without):
                continue
            if entity == "PERSON" and counts.sampled < _MIN_DISTINCT_NAMES:
                continue
            if entity == "PERSON" and person_guard(
                evidence.column, evidence, share, entity in hinted
            ):
                continue
            reason = f"{counts.whole} of {counts.sampled} sampled values are {entity} (spaCy NER)"
            if entity in hinted:
                reason += f"; column name '{evidence.column}'"
        confidence = min(
            1.0,
            0.5 * min(1.0, share * (5 if free_text else 1))
            + 0.4 * (counts.score_sum / max(counts.hits, 1))
            + (0.1 if entity in hinted else 0),
        )
        found.append(
            EntityFinding(entity, round(confidence, 3), round(share, 4), counts.hits, 0, reason)
        )
    return found


def text_places(evidence: ColumnEvidence, t: Thresholds) -> EntityFinding | None:
    """LOCATION when enough sampled rows of free text name a city, region or country from
    the places gazetteer (`Gazetteers.mentions`: capitalised words, a locative before a lone
    word that is also a person's name or a common word)."""
    g = evidence.gazetteer
    rows = g.mentions.get("place", 0)
    if not g.sampled or not rows:
        return None
    share = rows / g.sampled
    min_rows = min(t.min_free_text_rows, max(1, g.sampled // 2))
    if rows < min_rows or share < max(t.min_free_text_ratio, GAZETTEER_MIN_TEXT):
        return None
    reason = (
        f"places named in {rows} of {g.sampled} sampled rows ({share:.0%}) of free text "
        "(places gazetteer)"
    )
    ner = evidence.ner.get("LOCATION")
    if ner is not None and ner.hits:
        reason += f"; {ner.hits} rows by spaCy NER"
    kinds = [k for k in ("city", "region", "country") if g.mentions.get(k)]
    top = max(kinds, key=lambda k: g.mentions[k])
    confidence = 0.5 * min(1.0, share * 5) + 0.35 + (0.1 if ner is not None and ner.hits else 0)
    return EntityFinding(
        "LOCATION", round(confidence, 3), round(share, 4), rows, 0, reason, top.upper()
    )
