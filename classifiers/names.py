"""Evidence from column names: tokens, recognizer context words and steward-style hints."""

from __future__ import annotations

import re
from collections.abc import Iterable

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^0-9a-zA-Z]+")

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


def name_tokens(column: str) -> frozenset[str]:
    """`customerEmail_2` -> {customer, email, 2, customeremail2}."""
    words = [t.lower() for t in _SPLIT.split(_CAMEL.sub(" ", column)) if t]
    return frozenset([*words, "".join(words)])


def mentions(column: str, words: Iterable[str]) -> bool:
    """Any of `words` (single or multi-word) appears in the column name."""
    tokens = name_tokens(column)
    joined = " " + " ".join(t for t in _SPLIT.split(_CAMEL.sub(" ", column).lower()) if t) + " "
    for word in words:
        word = word.lower()
        if word in tokens or (" " in word and f" {word} " in joined):
            return True
    return False


def hinted_entities(column: str) -> frozenset[str]:
    """Entity types the column name suggests: evidence, never enough alone."""
    return frozenset(e for e, words in ENTITY_NAME_HINTS.items() if mentions(column, words))
