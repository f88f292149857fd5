"""OUR_RECOGNIZERS: every class builds the way the registry builds it, one entity each."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from presidio_analyzer import PatternRecognizer

from classifiers.recognizers.ours import OUR_RECOGNIZERS

# Called with keywords only, as the registry does; PatternRecognizer itself needs more.
BUILDERS: tuple[Callable[..., PatternRecognizer], ...] = OUR_RECOGNIZERS
IDS = [cls.__name__ for cls in OUR_RECOGNIZERS]


def test_each_recognizer_has_its_own_name() -> None:
    names = [build().to_dict()["name"] for build in BUILDERS]
    assert len(set(names)) == len(BUILDERS)


def test_entities_shared_only_with_presidio_types() -> None:
    # Several recognizers may find one Presidio type (CRYPTO, URL); Warden's own kinds
    # (STREET_ADDRESS ...) have one recognizer each, but GENDER (words anywhere, and whole
    # values in many languages) and STREET_ADDRESS (typed lines, and the weak shape of a
    # name and a house number that needs a street column name).
    entities = [build().to_dict()["supported_entity"] for build in BUILDERS]
    shared = {e for e in entities if entities.count(e) > 1}
    assert shared <= {"CRYPTO", "URL", "GENDER", "STREET_ADDRESS"}


@pytest.mark.parametrize("build", BUILDERS, ids=IDS)
def test_defaults_and_overrides(build: Callable[..., PatternRecognizer]) -> None:
    default = build(supported_language="en")
    assert default.to_dict()["name"] == type(default).__name__
    # Presidio matches context one token at a time: a phrase would never match.
    assert default.context
    assert all(" " not in word for word in default.context)
    custom = build(context=[], supported_entity="OTHER", name="other").to_dict()
    assert (custom["context"], custom["supported_entity"], custom["name"]) == (
        [],
        "OTHER",
        "other",
    )


@pytest.mark.parametrize("build", BUILDERS, ids=IDS)
def test_patterns_parse_with_stdlib_re(build: Callable[..., PatternRecognizer]) -> None:
    # The registry measures patterns with the stdlib parser and prefilters them in Rust,
    # so they must not depend on syntax only the `regex` package knows.
    for pattern in build().to_dict()["patterns"]:
        re.compile(pattern["regex"])
        assert not re.search(r"\\[1-9]", pattern["regex"]), "no backreferences"
