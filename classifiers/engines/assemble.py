"""From an engine's column statistics and flagged candidates to ColumnEvidence.

Both engines compute the same statistics and candidate groups (each in its own dialect); this
module turns them into evidence the same way, so no rule is written twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from classifiers.engines.options import EngineOptions, Plan, ner_counts, ner_sample
from classifiers.engines.stopping import EARLY_STOP, TEXT_LENGTH, EarlyStop
from classifiers.engines.tally import (
    Candidate,
    Chosen,
    Tally,
    choose,
    confirm_candidates,
    match_counts,
)
from classifiers.evidence import ColumnEvidence, MatchCounts
from classifiers.gazetteers.counts import gazetteer_counts
from classifiers.nlp import NerEngine, Pending


@dataclass(frozen=True)
class ColumnStats:
    """Cheap facts about the non-null text values of one column in one batch."""

    values: int
    chars: int
    max_len: int
    max_digits: int
    prose: int
    digits_only: int
    dates: int = 0  # values that read as calendar dates
    timed_dates: int = 0  # ... with a time of day (timestamps)
    trunk_digits: int = 0  # digits-only values with a trunk 0 at a phone number's length

    @property
    def free_text(self) -> bool:
        return self.values > 0 and self.prose * 2 >= self.values

    @property
    def text_like(self) -> bool:
        """Free text, or values long enough to be log lines (judged as free text)."""
        return self.free_text or (self.values > 0 and self.chars >= TEXT_LENGTH * self.values)


def _explained(matches: dict[str, MatchCounts], rows: int) -> bool:
    """Most values already matched one pattern (emails, card numbers): NER adds nothing."""
    return any(m.matched >= 0.8 * rows and m.mean_score >= 0.5 for m in matches.values())


def matches_from(
    plan: Plan, stats: ColumnStats, candidates: Chosen | Sequence[Candidate],
    options: EngineOptions,
) -> tuple[dict[str, MatchCounts], dict[str, tuple[str, ...]]]:  # fmt: skip
    """Confirm the candidates and count, for every recognizer (skipped ones included). An
    engine hands in every flagged candidate, or its own bounded `Chosen` (the same choice)."""
    if not isinstance(candidates, Chosen):
        candidates = choose(candidates, options.confirm_bound, options.estimate_from)
    specs = {s.name: s for s in plan.all_specs}
    early_stop = None
    if EARLY_STOP is not None and options.early_stop:
        rows = {name: plan.analysed(name, stats.values) for name in candidates.flagged_rows}
        early_stop = EarlyStop(EARLY_STOP, rows, stats.text_like, options.mode == "full")
    tally, confirmed = confirm_candidates(
        candidates,
        specs,
        plan.boosted,
        stats.free_text,
        options.confirm_give_up,
        options.keep_trying(plan.all_specs),
        options.give_up_after,
        early_stop,
    )
    # Most recognizers flag nothing in a column: they share one (frozen) empty record per
    # count of values analysed, so a wide table's cost is its candidates, not columns x
    # recognizers records.
    busy = {*candidates.flagged_rows, *candidates.flagged_distinct, *confirmed, *tally.matched}
    quiet: dict[int, MatchCounts] = {}
    matches = {}
    for spec in plan.all_specs:
        analysed = plan.analysed(spec.name, stats.values)
        if spec.name not in busy:
            if analysed not in quiet:
                quiet[analysed] = match_counts(spec, analysed, 0, 0, 0, Tally())
            matches[spec.name] = quiet[analysed]
            continue
        matches[spec.name] = match_counts(
            spec,
            analysed,
            candidates.flagged_rows.get(spec.name, 0),
            candidates.flagged_distinct.get(spec.name, 0),
            confirmed.get(spec.name, 0),
            tally,
        )
    return matches, {k: tuple(v) for k, v in tally.examples.items()}


@dataclass(frozen=True)
class Started:
    """A column's evidence with the patterns counted and NER (if wanted) under way."""

    base: ColumnEvidence
    stats: ColumnStats
    matches: dict[str, MatchCounts]
    examples: dict[str, tuple[str, ...]]
    sample: list[str]
    spans: Pending | None

    def finish(self) -> ColumnEvidence:
        found, sampled, lead = (
            ner_counts(self.sample, self.spans.result()) if self.spans else ({}, 0, 0)
        )
        stats, base = self.stats, self.base
        return ColumnEvidence(
            column=base.column,
            dtype=base.dtype,
            rows=base.rows,
            non_null=stats.values,
            prose=stats.prose,
            char_sum=stats.chars,
            digits_only=stats.digits_only,
            dates=stats.dates,
            timed_dates=stats.timed_dates,
            trunk_digits=stats.trunk_digits,
            repeated_lead=lead,
            matches=self.matches,
            ner=found,
            ner_sampled=sampled,
            examples=self.examples,
            gazetteer=gazetteer_counts(self.sample, stats.free_text),
        )


def start_column(
    base: ColumnEvidence,
    stats: ColumnStats,
    plan: Plan,
    candidates: Chosen | Sequence[Candidate],
    ner_values: Sequence[str],
    textual: bool,
    ner: NerEngine | None,
    options: EngineOptions,
    early: NerStarted | None = None,
) -> Started:
    """Confirm and count the column's candidates, and hand its NER sample to the NER engine
    when the patterns leave it unexplained (a background engine works on it meanwhile).
    `early` is that NER started beforehand (`start_ner`), used only if it is wanted."""
    matches, examples = matches_from(plan, stats, candidates, options)
    wants_ner = (
        textual and stats.digits_only * 2 < stats.values and not _explained(matches, stats.values)
    )
    if not wants_ner:
        return Started(base, stats, matches, examples, [], None)
    sample, spans = early or start_ner(ner_values, ner, options)
    return Started(base, stats, matches, examples, sample, spans)


NerStarted = tuple[list[str], Pending | None]


def start_ner(values: Sequence[str], ner: NerEngine | None, options: EngineOptions) -> NerStarted:
    """A column's NER sample, handed to the NER engine (if any: the gazetteers read the
    sample without one)."""
    sample = ner_sample(values, options)
    return sample, ner.submit(sample) if ner is not None and sample else None
