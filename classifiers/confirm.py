"""Exact confirmation of candidate values: Presidio's patterns, validators and overlap rules.

Shared by every engine (Polars in-process, Spark on executors), so a value is judged the same
way wherever it is read. Runs on distinct candidates only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import regex

from classifiers.recognizers.presidio_catalog import NON_PATTERN_PREFILTERS
from classifiers.recognizers.registry import RecognizerSpec

if TYPE_CHECKING:  # Presidio is imported when a recognizer is first made, not before
    from presidio_analyzer import PatternRecognizer

CONTEXT_BOOST = 0.35  # Presidio's default context similarity factor
MAX_SCORE = 1.0
WHOLE_SHARE = 0.4  # a match this long is the value itself, not a fragment of it


@dataclass(frozen=True)
class Hit:
    """One span of one value that a recognizer's exact pattern accepted."""

    recognizer: str
    entity: str
    start: int
    end: int
    score: float
    validated: bool

    def inside(self, other: Hit) -> bool:
        """Strictly inside: a domain inside an email address, not the same span."""
        same = (self.start, self.end) == (other.start, other.end)
        return not same and other.start <= self.start and self.end <= other.end


def is_whole(hit: Hit, value: str) -> bool:
    return (hit.end - hit.start) >= WHOLE_SHARE * len(value)


def _pattern_hits(spec: RecognizerSpec, text: str) -> list[Hit]:
    """Presidio's own pattern loop without its per-match explanation objects."""
    recognizer = cast("PatternRecognizer", spec.recognizer)  # `spec.runs_patterns`
    hits = []
    for pattern in recognizer.patterns:
        if pattern.compiled_regex is None or pattern.compiled_with_flags is None:
            pattern.compiled_regex = regex.compile(pattern.regex, recognizer.global_regex_flags)
            pattern.compiled_with_flags = recognizer.global_regex_flags
        for match in pattern.compiled_regex.finditer(text, timeout=1.0):
            found = match.group()
            if not found:
                continue
            valid = recognizer.validate_result(found)
            if valid is False or recognizer.invalidate_result(found):
                continue
            score = MAX_SCORE if valid else pattern.score
            start, end = match.span()
            hits.append(Hit(spec.name, spec.entity, start, end, score, bool(valid)))
    return hits


def _analyzer_hits(spec: RecognizerSpec, text: str) -> list[Hit]:
    """Recognizers that override `analyze` (phone numbers, IBAN) are called as they are."""
    results = spec.recognizer.analyze(text, [spec.entity], None)
    always_valid = spec.name in NON_PATTERN_PREFILTERS  # phonenumbers validated the match
    return [
        Hit(
            spec.name,
            spec.entity,
            r.start,
            r.end,
            r.score,
            always_valid or (spec.validates and r.score >= MAX_SCORE),
        )
        for r in results
        if r.score > 0
    ]


def exact_hits(spec: RecognizerSpec, text: str) -> list[Hit]:
    if not spec.runs_patterns:
        return _analyzer_hits(spec, text)
    return _pattern_hits(spec, text)


def _boost(hit: Hit, boosted: bool) -> Hit:
    if not boosted or hit.score >= MAX_SCORE:
        return hit
    score = min(MAX_SCORE, hit.score + CONTEXT_BOOST)
    return Hit(hit.recognizer, hit.entity, hit.start, hit.end, score, hit.validated)


# (kind, kind that shadows it): a dotted quad in a log line is an IP address, though
# phonenumbers reads some as phone numbers.
_SHADOWED_BY = frozenset({("PHONE_NUMBER", "IP_ADDRESS")})


def _shadowed(hit: Hit, hits: Sequence[Hit]) -> bool:
    return any(
        (hit.entity, other.entity) in _SHADOWED_BY
        and other.start < hit.end
        and hit.start < other.end
        for other in hits
    )


def _version_number(hit: Hit, text: str) -> bool:
    """Chrome/124.0.0.0: a dotted quad after a product name and a slash is its version (an
    address after `//` in a URL stays one)."""
    start = hit.start
    after_slash = start >= 2 and text[start - 1] == "/" and text[start - 2].isalnum()
    return hit.entity == "IP_ADDRESS" and after_slash


def resolve(hits: Iterable[Hit]) -> list[Hit]:
    """Drop a hit strictly inside a stronger (or equal) one: the domain of an email address is
    not a URL; and a phone number overlapping an IP address. Hits on the same span are
    otherwise all kept; decide weighs them over the whole column."""
    found = list(hits)
    ordered = sorted(
        (h for h in found if not _shadowed(h, found)),
        key=lambda h: (-h.score, -(h.end - h.start), h.recognizer),
    )
    kept: list[Hit] = []
    for hit in ordered:
        if not any(hit.inside(k) and k.score >= hit.score for k in kept):
            kept.append(hit)
    return kept


def text_context(spec: RecognizerSpec, text_lower: str) -> bool:
    """A context word of the recognizer appears in the text itself (free text)."""
    return any(word in text_lower for word in spec.context if len(word) > 2)


def confirm_value(
    text: str, specs: Sequence[RecognizerSpec], boosted: frozenset[str], in_text_context: bool
) -> list[Hit]:
    """All hits on one value after context boosts and overlap resolution."""
    return settle(text, find(text, specs, boosted, in_text_context))[0]


@dataclass(frozen=True)
class Found:
    """A value's hits before overlaps are resolved, and the recognizers not run on it (a
    whole-text hit of another kind shadows theirs)."""

    hits: tuple[Hit, ...]
    shadowed: frozenset[str]

    def __add__(self, other: Found) -> Found:
        return Found(self.hits + other.hits, self.shadowed | other.shadowed)


def find(
    text: str, specs: Sequence[RecognizerSpec], boosted: frozenset[str], in_text_context: bool,
    earlier: Sequence[Hit] = (),
) -> Found:  # fmt: skip
    """Run the recognizers on one value, with context boosts (`earlier`: hits of others on
    it, which may shadow these)."""
    lower = text.lower() if in_text_context else ""
    hits: list[Hit] = []
    shadowed = set()
    # Phone numbers last: an IP address that is the whole text shadows every phone reading of
    # it (`_shadowed`), so phonenumbers need not try its numbering plans on it. The hits are
    # the same in any order of the recognizers (`resolve` sorts them).
    for spec in sorted(specs, key=lambda s: s.entity in _SHADOWED):
        if spec.entity in _SHADOWED and _whole_shadow(spec.entity, [*earlier, *hits], len(text)):
            shadowed.add(spec.name)
            continue
        boost = spec.name in boosted or (in_text_context and text_context(spec, lower))
        hits += (_boost(hit, boost) for hit in exact_hits(spec, text))
    return Found(tuple(hits), frozenset(shadowed))


def settle(text: str, found: Found) -> tuple[list[Hit], set[str]]:
    """The hits kept after overlaps are resolved (`confirm_value`), and the recognizers that
    lost one to another's or were shadowed. A recognizer that stopped confirming early still
    runs where those it beat find something (`engines.tally.confirm_candidates`)."""
    kept = resolve(h for h in found.hits if not _version_number(h, text))
    losers = set(found.shadowed)
    if len(kept) < len(found.hits):
        losers.update(h.recognizer for h in found.hits if h not in kept)
    return kept, losers


_SHADOWED = frozenset(kind for kind, _ in _SHADOWED_BY)


def shadowed_kind(spec: RecognizerSpec) -> bool:
    """Whether a whole-text hit of another kind spares running this recognizer."""
    return spec.entity in _SHADOWED


def _whole_shadow(entity: str, hits: Sequence[Hit], length: int) -> bool:
    """A hit of a kind that shadows `entity` covers the whole text: any hit of it would be
    dropped (a whole hit is never a version number, which starts after a slash)."""
    return any(
        (entity, h.entity) in _SHADOWED_BY and h.start == 0 and h.end == length for h in hits
    )
