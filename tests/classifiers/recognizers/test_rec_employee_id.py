"""EmployeeIdRecognizer: EMP- plus exactly six digits."""

from __future__ import annotations

import pytest

from classifiers.recognizers.employee_id_recognizer import EmployeeIdRecognizer

ENTITY = "EMPLOYEE_ID"
RECOGNIZER = EmployeeIdRecognizer()


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    assert {r.entity_type for r in results} <= {ENTITY}
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EMP-123456", [("EMP-123456", 0.85)]),
        ("Badge EMP-004211 issued to the new hire.", [("EMP-004211", 0.85)]),
        ("EMP-123456, EMP-654321", [("EMP-123456", 0.85), ("EMP-654321", 0.85)]),
        ("emp-123456", [("emp-123456", 0.85)]),  # Presidio matches case-insensitively
        # hard negatives
        ("EMP-12345", []),
        ("EMP-1234567", []),
        ("TEMP-123456", []),
        ("EMP123456", []),
        ("SKU-123456", []),
        ("Order 123456 shipped", []),
        ("2024-01-15T10:30:00Z", []),
    ],
)
def test_employee_id(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected
