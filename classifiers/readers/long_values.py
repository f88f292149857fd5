"""Long text values bounded for classification: a prefix and evenly spaced windows of the rest.

Cells of any length are read, but recognizers and NER see at most VALUE_CAP characters of one
value: its first PREFIX_CHARS, then WINDOWS windows of WINDOW_CHARS spread evenly over the
rest (the last ends where the value ends), each after a line break so no match spans two
windows. A 200 KB cell costs what a 4 KB one does, and still shows its start, middle and end.
"""

from __future__ import annotations

import polars as pl

VALUE_CAP = 4_096
PREFIX_CHARS = 1_024
WINDOWS = 6
WINDOW_CHARS = (VALUE_CAP - PREFIX_CHARS) // WINDOWS - 1  # room for the line break before each


def bounded_value(text: str) -> str:
    """`text` itself when short, else its prefix and windows joined by line breaks."""
    if len(text) <= VALUE_CAP:
        return text
    span = len(text) - PREFIX_CHARS - WINDOW_CHARS
    starts = [PREFIX_CHARS + span * i // (WINDOWS - 1) for i in range(WINDOWS)]
    return "\n".join([text[:PREFIX_CHARS], *(text[s : s + WINDOW_CHARS] for s in starts)])


def bounded_record(record: list[str]) -> list[str]:
    return [bounded_value(field) if len(field) > VALUE_CAP else field for field in record]


def bounded_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every String value longer than VALUE_CAP bounded as bounded_value()
    bounds it (the same characters, vectorised); frames without one come back as they are."""
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not texts or frame.height == 0:
        return frame
    longest = frame.select(pl.col(texts).str.len_bytes().max()).row(0)
    long = [name for name, size in zip(texts, longest, strict=True) if (size or 0) > VALUE_CAP]
    return frame.with_columns(_bounded(name) for name in long) if long else frame


def _bounded(name: str) -> pl.Expr:
    value = pl.col(name)
    length = value.str.len_chars().cast(pl.Int64)
    span = length - PREFIX_CHARS - WINDOW_CHARS
    windows = [
        value.str.slice(PREFIX_CHARS + span * i // (WINDOWS - 1), WINDOW_CHARS)
        for i in range(WINDOWS)
    ]
    joined = pl.concat_str([value.str.slice(0, PREFIX_CHARS), *windows], separator="\n")
    return pl.when(length > VALUE_CAP).then(joined).otherwise(value).alias(name)
