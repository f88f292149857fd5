"""Residuals: distinct sensitive values of a source that still occur, byte for byte, in a copy."""

from __future__ import annotations

from collections.abc import Iterable

MIN_CHARS = 4  # shorter values (a "12", an initial) occur anywhere by chance


def residual_values(values: Iterable[object], copy: bytes, min_chars: int = MIN_CHARS) -> set[str]:
    """The distinct values (of at least `min_chars` characters) found anywhere in `copy`."""
    wanted = {str(v) for v in values if v is not None and len(str(v)) >= min_chars}
    return {v for v in wanted if v.encode("utf-8") in copy}


def residual_rate(
    values: Iterable[object], copy: bytes, min_chars: int = MIN_CHARS
) -> tuple[int, int]:
    """(residual, distinct) counts of the values of at least `min_chars` characters."""
    wanted = {str(v) for v in values if v is not None and len(str(v)) >= min_chars}
    return len(residual_values(wanted, copy, min_chars)), len(wanted)
