"""The prefilter screens of a registry (`polars_engine._screens`), kept in the startup cache.

Grouping a registry's two hundred prefilters, widening each one and asking Rust which ASCII
characters each of their sets holds costs a scan's start about a second and a half of CPU,
and depends only on the prefilters, the code that computes it and the Polars (Rust regex)
version. The result is data: the groups as positions among the prefilters, the widened and
ASCII regexes as text, the sets' signatures as bit strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from classifiers import startup_cache
from classifiers.recognizers.ascii_forms import AsciiForms
from classifiers.recognizers.registry import Prefilter, known_shapes

KIND = "screens"
WIDENED = "ascii-widened"  # the ASCII forms built for non-ASCII letters (stand-ins)
_HERE = Path(__file__).resolve().parent
# The modules whose code decides the screens: a change to any of them is a new key.
SOURCES = (
    _HERE / "polars_engine.py",
    _HERE.parent / "recognizers" / "widen.py",
    _HERE.parent / "recognizers" / "ascii_forms.py",
    _HERE.parent / "recognizers" / "shape.py",
    _HERE / "screen_cache.py",
)

Groups = tuple[Prefilter, ...]


def screens_key(filters: tuple[Prefilter, ...]) -> str:
    rules = [[f.regex, f.min_len, f.min_digits, f.score] for f in filters]
    return startup_cache.key_of(KIND, rules, pl.__version__, startup_cache.source_digest(SOURCES))


def load_screens(filters: tuple[Prefilter, ...]) -> tuple[tuple[Groups, ...], AsciiForms] | None:
    """The screens stored for these prefilters, or None (none stored, or not trusted)."""
    data = startup_cache.load(KIND, screens_key(filters))
    if data is None:
        return None
    try:
        groups = tuple(tuple(filters[int(i)] for i in group) for group in data["groups"])
        forms = AsciiForms.restored(data["forms"])
        shapes = {str(regex): str(shape) for regex, shape in data["shapes"].items()}
        marks = {str(regex): frozenset(str(m)) for regex, m in data["marks"].items()}
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None  # written by a broken or foreign writer: rebuilt
    if {f for group in groups for f in group} != set(filters):
        return None
    known_shapes(shapes, marks)
    return groups, forms


def save_screens(
    filters: tuple[Prefilter, ...], groups: tuple[Groups, ...], forms: AsciiForms
) -> None:
    first = {f: i for i, f in reversed(list(enumerate(filters)))}  # a prefilter's position
    data: dict[str, Any] = {
        "groups": [[first[f] for f in group] for group in groups],
        "forms": forms.state(),
        "shapes": {f.regex: f.shape for f in filters},
        "marks": {f.regex: "".join(sorted(f.marks)) for f in filters},
    }
    startup_cache.store(KIND, screens_key(filters), data)


def load_widened(filters: tuple[Prefilter, ...], forms: AsciiForms) -> None:
    """Gives `forms` the forms earlier processes built for the stand-ins of non-ASCII letters
    (widening every prefilter again for a new letter costs about half a second)."""
    data = startup_cache.load(WIDENED, screens_key(filters))
    widened = data.get("forms") if data is not None else None
    if isinstance(widened, dict) and all(isinstance(v, dict) for v in widened.values()):
        forms.know_widened(widened)


def save_widened(filters: tuple[Prefilter, ...], forms: AsciiForms) -> None:
    startup_cache.store(WIDENED, screens_key(filters), {"forms": forms.widened()})
