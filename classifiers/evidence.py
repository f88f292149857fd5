"""Mergeable evidence: counts per column and recognizer that add up across partitions.

An engine computes evidence for a batch of rows (a Parquet row group, a Spark partition, a
file of a dataset); `a + b` merges two batches of the same dataset. Nothing here holds a raw
value: only counts, score sums, hashes kept in memory for distinct counts, and masked examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

DISTINCT_CAP = 10_000  # distinct hashes kept per recognizer; counts beyond this are ">= cap"
EXAMPLES_CAP = 3


def _merge_maps(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(a)
    for key, value in b.items():
        merged[key] = merged[key] + value if key in merged else value
    return merged


@dataclass(frozen=True)
class MatchCounts:
    """What one recognizer found in one column."""

    analysed: int = 0  # non-null rows this recognizer looked at
    candidates: int = 0  # rows its prefilter flagged
    matched: int = 0  # rows where the exact pattern held (after overlaps were resolved)
    validated: int = 0  # rows confirmed by a checksum or validator
    whole: int = 0  # matched rows where the match spans most of the value (the value IS one)
    score_sum: float = 0.0  # sum over matched rows of the best score
    candidate_distinct: int = 0  # distinct candidate values seen (summed over batches)
    confirmed_distinct: int = 0  # distinct candidates the exact pattern was run on
    distinct: frozenset[int] = frozenset()  # hashes of distinct matched values, capped
    spans: int = 0  # matches in all (a paragraph holding three card numbers counts three)

    def __add__(self, other: MatchCounts) -> MatchCounts:
        distinct = self.distinct | other.distinct
        if len(distinct) > DISTINCT_CAP:
            distinct = frozenset(sorted(distinct)[:DISTINCT_CAP])
        return MatchCounts(
            analysed=self.analysed + other.analysed,
            candidates=self.candidates + other.candidates,
            matched=self.matched + other.matched,
            validated=self.validated + other.validated,
            whole=self.whole + other.whole,
            score_sum=self.score_sum + other.score_sum,
            candidate_distinct=self.candidate_distinct + other.candidate_distinct,
            confirmed_distinct=self.confirmed_distinct + other.confirmed_distinct,
            distinct=distinct,
            spans=self.spans + other.spans,
        )

    @property
    def ratio(self) -> float:
        return self.matched / self.analysed if self.analysed else 0.0

    @property
    def whole_ratio(self) -> float:
        return self.whole / self.analysed if self.analysed else 0.0

    @property
    def mean_score(self) -> float:
        return self.score_sum / self.matched if self.matched else 0.0

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items() if k != "distinct"}
        data["distinct_matched"] = len(self.distinct)
        return data


@dataclass(frozen=True)
class NerCounts:
    """Named-entity hits on a sample of distinct values of a text-like column."""

    sampled: int = 0  # distinct values sent to NER
    hits: int = 0  # values with at least one span of this entity
    whole: int = 0  # values mostly covered by one span (a name column, not a mention)
    score_sum: float = 0.0

    def __add__(self, other: NerCounts) -> NerCounts:
        return NerCounts(
            self.sampled + other.sampled,
            self.hits + other.hits,
            self.whole + other.whole,
            self.score_sum + other.score_sum,
        )

    def to_json(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass(frozen=True)
class GazetteerCounts:
    """Shapes and gazetteer hits of a sample of distinct values of a text column (the NER
    sample), from `classifiers.gazetteers.counts`."""

    sampled: int = 0  # distinct values looked at
    name_like: int = 0  # one to five words, each capitalised (or of a script without case)
    one_word: int = 0  # name-like values of one word
    with_digits: int = 0  # values holding a digit
    thing_lead: int = 0  # values led by a common first word that is no name ("Hurricane ...")
    kinds: Mapping[str, int] = field(default_factory=dict)  # values wholly a given name, city...
    mentions: Mapping[str, int] = field(default_factory=dict)  # values naming a place (free text)

    def __add__(self, other: GazetteerCounts) -> GazetteerCounts:
        return GazetteerCounts(
            self.sampled + other.sampled,
            self.name_like + other.name_like,
            self.one_word + other.one_word,
            self.with_digits + other.with_digits,
            self.thing_lead + other.thing_lead,
            _merge_maps(self.kinds, other.kinds),
            _merge_maps(self.mentions, other.mentions),
        )

    def to_json(self) -> dict[str, Any]:
        return {**vars(self), "kinds": dict(self.kinds), "mentions": dict(self.mentions)}


@dataclass(frozen=True)
class ColumnEvidence:
    """Everything the engines learnt about one column; adds with the same column's evidence."""

    column: str
    dtype: str
    rows: int = 0
    non_null: int = 0
    prose: int = 0  # values that read like sentences (free text)
    char_sum: int = 0  # total characters of non-null values, for the mean length
    temporal: bool = False  # a date or datetime column by type
    digits_only: int = 0  # values made of digits alone (IDs, counters, unformatted numbers)
    dates: int = 0  # text values that read as calendar dates (`engines/dates.py`)
    timed_dates: int = 0  # ... of which with a time of day (timestamps, not birthdays)
    trunk_digits: int = 0  # digits-only values a trunk 0 starts, at a phone number's length
    repeated_lead: int = 0  # NER-sampled values whose first word is one of the column's commonest
    matches: Mapping[str, MatchCounts] = field(default_factory=dict)  # by recognizer name
    ner: Mapping[str, NerCounts] = field(default_factory=dict)  # by entity type
    ner_sampled: int = 0
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # masked, by entity
    gazetteer: GazetteerCounts = GazetteerCounts()

    def __add__(self, other: ColumnEvidence) -> ColumnEvidence:
        if other.column != self.column:
            raise ValueError(f"cannot add evidence of {other.column!r} to {self.column!r}")
        examples = dict(self.examples)
        for entity, masked in other.examples.items():
            examples[entity] = tuple(dict.fromkeys(examples.get(entity, ()) + masked))[
                :EXAMPLES_CAP
            ]
        return replace(
            self,
            rows=self.rows + other.rows,
            non_null=self.non_null + other.non_null,
            prose=self.prose + other.prose,
            char_sum=self.char_sum + other.char_sum,
            temporal=self.temporal or other.temporal,
            digits_only=self.digits_only + other.digits_only,
            dates=self.dates + other.dates,
            timed_dates=self.timed_dates + other.timed_dates,
            trunk_digits=self.trunk_digits + other.trunk_digits,
            repeated_lead=self.repeated_lead + other.repeated_lead,
            matches=_merge_maps(self.matches, other.matches),
            ner=_merge_maps(self.ner, other.ner),
            ner_sampled=self.ner_sampled + other.ner_sampled,
            examples=examples,
            gazetteer=self.gazetteer + other.gazetteer,
        )

    @property
    def mean_length(self) -> float:
        return self.char_sum / self.non_null if self.non_null else 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable summary: counts only, examples already masked."""
        return {
            "dtype": self.dtype,
            "rows": self.rows,
            "non_null": self.non_null,
            "prose": self.prose,
            "mean_length": round(self.mean_length, 1),
            "temporal": self.temporal,
            "digits_only": self.digits_only,
            "dates": self.dates,
            "timed_dates": self.timed_dates,
            "trunk_digits": self.trunk_digits,
            "repeated_lead": self.repeated_lead,
            "matches": {k: v.to_json() for k, v in self.matches.items() if v.candidates},
            "ner": {k: v.to_json() for k, v in self.ner.items()},
            "ner_sampled": self.ner_sampled,
            "gazetteer": self.gazetteer.to_json(),
        }


@dataclass(frozen=True)
class TableEvidence:
    """Evidence for every column of one dataset (or one batch of it)."""

    columns: Mapping[str, ColumnEvidence] = field(default_factory=dict)
    rows: int = 0

    def __add__(self, other: TableEvidence) -> TableEvidence:
        return TableEvidence(_merge_maps(self.columns, other.columns), self.rows + other.rows)
