"""Evidence from column names: tokens, recognizer context words and steward-style hints."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from classifiers.gazetteers.normal import normalise
from classifiers.names_vocabulary import NameWord, column_words, generic_name

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[\W_]+")

# Words that say a column is about a person (so its dates are birth dates, not event times).
PERSON_HINTS = frozenset({
    "birth", "dob", "born", "birthday", "birthdate", "death", "patient", "person", "employee",
    "customer", "member", "applicant", "candidate", "citizen", "age",
})  # fmt: skip
# Words that say a column names things, not people (products, storms, places of business).
NOT_PERSON_HINTS = frozenset({
    "product", "item", "sku", "storm", "hurricane", "typhoon", "cyclone", "event", "brand",
    "model", "title", "category", "department", "team", "project", "company", "merchant",
    "vendor", "warehouse", "page", "campaign", "file", "dataset", "table", "device", "app",
    # ships, animals and other named things; then the same in de, fr, es, it, nl, pt, sv, pl
    "ship", "vessel", "boat", "yacht", "fleet", "aircraft", "plane", "vehicle", "car", "pet",
    "dog", "cat", "horse", "animal", "breed", "species", "hotel", "restaurant", "store", "shop",
    "song", "album", "book", "movie", "film", "game", "font", "color", "colour", "server",
    "hostname", "package", "library", "repo", "repository", "queue",
    "produkt", "artikel", "marke", "firma", "schiff", "haustier", "tier", "hund", "katze",
    "sturm", "orkan", "projekt", "produit", "article", "marque", "entreprise", "societe",
    "navire", "bateau", "chien", "tempete", "ouragan", "projet", "producto",
    "articulo", "marca", "empresa", "barco", "buque", "perro", "gato", "mascota", "tormenta",
    "huracan", "proyecto", "prodotto", "articolo", "azienda", "nave", "cane", "gatto",
    "tempesta", "uragano", "progetto", "merk", "bedrijf", "schip", "hond", "kat", "huisdier",
    "produto", "navio", "cachorro", "fartyg", "husdjur", "hast", "statek", "pies", "kot",
    "zwierze", "towar",
})  # fmt: skip
# Words that say the value is an identifier or a count, not a phone number.
IDENTIFIER_HINTS = frozenset({
    "id", "ref", "reference", "key", "code", "sku", "hash", "checksum", "count", "qty",
    "quantity", "order", "invoice", "transaction", "txn", "session", "serial", "ean", "upc",
})  # fmt: skip
ENTITY_NAME_HINTS: dict[str, frozenset[str]] = {
    "PERSON": frozenset({"name", "firstname", "lastname", "surname", "fullname", "first",
                         "last", "manager", "physician", "doctor", "contact", "owner"}),
    "PHONE_NUMBER": frozenset({"phone", "tel", "telephone", "mobile", "cell", "fax"}),
    "EMAIL_ADDRESS": frozenset({"email", "mail", "e-mail"}),
    "DATE_TIME": PERSON_HINTS,
    "URL": frozenset({"url", "uri", "link", "website", "homepage", "href"}),
    "LOCATION": frozenset({"city", "country", "town", "region", "state", "address", "location"}),
}  # fmt: skip


@lru_cache(maxsize=65536)
def ordered_tokens(column: str) -> tuple[str, ...]:
    """`KundenVorname_2` -> (kunden, vorname, 2); accents off (`Staatsangehörigkeit` ->
    staatsangehorigkeit), other scripts kept (`Имя` -> имя)."""
    return tuple(normalise(t) for t in _SPLIT.split(_CAMEL.sub(" ", _unaccented(column))) if t)


@lru_cache(maxsize=65536)
def name_tokens(column: str) -> frozenset[str]:
    """`customerEmail_2` -> {customer, email, 2, customeremail2}."""
    words = ordered_tokens(column)
    return frozenset([*words, "".join(words)])


def mentions(column: str, words: Iterable[str]) -> bool:
    """Any of `words` (single or multi-word) appears in the column name."""
    tokens = name_tokens(column)
    joined = " " + " ".join(ordered_tokens(column)) + " "
    for word in words:
        word = word.lower()
        if word in tokens or (" " in word and f" {word} " in joined):
            return True
    return False


@lru_cache(maxsize=65536)
def hinted_entities(column: str) -> frozenset[str]:
    """Entity types the column name suggests, in any language of the vocabulary: evidence,
    never enough alone."""
    english = {e for e, words in ENTITY_NAME_HINTS.items() if mentions(column, words)}
    return frozenset(english | {w.entity for w in vocabulary_words(column)})


@lru_cache(maxsize=65536)
def vocabulary_words(column: str) -> tuple[NameWord, ...]:
    """The words of the multilingual vocabulary the column name holds (`names_vocabulary`);
    a generic "name" next to a word for things (`product_name`, `nom_produit`) is left out."""
    tokens = ordered_tokens(column)
    found = column_words(tokens)
    if set(tokens) & NOT_PERSON_HINTS:
        found = tuple(w for w in found if not generic_name(w))
    return found


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) or ord(c) > 0x52F)
