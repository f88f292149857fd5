"""GenderValueRecognizer: a whole value that is a gender word in any language (confirmed by the
vocabulary), a code or another answer (weak); and the column decisions it leads to."""

from __future__ import annotations

import random

import polars as pl
import pytest

from classifiers.decide.column import Thresholds, decide_column
from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.policy import Policy
from classifiers.recognizers.gender_value_recognizer import GenderValueRecognizer
from classifiers.recognizers.registry import Registry, build_registry, spec_for

ENTITY = "GENDER"
RECOGNIZER = GenderValueRecognizer()


def found(text: str) -> list[tuple[str, bool]]:
    """(matched text, confirmed by the vocabulary) for each hit."""
    results = RECOGNIZER.analyze(text, entities=[ENTITY], nlp_artifacts=None)
    return [(text[r.start : r.end].strip(), r.score >= 1.0) for r in results]


@pytest.mark.parametrize(
    "word",
    ["Female", "MALE", "Masculin", "Féminin", "weiblich", "Kvinna", "mulher", "Vrouwelijk",
     "Erkek", "Kadın", "kobieta", "nainen", "Жін.", "мужской", "女性", "男", "여자", "남성",  # noqa: RUF001
     "non-binary", "divers", "  Woman "],
)  # fmt: skip
def test_gender_words_in_many_languages_are_confirmed(word: str) -> None:
    assert found(word) == [(word.strip(), True)]


@pytest.mark.parametrize("value", ["M", "F", "W", "Ж", "other", "Diğer", "기타", "Annat"])
def test_codes_and_other_answers_match_weakly(value: str) -> None:
    assert found(value) == [(value, False)]


@pytest.mark.parametrize(
    "text",
    ["The woman left", "female connector", "Manx", "no", "Size M", "M\nF", "mann kvinne",
     "Other reasons apply", "XL", "Pac-Man"],
)  # fmt: skip
def test_words_inside_text_or_other_values_do_not_match(text: str) -> None:
    assert found(text) == []


def test_vocabulary_validator_is_not_a_checksum() -> None:
    spec = spec_for(RECOGNIZER)
    assert spec.validates and not spec.checksum


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


@pytest.fixture(scope="module")
def engine(registry: Registry) -> PolarsEngine:
    return PolarsEngine(registry, None, EngineOptions())


def _entities(engine: PolarsEngine, registry: Registry, name: str, pool: list[str]) -> set[str]:
    rng = random.Random(5)
    series = pl.Series(name, [rng.choice(pool) for _ in range(120)])
    finding = decide_column(engine.column_evidence(series), registry, Policy(), Thresholds())
    return {e.entity for e in finding.entities}


@pytest.mark.parametrize(
    ("name", "pool"),
    [
        ("item", ["Man", "Kvinna", "Annat", "M", "male", "F"]),  # Swedish words, unhelpful name
        ("info", ["남자", "여자", "기타", "female", "M"]),
        ("x", ["Kadın", "Erkek", "Diğer"]),  # noqa: RUF001
        ("Geschlecht", ["M", "W", "D"]),  # codes alone under a gender column name
        ("płeć", ["M", "K"]),
        ("sexe", ["H", "F"]),
    ],
)
def test_gender_columns_are_found(
    engine: PolarsEngine, registry: Registry, name: str, pool: list[str]
) -> None:
    assert ENTITY in _entities(engine, registry, name, pool)


@pytest.mark.parametrize(
    ("name", "pool"),
    [
        ("code", ["M", "F"]),  # codes alone say nothing without the column name
        ("size", ["S", "M", "L", "XL"]),
        ("grade", ["A", "B", "C", "D", "F"]),
        ("status", ["Other", "Active", "Inactive", "Unknown"]),
        ("department", ["Men", "Women", "Kids"]),
    ],
)
def test_columns_that_are_not_gender(
    engine: PolarsEngine, registry: Registry, name: str, pool: list[str]
) -> None:
    assert ENTITY not in _entities(engine, registry, name, pool)


@pytest.mark.parametrize(
    ("name", "entity"),
    [("Diagnose", "ICD10_CODE"), ("diagnóstico", "ICD10_CODE"), ("診断コード", "ICD10_CODE"),
     ("диагноз", "ICD10_CODE"), ("性别", "GENDER"), ("Geschlecht", "GENDER")],
)  # fmt: skip
def test_column_names_in_many_languages_give_context(name: str, entity: str) -> None:
    from classifiers.decide.groups import _named
    from classifiers.decide.words import ENTITY_WORDS, found

    assert found(name, ENTITY_WORDS[entity])
    assert _named(name, (), entity)
