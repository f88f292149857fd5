"""DomainRecognizer: bare domain names as URL, validated against the public suffix list."""

from __future__ import annotations

import pytest

from classifiers.offline import use_bundled_suffix_list
from classifiers.recognizers.domain_recognizer import DomainRecognizer

ENTITY = "URL"
RECOGNIZER = DomainRecognizer()


@pytest.fixture(autouse=True, scope="module")
def _offline() -> None:
    use_bundled_suffix_list()


def found(text: str) -> list[tuple[str, float]]:
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    return [(text[r.start : r.end], r.score) for r in sorted(results, key=lambda r: r.start)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("example.co.uk", [("example.co.uk", 1.0)]),
        ("shop-24.de", [("shop-24.de", 1.0)]),
        ("mail.northwind.example.com", [("mail.northwind.example.com", 1.0)]),
        ("xn--mnchen-3ya.de", [("xn--mnchen-3ya.de", 1.0)]),
        ("visit Example.ORG for more", [("Example.ORG", 1.0)]),
        (
            "hosts: api.stripe.com, cdn.shopify.com",
            [("api.stripe.com", 1.0), ("cdn.shopify.com", 1.0)],
        ),
        ("docs.python.org/3/library", []),  # a URL with a path is UrlRecognizer's
        ("https://example.com", []),
        ("jane.doe@example.com", []),  # the domain of an e-mail address
        # hard negatives: file names, versions, abbreviations, numbers, unknown suffixes
        ("setup.py", []),
        ("README.md", []),
        ("backup.zip", []),
        ("report.pdf", []),
        ("version 1.2.3", []),
        ("e.g. this", []),
        ("3.14159", []),
        ("config.internal", []),
        ("Mr.Smith", []),
        ("Univ.Prof. Grit Kühnert", []),  # .prof is a suffix, but a title is written so
        ("Dr.Med. Anna", []),
        ("Amazon.com", [("Amazon.com", 1.0)]),
    ],
)
def test_domain(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected


def test_subdomain_of_a_file_suffix_is_a_domain() -> None:
    assert found("www.example.ai") == [("www.example.ai", 1.0)]
