"""GenderRecognizer: gender words anywhere (weak), M and F only as the whole value."""

from __future__ import annotations

import pytest

from classifiers.recognizers.gender_recognizer import GenderRecognizer

ENTITY = "GENDER"
RECOGNIZER = GenderRecognizer()


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    assert {r.entity_type for r in results} <= {ENTITY}
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("male", [("male", 0.3)]),
        ("FEMALE", [("FEMALE", 0.3)]),
        ("Non-binary", [("Non-binary", 0.3)]),
        ("non binary", [("non binary", 0.3)]),
        ("nonbinary", [("nonbinary", 0.3)]),
        ("Patient is a 45-year-old woman.", [("woman", 0.3)]),
        ("man", [("man", 0.3)]),
        ("M", [("M", 0.05)]),
        ("f", [("f", 0.05)]),
        # words are not told apart from their other senses: context decides
        ("USB female connector", [("female", 0.3)]),
        # hard negatives
        ("Pac-Man", []),
        ("male-to-female adapter", []),
        ("human", []),
        ("manual override", []),
        ("Size M", []),
        ("M\nF", []),
        ("M\n", []),
        ("MF", []),
        ("F-150", []),
    ],
)
def test_gender(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected
