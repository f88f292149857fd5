"""PostcodeRecognizer: Dutch codes weak, bare 4- and 5-digit numbers very weak."""

from __future__ import annotations

import pytest

from classifiers.recognizers.postcode_recognizer import PostcodeRecognizer

ENTITY = "POSTCODE"
RECOGNIZER = PostcodeRecognizer()


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    assert {r.entity_type for r in results} <= {ENTITY}
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90210", [("90210", 0.05)]),
        ("Beverly Hills, CA 90210-1234.", [("90210-1234", 0.05)]),
        ("75001 Paris", [("75001", 0.05)]),
        ("8001 Zürich", [("8001", 0.05)]),
        ("1012 AB", [("1012 AB", 0.3)]),  # the 4-digit match inside it is dropped
        ("Postcode: 2601DC Delft", [("2601DC", 0.3)]),
        # invalidated Dutch letters: only the bare number is left, very weak
        ("1012 SS", [("1012", 0.05)]),
        # lower-case units are not Dutch postcodes; the number alone stays very weak
        ("1000 km", [("1000", 0.05)]),
        # hard negatives
        ("2024-01-15", []),
        ("12:30:45", []),
        ("3.14159", []),
        ("$1299.99", []),
        ("SKU-12345", []),
        ("110001", [("110001", 0.05)]),  # India's PIN codes, as weak as a bare ZIP
        ("ul. Długa 5, 00-950 Warszawa", [("00-950", 0.05)]),
        ("1000-001 Lisboa", [("1000-001", 0.05)]),
        ("1234567", []),
        ("ISBN 978-3-16-148410-0", []),
        ("v2.10.3", []),
    ],
)
def test_postcode(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected
