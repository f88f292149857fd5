"""Icd10CodeRecognizer: weak on its own, letters in third place only where ICD-10 has them."""

from __future__ import annotations

import pytest

from classifiers.recognizers.icd10_code_recognizer import Icd10CodeRecognizer

ENTITY = "ICD10_CODE"
RECOGNIZER = Icd10CodeRecognizer()


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    assert {r.entity_type for r in results} <= {ENTITY}
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("E11.9", [("E11.9", 0.3)]),
        ("J45.909", [("J45.909", 0.3)]),
        ("I10", [("I10", 0.3)]),
        ("S72.001A", [("S72.001A", 0.3)]),
        ("Z00.00", [("Z00.00", 0.3)]),
        ("T36.0X1A", [("T36.0X1A", 0.3)]),
        ("U07.1", [("U07.1", 0.3)]),  # COVID-19: U is not excluded
        ("C7A.010", [("C7A.010", 0.3)]),  # one of the six letter categories
        ("M1A.071", [("M1A.071", 0.3)]),
        ("Dx: E11.9, I10 and J45.909.", [("E11.9", 0.3), ("I10", 0.3), ("J45.909", 0.3)]),
        ("A10", [("A10", 0.3)]),  # ambiguous on its own: context decides
        # invalidated: a third-place letter outside C4A, C7A, C7B, D3A, M1A, Z3A
        ("B2B", []),
        ("E1A.1", []),
        # hard negatives
        ("e11.9", []),
        ("E119", []),  # undotted subcategory reads like a model number
        ("F150", []),
        ("F-150", []),
        ("A320neo", []),
        ("SKU-A12", []),
        ("S72.00123", []),
        ("2024-01-15T12:30:00", []),
        ("version 3.11", []),
        ("E3B0C44298FC1C149AFB", []),
    ],
)
def test_icd10_code(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected
