"""The bench's data generator (the right columns, labels for each, valid checksums, determinism)
and the Spark bench's figures on a small table."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console
from stdnum import luhn

from bench import spark_bench
from bench.dataset import LazyPools, generate, write_table
from bench.report import Report
from bench.table import EMAIL_SHARE, LABELS
from tests.classifiers.engines.spark_fixtures import spark

__all__ = ["spark"]  # the session fixture, used by name
ROWS = 5_000


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    made = generate(tmp_path_factory.mktemp("bench"), ROWS, seed=7)
    assert set(made.files) == {"parquet", "csv"} and not made.cached
    frame = pl.read_parquet(made.files["parquet"])
    assert pl.read_csv(made.files["csv"]).shape == frame.shape
    return frame


def test_columns_and_labels_line_up(table: pl.DataFrame) -> None:
    assert table.shape == (ROWS, 12)
    assert table.columns == list(LABELS)
    assert table.null_count().row(0) == (0,) * 12
    assert {c for c, e in LABELS.items() if not e} == {
        "customer_id", "signup_ts", "amount", "product_name",
    }  # fmt: skip


def test_card_numbers_pass_luhn(table: pl.DataFrame) -> None:
    cards = table["card_number"].str.replace_all(r"[ -]", "").to_list()
    assert all(len(c) in (15, 16) and luhn.is_valid(c) for c in cards)


def test_a_few_comments_mention_an_email(table: pl.DataFrame) -> None:
    share = table["comment"].str.contains("@").mean()
    assert share is not None and EMAIL_SHARE / 2 < share < EMAIL_SHARE * 2


def test_generation_is_deterministic_and_cached(tmp_path: Path, table: pl.DataFrame) -> None:
    first = generate(tmp_path, ROWS, seed=7)
    assert pl.read_parquet(first.files["parquet"]).equals(table)
    assert generate(tmp_path, ROWS, seed=7).cached


@pytest.mark.parametrize(
    ("polars_batches", "spark_cut", "same"),
    [([1_000, 1_000, 500], 1_000, True), ([2_500], 1_000, False), ([], 1_000, True),
     ([100_000] * 10, 1_000_000, False), ([1_000_000] * 10, 1_000_000, True)],
)  # fmt: skip
def test_same_batches(polars_batches: list[int], spark_cut: int, same: bool) -> None:
    assert spark_bench.same_batches(polars_batches, spark_cut) is same


@pytest.mark.spark
def test_spark_bench_reports_both_engines_and_the_speed_up(
    spark: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two batches of 500 rows on both sides; the child process is replaced by this one's
    session (the figures, not the JVM start, are under test), run once for both core counts."""
    made = write_table(tmp_path, "table", 1_000, 7, LazyPools(7), formats=("parquet",))
    path = tmp_path / "customers_1000.parquet"  # three columns keep Spark's part short
    pl.read_parquet(made.files["parquet"]).select("email", "card_number", "comment").write_parquet(
        path
    )
    rules = spark_bench.bench_rules(batch_rows=500)
    child = spark_bench.spark_result(spark, path, rules, None)
    monkeypatch.setattr(spark_bench, "_spark", lambda *_: {**child, "session": 0.0})
    report, console = Report(), Console(file=StringIO(), width=160)
    spark_bench.measure(report, console, path, (1, 2), ner_on=False, batch_rows=500)
    figures = {f.name: f for f in report.figures}
    assert figures["Polars engine (this process) rows/s"].value
    agrees = figures["Spark local[1] agrees with Polars"]
    assert agrees.passed, agrees.text
    assert "batches differ" not in agrees.text
    assert figures["Spark speed-up, local[1] to local[2]"].text == "1.00x"
    report.render(console)
