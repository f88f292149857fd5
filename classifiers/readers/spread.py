"""Choosing rows and byte windows spread evenly over an object, deterministically."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")


def even_indices(total: int, count: int) -> list[int]:
    """`count` indices spread over range(total), first and last included."""
    if count >= total:
        return list(range(total))
    if count <= 1:
        return [0][:count]
    step = (total - 1) / (count - 1)
    return [round(i * step) for i in range(count)]


def pick_evenly(items: Sequence[Item], count: int) -> list[Item]:
    """At most `count` items, spread evenly over the sequence."""
    return [items[i] for i in even_indices(len(items), count)]


def window_starts(start: int, end: int, count: int, window_bytes: int) -> list[int]:
    """Offsets of `count` windows: the first at `start`, the last ending at `end`."""
    last = max(start, end - window_bytes)
    if count <= 1 or last == start:
        return [start]
    step = (last - start) / (count - 1)
    return [start + round(i * step) for i in range(count)]


class Thinning(Generic[Item]):
    """Keeps every stride-th item of a stream of unknown length, doubling the stride as it fills.

    What is kept stays evenly spaced over everything offered, in at most 2 * limit items.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.offered = 0
        self._stride = 1
        self._kept: list[Item] = []

    def wants_next(self) -> bool:
        """Whether the next item offered will be kept (lets callers skip building it)."""
        return self.offered % self._stride == 0

    def offer(self, item: Item) -> None:
        if self.wants_next():
            self._kept.append(item)
            if len(self._kept) >= 2 * self.limit:
                self._kept = self._kept[::2]
                self._stride *= 2
        self.offered += 1

    def result(self) -> list[Item]:
        return pick_evenly(self._kept, self.limit)
