"""Gazetteer look-ups: what a value is (a given name, a full name, a city...) and which places
a text mentions. The files (`data/`, made by `build.py`) load on first use, each table when it
is first looked at, and stay loaded."""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from classifiers.gazetteers.derived import STEM, Derived, load_or_derive
from classifiers.gazetteers.normal import normalise, tokens

if TYPE_CHECKING:
    import polars as pl

DATA = Path(__file__).parent / "data"
NAME_KINDS = ("given", "family", "full_name")
PLACE_KINDS = ("city", "town", "region", "country")
TEXT_PLACE_KINDS = frozenset({"city", "region", "country"})  # "town" is too often a word
NRP_KINDS = ("nationality", "religion", "political")
# Lower-case words inside names of people and places: "Ludwig van Beethoven", "Rio de Janeiro".
PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "da", "das", "dos", "do", "del", "della", "di", "du", "la",
    "le", "les", "bin", "ibn", "al", "el", "y", "e", "ten", "ter", "zu", "am", "an", "upon",
    "on", "sur", "en", "im", "bint", "ben", "st", "saint", "sankt",
})  # fmt: skip
# Titles and degrees around a name: "Frau Dr. Sabine Rosemann", "Alfredo Christoph MBA".
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "herr", "frau",
    "fraulein", "m", "mme", "mlle", "monsieur", "madame", "sr", "sra", "srta", "don", "dona",
    "dott", "dottssa", "ing", "sig", "signora", "dhr", "mevr", "pan", "pani", "jr", "ii",
    "iii", "iv", "mba", "phd", "md", "bsc", "msc", "ba", "ma", "esq",
})  # fmt: skip
# Legal forms: "Müller GmbH" and "Smith & Sons Ltd" are companies.
COMPANY_FORMS = frozenset({
    "gmbh", "ag", "kg", "ohg", "ug", "ltd", "limited", "inc", "llc", "llp", "plc", "corp", "co",
    "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as", "asa", "oy", "oyj", "sl", "sp",
    "group", "holding", "holdings", "gbr", "ev", "kk", "pty", "lda", "cia",
})  # fmt: skip
# Words before a place in running text ("moved to Lyon", "aus Köln", "vive en Sevilla").
LOCATIVES = frozenset({
    "in", "from", "to", "at", "near", "via", "nach", "aus", "bei", "nahe", "dans", "depuis",
    "vers", "à", "en", "de", "desde", "para", "hacia", "em", "no", "na", "a", "da", "w", "z",
    "we", "ze", "i", "till", "från", "naar", "uit", "vanuit", "nabij", "bij", "nel", "per",
    # Russian and Ukrainian prepositions, and the settlement types written before a name
    # (in Cyrillic: "v Kazani", "g. Zhukovsky", "s. Beslan", "m. Kyiv")
    "в", "во", "из", "на", "у", "до", "г", "гор", "город", "с", "село",  # noqa: RUF001
    "п", "пос", "посёлок", "пгт", "д", "дер", "деревня", "ст", "к", "м", "місто", "смт",
    "селище", "хутір",
})  # fmt: skip
# Settlement types written before the name in Russian and Ukrainian addresses: a value led by
# one and then capitalised words is a place even when the gazetteer does not know the village.
SETTLEMENTS = frozenset({
    "г", "гор", "город", "с", "село", "п", "пос", "посёлок", "поселок", "пгт", "д", "дер",  # noqa: RUF001
    "деревня", "ст", "станица", "м", "місто", "смт", "селище", "хутір", "хутор", "аул",
})  # fmt: skip
# ... and written after it in Chinese, Japanese and Korean (渋谷区, 수원시); not 村 or 町, which
# end family names (中村, 木村).
_SETTLEMENT_SUFFIX = re.compile(r"[\u4e00-\u9fff]{1,4}[市县縣区區镇鎮省府州]|[가-힣]{1,4}[시군읍]")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_MAX_PLACE_WORDS = 4  # "Santa Cruz de Tenerife"


def _read(path: Path) -> dict[str, str]:
    """name -> its kinds (or popularity band), comma-joined as `build.py` wrote them, a
    `name<TAB>kinds` row a line. The rows are split as one list of alternating names and kinds,
    zipped into the dict: a third less CPU than splitting each row (the places table has
    330,000); a file with a row of another shape is read row by row, as it was before."""
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        text = rows.read()
    if text.count("\t") != text.count("\n") or not text.endswith("\n") or "\r" in text:
        return dict(row.split("\t", 1) for row in text.splitlines())
    fields = iter(text[:-1].replace("\t", "\n").split("\n"))
    return dict(zip(fields, fields, strict=True))


class _Keyed(Mapping[str, str]):
    """A table looked up by the keys a column's counts ask for: the counts first run once
    recording their keys (`recording`, no answer is given), then those keys are found in one
    Polars join (`know`) instead of reading the table into a dict (the places table's
    330,000 rows cost a process about 0.2 s of CPU, holding the interpreter, before its
    first answer). A key asked for that was never known, or any other use (iterating it),
    reads the table whole: the answers are the dict's."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: dict[str, str] = {}
        self._absent: set[str] = set()
        self._whole: dict[str, str] | None = None
        self._lock = threading.Lock()
        self._local = threading.local()  # the keys this thread records, while it records

    @property
    def whole(self) -> dict[str, str]:
        with self._lock:
            if self._whole is None:
                self._whole = _read(self.path)
            return self._whole

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Look-ups in this thread record their keys and answer what is known already."""
        keys: set[str] = set()
        self._local.keys = keys
        try:
            yield keys
        finally:
            self._local.keys = None

    def know(self, keys: Iterable[str]) -> None:
        """Find these keys in one join over the table (nothing to do once it is read whole)."""
        import polars as pl

        with self._lock:
            if self._whole is not None:
                return
            new = [k for k in set(keys) if k not in self._known and k not in self._absent]
            if not new:
                return
            frame = _frame(self.path)
            if frame is None:  # a file of another shape: read whole, as `_read` does
                self._whole = _read(self.path)
                return
            asked = pl.DataFrame({"k": new}, schema={"k": pl.String})
            hits = frame.join(asked, on="k", how="semi", maintain_order="left")
            found = dict(
                zip(hits.get_column("k").to_list(), hits.get_column("v").to_list(), strict=True)
            )  # fmt: skip  (the last row of a key wins, as in a dict)
            self._known.update(found)
            self._absent.update(k for k in new if k not in found)

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        recorded = getattr(self._local, "keys", None)
        if recorded is not None:
            recorded.add(key)
        if self._whole is None:
            if key in self._known:
                return self._known[key]
            if key in self._absent or recorded is not None:
                return default
        return self.whole.get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __getitem__(self, key: str) -> str:
        return self.whole[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole)

    def __len__(self) -> int:
        return len(self.whole)


@lru_cache(maxsize=8)
def _frame(path: Path) -> pl.DataFrame | None:
    """The table as (k, v) rows read by Polars, when every row is `name<TAB>kinds` (as
    `_read` reads it), else None."""
    import polars as pl

    try:
        frame = pl.read_csv(
            path, separator="\t", has_header=False, quote_char=None,
            schema={"k": pl.String, "v": pl.String},
        )  # fmt: skip
    except pl.exceptions.PolarsError:  # a row of another shape
        return None
    return frame if frame.get_column("v").null_count() == 0 else None


@lru_cache(maxsize=256)
def _kinds(joined: str | None) -> frozenset[str]:
    """The kinds of a table entry ("city,region"), split once per distinct entry."""
    return frozenset(joined.split(",")) if joined else frozenset()


def _lower_word(value: str) -> bool:
    """A word in lower case that is no particle ("Smith, Jones and Brown")."""
    return any(w[0].islower() and w not in PARTICLES for w in tokens(value))


def _cased(word: str) -> bool:
    """Capitalised, or in a script without case (CJK, Arabic, Devanagari...)."""
    return not word[0].islower()


class Gazetteers:
    """Normalised names by kind; popularity band 1 (top 100 of a country) to 3 (top 1,000).
    Each table is read from `folder` when first looked at: every column's counts read the
    names and places, only free text the common words, and NER's check of a person's name
    only the names; what is derived from the tables comes from the startup cache."""

    def __init__(self, folder: Path = DATA) -> None:
        self.folder = folder

    @cached_property
    def given(self) -> Mapping[str, str]:
        return _read(self.folder / "given.tsv.gz")

    @cached_property
    def family(self) -> Mapping[str, str]:
        return _read(self.folder / "family.tsv.gz")

    @cached_property
    def places(self) -> _Keyed:
        """name -> its kinds, comma-joined ("city,region"), looked up by the keys asked for
        (`know`)."""
        return _Keyed(self.folder / "places.tsv.gz")

    def know(self, values: Iterable[str], free_text: bool) -> None:
        """Finds at once every place the look-ups of these values ask for (`value_kinds`
        or, in free text, `mentions`), so that they need not read the places table whole."""
        with self.places.recording() as keys:
            for value in values:
                if free_text:
                    self.mentions(value)
                else:
                    self.value_kinds(value)
        self.places.know(keys)

    @cached_property
    def nrp(self) -> Mapping[str, str]:
        return _read(self.folder / "nrp.tsv.gz")

    @cached_property
    def common(self) -> frozenset[str]:
        return frozenset(_read(self.folder / "common.tsv.gz"))

    @cached_property
    def derived(self) -> Derived:
        """The scripts the names tables hold well and the country names' index."""
        files = (self.folder / f"{name}.tsv.gz" for name in ("given", "family", "places"))
        return load_or_derive(self, files)

    def value_kinds(self, value: str) -> frozenset[str]:
        """Every kind the whole value is: `"Maria"` -> {given}, `"Lyon"` -> {city, given}."""
        key = normalise(value)
        kinds = set(_kinds(self.places.get(key))) | _kinds(self.nrp.get(key))
        if "," in value and not kinds:  # "Lyon, France"; "Smith, John" is read below
            kinds |= _kinds(self.places.get(normalise(value.split(",")[0])))
        raw = tokens(value)
        if not kinds and len(raw) > 1 and raw[0][0].islower():  # "село Бердичів", "m. Wrocław"
            kinds |= _kinds(self.places.get(normalise(" ".join(raw[1:]))))
            if not kinds and raw[0].rstrip(".") in SETTLEMENTS and all(_cased(t) for t in raw[1:]):
                kinds.add("town")  # "хутір Старий Крим": the type says it is a place
        if not kinds and len(raw) == 1 and _SETTLEMENT_SUFFIX.fullmatch(value.strip()):
            kinds.add("town")
        words = [normalise(t) for t in raw]
        if len(words) == 1:
            kinds |= self._single(words[0])
            if not kinds and self._demonym(words[0]):
                kinds.add("nationality")
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

    def _demonym(self, word: str) -> bool:
        """A word for a country's people, in a language whose list we lack: the country's
        name and a person suffix (영국인, 中国人), or the country's stem and a short ending
        (Rumäne, Tschechin, Japonaise, Іспанець, Росіянка). Used only for a word that is no
        known name or place, so a family name such as Franco stays a name."""
        if len(word) >= 2 and ord(word[0]) >= 0x3000:
            for suffix in _CJK_PEOPLE:
                stem = word.removesuffix(suffix)
                if stem != word and "country" in _kinds(self.places.get(stem)):
                    return True
            return False
        if len(word) < _STEM or not word.isalpha():
            return False
        for country in self.derived.countries.get(word[:_STEM], ()):
            common = _common_prefix(word, country)
            if (
                common * 2 >= len(country)
                and len(country) - common <= _COUNTRY_ENDING
                and len(word) - common <= _PEOPLE_ENDING
            ):
                return True
        return False

    def _full_name(self, value: str, words: list[str]) -> bool:
        """Two to four words of letters, given name first or last ("Maria Garcia", "Garcia,
        Maria", "Кулагин Георгий Тихонович"), or an initial and a family name ("J. Smith");
        titles, degrees and particles aside. Middle words may be anything (patronymics)."""
        if value.count(",") == 1:  # "Garcia, Maria"
            words = words[1:] + words[:1]
        if any(w in COMPANY_FORMS for w in words) or _lower_word(value):
            return False
        core = [w for w in words if w not in PARTICLES and w not in TITLES and "." not in w]
        if not 2 <= len(core) <= 4 or not all(w.replace("-", "").isalpha() for w in core):
            return False
        first, last = core[0], core[-1]
        if len(first) == 1:
            return last in self.family
        family_first = first in self.family and self._given(core[1])  # "Кулагин Георгий ..."
        return self._given(first) or self._given(last) or family_first

    def _given(self, word: str) -> bool:
        """A given name, or one joined by hyphens ("Friedrich-Wilhelm")."""
        return word in self.given or ("-" in word and all(
            p in self.given for p in word.split("-")
        ))  # fmt: skip

    def mentions(self, text: str) -> frozenset[str]:
        """Kinds of place a text names: capitalised words, two to four at a time, that are a
        place; one word alone counts after a locative ("in", "nach", "à") or when it is no
        common word and no person's name ("Jackson" alone is not a place)."""
        spans = list(_WORD.finditer(text))
        words = [m.group() for m in spans]
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
                kinds = _kinds(self.places.get(normalise(" ".join(span)))) & TEXT_PLACE_KINDS
                if kinds and (n > 1 or self._lone_place(words, i, _opens(text, spans[i]))):
                    found |= kinds
                    break
        return frozenset(found)

    def _lone_place(self, words: list[str], i: int, opens: bool) -> bool:
        """A one-word place ("Lyon"): after a locative, or neither a common word nor a
        person's name nor capitalised only because it opens a sentence ("Reading the...")."""
        key = normalise(words[i])
        if len(key) < 3:
            return False
        if not opens and i > 0 and words[i - 1].lower() in LOCATIVES:
            return True
        known = key in self.common or key in self.given or key in self.family
        return not opens and not known


# Words for "person" after a country's name in Chinese, Japanese and Korean: 中国人, 영국인.
_CJK_PEOPLE = ("人", "사람", "인")
_STEM = STEM  # a demonym shares at least this many letters with its country's name ...
_COUNTRY_ENDING = 4  # ... which then ends in at most this many (Rumän|ien, Russ|land)
_PEOPLE_ENDING = 6  # ... and the word in at most this many (Franc|aise, Франц|уженка)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _opens(text: str, word: re.Match[str]) -> bool:
    """The word opens the text or a sentence (after . ! ? or a line break)."""
    before = text[: word.start()].rstrip(" \t\"'(\u201c\u00ab")
    last = before[:-1].split()[-1] if before.endswith(".") and before[:-1].split() else ""
    if 0 < len(last) <= 3:
        return False  # after an abbreviation: "St. Ives", "Dr. Ruth", "g. Moskva" in Cyrillic
    return not before or before[-1] in ".!?\n:;"


@lru_cache(maxsize=1)
def gazetteers() -> Gazetteers:
    """The gazetteers of `data/`, one per process: each table is read on its first look-up."""
    return Gazetteers()
