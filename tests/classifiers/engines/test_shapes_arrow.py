"""Shapes come back from Arrow buffers without loading pyarrow.compute."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl

from classifiers.engines.polars_engine import shapes
from classifiers.recognizers.widen import shape_of

ROOT = Path(__file__).resolve().parents[3]


def test_shapes_of_a_sliced_column_with_nulls() -> None:
    texts = ["Ab 12", None, "Zoë-9", "", "京都 3", "x@y.org"] * 4
    sliced = pl.Series("v", texts)[3:17]
    shaped = shapes(sliced)
    assert shaped.name == "v" and shaped.dtype == pl.String
    assert shaped.to_list() == [None if t is None else shape_of(t) for t in texts[3:17]]


def test_shapes_do_not_load_pyarrow_compute() -> None:
    run = (
        "import sys\n"
        "import polars as pl\n"
        "from classifiers.engines.polars_engine import shapes\n"
        "shapes(pl.Series('v', ['Ab 12', None]))\n"
        "print('pyarrow.compute' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", run], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
