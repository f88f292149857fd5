"""Shapes already screened by the prefilters, kept across the batches of a table (and the
tables of a scan): a shape's recognizer bits depend only on its text and on which
recognizers want each prefilter, and most shapes of a table recur in every batch."""

from __future__ import annotations

from collections.abc import Mapping, Set

import polars as pl

from classifiers.recognizers.registry import Prefilter

MEMO_BYTES = 64 * 1024 * 1024  # shape text kept at most; beyond it new shapes are not kept

Wants = frozenset[tuple[Prefilter, frozenset[int]]]


class ShapeMemo:
    """(s, __m0...) of the shapes screened under one set of wants (the last one seen: the
    wants change only when the columns' plans do)."""

    def __init__(self, max_bytes: int = MEMO_BYTES) -> None:
        self.max_bytes = max_bytes
        self._wants: Wants | None = None
        self._columns: list[str] = []
        self._frame: pl.DataFrame | None = None
        self._bytes = 0

    def known(self, users: Mapping[Prefilter, Set[int]], columns: list[str]) -> pl.DataFrame | None:
        """The shapes screened under these wants, with their bits; None when there are none
        (the memo starts over for other wants or another number of words)."""
        wants = frozenset((f, frozenset(bits)) for f, bits in users.items())
        if wants != self._wants or columns != self._columns:
            self._wants, self._columns = wants, columns
            self._frame, self._bytes = None, 0
        return self._frame

    def add(self, screened: pl.DataFrame) -> None:
        """Keeps newly screened shapes (s, __m0...), while the memo has room: shapes it does
        not know yet (one shape of two columns comes once)."""
        if self._wants is None or screened.height == 0 or self._bytes >= self.max_bytes:
            return
        screened = screened.unique("s", keep="first")
        self._bytes += int(screened.get_column("s").str.len_bytes().sum() or 0)
        self._frame = screened if self._frame is None else pl.concat([self._frame, screened])
