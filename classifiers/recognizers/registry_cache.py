"""The recognizers' specs as data in the startup cache: a scan's start need not import Presidio.

A spec is stored as its name, entity, prefilters (regex text and bounds), base score,
context words, country, whether it validates, and how to make its recognizer again (a module
and class name, or the config's definition, which is part of the key). The key digests the
config's custom recognizers, the Presidio version (its patterns and context words), the
Python version (the regex parser measures the prefilters) and the source of this package.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from classifiers import startup_cache
from classifiers.recognizers.registry import (
    OVERRIDES,
    PRESIDIO_MODULE,
    CustomRecognizerSpec,
    Prefilter,
    Recipe,
    RecognizerSpec,
)

KIND = "registry"
PACKAGE = Path(__file__).resolve().parent
# The only modules a stored recipe may name: a cache file is data, and never makes this
# process import anything but the recognizers it would import anyway.
MODULES = frozenset({PRESIDIO_MODULE, *(module for module, _ in OVERRIDES.values())})


def registry_key(custom: Sequence[CustomRecognizerSpec]) -> str:
    try:
        presidio = version("presidio-analyzer")
    except PackageNotFoundError:
        presidio = ""
    sources = startup_cache.source_digest(sorted(PACKAGE.glob("*.py")))
    python = list(sys.version_info[:2])
    return startup_cache.key_of(KIND, [asdict(c) for c in custom], presidio, python, sources)


def _record(spec: RecognizerSpec, custom: Sequence[CustomRecognizerSpec]) -> dict[str, Any]:
    recipe = spec.recipe
    return {
        "name": spec.name,
        "entity": spec.entity,
        "prefilters": [[f.regex, f.min_len, f.min_digits, f.score] for f in spec.prefilters],
        "base_score": spec.base_score,
        "validates": spec.validates,
        "context": list(spec.context),
        "country": spec.country,
        "own_checksum": spec.own_checksum,
        "recipe": [recipe.module, recipe.cls, custom.index(recipe.custom) if recipe.custom else -1],
    }


def _spec(record: dict[str, Any], custom: Sequence[CustomRecognizerSpec]) -> RecognizerSpec:
    module, cls, position = record["recipe"]
    if position < 0 and module not in MODULES and not module.startswith(f"{__package__}."):
        raise ValueError(f"a recipe names a module no recognizer lives in: {module}")
    country = record["country"]
    return RecognizerSpec(
        name=str(record["name"]),
        entity=str(record["entity"]),
        prefilters=tuple(
            Prefilter(str(regex), int(length), int(digits), float(score))
            for regex, length, digits, score in record["prefilters"]
        ),
        base_score=float(record["base_score"]),
        validates=bool(record["validates"]),
        context=tuple(str(word) for word in record["context"]),
        country=None if country is None else str(country),
        recipe=Recipe(str(module), str(cls), custom[position] if position >= 0 else None),
        own_checksum=bool(record["own_checksum"]),
    )


def load_specs(custom: Sequence[CustomRecognizerSpec]) -> list[RecognizerSpec] | None:
    """The specs stored for these rules, or None (none stored, or not trusted)."""
    data = startup_cache.load(KIND, registry_key(custom))
    if data is None:
        return None
    try:
        return [_spec(record, custom) for record in data["specs"]]
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


def save_specs(custom: Sequence[CustomRecognizerSpec], specs: Sequence[RecognizerSpec]) -> None:
    data = {"specs": [_record(spec, custom) for spec in specs]}
    startup_cache.store(KIND, registry_key(custom), data)
