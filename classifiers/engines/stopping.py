"""When confirming more of a recognizer's candidates cannot change a column's decision.

Confirmation tries a column's distinct candidates in hash order, an order unrelated to what
the values are, so the candidates a recognizer has tried so far are a fair sample of all it
kept. What the column decision reads of a recognizer is a share of those candidates (matched,
whole or validated ones), a share of the matched ones (validated, whole), a mean score, or a
count of distinct matched values. The rule: once a recognizer that matched some has tried
`MIN_TRIED` candidates, and again every `MIN_TRIED` more, each share gets its Wilson interval
at 99.9% (z = 3.29); when no interval holds a threshold the decision compares that share
with (`ROW_SHARES` and the rest below, scaled to shares of the candidates), and each distinct
count the decision compares is reached or out of reach, the recognizer stops. Its counts are
then scaled up to the rows of all its candidates (`Tally.rescale`), as for a recognizer whose
counts are estimated from the start (`tally.Chosen`), and its confirmed distinct count is
below its candidate count, as an estimate's is.

A mean score or share of values in [0, 1] has at most the variance of a coin with that mean,
so a coin's interval is wide enough for the mean score too. Shares are taken over distinct
candidates: hash order does not depend on how many rows hold a value. A look calls a share
settled on the wrong side of a threshold with a chance of at most 0.05%; over the six looks
of 300 candidates (sample mode) that is 0.3%, over the 40 of full mode's 2,000 at most 2%
(Bonferroni). The evaluation corpus's dev half is decided the same with and without the
rule (`python -m bench.early_stop_check`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from classifiers.confirm import Hit, is_whole, shadowed_kind
from classifiers.decide.ids import IDENTITY_TYPES
from classifiers.entities import canonical
from classifiers.evidence import DISTINCT_CAP
from classifiers.recognizers.registry import RecognizerSpec

if TYPE_CHECKING:  # the tally module runs the rule: it imports this one
    from classifiers.engines.tally import Candidate, Chosen, Tally

Z_999 = 3.2905  # two-sided 99.9% normal quantile
MIN_TRIED = 50  # candidates tried before the first look, and between looks
TEXT_LENGTH = 40  # mean characters of log lines, judged as free text (MACHINE_TEXT_LENGTH)

# The thresholds of the column decision (`classifiers.decide`), by what they are a share of;
# `tests/classifiers/engines/test_stopping.py` checks them against the decision's own.
# Of the rows analysed: structured-column share (min_ratio), most rows explained (no NER),
# ICD-10 codes and street lines of a table about people, and whole values of half the rows
# (not log lines).
ROW_SHARES = (0.5, 0.6, 0.8)
IDENTITY_ROW_SHARES = (0.05,)  # an identity document type among others (`decide.ids`)
TEXT_ROW_SHARES = (0.02,)  # free text: share of rows (min_free_text_ratio)
# Of the flagged rows: validated ones for a sparse checksum match (half) and for an
# identity type among others (a quarter).
CANDIDATE_SHARES = (0.25, 0.5)
MATCHED_SHARES = (0.5, 0.6)  # validated and whole shares of the matched rows
CHECKSUM_SHARES = (0.9,)  # ... a checksum that nearly always passes (SURE_CHECKSUM)
SCORES = (0.5,)  # mean score of a structured column's matches (min_score)
TEXT_SCORES = (0.8,)  # ... a match sure enough to report in free text alone (SURE_SCORE)
# Distinct matched values: log lines (10), ICD-10 codes (8), and street lines (0.8 of the
# rows analysed, for the street-line shape); a set of hashes is not scaled up, so its count
# must be reached or be out of reach.
TEXT_DISTINCT = 10
CODES = ("Icd10CodeRecognizer", 8)
DISTINCT_ROW_SHARE = 0.8
DISTINCT_ROW_RECOGNIZERS = frozenset({"HouseNumberLineRecognizer"})
# Of the rows analysed, the shares below which a structured column's test fails (min_ratio
# of whole values) and its patterns leave it to NER (matched rows): then nothing reads its
# shares of matched rows or its mean score.
COLUMN_TEST, EXPLAINED = 0.6, 0.8


def distinct_counts(name: str, text_like: bool) -> tuple[int, ...]:
    """The counts of distinct matched values a decision compares a recognizer's with."""
    codes = (CODES[1],) if name == CODES[0] else ()
    return codes + ((TEXT_DISTINCT,) if text_like else ())


def wilson(successes: float, trials: int, z: float = Z_999) -> tuple[float, float]:
    """The Wilson score interval of a share `successes / trials`."""
    if trials <= 0:
        return 0.0, 1.0
    share = successes / trials
    spread = z * z / trials
    centre = (share + spread / 2) / (1 + spread)
    half = z * math.sqrt(share * (1 - share) / trials + spread / (4 * trials)) / (1 + spread)
    return max(0.0, centre - half), min(1.0, centre + half)


def decided(successes: float, trials: int, cuts: Iterable[float], z: float = Z_999) -> bool:
    """No threshold lies within the share's interval."""
    low, high = wilson(successes, trials, z)
    return not any(low <= cut <= high for cut in cuts)


@dataclass
class Outcomes:
    """What one recognizer found on the distinct candidates it tried so far."""

    tried: int = 0
    tried_rows: int = 0
    matched: int = 0
    whole: int = 0
    validated: int = 0
    score_sum: float = 0.0

    def add(self, rows: int, hit: Hit | None, whole: bool) -> None:
        self.tried += 1
        self.tried_rows += rows
        if hit is not None:
            self.matched += 1
            self.whole += whole
            self.validated += hit.validated
            self.score_sum += hit.score


@dataclass(frozen=True)
class Column:
    """What the thresholds depend on, for one recognizer in one column."""

    analysed: int  # rows it looked at
    flagged_rows: int  # rows its prefilter flagged
    kept: int  # distinct candidates kept for it (`Chosen.kept`)
    checksum: bool
    text_like: bool  # prose, or values long enough to be log lines: free-text rules apply
    identity: bool = False  # an identity document type (`decide.ids.IDENTITY_TYPES`)
    distinct_counts: tuple[int, ...] = ()  # `distinct_counts`
    distinct_rows: bool = False  # its distinct values count against the rows analysed


@dataclass(frozen=True)
class StopRule:
    """The early-stop rule (see the module's docstring)."""

    z: float = Z_999
    min_tried: int = MIN_TRIED

    def looks_at(self, seen: Outcomes) -> bool:
        """A recognizer that matched some is judged every `min_tried` candidates; one that
        matched none gives up by `confirm_candidates`' own rule."""
        return (
            seen.matched > 0 and seen.tried >= self.min_tried and seen.tried % self.min_tried == 0
        )

    def settled(self, seen: Outcomes, column: Column) -> bool:
        """Every share the decision reads is on one side of each of its thresholds."""
        if seen.tried < self.min_tried or column.flagged_rows <= 0:
            return False
        per_flagged = column.analysed / column.flagged_rows
        row_shares = (
            ROW_SHARES
            + (TEXT_ROW_SHARES if column.text_like else ())
            + (IDENTITY_ROW_SHARES if column.identity else ())
        )
        of_rows = tuple(share * per_flagged for share in row_shares)
        # Validated rows count against the rows analysed only as a checksum type's vouched
        # values (`decide.ids`); otherwise against the flagged and the matched rows.
        of_flagged = CANDIDATE_SHARES + (of_rows if column.checksum else ())
        of_matched = MATCHED_SHARES + (CHECKSUM_SHARES if column.checksum else ())
        scores = SCORES + (TEXT_SCORES if column.text_like else ())
        z, tried, matched = self.z, seen.tried, seen.matched
        shares = (
            decided(matched, tried, of_rows, z)
            and decided(seen.whole, tried, of_rows, z)
            and decided(seen.validated, tried, of_flagged, z)
            and self._distinct_settled(seen, column)
        )
        if not shares or self._fails_column_test(seen, column, per_flagged):
            return shares
        return (
            decided(seen.whole, matched, of_matched, z)
            and decided(seen.validated, matched, of_matched, z)
            and decided(seen.score_sum, matched, scores, z)
        )

    def _fails_column_test(self, seen: Outcomes, column: Column, per_flagged: float) -> bool:
        """A structured column whose whole values are surely too few for the column test,
        and matched values too few to leave NER out."""
        if column.text_like:
            return False
        _, whole = wilson(seen.whole, seen.tried, self.z)
        _, matched = wilson(seen.matched, seen.tried, self.z)
        return whole < COLUMN_TEST * per_flagged and matched < EXPLAINED * per_flagged

    def _distinct_settled(self, seen: Outcomes, column: Column) -> bool:
        counts: tuple[float, ...] = column.distinct_counts
        if column.distinct_rows:
            counts = (*counts, DISTINCT_ROW_SHARE * min(column.analysed, DISTINCT_CAP))
        _, high = wilson(seen.matched, seen.tried, self.z)
        return all(seen.matched >= n or high * column.kept < n for n in counts)


EARLY_STOP: StopRule | None = StopRule()  # the rule the engines use (None: confirm all)


@dataclass(frozen=True)
class EarlyStop:
    """The rule, and what its thresholds depend on in one column."""

    rule: StopRule
    analysed: Mapping[str, int]  # rows each recognizer looked at
    text_like: bool
    # Full mode counts every candidate of a recognizer that flagged at most its bound: only
    # those whose counts are estimated anyway (`Chosen.estimated`) stop early there.
    estimated_only: bool = False


class Stops:
    """The early-stop bookkeeping of one column's confirmation (`engines.stopping`).

    A recognizer that stopped still runs, as a referee, on the values where a recognizer it
    beat on some value before finds something (a phone number holding digits a bank-account
    pattern reads): their counts stay those of confirming every candidate; its own are not
    added to."""

    def __init__(
        self, chosen: Chosen, specs: Mapping[str, RecognizerSpec], persistent: frozenset[str],
        early_stop: EarlyStop,
    ) -> None:  # fmt: skip
        self.rule = early_stop.rule
        self.spared = {name: shadowed_kind(spec) for name, spec in specs.items()}
        self.persistent = persistent  # full mode's checksum recognizers confirm them all
        self.may_stop = chosen.estimated() if early_stop.estimated_only else None
        self.kept_rows = chosen.kept_rows()
        self.columns = {
            name: Column(
                analysed=early_stop.analysed.get(name, 0),
                flagged_rows=chosen.flagged_rows.get(name, 0),
                kept=count,
                checksum=specs[name].checksum,
                text_like=early_stop.text_like,
                identity=canonical(specs[name].entity) in IDENTITY_TYPES,
                distinct_counts=distinct_counts(name, early_stop.text_like),
                distinct_rows=name in DISTINCT_ROW_RECOGNIZERS,
            )
            for name, count in chosen.kept().items()
        }
        self.seen: dict[str, Outcomes] = defaultdict(Outcomes)
        self.stopped: set[str] = set()
        self.beaten: dict[str, set[str]] = defaultdict(set)  # recognizer -> those it beat

    def shadowing(self, candidate: Candidate, names: Sequence[str]) -> list[str]:
        """The stopped recognizers of the candidate that beat, on some value before, one of
        `names` whose kind another's whole-text hit spares running (an IP address, a phone
        number): run first, they spare it again."""
        if not self.stopped:
            return []
        spared = {n for n in names if self.spared[n]}
        return [n for n in candidate.recognizers if n in self.stopped and self.beaten[n] & spared]

    def referees(
        self, candidate: Candidate, hits: Sequence[Hit], losers: set[str], run: Sequence[str]
    ) -> list[str]:
        """The stopped recognizers of the candidate, not in `run`, that beat, on some value
        before, one that found something in this one."""
        if not self.stopped:
            return []
        hitting = losers | {h.recognizer for h in hits}
        return [
            n
            for n in candidate.recognizers
            if n in self.stopped and n not in run and not self.beaten[n].isdisjoint(hitting)
        ]

    def record(
        self, candidate: Candidate, names: Sequence[str], hits: Sequence[Hit],
        losers: set[str], winners: Sequence[Hit],
    ) -> None:  # fmt: skip
        """Note who beat whom on the value, what each recognizer found; stop those settled."""
        won = {h.recognizer for h in winners}
        lost = losers | ({h.recognizer for h in hits} - won)
        for winner in won:
            self.beaten[winner].update(lost - {winner})
        by_name = {h.recognizer: h for h in winners}
        for name in names:
            hit = by_name.get(name)
            seen = self.seen[name]
            seen.add(candidate.rows, hit, hit is not None and is_whole(hit, candidate.value))
            due = self._may_stop(name) and self.rule.looks_at(seen)
            if due and self.rule.settled(seen, self.columns[name]):
                self.stopped.add(name)

    def _may_stop(self, name: str) -> bool:
        if name in self.persistent:
            return False
        return self.may_stop is None or name in self.may_stop

    def rescale(self, tally: Tally) -> None:
        """From the rows of the candidates kept to those of the candidates tried."""
        for name in self.stopped:
            tried_rows = self.seen[name].tried_rows
            if tried_rows and tried_rows < self.kept_rows[name]:
                tally.rescale(name, self.kept_rows[name] / tried_rows)
