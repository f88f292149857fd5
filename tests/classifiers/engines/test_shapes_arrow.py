"""Shapes come back from Arrow buffers without loading pyarrow.compute, and a few values are
shaped in plain Python, the same way, without importing pyarrow or numpy at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from classifiers.engines import polars_engine
from classifiers.engines.polars_engine import shapes
from classifiers.recognizers.widen import shape_of

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("small", [0, polars_engine.SMALL_SHAPES])  # Arrow buffers, Python
def test_shapes_of_a_sliced_column_with_nulls(small: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(polars_engine, "SMALL_SHAPES", small)
    texts = ["Ab 12", None, "Zoë-9", "", "京都 3", "x@y.org"] * 4
    sliced = pl.Series("v", texts)[3:17]
    shaped = shapes(sliced)
    assert shaped.name == "v" and shaped.dtype == pl.String
    assert shaped.to_list() == [None if t is None else shape_of(t) for t in texts[3:17]]


def test_few_values_are_shaped_as_the_arrow_buffer_shapes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = ["Ab 12", None, "Zoë-9", "", "京都 3", "x@y.org", "+44 (0)20 7946 0958", "Ω"]
    by_python = shapes(pl.Series("v", texts))
    monkeypatch.setattr(polars_engine, "SMALL_SHAPES", 0)  # the Arrow buffer path
    by_arrow = shapes(pl.Series("v", texts))
    assert by_python.to_list() == by_arrow.to_list()
    assert by_python.to_list() == [None if t is None else shape_of(t) for t in texts]


def test_shapes_do_not_load_pyarrow_compute() -> None:
    many = "pl.Series('v', ['Ab 12', None] * 4000)"  # more than SMALL_SHAPES: Arrow buffers
    run = (
        "import sys\n"
        "import polars as pl\n"
        "from classifiers.engines.polars_engine import shapes\n"
        "shapes(pl.Series('v', ['Ab 12', None]))\n"
        "print('pyarrow' in sys.modules or 'numpy' in sys.modules)\n"
        f"shapes({many})\n"
        "print('pyarrow.compute' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", run], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False"]
