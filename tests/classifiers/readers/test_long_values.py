"""Cells of any length are read; what classification sees of one value is bounded."""

from __future__ import annotations

import gzip
import json
import random
from itertools import pairwise
from pathlib import Path

import polars as pl
import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.readers import Sampling, TableRead, detect_format, open_table
from classifiers.readers.long_values import (
    PREFIX_CHARS,
    VALUE_CAP,
    WINDOW_CHARS,
    WINDOWS,
    bounded_frame,
    bounded_value,
)
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource

CELL_CHARS = 200_000
ROWS = 30


def long_text(seed: int, size: int = CELL_CHARS) -> str:
    words = random.Random(seed).choices(
        ["lorem", "ipsum", "dolor", "sit", "amet,", "séance"], k=size // 5
    )
    return " ".join(words)[:size]


@pytest.mark.parametrize("size", [0, 10, VALUE_CAP, VALUE_CAP + 1, 5_000, CELL_CHARS])
def test_a_value_is_bounded_to_its_prefix_and_evenly_spaced_windows(size: int) -> None:
    text = "".join(random.Random(size).choices("ABCDEFGHIJ", k=size))  # windows are unique
    bounded = bounded_value(text)
    if size <= VALUE_CAP:
        assert bounded == text
        return
    parts = bounded.split("\n")
    assert len(bounded) <= VALUE_CAP and len(parts) == 1 + WINDOWS
    assert parts[0] == text[:PREFIX_CHARS] and all(len(p) == WINDOW_CHARS for p in parts[1:])
    assert text.startswith(parts[1], PREFIX_CHARS) and text.endswith(parts[-1])
    starts = [text.index(p, PREFIX_CHARS) for p in parts[1:]]
    gaps = [b - a for a, b in pairwise(starts)]
    assert max(gaps) - min(gaps) <= 1  # evenly spaced


def test_frames_are_bounded_as_values_are() -> None:
    values = [None, "short", long_text(1, VALUE_CAP), long_text(2, VALUE_CAP + 1),
              long_text(3, 9_999), long_text(4)]  # fmt: skip
    frame = pl.DataFrame({"id": range(len(values)), "text": values})
    bounded = bounded_frame(frame)
    assert bounded["id"].to_list() == list(range(len(values)))
    assert bounded["text"].to_list() == [v if v is None else bounded_value(v) for v in values]
    short = pl.DataFrame({"text": ["a", "b"]})
    assert bounded_frame(short) is short  # nothing long: the frame as it was


def cells_csv(path: Path, gz: bool = False) -> None:
    rows = [
        f'{i},user.{i}@example.com,"Contact user.{i}@example.com. {long_text(i)}"'
        for i in range(ROWS)
    ]
    data = ("id,email,notes\n" + "\n".join(rows) + "\n").encode()
    path.write_bytes(gzip.compress(data) if gz else data)


def read_all(table: TableRead) -> pl.DataFrame:
    return pl.concat(list(table.batches()))


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("mode", ["sample", "full"])
def test_a_csv_of_200_kb_cells_is_read_whole_and_bounded(
    tmp_path: Path, mode: str, gz: bool
) -> None:
    path = tmp_path / ("cells.csv.gz" if gz else "cells.csv")
    cells_csv(path, gz)
    assert gz or path.stat().st_size > 4 * 1024 * 1024  # sampled by byte windows
    fmt, compression = detect_format(path)
    table = open_table(path, fmt, compression, Sampling(mode=mode))
    frame = read_all(table)
    assert frame["id"].to_list() == list(range(ROWS))
    assert frame["notes"].str.len_chars().max() == len(bounded_value(long_text(0) * 2))
    assert frame["notes"][3].startswith("Contact user.3@example.com. ")
    assert table.coverage.rows_total == ROWS


def test_json_lines_of_200_kb_values(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    lines = (json.dumps({"id": i, "body": long_text(i)}) for i in range(ROWS))
    path.write_text("".join(line + "\n" for line in lines))
    for mode in ("sample", "full"):
        table = open_table(path, "jsonl", None, Sampling(mode=mode))
        frame = read_all(table)
        assert frame["id"].to_list() == list(range(ROWS))
        assert frame["body"].to_list() == [bounded_value(long_text(i)) for i in range(ROWS)]


def test_long_cells_are_classified(tmp_path: Path) -> None:
    root = tmp_path / "estate"
    root.mkdir()
    cells_csv(root / "cells.csv")
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    store.ensure_source("s", "local", str(root), False, [])
    rules = scan_rules(WardenConfig.default())
    engine = PolarsEngine(rules.registry, None, rules.options)
    Scanner(store, rules, engine).scan([LocalSource("s", root)])
    (detail,) = store.details("s")
    assert detail.row.status == "ok", detail.row.error
    columns = {c.column: c for c in detail.columns}
    assert "EMAIL_ADDRESS" in columns["email"].entity_types
    assert "EMAIL_ADDRESS" in columns["notes"].entity_types
    assert not any(long_text(0)[:200] in e for c in detail.columns for e in c.examples)
