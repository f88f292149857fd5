"""Dataset references in workload declarations: `source:glob` or a URI glob."""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from functools import cache

from classifiers.sources.globs import glob_regex
from lineage.model import DatasetState


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return glob_regex(pattern)


def _glob(pattern: str, text: str) -> bool:
    """`*` stays within a name, `**/` spans directories (`crm/**/x.csv` matches `crm/x.csv`)."""
    return _compiled(pattern).fullmatch(text) is not None


def matches(reference: str, dataset: DatasetState) -> bool:
    """A sheet or table of a workbook or database (`book.xlsx#Staff`) is matched by its own
    name and by its object's: a workload that reads `book.xlsx` reads all of its sheets."""
    part = bool(dataset.uri.partition("#")[2])  # the fragment; urlparse here was slow at scale
    if "://" in reference:
        return any(_glob(reference, uri) for uri in _names(dataset.uri, part))
    source, sep, path = reference.partition(":")
    if not sep:
        return False
    paths = _names(dataset.path, part)
    return fnmatchcase(dataset.source, source) and any(_glob(path or "**", p) for p in paths)


def _names(name: str, part: bool) -> tuple[str, ...]:
    return (name, name.rpartition("#")[0]) if part else (name,)


def resolve(reference: str, datasets: Iterable[DatasetState]) -> list[DatasetState]:
    return [d for d in datasets if matches(reference, d)]
