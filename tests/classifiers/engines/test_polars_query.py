"""The Polars engine's queries against the plain definitions they compute faster."""

from __future__ import annotations

import polars as pl
import pytest

from classifiers.engines import polars_engine
from classifiers.engines.options import EngineOptions, recognizers_for
from classifiers.engines.polars_engine import (
    _BITS,
    _alternation,
    _build_screens,
    _compiles,
    _gate,
    _screens,
    _shape_masks,
    chosen_candidates,
    describe_shapes,
    shapes,
)
from classifiers.engines.tally import Candidate, choose, keep_count, value_hashes
from classifiers.recognizers import ascii_forms
from classifiers.recognizers.registry import Registry, build_registry
from tests.classifiers.test_widen import _texts


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


# --- which candidates are confirmed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("flagged", "bound", "estimate", "kept"),
    [(5, 10, 3, 5), (10, 10, 3, 10), (11, 10, 3, 3), (11, 10, None, 10), (11, 10, 50, 10)],
)
def test_keep_count(flagged: int, bound: int, estimate: int | None, kept: int) -> None:
    """Up to the bound all are confirmed; beyond it, `estimate` of them (never over the bound)."""
    assert keep_count(flagged, bound, estimate) == kept


def _candidates() -> list[Candidate]:
    busy = [Candidate(f"busy-{i}", rows=i % 3 + 1, recognizers=("Busy",)) for i in range(40)]
    shared = [Candidate(f"both-{i}", rows=5, recognizers=("Busy", "Rare")) for i in range(4)]
    alone = [Candidate("rare-0", rows=7, recognizers=("Rare",))]
    return busy + shared + alone


def test_a_busy_recognizer_is_estimated_from_its_lowest_hashes() -> None:
    candidates = _candidates()
    chosen = choose(candidates, bound=10, estimate=4)
    busy = [c for c in candidates if "Busy" in c.recognizers]
    hashes = dict(zip([c.value for c in busy], value_hashes([c.value for c in busy]), strict=True))
    lowest = sorted(busy, key=lambda c: (hashes[c.value], c.value))[:4]
    assert {c.value for c in chosen.candidates if "Busy" in c.recognizers} == {
        c.value for c in lowest
    }
    assert chosen.kept() == {"Busy": 4, "Rare": 5}  # Rare flagged 5 <= 10: every one kept
    assert chosen.scales()["Busy"] == pytest.approx(
        sum(c.rows for c in busy) / sum(c.rows for c in lowest)
    )
    assert chosen.scales()["Rare"] == 1.0


def _flagged_frame(candidates: list[Candidate], names: list[str]) -> pl.DataFrame:
    """(c, v, h, rows, __m0) as the engines build it, for one column."""
    masks = [sum(1 << names.index(n) for n in c.recognizers) for c in candidates]
    values = [c.value for c in candidates]
    return pl.DataFrame(
        {
            "c": pl.Series([0] * len(values), dtype=pl.Int32),
            "v": values,
            "h": pl.Series(value_hashes(values), dtype=pl.UInt64),
            "rows": pl.Series([c.rows for c in candidates], dtype=pl.UInt32),
            "__m0": pl.Series(masks, dtype=pl.Int64),
        }
    )


@pytest.mark.parametrize(("bound", "estimate"), [(10, 4), (10, None), (3, 2), (1_000, 300)])
def test_the_query_chooses_what_choose_chooses(bound: int, estimate: int | None) -> None:
    """Both engines choose in the query; `choose` is the definition it must agree with."""
    names = ["Busy", "Rare"]
    candidates = _candidates()
    by_hand = choose(candidates, bound, estimate)
    query = chosen_candidates(_flagged_frame(candidates, names), names, bound, estimate)[0]
    assert {(c.value, c.rows, c.recognizers) for c in query.candidates} == {
        (c.value, c.rows, c.recognizers) for c in by_hand.candidates
    }
    assert query.flagged_rows == by_hand.flagged_rows
    assert query.flagged_distinct == by_hand.flagged_distinct


# --- prefilters on shapes, screened in groups ---------------------------------------------------


def _shaped(values: list[str]) -> pl.DataFrame:
    frame = pl.DataFrame({"c": pl.Series([0] * len(values), dtype=pl.Int32), "v": values})
    shaped = frame.with_columns(shapes(frame.get_column("v")).alias("s")).group_by("c", "s")
    return describe_shapes(shaped.agg(pl.len().alias("n")).lazy()).collect()


def _masks_and_expected(registry: Registry) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Flags per shape from `_shape_masks` (screened, ASCII forms) and from each prefilter's
    widened form run alone on every shape."""
    shaped = _shaped(_texts())
    assert not shaped.get_column("__ascii").all()  # the corpus has non-ASCII shapes
    options = EngineOptions(mode="sample")
    plans = {0: recognizers_for(registry, "value", 10_000, 10_000, True, options)}
    names = [spec.name for spec in registry.specs]
    masks = _shape_masks(shaped, plans, names, registry)
    expected: dict[str, set[str]] = {}
    for spec in registry.specs:
        for f in spec.prefilters:
            hit = shaped.filter(_gate(f) & pl.col("s").str.contains(f.shape))
            for shape in hit.get_column("s"):
                expected.setdefault(shape, set()).add(spec.name)
    got = {
        row["s"]: {n for i, n in enumerate(names) if row[f"__m{i // _BITS}"] >> (i % _BITS) & 1}
        for row in masks.iter_rows(named=True)
    }
    return got, expected


def test_screened_masks_are_each_prefilter_run_alone(registry: Registry) -> None:
    """Screening groups of prefilters with one alternation, and reading shapes as ASCII
    with the prefilters' ASCII forms, changes no shape's flags."""
    got, expected = _masks_and_expected(registry)
    assert got == expected
    assert len(got) > 1_000  # the corpus exercises many prefilters
    assert any(not shape.isascii() for shape in got)


def test_shapes_without_an_ascii_spelling_keep_the_full_forms(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no stand-ins left, non-ASCII word characters cannot be spelled: their shapes are
    read by the widened forms themselves, with the same flags."""
    monkeypatch.setattr(ascii_forms, "STAND_INS", "")
    _screens.cache_clear()
    try:
        got, expected = _masks_and_expected(registry)
        assert got == expected
    finally:
        _screens.cache_clear()


def test_a_group_that_does_not_compile_is_split(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    filters = tuple(f for spec in registry.specs for f in spec.prefilters)
    whole, forms = _build_screens(filters)
    assert all(_compiles(_alternation(group)) for group in whole)
    assert all(_compiles(_alternation(group, forms)) for group in whole)
    monkeypatch.setattr(polars_engine, "_compiles", lambda regex: regex.count("|(?:") < 2)
    split, _ = _build_screens(filters)
    assert max(len(group) for group in split) <= 2 < max(len(group) for group in whole)
    assert sorted(f.regex for group in split for f in group) == sorted(
        f.regex for group in whole for f in group
    )


def test_a_weak_recognizer_flags_only_rows_in_its_window() -> None:
    """Full mode: a recognizer without a checksum or context reads the first `weak_rows`
    values of a column; shapes seen only after them are not even tried. (A value a strong
    recognizer also flags is counted in all its rows: the whole-value gender recognizer, a
    strong one, is left out here so the weak one is seen alone.)"""
    registry = build_registry(exclude=["GenderValueRecognizer"])
    window = 50
    frame = pl.DataFrame(
        {
            "late": ["1234"] * window + ["female"] * 50,
            "both": ["female"] * 100,
            "early": ["male"] * 10 + ["1234"] * 90,
        }
    )
    options = EngineOptions(mode="full", weak_rows=window)
    distinct = polars_engine._distinct(frame, window)
    shaped = polars_engine._shaped(distinct)
    stats = polars_engine._stats(distinct, shaped)
    plans = {
        c: recognizers_for(registry, frame.columns[c], s.max_len, s.max_digits, False, options)
        for c, s in stats.items()
    }
    assert all("GenderRecognizer" not in p.everywhere for p in plans.values())
    names = [spec.name for spec in registry.specs]
    masks = polars_engine._shape_masks(shaped, plans, names, registry)
    flagged = polars_engine._flagged(distinct, masks, plans, names)
    chosen = chosen_candidates(flagged, names, 2_000)
    rows = {frame.columns[c]: found.flagged_rows.get("GenderRecognizer", 0)
            for c, found in chosen.items()}  # fmt: skip
    assert rows.get("late", 0) == 0
    assert rows["both"] == window
    assert rows["early"] == 10
