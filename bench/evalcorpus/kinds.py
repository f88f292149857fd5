"""Column kinds: what a column holds, the labels that follows from it, how its values are made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.evalcorpus.context import Context

Maker = Callable[[Context], Any]
ColumnMaker = Callable[[Context, int], tuple[list[Any], tuple[str, ...]]]
PER_COLUMN = ("PER_COLUMN",)  # sensitive; the label comes with the column's values


@dataclass(frozen=True)
class Kind:
    """A kind of column. `entities` is the label; empty for a negative column."""

    key: str
    concept: str  # the column-name vocabulary entry (headers.VOCABULARY)
    make: Maker | None  # one value
    entities: tuple[str, ...] = ()
    subtype: str = ""
    hard: bool = False  # a negative that looks like something sensitive
    # A column made whole, with its label (mixed identifiers, free text): entities PER_COLUMN.
    make_column: ColumnMaker | None = None

    def __post_init__(self) -> None:
        if (self.make is None) == (self.make_column is None):
            raise ValueError(f"kind {self.key}: give make or make_column, not both")

    @property
    def sensitive(self) -> bool:
        return bool(self.entities)

    def column(self, ctx: Context, rows: int) -> tuple[list[Any], tuple[str, ...]]:
        """The column's values and its label."""
        if self.make_column is not None:
            return self.make_column(ctx, rows)
        assert self.make is not None  # __post_init__ holds one of the two
        return [self.make(ctx) for _ in range(rows)], self.entities


KINDS: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        if kind.key in KINDS:
            raise ValueError(f"kind {kind.key} twice")
        KINDS[kind.key] = kind
