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
    if "://" in reference:
        return _glob(reference, dataset.uri)
    source, sep, path = reference.partition(":")
    if not sep:
        return False
    return fnmatchcase(dataset.source, source) and _glob(path or "**", dataset.path)


def resolve(reference: str, datasets: Iterable[DatasetState]) -> list[DatasetState]:
    return [d for d in datasets if matches(reference, d)]
