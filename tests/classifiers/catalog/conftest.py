"""Fixtures for the catalog tests: a store on a SQLite file in tmp_path, and on PostgreSQL."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The editable install was made before the packages existed, so `classifiers` is not on the
# path; put the project root there until `pip install -e .` is run again.
ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from classifiers.catalog.store import CatalogStore  # noqa: E402


@pytest.fixture
def db_url(catalog_url: str) -> str:
    """Every test here runs on a SQLite file and on PostgreSQL (see tests/postgres.py)."""
    return catalog_url


@pytest.fixture
def store(db_url: str) -> Iterator[CatalogStore]:
    with CatalogStore.open(db_url) as opened:
        opened.ensure_source("lake", "local", "/data/lake", public=False, owners=["ana@x.org"])
        yield opened
