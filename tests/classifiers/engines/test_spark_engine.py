"""The Spark engine computes the Polars engine's evidence: same findings, levels and counts."""

from __future__ import annotations

import math
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pytest
from rich.console import Console

from classifiers.catalog.store import CatalogStore
from classifiers.config import LocalSourceConfig, WardenConfig
from classifiers.decide.column import decide_column
from classifiers.engines.factory import make_engine
from classifiers.engines.options import EngineOptions
from classifiers.evidence import TableEvidence
from classifiers.model import DataFormat, DatasetFindings, StoredObject
from classifiers.nlp import NerEngine, load_ner
from classifiers.readers import ReadError, Sampling, open_table
from classifiers.scan import Scanner, headerless_check
from classifiers.sources.local import LocalSource
from pipelines.scan_command import run_scan
from tests.classifiers.engines.spark_fixtures import (
    SAMPLE_DATA,
    engines,
    rules_for,
    sample_config,
    spark,
    sparse_card_table,
    to_spark,
)

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = pytest.mark.spark
__all__ = ["spark"]  # the session fixture, used by name


@pytest.fixture(scope="module")
def ner() -> NerEngine | None:
    return load_ner()


def assert_same_findings(polars: DatasetFindings, spark: DatasetFindings, where: str) -> None:
    assert spark.sensitivity == polars.sensitivity, where
    assert [c.column for c in spark.columns] == [c.column for c in polars.columns], where
    for ours, theirs in zip(spark.columns, polars.columns, strict=True):
        assert ours.entity_types == theirs.entity_types, (where, ours.column)
        for a, b in zip(ours.entities, theirs.entities, strict=True):
            assert math.isclose(a.confidence, b.confidence, abs_tol=1e-9), (where, ours.column)
        assert (ours.sensitivity, ours.undetermined) == (theirs.sensitivity, theirs.undetermined)


def _sample_objects() -> Iterator[tuple[LocalSourceConfig, StoredObject]]:
    for source in sample_config().sources:
        assert isinstance(source, LocalSourceConfig)
        crawler = LocalSource(source.name, source.path, tuple(source.include),
                              tuple(source.exclude), source.public)  # fmt: skip
        yield from ((source, obj) for obj in crawler.crawl() if obj.format != DataFormat.MODEL)


ENGINE_INPUTS = DataFormat.TABULAR | DataFormat.DOCUMENT | {DataFormat.PDF}
# The kind of frame a format reaches the engines as: one object of each is enough.
FRAME_KINDS = {
    DataFormat.CSV: "delimited", DataFormat.TSV: "delimited", DataFormat.PARQUET: "columnar",
    DataFormat.JSON: "records", DataFormat.JSONL: "records", DataFormat.TEXT: "text",
    DataFormat.MARKDOWN: "text", DataFormat.PDF: "parsed document",
}  # fmt: skip


def _frame_kind(obj: StoredObject) -> tuple[str, str | None]:
    """Uncompressed objects by the kind of frame they give; compressed ones by compression."""
    if obj.compression is not None:
        return ("compressed", obj.compression)
    return (FRAME_KINDS.get(obj.format, str(obj.format)), None)


def test_sample_data_gives_identical_findings(spark: SparkSession, ner: NerEngine | None) -> None:
    """Sample-estate objects, the first readable one of each kind of frame they reach the
    engines as (delimited, columnar, records, text, a parsed document; TSV is read as CSV
    is, JSON as JSON Lines, Markdown as text) and the first compressed one, read once and
    handed to both engines. Workbooks, Delta tables, Word files and vector stores reach them
    as the same kinds of frames as CSV, Parquet and PDF. (Spark's fixed cost is about 4 s an
    object: all 46 took 165 s of the suite, one of each format and compression 65 s; the
    generated tables of the other tests cover the values.)"""
    rules = rules_for("sample")
    polars_engine, spark_engine = engines(spark, rules, ner)
    scanners = [Scanner(None, rules, e) for e in (polars_engine, spark_engine)]
    done: dict[tuple[str, str | None], StoredObject] = {}
    for source, obj in _sample_objects():
        if _frame_kind(obj) in done or obj.format not in ENGINE_INPUTS:
            continue
        try:
            (polars, polars_ev), (ours, ours_ev) = (
                s.classify(obj, source.public) for s in scanners
            )
        except ReadError:  # sample_data/broken/: unreadable for both
            continue
        assert_same_findings(polars, ours, obj.path)
        assert ours_ev == polars_ev, obj.path  # the evidence itself, count for count
        done[_frame_kind(obj)] = obj
    assert set(done) == {
        ("delimited", None), ("columnar", None), ("records", None), ("text", None),
        ("parsed document", None), ("compressed", "gzip"),
    }  # fmt: skip
    assert {o.format for o in done.values()} >= {DataFormat.CSV, DataFormat.PARQUET,
                                                 DataFormat.PDF}  # fmt: skip


def test_one_card_in_100k_rows_is_found_in_full_mode(spark: SparkSession) -> None:
    rules = rules_for("full")
    table = sparse_card_table()
    found = [engine.table_evidence(table) for engine in engines(spark, rules, None)]
    assert found[1] == found[0]
    cards = found[1].columns["note"].matches["CreditCardRecognizer"]
    assert (cards.matched, cards.validated) == (1, 1)
    assert cards.analysed == found[1].columns["note"].non_null  # a strong recognizer reads all


def _halves(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    half = frame.height // 2
    return frame.slice(0, half), frame.slice(half)


def test_evidence_of_two_halves_adds_up_to_the_whole(
    spark: SparkSession, ner: NerEngine | None
) -> None:
    """Spark's batches are Polars batches: two halves through either engine, or the whole
    frame cut in two by Spark, give the same evidence. Small windows for weak recognizers and
    NER, and nulls, so the row cut-offs are exercised."""
    rules = rules_for("full")
    options = EngineOptions(mode="full", weak_rows=40, ner_sample=4)
    path = SAMPLE_DATA / "crm" / "customers.csv"
    frame = next(open_table(path, DataFormat.CSV, None, Sampling(mode="full")).batches())
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) % 7 == 2).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("full_name", "phone", "postcode")
    )
    polars_engine, spark_engine = engines(spark, rules, ner, options)
    first, second = _halves(frame)
    by_polars = polars_engine.table_evidence(first) + polars_engine.table_evidence(second)
    by_spark = spark_engine.table_evidence(first) + spark_engine.table_evidence(second)
    assert by_spark == by_polars
    spark_engine.batch_rows = first.height
    whole = spark_engine.frame_evidence(to_spark(spark, frame))
    assert whole == by_polars
    assert whole.rows == frame.height


def _decided(evidence: TableEvidence) -> dict[str, tuple[str, ...]]:
    rules = rules_for("full")
    return {
        name: decide_column(ev, rules.registry, rules.policy, rules.thresholds).entity_types
        for name, ev in evidence.columns.items()
    }


def test_spark_reader_gives_the_polars_readers_evidence(spark: SparkSession) -> None:
    from classifiers.engines.spark_read import read_spark

    rules = rules_for("full")
    polars_engine, spark_engine = engines(spark, rules, None)
    check = headerless_check(rules.registry)
    objects = [
        ("hr/payroll.parquet", DataFormat.PARQUET, True),
        ("crm/customers.csv", DataFormat.CSV, False),
        ("marketing/partner_export.csv", DataFormat.CSV, False),  # no header row
    ]
    for relative, fmt, exact in objects:
        path = SAMPLE_DATA / relative
        polars = TableEvidence()
        for batch in open_table(path, fmt, None, rules.sampling, check).batches():
            polars = polars + polars_engine.table_evidence(batch)
        frame = read_spark(spark, str(path), fmt, rules.sampling, first_row_is_data=check)
        ours = spark_engine.frame_evidence(frame)
        assert _decided(ours) == _decided(polars), relative
        assert ours.rows == polars.rows
        assert list(ours.columns) == list(polars.columns), relative
        if exact:
            assert ours == polars, relative
    assert list(polars.columns) == ["column_1", "column_2", "column_3", "column_4"]


def test_spark_samples_are_seeded_and_bounded(spark: SparkSession) -> None:
    from classifiers.engines.spark_read import read_spark

    path = str(SAMPLE_DATA / "crm" / "customers.csv")
    picks = [read_spark(spark, path, DataFormat.CSV, Sampling(max_rows=50)).collect() for _ in "ab"]
    assert len(picks[0]) == 50
    assert picks[0] == picks[1]
    other = read_spark(spark, path, DataFormat.CSV, Sampling(max_rows=50), seed=7).collect()
    assert other != picks[0]


def test_warden_scan_with_the_spark_engine(spark: SparkSession, tmp_path: Path) -> None:
    """`warden scan --engine spark`: the factory joins the running session; the scan records
    the engine and the same findings as a Polars scan."""
    rules = rules_for("sample")
    assert make_engine(WardenConfig.default(), rules, None, "spark").name == "spark"
    path = SAMPLE_DATA / "finance" / "payments.csv"
    found = {}
    for engine in ("polars", "spark"):
        store = CatalogStore.open(f"sqlite:///{tmp_path / engine}.db")
        console = Console(file=StringIO())
        code = run_scan(console, store, WardenConfig.default(), None, [path], None, True, engine)
        assert code == 0, console.file.getvalue()
        (row,) = store.datasets()
        found[engine] = (row.sensitivity, row.entities)
    assert found["spark"] == found["polars"]
