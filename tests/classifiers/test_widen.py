"""Shapes and widened prefilters: flags on shapes are a superset of flags on values."""

from __future__ import annotations

import random
import string

import polars as pl
import pytest

from classifiers.engines.polars_engine import shapes
from classifiers.recognizers.registry import build_registry
from classifiers.recognizers.widen import WidenError, shape_of, shape_regex
from tests.classifiers.engines.test_spark_regex import EDGE_CASES, POSITIVES, sample_strings

# Kelvin sign and long s: Rust's (?i) folds k and s to them; they keep their shape.
ALPHABET = string.ascii_letters + string.digits + " -./:@+()_#'\"\tÄÖÜéß\u0131\u212a\u017f\u2019٣"


def _texts() -> list[str]:
    rnd = random.Random(7)
    noise = ["".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(1, 24))) for _ in range(4000)]
    return list(dict.fromkeys([*POSITIVES, *EDGE_CASES, *sample_strings(), *noise]))


@pytest.mark.parametrize(
    ("value", "shaped"),
    [
        ("AB12 x@y.com", "aa00 a@a.aaa"),
        ("4111-1111", "0000-0000"),
        ("Jürgen ٣", "aüaaaa ٣"),  # only ASCII letters and digits change
        ("", ""),
    ],
)
def test_shape_of(value: str, shaped: str) -> None:
    assert shape_of(value) == shaped


def test_the_polars_byte_table_gives_the_same_shapes() -> None:
    texts = _texts()
    series = pl.Series("v", [*texts, None])
    assert shapes(series).to_list() == [*map(shape_of, texts), None]
    sliced = series.slice(5, 50)  # an Arrow array with an offset
    assert shapes(sliced).to_list() == [shape_of(t) for t in texts[5:55]]


@pytest.mark.parametrize(
    ("regex", "widened"),
    [
        (r"\b[0-9]{9}\b", r"\b(?:0){9}\b"),
        (r"(?i)\b[0-9]{9}\b", r"(?i)\b(?:[0-90]){9}\b"),  # (?i): ASCII items stay
        (r"(?:CLM-?)?\d{6,15}\b", r"(?:aaa(?:[\-])?)?(?:[\d0]){6,15}\b"),
        (r"(?i)K", r"(?i)[Ka]"),  # the Kelvin sign matches (?i)K and keeps its shape
        (r"[^\W\d_]+@", r"(?:[^\W\d_])+[@]"),  # letters: `a` is one of them already
        (r"[^a-z]", r"(?:[^a-z]|[a])"),  # holds `B`, so its shape `a` joins
        (r"\b(?i)X", r"(?i)\b[Xa]"),  # Rust takes flags mid-pattern: hoisted
        (r"['\u2019]", r"['\x{2019}]"),
    ],
)
def test_widened_forms(regex: str, widened: str) -> None:
    assert shape_regex(regex) == widened


def test_a_construct_that_cannot_be_widened_is_refused() -> None:
    with pytest.raises(WidenError):
        shape_regex(r"(a)\1")


def test_every_prefilter_flags_a_superset_on_shapes() -> None:
    """For every prefilter of every recognizer: a value it matches has a shape that its
    widened form matches (both run by Polars, i.e. Rust's regex crate)."""
    texts = _texts()
    frame = pl.DataFrame({"v": texts}).with_columns(shapes(pl.Series(texts)).alias("s"))
    prefilters = sorted({f for spec in build_registry().specs for f in spec.prefilters},
                        key=lambda f: f.regex)  # fmt: skip
    assert len(prefilters) > 150
    missed, on_values, on_shapes = [], 0, 0
    for f in prefilters:
        assert f.shape, f.regex  # every built-in prefilter can be widened
        hits = frame.select(
            pl.col("v").str.contains(f.regex).alias("value"),
            pl.col("s").str.contains(f.shape).alias("shape"),
        )
        lost = hits.filter(pl.col("value") & ~pl.col("shape")).height
        if lost:
            missed.append(f.regex)
        on_values += hits.get_column("value").sum()
        on_shapes += hits.get_column("shape").sum()
    assert missed == []
    assert on_values > 1_000  # the corpus exercises the prefilters
    assert on_shapes < 2 * on_values  # widening loosens, but not to "everything"
