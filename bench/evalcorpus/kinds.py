"""Column kinds: what a column holds, the labels that follows from it, how its values are made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.evalcorpus.context import Context

Maker = Callable[[Context], Any]


@dataclass(frozen=True)
class Kind:
    """A kind of column. `entities` is the label; empty for a negative column."""

    key: str
    concept: str  # the column-name vocabulary entry (headers.VOCABULARY)
    make: Maker
    entities: tuple[str, ...] = ()
    subtype: str = ""
    hard: bool = False  # a negative that looks like something sensitive
    # A column made whole, returning its values and its label (mixed identifiers, free text).
    make_column: Callable[[Context, int], tuple[list[Any], tuple[str, ...]]] | None = None

    @property
    def sensitive(self) -> bool:
        return bool(self.entities)


KINDS: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        if kind.key in KINDS:
            raise ValueError(f"kind {kind.key} twice")
        KINDS[kind.key] = kind
