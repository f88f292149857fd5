"""Entity types as Presidio names them, Warden's finer kinds as subtypes, and their families.

Findings speak Presidio's vocabulary (the one OpenMetadata, presidio-structured and Purview
mappings use): a street address is LOCATION with the subtype STREET_ADDRESS, a postcode of
no known country LOCATION with the subtype POSTCODE. Presidio's own country types (UK_POSTCODE,
DE_PLZ, CA_POSTAL_CODE) are reported as they are. Kinds Presidio has no type for (GENDER,
EMPLOYEE_ID, MEDICAL_RECORD_NUMBER, ICD10_CODE, SECRET_KEY) keep Warden's name.
"""

from __future__ import annotations

from collections.abc import Iterable

# Warden's finer kinds and the Presidio type they are a subtype of.
SUBTYPE_OF: dict[str, str] = {"STREET_ADDRESS": "LOCATION", "POSTCODE": "LOCATION"}

# Kinds that several recognizers find, counted as one family: a value matched by the German
# PLZ pattern and by the generic 5-digit postcode pattern is one postcode, not two.
FAMILY: dict[str, str] = {
    "UK_POSTCODE": "POSTCODE", "DE_PLZ": "POSTCODE", "CA_POSTAL_CODE": "POSTCODE",
}  # fmt: skip


def canonical(kind: str) -> str:
    """The family a recognizer's kind is counted in (UK_POSTCODE -> POSTCODE)."""
    return FAMILY.get(kind, kind)


def standard(kind: str) -> tuple[str, str | None]:
    """(Presidio entity type, Warden subtype) of a kind: STREET_ADDRESS -> (LOCATION,
    STREET_ADDRESS); a kind that is a Presidio type already has no subtype."""
    entity = SUBTYPE_OF.get(kind)
    return (entity, kind) if entity else (kind, None)


def policy_key(entity: str, subtype: str | None = None) -> str:
    """The key policy levels and combination rules use: ENTITY or ENTITY/SUBTYPE. A legacy
    kind name (STREET_ADDRESS) is read as its standard key (LOCATION/STREET_ADDRESS)."""
    if subtype:
        return f"{entity}/{subtype}"
    if "/" in entity:
        return entity
    standard_entity, kind = standard(entity)
    return f"{standard_entity}/{kind}" if kind else entity


def family_key(key: str) -> str:
    """A policy key with every postcode spelling folded into one (for combination rules)."""
    key = policy_key(key)
    return policy_key("POSTCODE") if key in FAMILY else key


def subtype_label(subtype: str) -> str:
    """STREET_ADDRESS -> 'street address', as the CLI prints it."""
    return subtype.lower().replace("_", " ")


def entity_label(entity: str, subtype: str | None = None) -> str:
    """'LOCATION (street address)', or the entity type alone."""
    return f"{entity} ({subtype_label(subtype)})" if subtype else entity


def canonical_set(entities: Iterable[str]) -> frozenset[str]:
    """Entity types as scoring compares them: subtypes dropped, legacy kinds and postcode
    spellings read as their Presidio type (LOCATION/POSTCODE, STREET_ADDRESS, UK_POSTCODE ->
    LOCATION)."""
    return frozenset(standard(canonical(e.split("/")[0]))[0] for e in entities)
