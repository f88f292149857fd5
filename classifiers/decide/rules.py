"""The false-positive guards of `decide`, one small function each, so each can be tested.

A guard returns why an entity type is NOT reported (a sentence for the column's reasons),
or None when nothing speaks against it.
"""

from __future__ import annotations

from classifiers.decide.words import (
    BIRTH_DEATH,
    BUSINESS_IDS,
    LIFE_EVENTS,
    MEDICAL,
    PHONE_WORDS,
    RECORD_KEEPING,
    THINGS,
    found,
)
from classifiers.evidence import ColumnEvidence
from classifiers.model import EntityFinding
from classifiers.names import IDENTIFIER_HINTS, NOT_PERSON_HINTS, PERSON_HINTS, mentions

DATE_ENTITY = "DATE_TIME"
PHONE_ENTITY = "PHONE_NUMBER"
MRN_ENTITY = "MEDICAL_RECORD_NUMBER"
DRIVER_LICENCES = frozenset({
    "US_DRIVER_LICENSE", "UK_DRIVING_LICENCE", "IT_DRIVER_LICENSE", "DE_FUEHRERSCHEIN",
    "KR_DRIVER_LICENSE", "ZA_DRIVER_LICENSE",
})  # fmt: skip
_BARE_SHARE = 0.9  # this share of digits-only values makes a column of bare numbers
_TRUNK_SHARE = 0.6  # ... unless this share of them starts with a trunk 0 at a phone's length


def date_guard(column: str, free_text: bool) -> str | None:
    """Dates are DATE_TIME on their own only when the name ties them to a person (a birth or
    death, or a person's role); record-keeping times never are. Dates of life events
    (`hire_date`) are left to the table (`decide.table`)."""
    if free_text:
        return "dates in free text are not personal data on their own"
    if found(column, BIRTH_DEATH):
        return None
    kept = found(column, RECORD_KEEPING)
    if kept:
        return f"'{column}' names a record-keeping time ({kept}), not a date about a person"
    if not mentions(column, PERSON_HINTS):
        return f"dates in '{column}' are event times, not about a person"
    return None


def life_event(column: str) -> str | None:
    """The life-event word of a date column's name (`hire_date` -> hire), unless the name is
    a record-keeping time too (`joined_updated_at`)."""
    if found(column, RECORD_KEEPING):
        return None
    return found(column, LIFE_EVENTS) or found(column, BIRTH_DEATH)


def identifier_guard(
    entity: str, column: str, evidence: ColumnEvidence, hinted: bool
) -> str | None:
    """ID numbers are not phone numbers, nor licences of things driving licences, unless the
    name or the format says so."""
    if entity in DRIVER_LICENCES:
        thing = found(column, BUSINESS_IDS) or found(column, THINGS)
        if thing:
            return f"'{column}' names a licence or number of a thing ({thing}), not of a driver"
    elif entity == MRN_ENTITY:
        return medical_guard(column, evidence)
    elif entity != PHONE_ENTITY:
        return None
    elif found(column, PHONE_WORDS):
        return None
    kind = "phone" if entity == PHONE_ENTITY else "licence"
    width = f"{evidence.mean_length:.0f}-character values"
    if evidence.non_null and evidence.digits_only * 2 >= evidence.non_null:
        width = f"{evidence.mean_length:.0f}-digit numbers"
    business = found(column, BUSINESS_IDS) or _identifier_word(column)
    if business:
        return (
            f"'{column}' names a business identifier ({business}): {width} without "
            f"{kind} formatting are not {entity}"
        )
    if not hinted and _bare_numbers(evidence, entity):
        return (
            f"{width} without {kind} formatting (+, spaces, dashes, parentheses, a trunk 0) "
            f"and no {kind}-like column name are not {entity}"
        )
    return None


def checksum_guard(entity: str, column: str, trusted: bool) -> str | None:
    """A weak pattern trusted for its checksum alone is not, under a name that says a thing's
    or a record's number (`isbn`, `sku`): those carry check digits of their own."""
    if trusted:
        return None
    named = found(column, THINGS) or found(column, BUSINESS_IDS)
    if named:
        return f"'{column}' names a number of a thing or record ({named}), not {entity}"
    return None


def medical_guard(column: str, evidence: ColumnEvidence) -> str | None:
    """A bare number is a medical record number only under a medical name (`mrn`,
    `historia_clinica`); `record_id` numbers records of any kind."""
    if found(column, MEDICAL) or not _bare_numbers(evidence, MRN_ENTITY):
        return None
    return f"'{column}' has no medical word: bare numbers are not {MRN_ENTITY}"


def _identifier_word(column: str) -> str | None:
    return next((w for w in sorted(IDENTIFIER_HINTS) if mentions(column, (w,))), None)


def _bare_numbers(evidence: ColumnEvidence, entity: str) -> bool:
    if not evidence.non_null or evidence.digits_only < _BARE_SHARE * evidence.non_null:
        return False
    trunk = entity == PHONE_ENTITY and evidence.trunk_digits >= _TRUNK_SHARE * evidence.digits_only
    return not trunk


def url_guard(column: str, mean_score: float, hinted: bool) -> str | None:
    """Bare names that look like domains are URLs only when the public suffix list confirms
    them (DomainRecognizer, score 1.0) or the column name says so; the domain inside an
    e-mail address never reaches here (overlap resolution drops it)."""
    if mean_score <= 0.5 and not hinted:
        return "bare domain names without a scheme or path"
    return None


def person_guard(column: str, evidence: ColumnEvidence, ratio: float, hinted: bool) -> str | None:
    """Names of products, ships, storms or pets are not PERSON unless the evidence says so."""
    sampled = evidence.ner_sampled or 1
    lead_share = evidence.repeated_lead / sampled
    thing = found(column, THINGS) or mentions(column, NOT_PERSON_HINTS)
    if thing and ratio < 0.9:
        return f"'{column}' names things, not people"
    if lead_share >= 0.5 and ratio < 0.9:
        return f"{lead_share:.0%} of names share a leading word (things, not people)"
    if not hinted and ratio < 0.7:
        return "too few values read as names without a name-like column name"
    return None


def dated_values(evidence: ColumnEvidence) -> int:
    """Values that are dates: all of a Date/Datetime column, else those read as dates."""
    return evidence.non_null if evidence.temporal else evidence.dates


def date_finding(evidence: ColumnEvidence, why: str, confidence: float = 0.8) -> EntityFinding:
    """DATE_TIME for a column of dates, with `why` they are about a person."""
    dates = dated_values(evidence)
    if evidence.temporal:
        text = f"dates in '{evidence.column}' ({evidence.dtype}), {why}"
    else:
        text = f"{dates:,} of {evidence.non_null:,} values in '{evidence.column}' are dates, {why}"
    ratio = round(dates / evidence.non_null, 4) if evidence.non_null else 0.0
    return EntityFinding(DATE_ENTITY, confidence, ratio, dates, 0, text)
