"""MedicalRecordNumberRecognizer: MRN-prefixed numbers strong, bare numbers very weak."""

from __future__ import annotations

import pytest

from classifiers.recognizers.medical_record_number_recognizer import (
    MedicalRecordNumberRecognizer,
)

ENTITY = "MEDICAL_RECORD_NUMBER"
RECOGNIZER = MedicalRecordNumberRecognizer()


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    assert {r.entity_type for r in results} <= {ENTITY}
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRN-1234567", [("MRN-1234567", 0.85)]),
        ("MRN 1234567", [("MRN 1234567", 0.85)]),
        ("MRN1234567", [("MRN1234567", 0.85)]),
        ("MRN: 00123456", [("MRN: 00123456", 0.85)]),
        ("MRN#123456", [("MRN#123456", 0.85)]),
        ("Patient MRN 9876543210 admitted to ward 4", [("MRN 9876543210", 0.85)]),
        # a bare number needs context (a column name, "patient" nearby) to count
        ("1234567", [("1234567", 0.05)]),
        # hard negatives
        ("MRN-12345", []),
        ("MRN-12345678901", []),
        ("SKU-1234567", []),
        ("ORD-00123456", []),
        ("1234567.89", []),
        ("2024-01-15 12:30:45", []),
        ("call 555-1234567", []),
        ("sha1 a3f5b9c1234567d2e4", []),
    ],
)
def test_medical_record_number(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected
