"""What the gazetteer tables alone determine (the scripts the names tables hold well, the index
of one-word country names), kept in the startup cache so that a process does not derive it.

Deriving both walks every name and place (about 0.1 s of CPU with the walks written for speed,
0.35 s as first written) and gives the same answer until the data files, this module or
Python's Unicode tables change; so it is stored as JSON (`classifiers/startup_cache.py`) under a
key digesting those, and a process whose cache holds it reads one JSON file (120 KB) instead.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classifiers import startup_cache

if TYPE_CHECKING:
    from classifiers.gazetteers.lookup import Gazetteers

KIND = "gazetteer-index"
THIN_SCRIPT = 500  # names a script needs in the gazetteer not to count as barely held
STEM = 4  # a demonym shares at least this many letters with its country's name


@dataclass(frozen=True)
class Derived:
    """`rich_scripts`: scripts with at least THIN_SCRIPT given or family names (Latin, Arabic,
    Cyrillic, Hangul, CJK...); `countries`: one-word country names (every language the
    gazetteer holds) of STEM letters or more, by their first STEM letters."""

    rich_scripts: frozenset[str]
    countries: Mapping[str, tuple[str, ...]]


def script_of(char: str) -> str:
    """The first word of the character's Unicode name: LATIN, CYRILLIC, CJK, HANGUL..."""
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def load_or_derive(found: Gazetteers, files: Iterable[Path]) -> Derived:
    """From the startup cache when it holds this data's answer, else derived and stored."""
    key = startup_cache.key_of(
        KIND,
        unicodedata.unidata_version,
        startup_cache.source_digest([Path(__file__), *files]),
    )
    stored = _valid(startup_cache.load(KIND, key))
    if stored is not None:
        return stored
    made = Derived(_rich_scripts(found.given, found.family), _countries(found.places))
    data = {"rich_scripts": sorted(made.rich_scripts), "countries": made.countries}
    startup_cache.store(KIND, key, data)
    return made


def _valid(data: dict[str, Any] | None) -> Derived | None:
    """The stored answer, when it has the shape this module writes."""
    if data is None:
        return None
    scripts, countries = data.get("rich_scripts"), data.get("countries")
    if not isinstance(scripts, list) or not all(isinstance(s, str) for s in scripts):
        return None
    if not isinstance(countries, dict) or not all(
        isinstance(names, list) and all(isinstance(n, str) for n in names)
        for names in countries.values()
    ):
        return None
    return Derived(frozenset(scripts), {k: tuple(v) for k, v in countries.items()})


def _rich_scripts(*tables: Mapping[str, str]) -> frozenset[str]:
    """Counted by first letter: few letters open names, so each one's script is looked up once."""
    letters = Counter(_first_letter(name) for table in tables for name in table)
    held: Counter[str] = Counter()
    for letter, n in letters.items():
        if letter:
            held[script_of(letter)] += n
    return frozenset(script for script, n in held.items() if n >= THIN_SCRIPT)


def _first_letter(name: str) -> str:
    """The name's first letter ("'abas": a), or "" for a name without one."""
    if name[:1].isalpha():
        return name[0]
    return next((c for c in name if c.isalpha()), "")


def _countries(places: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Place kinds are a dozen comma-joined strings: which name a country is tested once each."""
    country = {joined for joined in set(places.values()) if "country" in joined.split(",")}
    index: dict[str, list[str]] = {}
    for name, joined in places.items():
        if joined in country and len(name) >= STEM and name.isalpha():
            index.setdefault(name[:STEM], []).append(name)
    return {prefix: tuple(names) for prefix, names in index.items()}
