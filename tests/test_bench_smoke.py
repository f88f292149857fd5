"""The bench's data generator: the right columns, labels for each, valid checksums, determinism."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from stdnum import luhn

from bench.dataset import generate
from bench.table import EMAIL_SHARE, LABELS

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
