"""What an engine runs on a column, and the NER step, shared by the Polars and Spark engines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from classifiers.evidence import NerCounts
from classifiers.gazetteers.counts import unlisted_script
from classifiers.gazetteers.lookup import gazetteers
from classifiers.gazetteers.normal import normalise, tokens
from classifiers.names import mentions
from classifiers.nlp import NerSpan
from classifiers.recognizers.registry import RecognizerSpec, Registry

# Placeholders that mean "no value": counted as nulls, so they do not dilute ratios.
NULL_TOKENS = ("", "-", "--", "n/a", "na", "null", "none", "nan", "nil", "(null)", "?")
_WHOLE_SHARE = 0.6  # an NER span covering this share of a value makes it a name column value


@dataclass(frozen=True)
class EngineOptions:
    mode: str = "sample"
    max_distinct_candidates: int = 2_000  # full mode: every candidate is confirmed up to this many
    sample_confirm: int = 300  # candidates confirmed when a recognizer's counts are estimated

    give_up_after: int = 60  # stop confirming an estimated recognizer that matched none of these
    # Confirmation may stop early (`engines.stopping`): its thresholds are the column
    # decision's defaults, so a config that changes `thresholds:` confirms every candidate.
    early_stop: bool = True

    @property
    def confirm_bound(self) -> int:
        """A recognizer that flagged at most this many distinct values of a column has every
        one of them confirmed (full mode finds the one card number in a million rows)."""
        return self.max_distinct_candidates if self.mode == "full" else self.sample_confirm

    @property
    def estimate_from(self) -> int:
        """One that flagged more is estimated: this many of them (never more than the bound,
        `tally.keep_count`), lowest hash first, are confirmed and its counts scaled up."""
        return self.sample_confirm

    full_give_up_after: int = 200  # full mode, not estimated: the same (checksum ones keep on)

    @property
    def confirm_give_up(self) -> int:
        return self.full_give_up_after if self.mode == "full" else self.give_up_after

    def keep_trying(self, specs: Iterable[RecognizerSpec]) -> frozenset[str]:
        """Full mode confirms every candidate of a checksum recognizer up to the bound."""
        if self.mode != "full":
            return frozenset()
        return frozenset(s.name for s in specs if s.checksum)

    ner_sample: int = 200  # distinct values of a text column sent to NER
    weak_rows: int = 10_000  # full mode: rows a weak recognizer without context looks at


@dataclass(frozen=True)
class Plan:
    """The prefilters to run on one column, and which recognizers see every row."""

    prefilters: tuple[tuple[RecognizerSpec, str], ...]
    everywhere: frozenset[str]  # recognizer names run on all rows (others on weak_rows)
    boosted: frozenset[str]  # recognizers whose context words the column name carries
    weak_rows: int
    all_specs: tuple[RecognizerSpec, ...] = ()  # every recognizer, skipped ones included

    def analysed(self, name: str, rows: int) -> int:
        return rows if name in self.everywhere else min(rows, self.weak_rows)


def recognizers_for(
    registry: Registry,
    column: str,
    max_len: int,
    max_digits: int,
    free_text: bool,
    options: EngineOptions,
) -> Plan:
    """Skip prefilters no value of the column can satisfy (too short, too few digits). In full
    mode a weak recognizer (low score, no validator) only reads every row when the column
    name gives it context or the column is free text: without either it can never decide."""
    prefilters: list[tuple[RecognizerSpec, str]] = []
    everywhere: set[str] = set()
    boosted: set[str] = set()
    # The name is read once for every recognizer's context words first: most names hold
    # none of them, and reading a name (tokens, accents, scripts) is what costs, per column.
    named = mentions(column, {word for spec in registry.specs for word in spec.context})
    for spec in registry.specs:
        if named and spec.context and mentions(column, spec.context):
            boosted.add(spec.name)
        if options.mode == "sample" or spec.strong or spec.name in boosted or free_text:
            everywhere.add(spec.name)
        prefilters.extend(
            (spec, f.regex)
            for f in spec.prefilters
            if f.min_len <= max_len and f.min_digits <= max_digits
        )
    specs = tuple(registry.specs)
    return Plan(
        tuple(prefilters), frozenset(everywhere), frozenset(boosted), options.weak_rows, specs
    )


def repeated_lead(sample: Sequence[str], top: int = 5) -> int:
    """How many values start with one of the `top` commonest first words ("Hurricane ...",
    "Ergonomic ..."): names of things repeat their lead word, names of people rarely do."""
    firsts = Counter(v.split()[0].lower() for v in sample if v.split())
    common = {word for word, n in firsts.most_common(top) if n > 1}
    return sum(1 for v in sample if v.split() and v.split()[0].lower() in common)


def ner_sample(distinct: Sequence[str], options: EngineOptions) -> list[str]:
    """A bounded, deterministic sample of distinct values of a text column, for NER and the
    gazetteers: values with three letters or more ("M", "F", "NY" are codes), where one
    character of the scripts of East Asia counts as three (김, 王 are names)."""
    sample: list[str] = []
    for value in distinct:
        if len(sample) >= options.ner_sample:
            break
        if _letters(value[:200]) >= 3:
            sample.append(value[:1000])
    return sample


def _letters(text: str, enough: int = 3) -> int:
    """The letters of `text`, counted up to `enough` (most values reach it in a few)."""
    count = 0
    for c in text:
        if c.isalpha():
            count += 3 if ord(c) >= _EAST_ASIAN else 1
            if count >= enough:
                break
    return count


_EAST_ASIAN = 0x1100  # Hangul Jamo; CJK, kana and Hangul syllables lie above


def named(text: str) -> bool:
    """A PERSON span that holds a known given or family name, or is in a script the names
    gazetteer barely holds (nothing to check it against). English NER reads capitalised
    words of other languages as names ("Bestilte", "Leveringen"); a mention of a person in
    running text nearly always holds a name some list knows, capitalised where its script
    has case."""
    found = gazetteers()
    words = [normalise(t) for t in tokens(text) if not t[0].islower()]  # "de lo" is no name
    if any(w in found.given or w in found.family for w in words):
        return True
    return unlisted_script(text)


def ner_counts(
    sample: Sequence[str], spans: Sequence[Sequence[NerSpan]]
) -> tuple[dict[str, NerCounts], int, int]:
    """What NER found in a sample: per entity, the values holding it (and wholly it)."""
    if not sample:
        return {}, 0, 0
    counts: dict[str, NerCounts] = {}
    for value, found in zip(sample, spans, strict=True):
        best: dict[str, tuple[float, bool]] = {}
        for span in found:
            whole = (span.end - span.start) >= _WHOLE_SHARE * len(value.strip())
            if span.entity == "PERSON" and not whole and not named(value[span.start : span.end]):
                continue  # a capitalised word the model took for a name in a foreign text
            score, was_whole = best.get(span.entity, (0.0, False))
            best[span.entity] = (max(score, span.score), was_whole or whole)
        for entity, (score, whole) in best.items():
            counts[entity] = counts.get(entity, NerCounts()) + NerCounts(0, 1, int(whole), score)
    totals = {e: NerCounts(len(sample), c.hits, c.whole, c.score_sum) for e, c in counts.items()}
    return totals, len(sample), repeated_lead(sample)
