"""The false-positive guards of `decide`, one small function each, so each can be tested."""

from __future__ import annotations

from classifiers.evidence import ColumnEvidence
from classifiers.names import IDENTIFIER_HINTS, NOT_PERSON_HINTS, PERSON_HINTS, mentions

DATE_ENTITY = "DATE_TIME"
_ID_ENTITIES = ("PHONE_NUMBER", "US_DRIVER_LICENSE", "UK_DRIVING_LICENCE")
_DOMAIN_HINTS = ("domain", "email", "mail", "host", "hostname")


def date_guard(column: str, free_text: bool) -> str | None:
    """Timestamps are not DATE_TIME unless the column is about a person."""
    if free_text:
        return "dates in free text are not personal data on their own"
    if not mentions(column, PERSON_HINTS):
        return f"dates in '{column}' are event times, not about a person"
    return None


def identifier_guard(
    entity: str, column: str, evidence: ColumnEvidence, hinted: bool
) -> str | None:
    """ID numbers are not phone numbers or licences unless the name or the format says so."""
    if entity not in _ID_ENTITIES or hinted:
        return None
    if mentions(column, IDENTIFIER_HINTS):
        return f"'{column}' names an identifier, and its values carry no {entity} context"
    if evidence.non_null and evidence.digits_only / evidence.non_null >= 0.9:
        return f"plain digits without a {entity}-like column name"
    return None


def url_guard(column: str, mean_score: float, hinted: bool) -> str | None:
    """Email domains and bare host names are not URLs."""
    if mentions(column, _DOMAIN_HINTS):
        return f"'{column}' holds domains, not URLs"
    if mean_score <= 0.5 and not hinted:
        return "bare domain names without a scheme or path"
    return None


def person_guard(column: str, evidence: ColumnEvidence, ratio: float, hinted: bool) -> str | None:
    """Names of products or storms are not PERSON unless the evidence says so."""
    sampled = evidence.ner_sampled or 1
    lead_share = evidence.repeated_lead / sampled
    if mentions(column, NOT_PERSON_HINTS) and ratio < 0.9:
        return f"'{column}' names things, not people"
    if lead_share >= 0.5 and ratio < 0.9:
        return f"{lead_share:.0%} of names share a leading word (things, not people)"
    if not hinted and ratio < 0.7:
        return "too few values read as names without a name-like column name"
    return None
