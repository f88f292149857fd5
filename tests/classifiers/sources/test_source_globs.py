"""Glob patterns on relative POSIX paths: `**/` is zero or more directories."""

from __future__ import annotations

import pytest

from classifiers.sources.globs import PathFilter, glob_regex


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**/*.csv", "a.csv", True),
        ("**/*.csv", "x/y/a.csv", True),
        ("**/*.csv", "a.csv.gz", False),
        ("*.csv", "x/a.csv", False),
        ("*.csv", "a.csv", True),
        ("x/**", "x/y/a.csv", True),
        ("x/**", "xy/a.csv", False),
        ("x/**/a.csv", "x/a.csv", True),
        ("x/**/a.csv", "x/p/q/a.csv", True),
        ("**/tmp/**", "a/tmp/b.txt", True),
        ("**/tmp/**", "tmp/b.txt", True),
        ("data?.csv", "data1.csv", True),
        ("data?.csv", "data/.csv", False),
        ("data[0-9].csv", "data7.csv", True),
        ("data[!0-9].csv", "datax.csv", True),
        ("data[!0-9].csv", "data7.csv", False),
        ("a+b (1).csv", "a+b (1).csv", True),
        ("**/*", "deep/down/file", True),
    ],
)
def test_glob_table(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(pattern).fullmatch(path)) is matches


def test_include_then_exclude() -> None:
    keep = PathFilter(include=["**/*.csv", "**/*.parquet"], exclude=["archive/**", "**/*_tmp.*"])
    assert keep("a.csv") and keep("x/b.parquet")
    assert not keep("archive/old.csv") and not keep("x/c_tmp.csv") and not keep("notes.md")
