"""Symbolic links in a local source: loops end, links outside the source are not followed,
each folder is walked once, and a looping file link is recorded as an error."""

from __future__ import annotations

import itertools
import logging
import time
from pathlib import Path

import pytest

from classifiers.catalog.store import CatalogStore
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource


@pytest.fixture
def root(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("name\nAnn\n", encoding="utf-8")
    root = tmp_path / "root"
    (root / "links").mkdir(parents=True)
    (root / "data.csv").write_text("id,email\n1,ann@example.com\n", encoding="utf-8")
    (root / "a").symlink_to(".", target_is_directory=True)  # a -> .
    (root / "b").symlink_to("a", target_is_directory=True)  # b -> a
    (root / "links" / "up").symlink_to("..", target_is_directory=True)
    (root / "links" / "loop_a.csv").symlink_to("loop_b.csv")
    (root / "links" / "loop_b.csv").symlink_to("loop_a.csv")
    (root / "out").symlink_to(outside, target_is_directory=True)
    (root / "secret.csv").symlink_to(outside / "secret.csv")
    return root


def test_a_crawl_over_link_loops_ends_and_says_what_it_skipped(
    root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="classifiers.sources.local"):
        found = [obj.path for obj in LocalSource("s", root).crawl()]
    assert time.monotonic() - started < 60  # a stall guard
    assert found == ["data.csv", "links/loop_a.csv", "links/loop_b.csv"]
    warned = caplog.text
    for link in ("a", "b", "links/up"):
        assert f"not following the link {link}: it loops back to a folder above it" in warned
    for link in ("out", "secret.csv"):
        assert f"not following the link {link}: it points outside the source's folder" in warned


def test_a_looping_file_link_is_recorded_as_an_error(root: Path, tmp_path: Path) -> None:
    store = CatalogStore.open(f"sqlite:///{tmp_path / 'catalog.db'}")
    store.ensure_source("s", "local", str(root), False, [])
    rules = scan_rules(WardenConfig.default())
    scanner = Scanner(store, rules, PolarsEngine(rules.registry, None, rules.options))
    report = scanner.scan([LocalSource("s", root)])
    assert {o.obj.path: o.status for o in report.outcomes} == {
        "data.csv": "scanned",
        "links/loop_a.csv": "error",
        "links/loop_b.csv": "error",
    }
    errors = {e.path: e.error for e in store.errors()}
    assert errors["links/loop_a.csv"] == "a symbolic link loop: the link leads back to itself"


def test_each_folder_is_walked_once_however_many_links_lead_to_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Two links from each of 24 folders to the next: 2**24 paths if links were walked as
    they come; each folder once, they are 24 files."""
    root = tmp_path / "root"
    levels = [root / f"d{i:02}" for i in range(24)]
    for level in levels:
        level.mkdir(parents=True)
        (level / "rows.csv").write_text("id\n1\n", encoding="utf-8")
    for level, below in itertools.pairwise(levels):
        (level / "left").symlink_to(below, target_is_directory=True)
        (level / "right").symlink_to(below, target_is_directory=True)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="classifiers.sources.local"):
        found = [path for path, _, _ in LocalSource("s", root).listing()]
    assert time.monotonic() - started < 60
    assert len(found) == len(set(found)) == 24
    assert found[0] == "d00/" + "left/" * 23 + "rows.csv"  # reached first, through links
    assert found[-1] == "d00/rows.csv"
    assert "its folder is already walked under another name" in caplog.text
