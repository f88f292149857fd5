"""NER in a worker process gives the spans NER gives here, and survives losing its worker."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Iterator

import polars as pl
import pytest

from classifiers import nlp
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.nlp import SPACY_MODEL, BackgroundNer, NerEngine, load_ner
from classifiers.rules import scan_rules

TEXTS = [
    "Maria Schmidt moved from Berlin to Lisbon last spring.",
    "Order 4411 shipped; contact Jean Dupont in Paris.",
    "Ergonomic Steel Chair",
    "",
    "The Norwegian delegation met Ahmed Khan at the Louvre.",
]


@pytest.fixture(scope="module")
def here() -> NerEngine:
    ner = load_ner()
    assert ner is not None, "the spaCy model package is a dev dependency"
    assert not isinstance(ner, BackgroundNer)
    return ner


@pytest.fixture(scope="module")
def shared() -> Iterator[BackgroundNer]:
    ner = BackgroundNer(SPACY_MODEL)
    yield ner
    ner.close()


@pytest.fixture
def worker() -> Iterator[BackgroundNer]:
    """A worker of the test's own, to kill or close."""
    ner = BackgroundNer(SPACY_MODEL)
    yield ner
    ner.close()


def test_the_worker_finds_the_spans_found_here(here: NerEngine, shared: BackgroundNer) -> None:
    worker = shared
    pending = [worker.submit(TEXTS), worker.submit(TEXTS[::-1])]  # answered in order
    expected = here.analyze(TEXTS)
    assert any(spans for spans in expected)  # the texts hold entities
    assert pending[0].result() == expected
    assert pending[1].result() == here.analyze(TEXTS[::-1])
    assert worker._nlp is None  # nothing was computed here


def test_a_dead_worker_leaves_the_work_to_this_process(
    here: NerEngine, worker: BackgroundNer
) -> None:
    assert worker.analyze(TEXTS[:1]) == here.analyze(TEXTS[:1])
    process = worker._worker
    assert process is not None
    process.kill()
    process.wait()
    assert worker.analyze(TEXTS) == here.analyze(TEXTS)
    assert worker._nlp is not None  # loaded here once the worker was gone
    assert worker.submit(TEXTS[1:2]).result() == here.analyze(TEXTS[1:2])


def test_a_closed_worker_still_answers_and_pickles_as_the_plain_engine(
    here: NerEngine, worker: BackgroundNer
) -> None:
    worker.start()
    process = worker._worker
    worker.close()
    assert process is not None and process.poll() is not None  # the worker ended
    assert worker.analyze(TEXTS) == here.analyze(TEXTS)
    copy = pickle.loads(pickle.dumps(worker))  # what Spark ships to its executors
    assert type(copy) is NerEngine
    assert copy.analyze(TEXTS) == here.analyze(TEXTS)


def test_table_evidence_is_the_same_with_the_worker(here: NerEngine, shared: BackgroundNer) -> None:
    worker = shared
    rules = scan_rules(WardenConfig.default(), "full")
    frame = pl.DataFrame(
        {
            "note": [f"{t} Ticket {i}." for i, t in enumerate(TEXTS * 40)],
            "who": ["Maria Schmidt", "Jean Dupont", "Ahmed Khan", "Li Wei"] * 50,
            "email": [f"user{i}@example.com" for i in range(200)],
        }
    )
    by_worker = PolarsEngine(rules.registry, worker, rules.options).table_evidence(frame)
    by_here = PolarsEngine(rules.registry, here, rules.options).table_evidence(frame)
    assert by_worker == by_here
    assert by_here.columns["who"].ner  # NER ran
    assert list(by_worker.columns) == frame.columns


def test_free_text_explained_by_patterns_keeps_no_ner(
    here: NerEngine, shared: BackgroundNer
) -> None:
    worker = shared
    """The worker starts NER on free text early; patterns that explain the column (every
    ticket is an e-mail address) leave that NER unused, as NER here would not run."""
    rules = scan_rules(WardenConfig.default(), "full")
    notes = [f"Please write to Maria Schmidt at maria{i}@example.com today" for i in range(60)]
    frame = pl.DataFrame({"note": notes})
    by_worker = PolarsEngine(rules.registry, worker, rules.options).table_evidence(frame)
    by_here = PolarsEngine(rules.registry, here, rules.options).table_evidence(frame)
    assert by_worker == by_here
    note = by_here.columns["note"]
    assert note.prose == 60 and note.matches["EmailRecognizer"].matched == 60
    assert note.ner == {} and note.ner_sampled == 0


class _Garbling(BackgroundNer):
    """A worker that answers every request with a line that is not an answer."""

    worker_args = ("-c", "import sys\nfor line in sys.stdin: print('not json', flush=True)")


def test_a_worker_that_answers_nonsense_is_dropped(here: NerEngine) -> None:
    ner = _Garbling(SPACY_MODEL)
    try:
        assert ner.analyze(TEXTS) == here.analyze(TEXTS)
        assert ner._worker is None  # no longer used
        assert ner.submit(TEXTS[:2]).result() == here.analyze(TEXTS[:2])
    finally:
        ner.close()


def test_requests_from_several_threads_get_their_own_answers(
    here: NerEngine, shared: BackgroundNer
) -> None:
    """Each request is larger than a pipe's buffer: writing one waits for the worker, and
    answers still reach the thread that asked, in order."""
    from concurrent.futures import ThreadPoolExecutor

    def texts(seed: int) -> list[str]:
        return [
            f"{TEXTS[(seed + i) % len(TEXTS)]} Ref {seed}-{i}. " + "x" * 1100 for i in range(70)
        ]

    batches = [texts(seed) for seed in range(4)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda batch: shared.submit(batch).result(), batches))
    for batch, answer in zip(batches, answers, strict=True):
        assert answer == here.analyze(batch)


class _Hanging(BackgroundNer):
    """A worker that reads requests and never answers."""

    worker_args = ("-c", "import sys, time\nfor line in sys.stdin: time.sleep(3600)")


def test_a_hung_worker_is_stopped_and_the_work_is_done_here(
    here: NerEngine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Without an answer in time the worker is stopped: the batch that timed out, the
    batches queued behind it and later ones are all done here, none waits for it again."""
    monkeypatch.setattr(nlp, "WORKER_TIMEOUT", 1.0)
    ner = _Hanging(SPACY_MODEL)
    try:
        ner.start()
        process = ner._worker
        assert process is not None
        first, queued = ner.submit(TEXTS), ner.submit(TEXTS[1:3])
        assert first.result() == here.analyze(TEXTS)
        assert ner._worker is None and process.poll() is not None  # stopped
        assert "gave no answer" in caplog.text
        assert isinstance(queued, nlp._Remote)
        assert isinstance(queued.future.exception(timeout=30), BrokenPipeError)  # not a wait
        assert queued.result() == here.analyze(TEXTS[1:3])
        later = ner.submit(TEXTS[4:])
        assert not isinstance(later, nlp._Remote)  # answered here, at once
        assert later.result() == here.analyze(TEXTS[4:])
    finally:
        ner.close()


def test_the_worker_starts_with_the_first_request_only() -> None:
    ner = BackgroundNer(SPACY_MODEL)
    try:
        assert not ner.started and ner._worker is None  # no process, no model yet
        assert nlp.ner_status(ner).startswith(f"NER on: spaCy {SPACY_MODEL}")
        ner.submit(TEXTS[:1]).result()
        assert ner.started and ner._worker is not None and ner._nlp is None
    finally:
        ner.close()


def test_a_closed_engine_that_never_started_works_here(here: NerEngine) -> None:
    ner = BackgroundNer(SPACY_MODEL)
    ner.close()
    assert ner.analyze(TEXTS) == here.analyze(TEXTS)
    assert ner._worker is None and ner._nlp is not None


@pytest.mark.parametrize(
    ("frame", "starts"),
    [
        (pl.DataFrame({"a": [1, 3, 5], "b": [2, 4, 6], "code": ["X1", "X2", "X3"]}), False),
        (pl.DataFrame({"note": [f"{t} Ticket {i}." for i, t in enumerate(TEXTS * 8)]}), True),
    ],
    ids=["numbers and codes", "free text"],
)
def test_a_scan_starts_the_worker_only_for_a_column_that_needs_ner(
    frame: pl.DataFrame, starts: bool
) -> None:
    rules = scan_rules(WardenConfig.default(), "full")
    ner = BackgroundNer(SPACY_MODEL)
    try:
        PolarsEngine(rules.registry, ner, rules.options).table_evidence(frame)
        assert ner.started is starts
    finally:
        ner.close()


def test_the_reduced_pipeline_finds_the_spans_of_the_whole_model() -> None:
    """Only the NER component is loaded (not the tagger, parser or the shared tok2vec the
    model's NER does not listen to), and no other package's pipeline components: the spans
    are those of the model as shipped."""
    import spacy

    texts = [*TEXTS, *(t.upper() for t in TEXTS), "Dr. Anna Kowalska, Kraków, Polish national"]
    reduced = nlp.load_pipeline(SPACY_MODEL)
    assert reduced.pipe_names == ["ner"]
    whole = spacy.load(SPACY_MODEL)
    assert "tok2vec" in whole.pipe_names
    assert nlp.spans_of(reduced, texts) == nlp.spans_of(whole, texts)
    assert any(nlp.spans_of(reduced, texts))


def test_the_worker_does_not_import_presidio() -> None:
    """spaCy imports every package's pipeline components when it makes a pipeline; the worker
    skips Presidio's, which would import all of Presidio."""
    code = (
        "import sys; from classifiers.nlp import load_pipeline, SPACY_MODEL; "
        "load_pipeline(SPACY_MODEL); print('presidio_analyzer' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    from spacy.util import registry

    nlp.load_pipeline(SPACY_MODEL)
    assert registry._entry_point_factories.entry_points  # put back for other pipelines
