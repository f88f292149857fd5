"""From candidate values (with their row counts) to MatchCounts: the part every engine shares.

An engine finds candidates its own way (Polars expressions, Spark SQL); this module runs the
exact patterns and validators on the distinct candidates and counts rows, so both engines
count the same way.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from classifiers.confirm import Hit, confirm_value
from classifiers.entities import canonical
from classifiers.evidence import EXAMPLES_CAP, MatchCounts
from classifiers.masking import mask_value
from classifiers.recognizers.registry import RecognizerSpec

WHOLE_SHARE = 0.4  # a match this long is the value itself, not a fragment of it


@dataclass(frozen=True)
class Candidate:
    """A distinct value flagged by the prefilters of some recognizers, with its row count."""

    value: str
    rows: int
    recognizers: tuple[str, ...]


def value_hash(value: str) -> int:
    """A stable 64-bit hash for distinct counts; kept in memory only, never stored."""
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big")


def plan(
    candidates: Sequence[Candidate], bound: int
) -> tuple[list[Candidate], dict[str, float], dict[str, int]]:
    """Per recognizer, at most `bound` distinct candidates (chosen by hash, so every engine
    picks the same ones); returns what to confirm, each recognizer's row scale factor and how
    many distinct values it had confirmed. A rare recognizer keeps all of its candidates even
    when a busy one in the same column is cut down."""
    by_recognizer: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        for name in candidate.recognizers:
            by_recognizer[name].append(candidate)
    chosen: dict[str, set[str]] = defaultdict(set)
    scales: dict[str, float] = {}
    confirmed: dict[str, int] = {}
    for name, group in by_recognizer.items():
        kept = group
        if len(group) > bound:
            kept = sorted(group, key=lambda c: value_hash(c.value))[:bound]
        kept_rows = sum(c.rows for c in kept)
        scales[name] = sum(c.rows for c in group) / kept_rows if kept_rows else 1.0
        confirmed[name] = len(kept)
        for candidate in kept:
            chosen[candidate.value].add(name)
    todo = [
        Candidate(c.value, c.rows, tuple(n for n in c.recognizers if n in chosen[c.value]))
        for c in candidates
        if c.value in chosen
    ]
    return todo, scales, confirmed


class Tally:
    """Accumulates exact hits into per-recognizer counts and masked examples."""

    def __init__(self) -> None:
        self.matched: dict[str, float] = defaultdict(float)
        self.validated: dict[str, float] = defaultdict(float)
        self.whole: dict[str, float] = defaultdict(float)
        self.scores: dict[str, float] = defaultdict(float)
        self.distinct: dict[str, set[int]] = defaultdict(set)
        self.examples: dict[str, list[str]] = defaultdict(list)

    def add(
        self, value: str, rows: float, hits: Iterable[Hit], scales: Mapping[str, float]
    ) -> None:
        # One recognizer per entity type and value: when two postcode recognizers both claim a
        # value, only the stronger counts it, so counts of one entity type add up.
        by_entity: dict[str, Hit] = {}
        for hit in hits:
            entity = canonical(hit.entity)
            held = by_entity.get(entity)
            if held is None or (hit.score, hit.end - hit.start) > (
                held.score,
                held.end - held.start,
            ):
                by_entity[entity] = hit
        for hit in by_entity.values():
            name = hit.recognizer
            rows_here = rows * scales.get(name, 1.0)
            self.matched[name] += rows_here
            self.validated[name] += rows_here if hit.validated else 0
            if (hit.end - hit.start) >= WHOLE_SHARE * len(value):
                self.whole[name] += rows_here
            self.scores[name] += rows_here * hit.score
            self.distinct[name].add(value_hash(value))
            shown = self.examples[hit.entity]
            masked = mask_value(value[hit.start : hit.end], hit.entity)
            if len(shown) < EXAMPLES_CAP and masked not in shown:
                shown.append(masked)


def confirm_candidates(
    candidates: Sequence[Candidate],
    specs: Mapping[str, RecognizerSpec],
    boosted: frozenset[str],
    free_text: bool,
    bound: int,
    give_up_after: int | None = None,
    keep_trying: frozenset[str] = frozenset(),
) -> tuple[Tally, dict[str, int]]:
    """Run the exact patterns on the planned distinct candidates, in hash order; return the
    tally and how many distinct candidates each recognizer had confirmed. With
    `give_up_after`, a recognizer that has confirmed none of that many candidates stops
    (timestamps flagged by the phone prefilter need not all go through phonenumbers)."""
    todo, scales, _ = plan(candidates, bound)
    todo.sort(key=lambda c: value_hash(c.value))
    tried: Counter[str] = Counter()
    found: Counter[str] = Counter()
    tally = Tally()
    for candidate in todo:
        names = [
            n
            for n in candidate.recognizers
            if give_up_after is None or found[n] or tried[n] < give_up_after or n in keep_trying
        ]
        if not names:
            continue
        hits = confirm_value(candidate.value, [specs[n] for n in names], boosted, free_text)
        tried.update(names)
        found.update({h.recognizer for h in hits})
        tally.add(candidate.value, candidate.rows, hits, scales)
    return tally, dict(tried)


def match_counts(
    spec: RecognizerSpec,
    analysed: int,
    candidates: int,
    candidate_distinct: int,
    confirmed_distinct: int,
    tally: Tally,
) -> MatchCounts:
    name = spec.name
    return MatchCounts(
        analysed=analysed,
        candidates=candidates,
        matched=round(tally.matched.get(name, 0.0)),
        validated=round(tally.validated.get(name, 0.0)),
        whole=round(tally.whole.get(name, 0.0)),
        score_sum=tally.scores.get(name, 0.0),
        candidate_distinct=candidate_distinct,
        confirmed_distinct=confirmed_distinct,
        distinct=frozenset(tally.distinct.get(name, ())),
    )
