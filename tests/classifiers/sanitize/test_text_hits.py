"""Polars' Rust regex finds the same free-text hits as the Python path, span for span."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest
from presidio_anonymizer import AnonymizerEngine, RecognizerResult
from presidio_anonymizer.entities import OperatorConfig

from classifiers.config import config_from_text
from classifiers.confirm import confirm_value
from classifiers.recognizers.registry import Registry
from classifiers.rules import scan_rules
from classifiers.sanitize.text import _one_span
from classifiers.sanitize.text_hits import (
    confirm_text,
    lookaround_bodies,
    polars_hits,
    prune,
    rust_patterns,
)
from tests.sanitize_estate import FIRST, LAST

TEXTS = [
    "Write to Ann.Lee+test@Example.co.uk or ann@example.org, not to @nobody.",
    "Mail: a@b.c, x@y.com.\nNext line: JOHN.DOE@EXAMPLE.COM; café@exämple.de",
    "Card 4111 1111 1111 1111 and 4111-1111-1111-1112, IBAN GB82 WEST 1234 5698 7654 32.",
    "Server 192.168.0.1 talks to 10.0.0.256 and Chrome/124.0.0.0 via https://example.com/a?b=c",
    "Codes 12345 2345 and 123-45-6789, PRJ-1234 for the project, EMP-123456 badge.",
    "PAN ABCDE1234F on file; rx 1234567 and prescription 7654321; claim # 99887766.",
    "Replacement requested yesterday, no numbers anywhere in this sentence whatsoever.",
    "Kfz B-AB 1234 and M AB 123, NINO QQ123456C, Straße 12, 10115 Berlin.",
    "Call +44 20 7946 0958 or (555) 123-4567; SSN 078-05-1120; born 1985-03-12.",
    "ünïcödé ✓ text with no entity at all, and a tab\there.",
    "",
]


def _texts() -> list[str]:
    rng = random.Random(5)
    domains = ["example.com", "mail.example.org", "x.io"]
    made = [
        f"{rng.choice(FIRST).title()} wrote from {rng.choice(FIRST)}.{rng.choice(LAST)}{i}@"
        f"{rng.choice(domains)} about order {rng.randint(1, 10**6)}."
        for i in range(200)
    ]
    return TEXTS + made


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    folder: Path = tmp_path_factory.mktemp("hits")
    config = config_from_text(f"catalog: sqlite:///{folder}/c.db\nsources: []\n", folder / "w.yaml")
    return scan_rules(config, "full").registry


def test_many_recognizers_run_in_polars(registry: Registry) -> None:
    fast = [s.name for s in registry.specs if rust_patterns(s) is not None]
    assert "EmailRecognizer" in fast and len(fast) > 20


def test_polars_hits_and_pruning_equal_the_python_path(registry: Registry) -> None:
    texts = pl.Series("t", _texts())
    specs = list(registry.specs)
    everything = {row: list(range(len(specs))) for row in range(texts.len())}
    prune(texts, everything, specs)
    assert sum(map(len, everything.values())) < len(specs) * texts.len()  # some pruned
    found = polars_hits(texts, everything, specs)
    total = 0
    for row, text in enumerate(texts):
        expected = confirm_value(text, specs, frozenset(), in_text_context=True)
        got = confirm_text(text, list(enumerate(specs)), found.get(row, {}))
        assert got == expected, text
        total += len(got)
    assert total > 400  # every generated text holds an email and a number at least


@pytest.mark.parametrize(
    "config",
    [
        OperatorConfig("replace", {"new_value": "<EMAIL_ADDRESS>"}),
        OperatorConfig("redact", {}),
        OperatorConfig("custom", {"lambda": lambda text: text[:3]}),
        OperatorConfig("mask", {"masking_char": "*", "chars_to_mask": 99, "from_end": False}),
    ],
)
@pytest.mark.parametrize(("start", "end"), [(0, 8), (9, 22), (23, 31)])
def test_one_span_is_presidios_result(config: OperatorConfig, start: int, end: int) -> None:
    text = "Write to ann@example.org please"
    results = [RecognizerResult("EMAIL_ADDRESS", start, end, 0.9)]
    operators = {"EMAIL_ADDRESS": config}
    expected = AnonymizerEngine().anonymize(text, results, operators).text
    ours = _one_span(text, results, operators)
    assert ours == expected or (ours is None and config.operator_name == "mask")


@pytest.mark.parametrize(
    ("pattern", "bodies"),
    [
        (r"\b((?=.*?[a-z])(?=.*?[0-9]{4})[\w-]{10})\b", [".*?[a-z]", ".*?[0-9]{4}"]),
        (r"(?<=\brx\s)\d{6}", [r"\brx\s"]),
        (r"a|(?=b)c", None),  # in one branch only
        (r"(?:(?=x)a)?b", None),  # in an optional group
        (r"(?:(?=x)a){,2}b", None),
        (r"(?!(?=x)y)z", []),  # inside a negative look-ahead
        (r"[(?=x)]a", []),  # a character class
        (r"[]|(]a(?=q)", ["q"]),
        (r"[a\[](?=q)", ["q"]),
        (r"\((?=q)", ["q"]),
    ],
)
def test_necessary_lookarounds(pattern: str, bodies: list[str] | None) -> None:
    assert lookaround_bodies(pattern) == bodies
