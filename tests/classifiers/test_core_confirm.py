"""Exact confirmation of candidates, and the plan that bounds how many are confirmed."""

from __future__ import annotations

import polars as pl
import pytest
from stdnum import luhn

from classifiers.confirm import CONTEXT_BOOST, Hit, confirm_value, resolve
from classifiers.engines.tally import (
    HASH_SEED,
    Candidate,
    Chosen,
    Tally,
    choose,
    confirm_candidates,
    value_hash,
    value_hashes,
)
from classifiers.recognizers.registry import Registry, build_registry

EMAIL, URL, CARD, BANK, PHONE = (
    "EmailRecognizer",
    "UrlRecognizer",
    "CreditCardRecognizer",
    "UsBankRecognizer",
    "PhoneRecognizer",
)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


def _confirm(
    registry: Registry,
    text: str,
    names: tuple[str, ...],
    boosted: frozenset[str] = frozenset(),
    in_text: bool = False,
) -> list[Hit]:
    specs = [registry.by_name(n) for n in names]
    return confirm_value(text, specs, boosted, in_text)


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # the domain of an email address is not a URL
        (
            "write to ann.lee@example.com today",
            (EMAIL, URL),
            [("EMAIL_ADDRESS", "ann.lee@example.com")],
        ),
        ("ann.lee@example.com", (EMAIL, URL), [("EMAIL_ADDRESS", "ann.lee@example.com")]),
        # a URL on its own is one
        ("see https://example.com/about", (EMAIL, URL), [("URL", "https://example.com/about")]),
        ("4111 1111 1111 1111", (CARD,), [("CREDIT_CARD", "4111 1111 1111 1111")]),
        ("4111 1111 1111 1112", (CARD,), []),  # fails Luhn: dropped
        ("nothing to see here", (EMAIL, URL, CARD), []),
        # a dotted quad in a log line is an IP address, not a phone number
        (
            '203.113.204.14 - - "GET /cart HTTP/1.1" 200',
            ("PhoneRecognizer", "IpRecognizer"),
            [("IP_ADDRESS", "203.113.204.14")],
        ),
        (
            "call +44 20 7946 0958",
            ("PhoneRecognizer", "IpRecognizer"),
            [("PHONE_NUMBER", "+44 20 7946 0958")],
        ),
        # a browser's version is not an IP address; an address in a URL is
        ("Chrome/124.0.0.0 Safari/537.36", ("IpRecognizer",), []),
        ("http://10.0.0.1/admin", ("IpRecognizer",), [("IP_ADDRESS", "10.0.0.1")]),
        # a bare domain is a URL; the domain of an e-mail address is not
        ("shop-24.de", ("DomainRecognizer",), [("URL", "shop-24.de")]),
        ("ann@shop-24.de", (EMAIL, "DomainRecognizer"), [("EMAIL_ADDRESS", "ann@shop-24.de")]),
    ],
)
def test_confirm_value_spans(
    registry: Registry, text: str, names: tuple[str, ...], expected: list[tuple[str, str]]
) -> None:
    hits = _confirm(registry, text, names)
    assert sorted((h.entity, text[h.start : h.end]) for h in hits) == sorted(expected)


def test_card_number_is_validated(registry: Registry) -> None:
    (hit,) = _confirm(registry, "4111111111111111", (CARD,))
    assert hit.validated
    assert hit.score == 1.0
    assert (hit.start, hit.end) == (0, 16)


def test_phone_hits_count_as_validated(registry: Registry) -> None:
    hits = _confirm(registry, "+44 20 7946 0958", (PHONE,))
    assert [h.entity for h in hits] == ["PHONE_NUMBER"]
    assert hits[0].validated


@pytest.mark.parametrize(
    ("boosted", "in_text", "text", "score"),
    [
        (frozenset(), False, "12345678", 0.05),
        (frozenset({BANK}), False, "12345678", 0.05 + CONTEXT_BOOST),
        (frozenset({"SomeOtherRecognizer"}), False, "12345678", 0.05),
        # free text: a context word of the recognizer in the value itself boosts it
        (frozenset(), True, "debit from account 12345678 today", 0.05 + CONTEXT_BOOST),
        (frozenset(), True, "paid 12345678 yesterday", 0.05),
        (frozenset(), False, "debit from account 12345678 today", 0.05),
    ],
)
def test_context_boost(
    registry: Registry, boosted: frozenset[str], in_text: bool, text: str, score: float
) -> None:
    (hit,) = _confirm(registry, text, (BANK,), boosted, in_text)
    assert CONTEXT_BOOST == pytest.approx(0.35)
    assert hit.score == pytest.approx(score)
    assert not hit.validated


def test_boost_never_passes_the_maximum(registry: Registry) -> None:
    (hit,) = _confirm(registry, "4111111111111111", (CARD,), frozenset({CARD}))
    assert hit.score == 1.0


def test_resolve_keeps_same_span_hits_and_drops_inner_weaker_ones() -> None:
    outer = Hit("A", "X", 0, 10, 0.9, False)
    same = Hit("B", "Y", 0, 10, 0.4, False)
    inner_weak = Hit("C", "Z", 2, 8, 0.5, False)
    inner_strong = Hit("D", "W", 2, 8, 0.95, False)
    kept = resolve([inner_weak, same, outer, inner_strong])
    assert {h.recognizer for h in kept} == {"A", "B", "D"}


# --- the confirmation plan ---------------------------------------------------------------------


def _candidates() -> list[Candidate]:
    busy = [Candidate(f"busy-{i}", rows=i % 3 + 1, recognizers=("Busy",)) for i in range(50)]
    shared = [Candidate(f"both-{i}", rows=5, recognizers=("Busy", "Rare")) for i in range(2)]
    rare = [Candidate("rare-0", rows=7, recognizers=("Rare",))]
    return busy + shared + rare


def test_plan_keeps_rare_recognizers_whole() -> None:
    chosen = choose(_candidates(), bound=10)
    rare_values = {c.value for c in chosen.candidates if "Rare" in c.recognizers}
    assert rare_values == {"both-0", "both-1", "rare-0"}
    assert chosen.scales()["Rare"] == 1.0
    assert chosen.kept() == {"Busy": 10, "Rare": 3}
    assert chosen.flagged_distinct == {"Busy": 52, "Rare": 3}
    assert chosen.flagged_rows["Rare"] == 5 + 5 + 7


def test_plan_cuts_busy_recognizers_to_the_bound() -> None:
    candidates = _candidates()
    chosen = choose(candidates, bound=10)
    busy = [c for c in candidates if "Busy" in c.recognizers]
    kept = sorted(busy, key=lambda c: (value_hash(c.value), c.value))[:10]
    assert {c.value for c in chosen.candidates if "Busy" in c.recognizers} == {
        c.value for c in kept
    }
    total_rows = sum(c.rows for c in busy)
    scale = chosen.scales()["Busy"]
    assert scale == pytest.approx(total_rows / sum(c.rows for c in kept))
    assert scale > 1.0
    # a value kept for one recognizer only is confirmed for that one only
    for candidate in chosen.candidates:
        if candidate.value.startswith("both-") and candidate.value not in {c.value for c in kept}:
            assert candidate.recognizers == ("Rare",)


def test_plan_without_a_cut_keeps_everything() -> None:
    candidates = _candidates()
    chosen = choose(candidates, bound=1_000)
    assert [(c.value, c.rows, c.recognizers) for c in chosen.candidates] == [
        (c.value, c.rows, c.recognizers) for c in candidates
    ]
    assert chosen.scales() == {"Busy": 1.0, "Rare": 1.0}
    assert chosen.kept() == {"Busy": 52, "Rare": 3}


def test_hashes_are_the_same_one_by_one_and_in_bulk() -> None:
    """Engines hash whole columns at once; the choice must not depend on how."""
    values = ["4111 1111 1111 1111", "jane@example.com", "héllo", "", "x" * 500]
    assert value_hashes(values) == [value_hash(v) for v in values]
    assert len(set(value_hashes(values))) == len(values)
    frame = pl.DataFrame({"v": values})
    assert frame.select(pl.col("v").hash(HASH_SEED)).to_series().to_list() == value_hashes(values)


def test_tally_scales_rows_and_counts_distinct_values() -> None:
    tally = Tally()
    hit = Hit("Busy", "X", 0, 5, 0.5, True)
    tally.add("12345", 3, [hit, Hit("Busy", "X", 0, 2, 0.2, False)], {"Busy": 2.0}, 7)
    tally.add("12345", 1, [hit], {}, 7)
    assert tally.matched["Busy"] == 7.0  # 3 rows * 2.0 + 1 row
    assert tally.validated["Busy"] == 7.0  # the best hit per value counts
    assert tally.whole["Busy"] == 7.0
    assert tally.scores["Busy"] == pytest.approx(3.5)
    assert len(tally.distinct["Busy"]) == 1
    assert tally.examples["X"][0] == "###45"  # masked, never the value


def test_a_value_two_recognizers_of_one_entity_claim_is_counted_once() -> None:
    from classifiers.confirm import Hit
    from classifiers.engines.tally import Tally

    tally = Tally()
    hits = [
        Hit("DePlzRecognizer", "DE_PLZ", 0, 5, 0.05, False),
        Hit("PostcodeRecognizer", "POSTCODE", 0, 5, 0.4, False),
        Hit("UsBankRecognizer", "US_BANK_NUMBER", 0, 5, 0.05, False),
    ]
    tally.add("10115", 3, hits, {}, 1)
    assert tally.matched == {"PostcodeRecognizer": 3, "UsBankRecognizer": 3}


def _not_luhn(count: int) -> list[str]:
    numbers = (f"4{i:015d}" for i in range(count * 10))
    return [n for n in numbers if not luhn.is_valid(n)][:count]


@pytest.mark.parametrize(("flagged", "tried"), [(100, 100), (10_000, 12)])
def test_an_estimated_checksum_recognizer_gives_up_as_sample_mode_does(
    registry: Registry, flagged: int, tried: int
) -> None:
    """Full mode keeps confirming a checksum recognizer's candidates when they are all of
    them (a rare card among them must be found); when they are a sample of many more, it gives
    up after `estimate_give_up` misses, as sample mode does."""
    values = _not_luhn(100)
    candidates = tuple(Candidate(v, 1, (CARD,), value_hash(v)) for v in values)
    chosen = Chosen(candidates, {CARD: flagged}, {CARD: flagged})
    specs = {s.name: s for s in registry.specs}
    _, confirmed = confirm_candidates(
        chosen, specs, frozenset(), False, 5, frozenset({CARD}), estimate_give_up=12
    )
    assert confirmed[CARD] == tried
