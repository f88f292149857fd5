"""The engine's stage clock: where a table's time goes, without changing what it finds."""

from __future__ import annotations

import time

import polars as pl

from classifiers.engines.options import EngineOptions
from classifiers.engines.polars_engine import PolarsEngine, StageClock
from classifiers.recognizers.registry import build_registry

STAGES = [
    "distinct values and shapes",
    "statistics",
    "prefilters on shapes",
    "flags and chosen candidates",
    "confirmation (Presidio, validators)",
    "waiting for NER",
]


def _frame(rows: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "email": [f"user{i}@example.com" for i in range(rows)],
            "card": ["4111 1111 1111 1111" if i % 7 == 0 else f"SKU-{i:06d}" for i in range(rows)],
            "n": list(range(rows)),
        }
    )


def test_stages_add_up_and_evidence_is_unchanged() -> None:
    registry, options = build_registry(), EngineOptions(mode="full")
    frame = _frame(3_000)
    clock = StageClock()
    timed = PolarsEngine(registry, None, options, clock)
    started = time.perf_counter()
    found = timed.table_evidence(frame)
    wall = time.perf_counter() - started
    assert found == PolarsEngine(registry, None, options).table_evidence(frame)
    assert list(clock.wall) == STAGES  # in the order they ran
    assert all(seconds >= 0 for seconds in clock.wall.values())
    assert clock.wall["prefilters on shapes"] > 0
    assert clock.cpu["confirmation (Presidio, validators)"] > 0  # Python work is on the CPU
    assert sum(clock.wall.values()) <= wall  # stages do not overlap
    first = dict(clock.wall)
    timed.table_evidence(frame)
    assert all(clock.wall[name] > first[name] for name in STAGES)  # added up over calls


def test_an_empty_table_still_times_its_stages() -> None:
    clock = StageClock()
    engine = PolarsEngine(build_registry(), None, EngineOptions(), clock)
    engine.table_evidence(pl.DataFrame({"a": pl.Series([], dtype=pl.String)}))
    assert list(clock.wall) == STAGES
