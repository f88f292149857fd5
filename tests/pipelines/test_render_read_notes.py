"""What `warden catalog` and `warden show` say about a read's health."""

import pytest

from classifiers.model import Coverage
from pipelines.render import coverage_text, read_notes


@pytest.mark.parametrize(
    ("coverage", "notes"),
    [
        (None, []),
        (Coverage(400, 400, 10, 10, "sample", "utf-8"), []),
        (Coverage(400, 400, 10, 10, "sample", "utf-8-sig"), []),
        (
            Coverage(3_997, 3_997, 10, 10, "full", "utf-8", records_unreadable=3),
            ["3 of 4,000 records malformed, skipped"],
        ),
        (
            Coverage(40, 40, 10, 10, "sample", "cp1252", records_repaired=2),
            ["2 records repaired (ragged or bad bytes)", "encoding cp1252"],
        ),
        (Coverage(10, None, 5, 10, "sample", "utf-16-le"), ["encoding utf-16-le"]),
    ],
    ids=["nothing read", "utf-8", "utf-8 with BOM", "skipped", "repaired cp1252", "utf-16"],
)
def test_read_notes(coverage: Coverage | None, notes: list[str]) -> None:
    assert read_notes(coverage) == notes


def test_coverage_text_is_unchanged_by_read_health() -> None:
    coverage = Coverage(400, 400, 10, 10, "sample", "cp1252", records_unreadable=1)
    assert coverage_text(coverage) == "400/400 rows (sample)"
