"""From candidate values (with their row counts) to MatchCounts: the part every engine shares.

An engine finds candidates its own way (Polars expressions, Spark SQL); this module runs the
exact patterns and validators on the distinct candidates and counts rows, so both engines
count the same way.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import polars as pl

from classifiers.confirm import Hit, find, is_whole, settle
from classifiers.engines.stopping import EarlyStop, Stops
from classifiers.entities import canonical
from classifiers.evidence import EXAMPLES_CAP, MatchCounts
from classifiers.masking import mask_value
from classifiers.recognizers.registry import RecognizerSpec


@dataclass(frozen=True)
class Candidate:
    """A distinct value flagged by the prefilters of some recognizers, with its row count."""

    value: str
    rows: int
    recognizers: tuple[str, ...]
    hash: int | None = None  # value_hash(value); computed by `choose` when missing


HASH_SEED = 20_240_601  # Polars' string hash is stable for one Polars version and seed


def value_hashes(values: Sequence[str]) -> list[int]:
    """Stable 64-bit hashes of values (kept in memory only, never stored): Polars' own string
    hash, so the Polars engine computes them in its query and the Spark workers, which run
    the same Polars, get the same numbers."""
    return pl.Series(values, dtype=pl.String).hash(HASH_SEED).to_list()


def value_hash(value: str) -> int:
    return value_hashes([value])[0]


@dataclass(frozen=True)
class Chosen:
    """The candidates of one column to confirm, and what the prefilters flagged in all.

    A recognizer that flagged at most `bound` distinct values keeps them all; one that flagged
    more keeps `estimate` of them (lowest hash first, so every engine keeps the same ones) and
    its counts are scaled up. A candidate's `recognizers` name only those it was kept for. A
    rare recognizer keeps all of its candidates even when a busy one in the same column is
    cut down."""

    candidates: tuple[Candidate, ...]
    flagged_rows: Mapping[str, int]  # rows each recognizer's prefilter flagged
    flagged_distinct: Mapping[str, int]  # distinct values it flagged

    def kept(self) -> dict[str, int]:
        """How many distinct candidates each recognizer kept."""
        return Counter(n for c in self.candidates for n in c.recognizers)

    def estimated(self) -> frozenset[str]:
        """The recognizers that kept fewer candidates than they flagged: counts are estimates."""
        kept = self.kept()
        return frozenset(n for n, k in kept.items() if k < self.flagged_distinct.get(n, 0))

    def kept_rows(self) -> Counter[str]:
        """The rows of the candidates each recognizer kept."""
        rows: Counter[str] = Counter()
        for candidate in self.candidates:
            for name in candidate.recognizers:
                rows[name] += candidate.rows
        return rows

    def scales(self) -> dict[str, float]:
        """Each recognizer's flagged rows over the rows of the candidates it kept."""
        kept = self.kept_rows()
        return {n: self.flagged_rows.get(n, 0) / r if r else 1.0 for n, r in kept.items()}


def keep_count(flagged_distinct: int, bound: int, estimate: int | None = None) -> int:
    """How many of a recognizer's flagged distinct values are confirmed (see `Chosen`)."""
    if flagged_distinct <= bound:
        return flagged_distinct
    return bound if estimate is None else min(estimate, bound)


def choose(candidates: Sequence[Candidate], bound: int, estimate: int | None = None) -> Chosen:
    """Every flagged candidate of a column in, the bounded choice out (see `Chosen`)."""
    missing = [c.value for c in candidates if c.hash is None]
    hashes = iter(value_hashes(missing)) if missing else iter(())
    hashed = [c if c.hash is not None else replace(c, hash=next(hashes)) for c in candidates]
    by_recognizer: dict[str, list[Candidate]] = defaultdict(list)
    rows: Counter[str] = Counter()
    for candidate in hashed:
        for name in candidate.recognizers:
            by_recognizer[name].append(candidate)
            rows[name] += candidate.rows
    chosen: dict[str, set[str]] = defaultdict(set)
    for name, group in by_recognizer.items():
        keep = keep_count(len(group), bound, estimate)
        kept = group if keep == len(group) else heapq.nsmallest(keep, group, key=_order)
        for candidate in kept:
            chosen[candidate.value].add(name)
    todo = tuple(
        replace(c, recognizers=tuple(n for n in c.recognizers if n in chosen[c.value]))
        for c in hashed
        if c.value in chosen
    )
    distinct = {name: len(group) for name, group in by_recognizer.items()}
    return Chosen(todo, dict(rows), distinct)


def _order(candidate: Candidate) -> tuple[int, str]:
    return (candidate.hash or 0, candidate.value)


class Tally:
    """Accumulates exact hits into per-recognizer counts and masked examples."""

    def __init__(self) -> None:
        self.matched: dict[str, float] = defaultdict(float)
        self.validated: dict[str, float] = defaultdict(float)
        self.whole: dict[str, float] = defaultdict(float)
        self.scores: dict[str, float] = defaultdict(float)
        self.distinct: dict[str, set[int]] = defaultdict(set)
        self.spans: dict[str, float] = defaultdict(float)
        self.examples: dict[str, list[str]] = defaultdict(list)

    def add(
        self, value: str, rows: float, hits: Iterable[Hit], scales: Mapping[str, float],
        value_id: int, referees: Collection[str] = (),
    ) -> list[Hit]:  # fmt: skip
        """Count the value's hits; return the hit of each entity type. A referee's hits (a
        recognizer that stopped early, run only to drop the hits it beats) win as ever but
        are not counted."""
        # One recognizer per entity type and value: when two postcode recognizers both claim a
        # value, only the stronger counts it, so counts of one entity type add up.
        by_entity: dict[str, Hit] = {}
        spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for hit in hits:
            entity = canonical(hit.entity)
            spans[entity].add((hit.start, hit.end))
            held = by_entity.get(entity)
            if held is None or (hit.score, hit.end - hit.start) > (
                held.score,
                held.end - held.start,
            ):
                by_entity[entity] = hit
        for hit in by_entity.values():
            name = hit.recognizer
            if name in referees:
                continue
            rows_here = rows * scales.get(name, 1.0)
            self.matched[name] += rows_here
            self.validated[name] += rows_here if hit.validated else 0
            if is_whole(hit, value):
                self.whole[name] += rows_here
            self.scores[name] += rows_here * hit.score
            self.distinct[name].add(value_id)
            self.spans[name] += rows_here * len(spans[canonical(hit.entity)])
            shown = self.examples[hit.entity]
            if len(shown) < EXAMPLES_CAP:  # masked only while examples are wanted
                masked = mask_value(value[hit.start : hit.end], hit.entity)
                if masked not in shown:
                    shown.append(masked)
        return list(by_entity.values())

    def rescale(self, name: str, factor: float) -> None:
        """Scale one recognizer's row counts (it stopped early: its rows are estimates)."""
        for counts in (self.matched, self.validated, self.whole, self.scores, self.spans):
            if name in counts:
                counts[name] *= factor


def confirm_candidates(
    chosen: Chosen,
    specs: Mapping[str, RecognizerSpec],
    boosted: frozenset[str],
    free_text: bool,
    give_up_after: int | None = None,
    keep_trying: frozenset[str] = frozenset(),
    estimate_give_up: int | None = None,
    early_stop: EarlyStop | None = None,
) -> tuple[Tally, dict[str, int]]:
    """Run the exact patterns on the chosen distinct candidates, in hash order; return the
    tally and how many distinct candidates each recognizer had confirmed. With
    `give_up_after`, a recognizer that has confirmed none of that many candidates stops
    (timestamps flagged by the phone prefilter need not all go through phonenumbers), unless
    it is in `keep_trying`. A recognizer whose counts are estimated (`Chosen.estimated`) gives
    up after `estimate_give_up` instead, and always may: it is estimated as sample mode
    estimates. With `early_stop`, one that has confirmed some stops when the column's
    decision is settled (`engines.stopping`), its counts scaled up to all its candidates."""
    scales = chosen.scales()
    estimated = chosen.estimated() if estimate_give_up is not None else frozenset()
    limits: dict[str, float] = {}  # misses after which each recognizer stops
    for name in chosen.kept():
        limit = estimate_give_up if name in estimated else give_up_after
        limits[name] = math.inf if limit is None else limit
    persistent = keep_trying - estimated
    todo = sorted(chosen.candidates, key=_order)
    tried: Counter[str] = Counter()
    found: Counter[str] = Counter()
    tally = Tally()
    stops = Stops(chosen, specs, persistent, early_stop) if early_stop else None

    def running(name: str) -> bool:
        if stops is not None and name in stops.stopped:
            return False
        return bool(found[name]) or name in persistent or tried[name] < limits[name]

    for candidate in todo:
        names = [n for n in candidate.recognizers if running(n)]
        if not names:
            continue
        value = candidate.value
        referees = stops.shadowing(candidate, names) if stops is not None else []
        run = [*names, *referees]
        found_here = find(value, [specs[n] for n in run], boosted, free_text)
        hits, losers = settle(value, found_here)
        more = stops.referees(candidate, hits, losers, run) if stops is not None else []
        if more:  # and those that would drop some of these hits
            found_here += find(value, [specs[n] for n in more], boosted, free_text, found_here.hits)
            hits, losers = settle(value, found_here)
            referees += more
        tried.update(names)
        found.update({h.recognizer for h in hits} - set(referees))
        value_id = candidate.hash or 0
        winners = tally.add(value, candidate.rows, hits, scales, value_id, referees)
        if stops is not None:
            stops.record(candidate, names, hits, losers, winners)
    if stops is not None:
        stops.rescale(tally)
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
        spans=round(tally.spans.get(name, 0.0)),
    )
