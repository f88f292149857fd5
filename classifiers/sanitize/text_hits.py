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


def lookaround_bodies(pattern: str) -> list[str] | None:
    """The bodies of the positive look-arounds every match of `pattern` passes through: each
    must then match somewhere in the text. None when one might not be needed (an alternation,
    an optional group, a negative look-around around it): the pattern is then not pruned."""
    bodies: list[str] = []
    stack: list[tuple[int, str]] = []  # (where the group's body starts, its kind)
    i, opened = 0, -1  # opened: where the character class we are in starts
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if opened >= 0:  # `]` closes the class unless it is its first member
            first = opened + (2 if pattern[opened + 1 : opened + 2] == "^" else 1)
            opened = -1 if char == "]" and i > first else opened
        elif char == "[":
            opened = i
        elif char == "|":
            return None
        elif char == "(":
            kind = next((k for k in _GROUPS if pattern.startswith(k, i)), "(")
            stack.append((i + len(kind), kind))
            i += len(kind)
            continue
        elif char == ")" and stack:
            start, kind = stack.pop()
            if pattern[i + 1 : i + 2] in ("?", "*") or pattern[i + 1 : i + 3] in ("{0", "{,"):
                return None
            if kind in _POSITIVE and all(k == "(" or k in _POSITIVE for _, k in stack):
                bodies.append(pattern[start:i])
        i += 1
    return bodies


_GROUPS = ("(?<=", "(?<!", "(?=", "(?!")
_POSITIVE = ("(?=", "(?<=")


def prune(
    texts: pl.Series, candidates: Mapping[int, list[int]], specs: Sequence[RecognizerSpec]
) -> None:
    """Take out of `candidates` the recognizers (run in Python) that cannot match a row: none
    of their patterns' necessary look-around bodies matches anywhere in it."""
    for index, spec in enumerate(specs):
        conditions = _conditions(spec)
        rows = [row for row, indexes in candidates.items() if index in indexes]
        if conditions is None or not rows:
            continue
        frame = pl.DataFrame({"i": rows, "s": texts.gather(rows)})
        possible = pl.any_horizontal(
            pl.all_horizontal(pl.col("s").str.contains(rx) for rx in needed)
            for needed in conditions
        )
        kept = set(frame.filter(possible)["i"].to_list())
        for row in rows:
            if row not in kept:
                candidates[row].remove(index)


def _conditions(spec: RecognizerSpec) -> list[list[str]] | None:
    """Per pattern, the Rust regexes a text must match for it to match (the pattern itself, or
    the bodies of its necessary look-arounds); None if a pattern has none, or the recognizer
    runs in Polars already or has its own analyzer."""
    recognizer = spec.recognizer
    if rust_patterns(spec) is not None or not isinstance(recognizer, PatternRecognizer):
        return None
    if type(recognizer).analyze is not PatternRecognizer.analyze or not recognizer.patterns:
        return None
    flags = recognizer.global_regex_flags
    if flags & ~(_HARMLESS | sum(_FLAGS)):
        return None
    letters = "".join(letter for flag, letter in _FLAGS.items() if flags & flag)
    conditions: list[list[str]] = []
    prefix = f"(?{letters})" if letters else ""
    for pattern in recognizer.patterns:
        if _compiles(prefix + pattern.regex):  # the pattern itself, where Rust can run it
            conditions.append([prefix + pattern.regex])
            continue
        bodies = lookaround_bodies(pattern.regex) or []
        needed = [rx for body in bodies if body and _compiles(rx := prefix + body)]
        if not needed:
            return None
        conditions.append(needed)
    return conditions
