"""Evidence adds up: counts of two partitions equal the counts of the whole."""

from __future__ import annotations

import random
from dataclasses import dataclass

import polars as pl
import pytest
from stdnum import luhn

from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.evidence import (
    DISTINCT_CAP,
    EXAMPLES_CAP,
    ColumnEvidence,
    MatchCounts,
    NerCounts,
    TableEvidence,
)
from classifiers.recognizers.registry import build_registry

ROWS = 2_000
ADDITIVE_COLUMN = ("rows", "non_null", "prose", "char_sum", "digits_only")
ADDITIVE_MATCH = ("analysed", "candidates", "matched", "validated", "whole")


# --- addition of hand-built values ------------------------------------------------------------


def test_match_counts_add() -> None:
    a = MatchCounts(10, 8, 6, 4, 5, 3.0, 7, 7, frozenset({1, 2}))
    b = MatchCounts(20, 2, 1, 1, 0, 0.5, 2, 2, frozenset({2, 3}))
    total = a + b
    assert (total.analysed, total.candidates, total.matched, total.validated, total.whole) == (
        30,
        10,
        7,
        5,
        5,
    )
    assert total.score_sum == pytest.approx(3.5)
    assert (total.candidate_distinct, total.confirmed_distinct) == (9, 9)
    assert total.distinct == frozenset({1, 2, 3})  # a union, not a sum
    assert total.ratio == pytest.approx(7 / 30)
    assert total.mean_score == pytest.approx(0.5)


def test_distinct_hashes_are_capped() -> None:
    a = MatchCounts(distinct=frozenset(range(0, 8_000)))
    b = MatchCounts(distinct=frozenset(range(5_000, 13_000)))
    total = a + b
    assert len(total.distinct) == DISTINCT_CAP
    # the kept hashes are the smallest: every engine keeps the same ones
    assert total.distinct == frozenset(range(DISTINCT_CAP))
    assert total.to_json()["distinct_matched"] == DISTINCT_CAP
    assert "distinct" not in total.to_json()


def test_ner_counts_add() -> None:
    total = NerCounts(200, 50, 40, 42.5) + NerCounts(100, 10, 5, 8.5)
    assert total == NerCounts(300, 60, 45, 51.0)


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        (("a",), ("b",), ("a", "b")),
        (("a", "b"), ("b", "c", "d"), ("a", "b", "c")),  # deduplicated, then capped
        ((), ("x", "x", "y"), ("x", "y")),
        (("a", "b", "c"), ("d",), ("a", "b", "c")),
    ],
)
def test_column_examples_dedup_and_cap(
    mine: tuple[str, ...], theirs: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    a = ColumnEvidence("email", "String", examples={"EMAIL_ADDRESS": mine})
    b = ColumnEvidence("email", "String", examples={"EMAIL_ADDRESS": theirs})
    merged = (a + b).examples["EMAIL_ADDRESS"]
    assert merged == expected
    assert len(merged) <= EXAMPLES_CAP


def test_column_evidence_adds() -> None:
    a = ColumnEvidence(
        "contact",
        "String",
        rows=100,
        non_null=90,
        prose=3,
        char_sum=900,
        digits_only=1,
        repeated_lead=2,
        matches={"EmailRecognizer": MatchCounts(90, 80, 80, 80, 80, 80.0)},
        ner={"PERSON": NerCounts(50, 5, 1, 4.0)},
        ner_sampled=50,
        examples={"EMAIL_ADDRESS": ("j***@e***.com",)},
    )
    b = ColumnEvidence(
        "contact",
        "String",
        rows=50,
        non_null=50,
        prose=0,
        char_sum=400,
        digits_only=0,
        temporal=True,
        matches={
            "EmailRecognizer": MatchCounts(50, 40, 40, 40, 40, 40.0),
            "UrlRecognizer": MatchCounts(50, 3, 1, 0, 0, 0.5),
        },
        ner={"LOCATION": NerCounts(30, 2, 2, 1.6)},
        ner_sampled=30,
    )
    total = a + b
    assert (total.rows, total.non_null, total.prose, total.char_sum, total.digits_only) == (
        150,
        140,
        3,
        1300,
        1,
    )
    assert total.temporal
    assert total.repeated_lead == 2
    assert total.ner_sampled == 80
    assert total.matches["EmailRecognizer"].matched == 120
    assert total.matches["UrlRecognizer"].matched == 1  # present on one side only
    assert set(total.ner) == {"PERSON", "LOCATION"}
    assert total.mean_length == pytest.approx(1300 / 140)
    assert total.examples == {"EMAIL_ADDRESS": ("j***@e***.com",)}
    # the operands are unchanged values
    assert a.rows == 100 and b.matches["EmailRecognizer"].matched == 40


def test_adding_different_columns_raises() -> None:
    with pytest.raises(ValueError, match="email"):
        ColumnEvidence("email", "String") + ColumnEvidence("phone", "String")


def test_table_evidence_adds() -> None:
    a = TableEvidence({"email": ColumnEvidence("email", "String", rows=3, non_null=3)}, rows=3)
    b = TableEvidence(
        {
            "email": ColumnEvidence("email", "String", rows=2, non_null=1),
            "phone": ColumnEvidence("phone", "String", rows=2, non_null=2),
        },
        rows=2,
    )
    total = a + b
    assert total.rows == 5
    assert total.columns["email"].non_null == 4
    assert total.columns["phone"].non_null == 2


def test_to_json_holds_counts_only() -> None:
    evidence = ColumnEvidence(
        "email",
        "String",
        rows=4,
        non_null=4,
        char_sum=10,
        matches={
            "EmailRecognizer": MatchCounts(4, 4, 4, 4, 4, 4.0, distinct=frozenset({9})),
            "UrlRecognizer": MatchCounts(4, 0, 0, 0, 0, 0.0),  # nothing flagged: left out
        },
    )
    data = evidence.to_json()
    assert set(data["matches"]) == {"EmailRecognizer"}
    assert data["mean_length"] == 2.5


# --- the key property, with the real engine ---------------------------------------------------


@dataclass(frozen=True)
class Split:
    whole: TableEvidence
    halves: TableEvidence


def _card(rng: random.Random) -> str:
    body = rng.choice(["4", "51", "37"])
    body += "".join(rng.choice("0123456789") for _ in range(15 - len(body)))
    return body + luhn.calc_check_digit(body)


def _phone(rng: random.Random) -> str:
    shape = rng.choice(["+44 20 {} {}", "({}) 555-{}", "+1-202-{}-{}"])
    return shape.format(rng.randint(100, 999), rng.randint(1000, 9999))


def _email(rng: random.Random, i: int) -> str:
    local = rng.choice(["ann", "bob", "chen", "dana", "eve"])
    return f"{local}.{i}@{rng.choice(['example.com', 'mail.org', 'corp.co.uk'])}"


def _sentence(rng: random.Random, i: int) -> str:
    text = rng.choice(
        [
            "The delivery arrived late but the box was intact",
            "Please call me back about the invoice tomorrow",
            "I would like to change the colour of my order",
        ]
    )
    return text + (f" or write to {_email(rng, i)} instead" if rng.random() < 0.1 else ".")


def _frame(rows: int) -> pl.DataFrame:
    """Phones and cards repeat (phonenumbers is slow, and repeats test row counting)."""
    rng = random.Random(20240115)
    products = ["Ergonomic Chair", "Steel Lamp", "Cotton Shirt", "Granite Table", "Rubber Duck"]
    phones = [_phone(rng) for _ in range(150)]
    cards = [_card(rng) for _ in range(250)]
    return pl.DataFrame(
        {
            "email": [_email(rng, i) for i in range(rows)],
            "phone": [rng.choice(phones) for _ in range(rows)],
            "card_number": [rng.choice(cards) for _ in range(rows)],
            "product": [f"{rng.choice(products)} {rng.randint(1, 99)}" for _ in range(rows)],
            "quantity": [rng.randint(0, 100_000) for _ in range(rows)],
            "comment": [_sentence(rng, i) for i in range(rows)],
        }
    )


@pytest.fixture(scope="module")
def engine() -> PolarsEngine:
    options = EngineOptions(mode="full", max_distinct_candidates=100_000)
    return PolarsEngine(build_registry(), None, options)


@pytest.fixture(scope="module")
def split(engine: PolarsEngine) -> Split:
    frame = _frame(ROWS)
    half = ROWS // 2
    halves = engine.table_evidence(frame.head(half)) + engine.table_evidence(frame.tail(-half))
    return Split(engine.table_evidence(frame), halves)


def _additive(evidence: ColumnEvidence) -> dict[str, object]:
    counts: dict[str, object] = {f: getattr(evidence, f) for f in ADDITIVE_COLUMN}
    for name, match in evidence.matches.items():
        if match.candidates or match.analysed:
            counts[name] = {f: getattr(match, f) for f in ADDITIVE_MATCH}
    return counts


def test_the_frame_holds_what_it_should(split: Split) -> None:
    """Guards the additivity test: the generated frame really has matches to add up."""
    columns = split.whole.columns
    assert split.whole.rows == ROWS
    assert columns["email"].matches["EmailRecognizer"].validated == ROWS
    assert columns["card_number"].matches["CreditCardRecognizer"].validated == ROWS
    assert columns["phone"].matches["PhoneRecognizer"].matched > ROWS // 2
    assert 100 < columns["comment"].matches["EmailRecognizer"].matched < 300
    assert columns["comment"].prose == ROWS
    assert columns["quantity"].digits_only == ROWS


@pytest.mark.parametrize(
    "column", ["email", "phone", "card_number", "product", "quantity", "comment"]
)
def test_halves_add_up_to_the_whole(split: Split, column: str) -> None:
    whole = _additive(split.whole.columns[column])
    halves = _additive(split.halves.columns[column])
    assert halves == whole
    assert split.halves.rows == split.whole.rows


def test_analysed_adds_when_one_half_cannot_match(engine: PolarsEngine) -> None:
    """A recognizer skipped in one batch (no value long enough) still looked at its rows in
    the whole: the sum must not shrink its denominator."""
    values = ["ab"] * 50 + ["4111 1111 1111 1111"] * 50
    frame = pl.DataFrame({"ref": values})
    whole = engine.table_evidence(frame).columns["ref"].matches["CreditCardRecognizer"]
    halves = engine.table_evidence(frame.head(50)) + engine.table_evidence(frame.tail(50))
    summed = halves.columns["ref"].matches["CreditCardRecognizer"]
    assert (summed.analysed, summed.matched) == (whole.analysed, whole.matched) == (100, 50)
    assert summed.ratio == pytest.approx(whole.ratio)


def test_engine_examples_are_distinct(engine: PolarsEngine) -> None:
    """Emails that mask alike are shown once, as adding evidence would show them."""
    series = pl.Series("email", [f"a{i}@example.com" for i in range(20)] + ["bo@mail.org"])
    evidence = engine.column_evidence(series)
    shown = evidence.examples["EMAIL_ADDRESS"]
    assert len(shown) == len(set(shown))
    assert (ColumnEvidence("email", "String") + evidence).examples == evidence.examples
