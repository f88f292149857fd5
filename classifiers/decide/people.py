"""PERSON, LOCATION and NRP in structured columns: gazetteers, value shapes, the column name in
any language and NER, weighed together into one finding whose reason names each kind of
evidence ("412 of 500 sampled values are given names (names gazetteer); column name 'prenom'
(French: first name)")."""

from __future__ import annotations

from dataclasses import dataclass

from classifiers.evidence import ColumnEvidence, GazetteerCounts
from classifiers.gazetteers.counts import UNLISTED
from classifiers.model import EntityFinding
from classifiers.names import mentions, vocabulary_words
from classifiers.names_vocabulary import NameWord

MIN_NAMES = 10  # distinct values a column of names or places needs from its shape alone
MIN_CATEGORIES = 3  # distinct values a column of religions or nationalities needs
MIN_PLACES = 5  # ... of places ("North", "South", "East", "West" is a category)
WITH_NAME = 0.4  # share of sampled values in a gazetteer, with a column name that says so
WITH_KIND = 0.2  # ... with a name that says which kind (`nazwisko`, `woonplaats`, `religion`)
WITHOUT_NAME = 0.7  # ... and from the values alone (`field_12`, `painter`)
NAME_SHAPED = 0.8  # share of values that look like names (capitalised words, no digits)
SHAPE_ALONE = 0.9  # ... for a column whose name says the kind, with few gazetteer hits
THING_LEAD = 0.5  # share of values led by one common word that is no name ("Hurricane")
MIN_NAME_LENGTH = 4.0  # mean characters: "DE", "FR" are codes, not names of countries
LANGUAGE_WORDS = frozenset({
    "language", "lang", "locale", "sprache", "langue", "idioma", "lingua", "taal", "sprak",
    "jezyk", "idiomas", "languages", "mother tongue", "muttersprache",
})  # fmt: skip
# Named things whose names are often people's ("Max" the dog, the "Queen Mary"): a column
# named so is not PERSON whatever its share of given names.
NAMED_THINGS = frozenset({
    "ship", "vessel", "boat", "yacht", "pet", "dog", "cat", "horse", "animal", "storm",
    "hurricane", "typhoon", "cyclone", "product", "brand", "schiff", "haustier", "hund",
    "katze", "navire", "bateau", "chien", "barco", "buque", "perro", "gato", "mascota",
    "nave", "cane", "gatto", "schip", "hond", "huisdier", "fartyg", "statek", "pies",
    "company", "firma", "empresa", "entreprise", "azienda", "bedrijf", "merchant", "vendor",
    "supplier", "hotel", "restaurant", "store", "shop", "team", "project", "model", "device",
})  # fmt: skip
_KIND_WORDS = {
    "given": "given names", "family": "family names", "full_name": "full names",
    "person": "names of people", "city": "cities", "town": "towns", "region": "regions",
    "country": "countries", "place": "places", "nationality": "nationalities",
    "religion": "religions", "political": "political groups", "nrp": "nationalities, "
    "religions or political groups", "nationality_or_country": "nationalities or countries",
}  # fmt: skip
_SUBTYPES = {"city": "CITY", "town": "CITY", "region": "REGION", "country": "COUNTRY",
             "nationality": "NATIONALITY", "religion": "RELIGION",
             "political": "POLITICAL_GROUP"}  # fmt: skip
_ENTITY_OF = {"person": "PERSON", "place": "LOCATION", "nrp": "NRP"}
PEOPLE_AND_PLACES = frozenset(_ENTITY_OF.values())  # one of them per structured column


@dataclass(frozen=True)
class Reading:
    """One way to read a column (its values are people, places or NRP) and its support."""

    entity: str
    kind: str  # the gazetteer kind whose share carries it (`person`, `place`, `nrp`...)
    share: float
    hits: int
    word: NameWord | None  # the column-name word that announces it, if any


def _share(g: GazetteerCounts, kind: str) -> tuple[float, int]:
    hits = g.kinds.get(kind, 0)
    return (hits / g.sampled if g.sampled else 0.0), hits


def _word(column: str, entity: str) -> NameWord | None:
    words = [w for w in vocabulary_words(column) if w.entity == entity]
    return words[0] if words else None


def readings(evidence: ColumnEvidence) -> list[Reading]:
    """Each entity the gazetteers or the column name support, best supported first."""
    g = evidence.gazetteer
    found = []
    for union, entity in _ENTITY_OF.items():
        word = _word(evidence.column, entity)
        kind = union
        if entity == "NRP" and word is not None and word.subtype == "NATIONALITY":
            kind = "nationality_or_country"  # "Germany" in a nationality column
        share, hits = _share(g, kind)
        if hits or (word is not None and g.sampled):
            found.append(Reading(entity, kind, share, hits, word))
    return sorted(found, key=lambda r: (r.word is not None, r.share), reverse=True)


def _specific(word: NameWord | None) -> bool:
    """The column name says which kind of name or place (not just "name" or "address")."""
    return word is not None and word.subtype not in ("FULL_NAME", "STREET_ADDRESS", "POSTCODE")


def _thing_veto(reading: Reading, evidence: ColumnEvidence) -> str | None:
    """Names of things: the column name says so, or the values repeat a lead word."""
    column, g = evidence.column, evidence.gazetteer
    if reading.entity != "PERSON":
        return None
    if g.thing_lead >= THING_LEAD * g.sampled:
        return f"{g.thing_lead} of {g.sampled} values share a leading word (things, not people)"
    # Other words for things (`item`, `title`) are weighed by the table pass, which knows
    # whether the table is about people.
    if mentions(column, NAMED_THINGS):
        return f"'{column}' names things, not people"
    return None


def _accepted(reading: Reading, evidence: ColumnEvidence) -> str | None:
    """None when the reading holds, else why not."""
    g = evidence.gazetteer
    shaped = g.name_like / g.sampled if g.sampled else 0.0
    fewest = {"PERSON": MIN_NAMES, "LOCATION": MIN_PLACES}.get(reading.entity, MIN_CATEGORIES)
    if g.sampled < fewest:
        return f"only {g.sampled} distinct values"
    veto = _thing_veto(reading, evidence)
    if veto:
        return veto
    if reading.word is None:
        if reading.entity == "NRP":  # religions, or nationalities in a column not of languages
            share = max(_share(g, "religion")[0], _share(g, "nationality")[0] * _not_language(
                evidence.column
            ))  # fmt: skip
            return None if share >= WITHOUT_NAME else f"{share:.0%} of values are NRP words"
        if reading.share < WITHOUT_NAME:
            return f"{reading.share:.0%} of sampled values are {_KIND_WORDS[reading.kind]}"
        return None if shaped >= NAME_SHAPED else f"only {shaped:.0%} shaped like names"
    if reading.share >= WITH_NAME:
        return None
    if _specific(reading.word) and reading.share >= WITH_KIND and shaped >= NAME_SHAPED:
        return None
    if _specific(reading.word) and _shape_alone(evidence, reading.entity):
        return None
    if reading.entity == "PERSON" and _unlisted(g) and _shape_alone(evidence, reading.entity):
        return None  # `name` over लाल दासगुप्ता: no list to confirm, the name and shape must
    return f"{reading.share:.0%} of sampled values are {_KIND_WORDS[reading.kind]}"


def _unlisted(g: GazetteerCounts) -> bool:
    """Nearly every value is in a script the names gazetteer barely holds."""
    return g.kinds.get(UNLISTED, 0) >= SHAPE_ALONE * g.sampled


def _not_language(column: str) -> bool:
    """Language names double as nationality words ("Français"): not in a language column."""
    return not mentions(column, LANGUAGE_WORDS)


def _shape_alone(evidence: ColumnEvidence, entity: str) -> bool:
    """Values shaped like names, many distinct ones, no digits, not codes: names the
    gazetteers do not hold (a long tail of family names, demonyms of many languages)."""
    g = evidence.gazetteer
    if g.sampled < (MIN_CATEGORIES if entity == "NRP" else MIN_NAMES):
        return False
    return (
        g.name_like >= SHAPE_ALONE * g.sampled
        and g.with_digits == 0
        and evidence.mean_length >= MIN_NAME_LENGTH
    )


def _subtype(reading: Reading, g: GazetteerCounts) -> str | None:
    if reading.entity == "PERSON":
        return None
    if reading.word is not None and reading.word.subtype in _SUBTYPES.values():
        return reading.word.subtype
    kinds = [k for k in _SUBTYPES if k in g.kinds and _ENTITY_OF.get(_union(k)) == reading.entity]
    return _SUBTYPES[max(kinds, key=lambda k: g.kinds[k])] if kinds else None


def _union(kind: str) -> str:
    return {"city": "place", "town": "place", "region": "place", "country": "place"}.get(
        kind, "nrp"
    )


_MEMBERS = {
    "person": ("full_name", "given", "family"),
    "place": ("city", "town", "region", "country"),
    "nrp": ("religion", "nationality", "political"),
    "nationality_or_country": ("nationality", "country"),
}
_GAZETTEER = {"PERSON": "names gazetteer", "LOCATION": "places gazetteer", "NRP": "NRP list"}


def _kind_text(reading: Reading, g: GazetteerCounts) -> str:
    """The kind in words: the member kind that holds nearly all the hits ("given names"),
    else the union ("names of people")."""
    members = [k for k in _MEMBERS.get(reading.kind, ()) if g.kinds.get(k, 0)]
    if not members:
        return _KIND_WORDS[reading.kind]
    top = max(members, key=lambda k: g.kinds[k])
    return _KIND_WORDS[top] if g.kinds[top] >= 0.9 * reading.hits else _KIND_WORDS[reading.kind]


def _reason(reading: Reading, evidence: ColumnEvidence) -> str:
    g = evidence.gazetteer
    parts = []
    if reading.hits:
        parts.append(
            f"{reading.hits} of {g.sampled} sampled values are {_kind_text(reading, g)} in "
            f"the {_GAZETTEER[reading.entity]}"
        )
    if reading.word is not None:
        parts.append(reading.word.describe(evidence.column))
    ner = evidence.ner.get(reading.entity)
    if ner is not None and ner.whole:
        parts.append(f"{ner.whole} of {ner.sampled} read as {reading.entity} by spaCy NER")
    if g.sampled:
        parts.append(f"{g.name_like / g.sampled:.0%} of {g.sampled} shaped like names")
    return "; ".join(parts)


def people_and_places(evidence: ColumnEvidence) -> tuple[list[EntityFinding], list[str]]:
    """The PERSON, LOCATION or NRP finding of a structured column (at most one: a column
    holds one kind of value), and why readings were turned down (for the reasons)."""
    g = evidence.gazetteer
    vetoes = []
    for reading in readings(evidence):
        why = _accepted(reading, evidence)
        if why is not None:
            if reading.word is not None or "things" in why:
                vetoes.append(f"not {reading.entity}: {why}")
            continue
        ner = evidence.ner.get(reading.entity)
        ner_share = ner.whole / ner.sampled if ner is not None and ner.sampled else 0.0
        confidence = min(1.0, 0.5 + 0.3 * reading.share + 0.1 * (reading.word is not None)
                         + 0.1 * ner_share)  # fmt: skip
        # Accepted on the shape of names alone, the share that says so is the shaped one.
        share = reading.share if reading.share >= WITH_KIND else g.name_like / g.sampled
        finding = EntityFinding(
            reading.entity, round(confidence, 3), round(share, 4),
            round(share * evidence.non_null), 0, _reason(reading, evidence),
            _subtype(reading, g),
        )  # fmt: skip
        return [finding], []
    return [], vetoes


IN_PEOPLE_TABLE = 0.4  # share of known names a column needs beside other columns about people


def names_beside_people(evidence: ColumnEvidence, people: str) -> EntityFinding | None:
    """A column of names under a name that says nothing, in a table about people: single
    capitalised words, no digits, of which a share the values alone would not carry are
    known names (family names have a long tail no gazetteer holds: Gumprich, Austermühle).
    `people` says which other columns make the table about people, for the reason."""
    g = evidence.gazetteer
    if g.sampled < MIN_NAMES or g.with_digits or evidence.mean_length < MIN_NAME_LENGTH:
        return None
    person = next((r for r in readings(evidence) if r.entity == "PERSON"), None)
    if person is None or person.word is not None or _thing_veto(person, evidence):
        return None
    if person.share < IN_PEOPLE_TABLE or g.name_like < SHAPE_ALONE * g.sampled:
        return None
    if _share(g, "place")[0] >= person.share or _share(g, "nrp")[0] >= person.share:
        return None
    reason = f"{_reason(person, evidence)}; in a table about people ({people})"
    confidence = round(0.5 + 0.3 * person.share, 3)
    share = round(g.name_like / g.sampled, 4)
    return EntityFinding("PERSON", confidence, share, round(share * evidence.non_null), 0, reason)
