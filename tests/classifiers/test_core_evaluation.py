"""Scoring findings against labels: column-level precision, recall and F1."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.evaluation import Key, Score, read_labels, score

LABELS: dict[Key, frozenset[str]] = {
    ("people.csv", "email"): frozenset({"EMAIL_ADDRESS"}),
    ("people.csv", "phone"): frozenset({"PHONE_NUMBER"}),
    ("people.csv", "postcode"): frozenset({"POSTCODE"}),
    ("people.csv", "notes"): frozenset(),
    ("orders.csv", "card"): frozenset({"CREDIT_CARD"}),
}


@pytest.mark.parametrize(
    ("found", "tp", "fp", "fn"),
    [
        # everything right; UK_POSTCODE counts as POSTCODE
        (
            {
                ("people.csv", "email"): ["EMAIL_ADDRESS"],
                ("people.csv", "phone"): ["PHONE_NUMBER"],
                ("people.csv", "postcode"): ["UK_POSTCODE"],
                ("orders.csv", "card"): ["CREDIT_CARD"],
            },
            4,
            0,
            0,
        ),
        # one missed, one extra, one wrong
        (
            {
                ("people.csv", "email"): ["EMAIL_ADDRESS", "URL"],
                ("people.csv", "phone"): [],
                ("people.csv", "postcode"): ["DE_PLZ"],
                ("orders.csv", "card"): ["US_BANK_NUMBER"],
            },
            2,
            2,
            2,
        ),
        # findings on unlabelled columns are not scored
        ({("other.csv", "x"): ["PERSON"]}, 0, 0, 4),
        ({}, 0, 0, 4),
    ],
)
def test_score_counts(found: dict[Key, list[str]], tp: int, fp: int, fn: int) -> None:
    result = score(LABELS, found)
    assert (result.true_positives, result.false_positives, result.false_negatives) == (tp, fp, fn)


def test_score_mistakes_name_the_column() -> None:
    found = {
        ("people.csv", "email"): ["EMAIL_ADDRESS", "URL"],
        ("people.csv", "phone"): ["PHONE_NUMBER"],
        ("people.csv", "postcode"): ["CA_POSTAL_CODE"],
        ("people.csv", "notes"): ["PERSON"],
    }
    result = score(LABELS, found)
    assert result.mistakes == (
        "orders.csv:card extra=- missed=CREDIT_CARD",
        "people.csv:email extra=URL missed=-",
        "people.csv:notes extra=PERSON missed=-",
    )


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "precision", "recall", "f1"),
    [
        (8, 2, 0, 0.8, 1.0, 2 * 0.8 / 1.8),
        (3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35),
        (0, 0, 0, 1.0, 1.0, 1.0),  # nothing to find and nothing found
        (0, 3, 0, 0.0, 1.0, 0.0),
        (0, 0, 3, 1.0, 0.0, 0.0),
        (0, 2, 2, 0.0, 0.0, 0.0),
    ],
)
def test_precision_recall_f1(
    tp: int, fp: int, fn: int, precision: float, recall: float, f1: float
) -> None:
    result = Score(tp, fp, fn)
    assert result.precision == pytest.approx(precision)
    assert result.recall == pytest.approx(recall)
    assert result.f1 == pytest.approx(f1)


def test_read_labels(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text(
        "dataset,column,entities\n"
        "people.csv,email,EMAIL_ADDRESS\n"
        "people.csv,contact,PERSON;PHONE_NUMBER\n"
        "people.csv,notes,\n"
        "unreadable.bin,,\n",
        encoding="utf-8",
    )
    assert read_labels(path) == {
        ("people.csv", "email"): frozenset({"EMAIL_ADDRESS"}),
        ("people.csv", "contact"): frozenset({"PERSON", "PHONE_NUMBER"}),
        ("people.csv", "notes"): frozenset(),
    }


def test_score_from_a_labels_file(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text(
        "dataset,column,entities\na.csv,zip,UK_POSTCODE\na.csv,plz,DE_PLZ\n", encoding="utf-8"
    )
    found = {("a.csv", "zip"): ["POSTCODE"], ("a.csv", "plz"): ["POSTCODE"]}
    result = score(read_labels(path), found)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.mistakes == ()
