"""Confirmation that stops early: the rule, the scaled-up counts, and the thresholds it uses."""

from __future__ import annotations

from dataclasses import replace

import pytest

from classifiers.decide.column import SURE_CHECKSUM, Thresholds
from classifiers.decide.documents import MACHINE_TEXT_DISTINCT, MACHINE_TEXT_LENGTH, SURE_SCORE
from classifiers.decide.ids import MIN_CONFIRMED, MIN_SHARE
from classifiers.decide.table import (
    CODES_DISTINCT,
    CODES_SHARE,
    ICD10_RECOGNIZER,
    STREET_SHAPE_RECOGNIZER,
    STREETS_DISTINCT,
    STREETS_SHARE,
)
from classifiers.engines import stopping
from classifiers.engines.stopping import Column, EarlyStop, Outcomes, StopRule, wilson
from classifiers.engines.tally import Candidate, Chosen, confirm_candidates, value_hash
from classifiers.recognizers.registry import Registry, build_registry

EMAIL, URL = "EmailRecognizer", "UrlRecognizer"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


def _emails(count: int, rows: int, names: tuple[str, ...] = (EMAIL,)) -> Chosen:
    """`count` distinct e-mail addresses of `rows` rows each, flagged for `names`."""
    values = [f"user{i}@example.com" for i in range(count)]
    candidates = tuple(Candidate(v, rows, names, value_hash(v)) for v in values)
    flagged = {n: count * rows for n in names}
    return Chosen(candidates, flagged, {n: count for n in names})


def _stop(rows: int, names: tuple[str, ...] = (EMAIL,)) -> EarlyStop:
    return EarlyStop(StopRule(), dict.fromkeys(names, rows), text_like=False)


def test_wilson_interval_of_all_successes() -> None:
    low, high = wilson(50, 50)
    assert high == pytest.approx(1.0)
    assert low == pytest.approx(50 / (50 + stopping.Z_999**2))


def test_a_settled_recognizer_stops_and_its_counts_are_scaled_to_all_candidates(
    registry: Registry,
) -> None:
    chosen = _emails(400, rows=3)
    specs = {s.name: s for s in registry.specs}
    every, confirmed_all = confirm_candidates(chosen, specs, frozenset(), False)
    early, confirmed = confirm_candidates(
        chosen, specs, frozenset(), False, early_stop=_stop(1_200)
    )
    assert confirmed_all[EMAIL] == 400
    # Every value an address: settled at the second look (a checksum's validated share
    # must clear 0.9, which 50 of 50 does not at 99.9%).
    assert confirmed[EMAIL] == 2 * stopping.MIN_TRIED
    assert every.matched[EMAIL] == 1_200
    assert early.matched[EMAIL] == pytest.approx(1_200)  # 100 values x 3 rows, scaled by 4
    assert early.validated[EMAIL] == pytest.approx(every.validated[EMAIL])
    assert early.scores[EMAIL] == pytest.approx(every.scores[EMAIL])
    assert len(early.distinct[EMAIL]) == 2 * stopping.MIN_TRIED  # hashes of values tried
    assert early.examples["EMAIL_ADDRESS"]  # masked examples, as before


@pytest.mark.parametrize(("flagged", "confirmed"), [(400, 400), (4_000, 100)])
def test_full_mode_stops_only_recognizers_whose_counts_are_estimated(
    registry: Registry, flagged: int, confirmed: int
) -> None:
    """Full mode counts every candidate of a recognizer that flagged no more than its bound;
    one that flagged more keeps a sample of them, estimated, and may stop early."""
    chosen = _emails(400, rows=3)
    chosen = Chosen(chosen.candidates, {EMAIL: flagged * 3}, {EMAIL: flagged})
    specs = {s.name: s for s in registry.specs}
    stop = EarlyStop(StopRule(), {EMAIL: flagged * 3}, text_like=False, estimated_only=True)
    _, tried = confirm_candidates(chosen, specs, frozenset(), False, early_stop=stop)
    assert tried[EMAIL] == confirmed


def test_a_share_near_a_threshold_is_confirmed_in_full(registry: Registry) -> None:
    """Two thirds of the candidates are addresses: the share is too near the column test's
    0.6 to settle, so every candidate is confirmed."""
    values = [f"user{i}@example.com" if i % 3 else f"user{i} at example" for i in range(300)]
    candidates = tuple(Candidate(v, 1, (EMAIL,), value_hash(v)) for v in values)
    chosen = Chosen(candidates, {EMAIL: 300}, {EMAIL: 300})
    specs = {s.name: s for s in registry.specs}
    _, confirmed = confirm_candidates(chosen, specs, frozenset(), False, early_stop=_stop(300))
    assert confirmed[EMAIL] == 300


def test_a_stopped_recognizer_still_drops_the_hits_it_beats(registry: Registry) -> None:
    """The domain of each address is a URL candidate the address's hit drops. The e-mail
    recognizer stops at its second look; the URL one runs on to its give-up (160 misses)
    and must still lose every domain, as when every candidate is confirmed."""
    chosen = _emails(400, rows=3, names=(EMAIL, URL))
    specs = {s.name: s for s in registry.specs}
    tally, confirmed = confirm_candidates(
        chosen, specs, frozenset(), False, give_up_after=160, early_stop=_stop(1_200, (EMAIL, URL))
    )
    assert confirmed == {EMAIL: 2 * stopping.MIN_TRIED, URL: 160}
    assert tally.matched[EMAIL] == pytest.approx(1_200)
    assert tally.matched.get(URL, 0) == 0
    alone = _emails(400, rows=3, names=(URL,))  # without the address, the domain counts
    assert confirm_candidates(alone, specs, frozenset(), False)[0].matched[URL] > 0


def test_distinct_counts_must_be_reached_or_out_of_reach() -> None:
    """Distinct matched values are a set of hashes, not scaled: a street column of 200
    values needs 160 of them, so it is not settled after 50 even when all match."""
    seen = Outcomes(tried=50, tried_rows=50, matched=50, whole=50, validated=0, score_sum=42)
    small = Column(200, flagged_rows=200, kept=200, checksum=False, text_like=False)
    streets = replace(small, distinct_rows=True)
    large = replace(streets, analysed=10_000, flagged_rows=10_000, kept=300)
    assert not StopRule().settled(seen, streets)
    assert StopRule().settled(seen, large)
    assert StopRule().settled(seen, small)  # no decision counts its distinct values by rows


def test_the_rule_uses_the_decisions_thresholds() -> None:
    """The shares the rule keeps apart are the decision's own (a changed threshold there
    must be changed here)."""
    t = Thresholds()
    assert {t.min_ratio, CODES_SHARE, STREETS_SHARE} <= set(stopping.ROW_SHARES)
    assert MIN_SHARE in stopping.IDENTITY_ROW_SHARES
    assert t.min_free_text_ratio in stopping.TEXT_ROW_SHARES
    assert MIN_CONFIRMED in stopping.CANDIDATE_SHARES
    assert t.min_ratio in stopping.MATCHED_SHARES
    assert SURE_CHECKSUM in stopping.CHECKSUM_SHARES
    assert t.min_score in stopping.SCORES
    assert SURE_SCORE in stopping.TEXT_SCORES
    assert stopping.TEXT_DISTINCT == MACHINE_TEXT_DISTINCT
    assert stopping.CODES == (ICD10_RECOGNIZER, CODES_DISTINCT)
    assert stopping.COLUMN_TEST == t.min_ratio
    assert STREETS_DISTINCT == stopping.DISTINCT_ROW_SHARE
    assert STREET_SHAPE_RECOGNIZER in stopping.DISTINCT_ROW_RECOGNIZERS
    assert MACHINE_TEXT_LENGTH == stopping.TEXT_LENGTH


def test_a_config_with_other_thresholds_confirms_every_candidate(registry: Registry) -> None:
    """The rule's thresholds are the decision's defaults: where the config sets others, a
    share settled against the defaults might not be against them, so nothing stops early."""
    import polars as pl

    from classifiers.config import WardenConfig
    from classifiers.engines.options import EngineOptions
    from classifiers.engines.polars_engine import PolarsEngine
    from classifiers.rules import scan_rules

    default = WardenConfig.default()
    assert scan_rules(default).options.early_stop
    changed = default.model_copy(update={"thresholds": default.thresholds.model_copy(
        update={"min_ratio": 0.3})})  # fmt: skip
    assert not scan_rules(changed).options.early_stop
    emails = pl.Series("email", [f"user{i % 400}@example.com" for i in range(1_200)])
    confirmed = {
        stop: PolarsEngine(registry, None, EngineOptions(early_stop=stop))
        .column_evidence(emails)
        .matches[EMAIL]
        .confirmed_distinct
        for stop in (True, False)
    }
    assert confirmed[False] == EngineOptions().sample_confirm
    assert confirmed[True] < confirmed[False]
