"""PERSON spans inside running text count only when they hold a name some list knows."""

from __future__ import annotations

import pytest

from classifiers.engines.options import named, ner_counts
from classifiers.nlp import NerSpan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("John Smith", True),
        ("Dr. Müller", True),
        ("Kari Nordmann", True),
        ("राहुल", True),  # a script the names list barely holds: nothing to check against
        ("de lo", False),  # lower-case words, though "lo" is somebody's name
        ("Bestilte", False),  # a Norwegian verb an English model took for a name
        ("Leveringen", False),
    ],
)
def test_named(text: str, expected: bool) -> None:
    assert named(text) is expected


def test_unnamed_mentions_do_not_count_but_name_columns_do() -> None:
    sample = ["Bestilte to par, kom raskt.", "Spoke with John Smith today.", "Gumprich"]
    spans = [
        [NerSpan("PERSON", 0, 8, 0.85)],  # a mention with no known name: dropped
        [NerSpan("PERSON", 11, 21, 0.85)],  # a known name: kept
        [NerSpan("PERSON", 0, 8, 0.85)],  # the whole value: a name column's evidence, kept
    ]
    counts, sampled, _ = ner_counts(sample, spans)
    assert sampled == 3
    assert (counts["PERSON"].hits, counts["PERSON"].whole) == (2, 1)
