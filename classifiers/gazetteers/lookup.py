"""Gazetteer look-ups: what a value is (a given name, a full name, a city...) and which places
a text mentions. The files (`data/`, made by `build.py`) load on first use and stay loaded."""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from classifiers.gazetteers.normal import normalise, tokens

DATA = Path(__file__).parent / "data"
NAME_KINDS = ("given", "family", "full_name")
PLACE_KINDS = ("city", "region", "country")
NRP_KINDS = ("nationality", "religion", "political")
# Lower-case words inside names of people and places: "Ludwig van Beethoven", "Rio de Janeiro".
PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "da", "das", "dos", "do", "del", "della", "di", "du", "la",
    "le", "les", "bin", "ibn", "al", "el", "y", "e", "ten", "ter", "zu", "am", "an", "upon",
    "on", "sur", "en", "im", "bint", "ben", "st", "saint", "sankt",
})  # fmt: skip
# Words before a place in running text ("moved to Lyon", "aus Köln", "vive en Sevilla").
LOCATIVES = frozenset({
    "in", "from", "to", "at", "near", "via", "nach", "aus", "bei", "nahe", "dans", "depuis",
    "vers", "à", "en", "de", "desde", "para", "hacia", "em", "no", "na", "a", "da", "w", "z",
    "we", "ze", "i", "till", "från", "naar", "uit", "vanuit", "nabij", "bij", "nel", "per",
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_MAX_PLACE_WORDS = 4  # "Santa Cruz de Tenerife"


def _read(name: str) -> dict[str, str]:
    """name -> its kinds (or popularity band), comma-joined as `build.py` wrote them."""
    with gzip.open(DATA / name, "rt", encoding="utf-8") as rows:
        return dict(row.split("\t", 1) for row in rows.read().splitlines())


def _kinds(table: dict[str, str]) -> dict[str, frozenset[str]]:
    sets = {kinds: frozenset(kinds.split(",")) for kinds in set(table.values())}
    return {key: sets[kinds] for key, kinds in table.items()}


def _cased(word: str) -> bool:
    """Capitalised, or in a script without case (CJK, Arabic, Devanagari...)."""
    return not word[0].islower()


@dataclass(frozen=True)
class Gazetteers:
    """Normalised names by kind; popularity band 1 (top 100 of a country) to 3 (top 1,000)."""

    given: Mapping[str, str]
    family: Mapping[str, str]
    places: Mapping[str, frozenset[str]]
    nrp: Mapping[str, frozenset[str]]
    common: frozenset[str]

    def value_kinds(self, value: str) -> frozenset[str]:
        """Every kind the whole value is: `"Maria"` -> {given}, `"Lyon"` -> {city, given}."""
        key = normalise(value)
        kinds = set(self.places.get(key, ())) | set(self.nrp.get(key, ()))
        if "," in value and not kinds:  # "Lyon, France"; "Smith, John" is read below
            kinds |= self.places.get(normalise(value.split(",")[0]), frozenset())
        words = [normalise(t) for t in tokens(value)]
        if len(words) == 1:
            kinds |= self._single(words[0])
        elif 1 < len(words) <= 5 and self._full_name(value, words):
            kinds.add("full_name")
        return frozenset(kinds)

    def _single(self, word: str) -> set[str]:
        kinds = {k for k, table in (("given", self.given), ("family", self.family))
                 if word in table}  # fmt: skip
        if not kinds and 2 <= len(word) <= 4 and ord(word[0]) >= 0x3000:
            # East Asian names are written without a space, family name first (王伟, 김민준,
            # 上田花子): a known family name, then a given name or one or two characters.
            rest = (word[n:] for n in (1, 2) if word[:n] in self.family)
            if any(r in self.given or 1 <= len(r) <= 2 for r in rest):
                kinds.add("full_name")
        return kinds

    def _full_name(self, value: str, words: list[str]) -> bool:
        if value.count(",") == 1:  # "Garcia, Maria"
            words = words[1:] + words[:1]
        core = [w for w in words if w not in PARTICLES]
        if len(core) < 2:
            return False
        first, last = core[0], core[-1]
        initial = len(first) == 1
        known_last = last in self.family or last in self.given
        middle = all(w in self.given or w in self.family or len(w) == 1 for w in core[1:-1])
        return known_last and middle and (first in self.given or (initial and last in self.family))

    def mentions(self, text: str) -> frozenset[str]:
        """Kinds of place a text names: capitalised words, two to four at a time, that are a
        place; one word alone counts after a locative ("in", "nach", "à") or when it is no
        common word and no person's name ("Jackson" alone is not a place)."""
        words = _WORD.findall(text)
        found: set[str] = set()
        for i, word in enumerate(words):
            if not _cased(word):
                continue
            for n in range(min(_MAX_PLACE_WORDS, len(words) - i), 0, -1):
                span = words[i : i + n]
                if n > 1 and (not _cased(span[-1]) or not all(
                    _cased(w) or w.lower() in PARTICLES for w in span
                )):  # fmt: skip
                    continue
                kinds = self.places.get(normalise(" ".join(span)))
                if kinds and (n > 1 or self._lone_place(words, i)):
                    found |= kinds
                    break
        return frozenset(found)

    def _lone_place(self, words: list[str], i: int) -> bool:
        key = normalise(words[i])
        if len(key) < 3 or key in self.common:
            return False
        after_locative = i > 0 and words[i - 1].lower() in LOCATIVES
        return after_locative or (key not in self.given and key not in self.family)


@lru_cache(maxsize=1)
def gazetteers() -> Gazetteers:
    """The gazetteers, read from `data/` on the first call of the process."""
    return Gazetteers(
        _read("given.tsv.gz"),
        _read("family.tsv.gz"),
        _kinds(_read("places.tsv.gz")),
        _kinds(_read("nrp.tsv.gz")),
        frozenset(_read("common.tsv.gz")),
    )
