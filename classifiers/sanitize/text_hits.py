"""Exact pattern hits in free text found by Polars' Rust regex engine, for the recognizers
whose every pattern it can run: the same spans `classifiers.confirm` finds one text at a time
with Python's `regex`, at a fraction of the cost (templated text repeats its patterns across
hundreds of thousands of distinct rows).

Rust's regex crate has Python's leftmost-first semantics; a pattern it cannot compile
(look-arounds, back-references) leaves its recognizer to the Python path. Spans come back
exactly: each match is fenced with NUL characters by `str.replace_all`, and splitting the
fenced text gives every match with its offset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import polars as pl
import regex
from presidio_analyzer import Pattern, PatternRecognizer

from classifiers.confirm import (
    MAX_SCORE,
    Hit,
    _boost,
    _version_number,
    exact_hits,
    resolve,
    text_context,
)
from classifiers.recognizers.registry import RecognizerSpec

FENCE = "\x00"
_FLAGS = {regex.IGNORECASE: "i", regex.MULTILINE: "m", regex.DOTALL: "s"}
_HARMLESS = regex.UNICODE | regex.VERSION0  # Rust's defaults (Unicode classes)
_COMPILES: dict[str, bool] = {}

Found = dict[int, dict[int, list[Hit]]]  # row -> spec index -> its exact hits


def rust_patterns(spec: RecognizerSpec) -> list[tuple[Pattern, str]] | None:
    """(pattern, Rust regex) for each of the recognizer's patterns, or None when the Python
    path must run it (an analyzer of its own, flags Rust lacks, a pattern Rust cannot read)."""
    recognizer = spec.recognizer
    if not isinstance(recognizer, PatternRecognizer):
        return None
    if type(recognizer).analyze is not PatternRecognizer.analyze or not recognizer.patterns:
        return None
    flags = recognizer.global_regex_flags
    letters = "".join(letter for flag, letter in _FLAGS.items() if flags & flag)
    if flags & ~(_HARMLESS | sum(_FLAGS)):
        return None
    rust = [(p, f"(?{letters}){p.regex}" if letters else p.regex) for p in recognizer.patterns]
    return rust if all(_compiles(rx) for _, rx in rust) else None


def _compiles(rx: str) -> bool:
    if rx not in _COMPILES:
        try:
            pl.Series([""]).str.contains(rx)
            _COMPILES[rx] = True
        except pl.exceptions.PolarsError:
            _COMPILES[rx] = False
    return _COMPILES[rx]


def polars_hits(
    texts: pl.Series, candidates: Mapping[int, Sequence[int]], specs: Sequence[RecognizerSpec]
) -> Found:
    """Exact hits of every Rust-runnable recognizer on the rows its prefilters flagged."""
    found: Found = defaultdict(dict)
    for index, spec in enumerate(specs):
        patterns = rust_patterns(spec)
        rows = [row for row, indexes in candidates.items() if index in indexes]
        if patterns is None or not rows:
            continue
        frame = pl.DataFrame({"i": rows, "s": texts.gather(rows)})
        if frame["s"].str.contains(FENCE, literal=True).any():
            continue  # a NUL in the text: the fences would be ambiguous
        hits = _hits(frame, spec, patterns)
        for row in rows:
            found[row][index] = hits.get(row, [])
    return found


def _hits(
    frame: pl.DataFrame, spec: RecognizerSpec, patterns: list[tuple[Pattern, str]]
) -> dict[int, list[Hit]]:
    recognizer = spec.recognizer
    assert isinstance(recognizer, PatternRecognizer)
    verdicts: dict[str, tuple[bool | None, bool]] = {}  # a value validated once
    hits: dict[int, list[Hit]] = defaultdict(list)
    for pattern, rx in patterns:
        fenced = frame.select(
            "i", pl.col("s").str.replace_all(rx, f"{FENCE}${{0}}{FENCE}").alias("f")
        ).filter(pl.col("f").str.contains(FENCE, literal=True))
        for row, text in fenced.iter_rows():
            at = 0
            for part, piece in enumerate(text.split(FENCE)):
                if part % 2 and piece:
                    if piece not in verdicts:
                        valid = recognizer.validate_result(piece)
                        verdicts[piece] = (valid, bool(recognizer.invalidate_result(piece)))
                    valid, invalid = verdicts[piece]
                    if valid is not False and not invalid:
                        score = MAX_SCORE if valid else pattern.score
                        hit = Hit(spec.name, spec.entity, at, at + len(piece), score, bool(valid))
                        hits[row].append(hit)
                at += len(piece)
    return hits


def confirm_text(
    text: str, specs: Sequence[tuple[int, RecognizerSpec]], found: Mapping[int, list[Hit]]
) -> list[Hit]:
    """`confirm.confirm_value(text, specs, frozenset(), in_text_context=True)`, taking the
    hits Polars found and running Python's `regex` only for the other recognizers."""
    lower = text.lower()
    hits = [
        _boost(hit, text_context(spec, lower))
        for index, spec in specs
        for hit in (found[index] if index in found else exact_hits(spec, text))
    ]
    return resolve(h for h in hits if not _version_number(h, text))
