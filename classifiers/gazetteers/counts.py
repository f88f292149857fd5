"""Gazetteer evidence for a column: the shapes and gazetteer kinds of its sampled values."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from classifiers.evidence import GazetteerCounts
from classifiers.gazetteers.derived import script_of
from classifiers.gazetteers.lookup import (
    NAME_KINDS,
    NRP_KINDS,
    PARTICLES,
    PLACE_KINDS,
    SETTLEMENTS,
    gazetteers,
)
from classifiers.gazetteers.normal import normalise, tokens

_MAX_NAME_WORDS = 5
UNLISTED = "unlisted_script"  # values wholly in a script the names gazetteer barely holds
UNIONS = {
    "person": frozenset(NAME_KINDS),
    "place": frozenset(PLACE_KINDS),
    "nrp": frozenset(NRP_KINDS),
    "nationality_or_country": frozenset({"nationality", "country"}),
}


def _name_like(words: list[str]) -> bool:
    """One to five words, each capitalised or of a script without case ("Ana de la Cruz",
    "Иван Петров", "王伟"), or lower-case particles between them; a settlement type may
    lead ("село Тараща")."""
    if len(words) > 1 and words[0].rstrip(".").lower() in SETTLEMENTS:
        words = words[1:]  # "село Тараща": a place name after its settlement type
    if not 0 < len(words) <= _MAX_NAME_WORDS or words[0].lower() in PARTICLES:
        return False
    return all(not w[0].islower() or w.lower() in PARTICLES for w in words)


def gazetteer_counts(sample: Sequence[str], free_text: bool) -> GazetteerCounts:
    """Counts over distinct sampled values: name-like shapes, and for each gazetteer kind the
    values that wholly are one (`given`, `city`...); in free text, the values that mention
    a place of each kind instead. The gazetteers load on the first call of the process."""
    if not sample:
        return GazetteerCounts()
    found = gazetteers()
    found.know(sample, free_text)  # the places these values name, found in one join
    kinds: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    name_like = one_word = with_digits = 0
    for value in sample:
        if any(c.isdigit() for c in value):
            with_digits += 1
        if free_text:
            mentions.update(_with_unions(found.mentions(value)))
            continue
        words = tokens(value)
        if not any(c.isdigit() for c in value) and _name_like(words):
            name_like += 1
            one_word += len(words) == 1
        kinds.update(_with_unions(found.value_kinds(value)))
        if unlisted_script(value):
            kinds[UNLISTED] += 1
    lead = 0 if free_text else _thing_lead(sample)
    return GazetteerCounts(
        len(sample), name_like, one_word, with_digits, lead, dict(kinds), dict(mentions)
    )


def unlisted_script(value: str) -> bool:
    """Every letter of the value is of a script the names gazetteer barely holds
    (Devanagari, Thai, Greek...): no share of known names can be expected of it."""
    scripts = {script_of(c) for c in value if c.isalpha()}
    return bool(scripts) and not scripts & gazetteers().derived.rich_scripts


def _thing_lead(sample: Sequence[str], top: int = 5) -> int:
    """Values whose first word is one of the `top` commonest and no name: names of things
    repeat a lead word ("Hurricane ...", "Ergonomic ..."); people share family names
    ("Nguyen ...", "김 ..."), which are names."""
    found = gazetteers()
    firsts = Counter(normalise(v.split()[0]) for v in sample if len(v.split()) > 1)
    common = {
        w for w, n in firsts.most_common(top)
        if n > 1 and w not in found.given and w not in found.family
    }  # fmt: skip
    return sum(1 for v in sample if len(v.split()) > 1 and normalise(v.split()[0]) in common)


def _with_unions(kinds: frozenset[str]) -> set[str]:
    """The kinds, plus `person`, `place` and `nrp` when the value is any kind of one."""
    unions = {u for u, members in UNIONS.items() if kinds & members}
    return set(kinds) | unions
